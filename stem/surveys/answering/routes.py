"""Answering a round from a personal link, one question per page, and "my rounds".

The link (/r/<token>) is the member's key: these pages are public, and the token decides
what they show. Each step is a real form (POST -> 303 -> GET) that htmx only speeds up
by swapping #main. The staff preview (preview_routes.py) renders the same templates;
what the two share is in render.py.
"""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request
from flask_babel import refresh
from flask_login import current_user

from stem.core.db import db, utcnow
from stem.core.i18n import normalise_locale, remember_language
from stem.core.security import public, require_login
from stem.core.templating import current_language
from stem.surveys import bp
from stem.surveys.answering.contact_wish import contact_requested
from stem.surveys.answering.forms import AnswerForm, NamedConsentForm, SubmitForm
from stem.surveys.answering.my_rounds import my_rounds as load_my_rounds
from stem.surveys.answering.render import Nav, render_step
from stem.surveys.answering.services import (
    AnswerError,
    ConsentNeeded,
    Link,
    MissingAnswers,
    find_link,
    first_open_question,
    response_state,
    save_answer,
    start_named,
    submit,
)
from stem.surveys.answering.summary import summary_news
from stem.surveys.answering.view import SurveyView, survey_view
from stem.surveys.models import Round
from stem.surveys.rounds.schedule import answering_ends

LINK_ENDPOINTS = frozenset(
    ("surveys.invitation", "surveys.answer_question", "surveys.answer_check", "surveys.answer_thanks")
)


@bp.url_value_preprocessor
def _link_language(endpoint: str | None, values: dict | None) -> None:
    """A round link's pages speak the member's language, also when refused before the view.

    A refusal that comes before the view (a form that stayed open too long, a request too
    large) would otherwise be in the phone's language. The link is looked up only when a
    page asks for the language first; a request that reaches the view looks it up there,
    after the checks, so an answer holds SQLite's write lock no longer than before.
    """
    if endpoint in LINK_ENDPOINTS and values and "token" in values:
        token = values["token"]
        g.page_locale_lookup = lambda: _link_locale(token)


def _link(token: str) -> Link | None:
    """The link's invitation and round, looked up once per request."""
    if "round_link" not in g:
        g.round_link = find_link(token)
    return g.round_link


def _link_locale(token: str) -> str | None:
    link = _link(token)
    return link.member_locale if link is not None else None


def _open_link(token: str) -> Link:
    """The link's invitation, or the friendly "this link does not work" page (404)."""
    link = _link(token)
    if link is None:
        abort(render_step("surveys/answering/unknown_link.html", status=404, nav=None, preview=False))
    # The member's language, unless this visitor chose another with the language switch.
    g.page_locale = link.member_locale
    refresh()
    return link


def _taking_answers(link: Link) -> bool:
    """Open, and its last day (the one every text names) not yet over in Amsterdam.

    The closing job may run minutes later; the pages stop at the stated moment.
    """
    round_ = link.round
    if round_.status != "open":
        return False
    return round_.closes_at is None or utcnow() < answering_ends(round_.closes_at)


def _unavailable(link: Link):
    """The round is not open (yet): a page that says so; given answers stay stored."""
    closed = link.round.status != "planned"
    state = response_state(link) if closed else None
    status = 410 if closed else 200
    news = None
    if closed:
        round_ = db.session.get(Round, link.round.id)
        news = summary_news(round_.id, round_.closes_at, round_.summary_published_at, _locale())
    return render_step(
        "surveys/answering/closed.html",
        status=status,
        round=link.round,
        kept=bool(state and state.answers),
        responded=link.responded,
        news=news,
        nav=Nav(token=link.token),
        preview=False,
    )


def _survey(link: Link) -> SurveyView:
    return survey_view(link.round.survey_id, link.survey_stamp)


def _with_language(response, code: str | None):
    """The response, keeping a language the member just chose (full page: the header changes)."""
    if code is not None:
        remember_language(response, code)
    return response


def _locale() -> str:
    return current_language().code


@bp.route("/r/<token>", methods=["GET", "POST"])
@public
def invitation(token: str):
    """The start page of a member's round: what it is about, how long, Begin or Continue."""
    link = _open_link(token)
    nav = Nav(token=token)
    if link.responded and link.round.status != "planned":
        # Also once the round closed: the same link later shows the group's summary.
        return redirect(nav.thanks(), code=303)
    if not _taking_answers(link):
        return _unavailable(link)
    survey = _survey(link)
    state = response_state(link)
    form = None if link.anonymous else NamedConsentForm()
    if request.method == "POST":
        if form is None or state.started:
            return redirect(nav.question(first_open_question(survey, state) or 1), code=303)
        if form.validate_on_submit():
            start_named(link, _locale())
            return redirect(nav.question(1), code=303)
    next_number = first_open_question(survey, state)
    return render_step(
        "surveys/answering/start.html",
        survey=survey,
        round=link.round,
        anonymous=link.anonymous,
        state=state,
        continue_url=nav.question(next_number) if next_number else nav.check(),
        form=form,
        nav=nav,
        preview=False,
    )


