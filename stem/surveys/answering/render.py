"""What the member pages and the staff preview share: where each step leads, how a step
is rendered, and the check page's summary of an answer.

The member pages (routes.py) and the preview (preview_routes.py) both import this module
and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import make_response, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from stem.core.htmx import is_htmx, render_block
from stem.surveys import bp
from stem.surveys.answering import markup  # noqa: F401 - template globals of these pages
from stem.surveys.answering.view import QuestionView, SurveyView


@dataclass(frozen=True)
class Nav:
    """Where the steps of the member pages lead: the member's link, or the staff preview."""

    token: str | None = None
    survey_id: int | None = None
    lang: str | None = None

    @property
    def preview(self) -> bool:
        return self.token is None

    def _url(self, member_endpoint: str, preview_endpoint: str, **values) -> str:
        if self.preview:
            return url_for(preview_endpoint, survey_id=self.survey_id, lang=self.lang, **values)
        return url_for(member_endpoint, token=self.token, **values)

    def start(self) -> str:
        return self._url("surveys.invitation", "surveys.preview")

    def question(self, number: int, **values) -> str:
        return self._url(
            "surveys.answer_question", "surveys.preview_question", number=number, **values
        )

    def check(self) -> str:
        return self._url("surveys.answer_check", "surveys.preview_check")

    def thanks(self) -> str:
        return self._url("surveys.answer_thanks", "surveys.preview_thanks")

    def after_answer(
        self, survey: SurveyView, question: QuestionView, back: bool, from_check: bool
    ):
        """The page after saving an answer: back, forward, or back to the check page."""
        if back:
            return self.question(question.number - 1) if question.number > 1 else self.start()
        if from_check or question.number >= len(survey.questions):
            return self.check()
        return self.question(question.number + 1)


def render_step(template: str, status: int = 200, **context):
    """A member page, or for htmx its title and main content only (the URL is pushed)."""
    if not is_htmx():
        response = make_response(render_template(template, **context), status)
    else:
        title = render_block(template, "title", **context)
        body = render_block(template, "content", **context)
        # A literal template; `%` escapes the values put into it.
        html = Markup("<title>%s · %s</title>") % (Markup(title).striptags(), _("De Stem"))  # noqa: S704
        response = make_response(html + body, status)
        response.headers["HX-Push-Url"] = request.full_path.rstrip("?")
    # Answers show on these pages: a shared phone's back button must not bring them back.
    response.headers["Cache-Control"] = "no-store"
    return response


def answer_summary(question: QuestionView, given, locale: str) -> list:
    """What the member answered, as text pieces for the check page."""
    if given is None:
        return []
    if question.is_text:
        return [given.text] if given.text else []
    return [o.label[locale] for o in question.options if o.id in given.option_ids]


@bp.app_template_global("answer_summary")
def _answer_summary(question, given, locale):
    return answer_summary(question, given, locale)