@bp.route("/r/<token>/<int:number>", methods=["GET", "POST"])
@public
def answer_question(token: str, number: int):
    """One question: GET shows it with the answer given so far, POST keeps the answer."""
    link = _open_link(token)
    if not _taking_answers(link):
        return _unavailable(link)
    nav = Nav(token=token)
    if link.responded:
        return redirect(nav.thanks(), code=303)
    survey = _survey(link)
    item = survey.question(number)
    if item is None:
        abort(404)
    from_check = request.args.get("from") == "check"
    if request.method == "POST":
        form = AnswerForm(item)
        back = request.form.get("go") == "back"
        # The language switch submits this form too: keep what was ticked or typed so
        # far (a draft, so "required" does not apply) and show the same question again.
        switch_to = normalise_locale(request.form.get("locale"))
        form.skip_required = back or switch_to is not None
        if switch_to is not None:  # messages (a text too long) in the language chosen
            g.forced_locale = switch_to
            refresh()
        if form.validate_on_submit():
            try:
                save_answer(
                    link,
                    item,
                    option_ids=form.option_ids,
                    text=form.text.data,
                    contact=bool(form.contact.data),
                    locale=_locale(),
                )
            except ConsentNeeded:
                return _with_language(redirect(nav.start(), code=303), switch_to)
            except AnswerError:  # the form checks the same; never store a wrong answer
                abort(400)
            if switch_to is not None:
                here = nav.question(item.number, **({"from": "check"} if from_check else {}))
                return _with_language(redirect(here, code=303), switch_to)
            return redirect(nav.after_answer(survey, item, back, from_check), code=303)
    else:
        switch_to = None
        state = response_state(link, item.id)
        if not link.anonymous and not state.started:
            return redirect(nav.start(), code=303)  # a named round starts with consent
        given = state.answers.get(item.id)
        form = AnswerForm(
            item,
            formdata=None,
            data={
                "answer": [str(i) for i in given.option_ids] if given else [],
                "text": given.text if given else "",
                "contact": item.ask_contact and contact_requested(link, item.id),
            },
        )
    response = render_step(
        "surveys/answering/question.html",
        survey=survey,
        q=item,
        form=form,
        anonymous=link.anonymous,
        from_check=from_check,
        nav=nav,
        preview=False,
        language_form="answer-form",
    )
    return _with_language(response, switch_to)


@bp.route("/r/<token>/check", methods=["GET", "POST"])
@public
def answer_check(token: str):
    """Check your answers, change any of them, then hand them in."""
    link = _open_link(token)
    nav = Nav(token=token)
    if link.responded:  # also a second press of "Send": nothing happens twice
        return redirect(nav.thanks(), code=303)
    if not _taking_answers(link):
        return _unavailable(link)
    survey = _survey(link)
    state = response_state(link)
    if not link.anonymous and not state.started:
        return redirect(nav.start(), code=303)
    form = SubmitForm()
    missing: list[int] = []
    if form.validate_on_submit():
        try:
            submit(link, survey, _locale())
        except MissingAnswers as exc:
            missing = exc.numbers
        else:
            return redirect(nav.thanks(), code=303)
    return render_step(
        "surveys/answering/check.html",
        survey=survey,
        answers=state.answers,
        missing=missing,
        form=form,
        anonymous=link.anonymous,
        nav=nav,
        preview=False,
    )


@bp.get("/r/<token>/thanks")
@public
def answer_thanks(token: str):
    """After handing in: thank you (also on a second visit)."""
    link = _open_link(token)
    nav = Nav(token=token)
    if not link.responded:
        return redirect(nav.start(), code=303)
    round_ = db.session.get(Round, link.round.id)
    news = summary_news(round_.id, round_.closes_at, round_.summary_published_at, _locale())
    return render_step("surveys/answering/thanks.html", nav=nav, preview=False, news=news)


@bp.get("/my/rounds")
@require_login
def my_rounds():
    """The member's open round and what De Stem said in past rounds."""
    open_rounds, past_rounds = load_my_rounds(current_user, _locale())
    return render_template(
        "surveys/answering/my_rounds.html", open_rounds=open_rounds, past_rounds=past_rounds
    )
