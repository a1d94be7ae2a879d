"""What the staff signal page says about where a signal came from and who can be answered.

A signal made from open answers keeps its round and question (never a member): the page
names them with a link back. A signal that others were merged into shows every
submitter's own words. And the page says plainly when nobody can get a reply.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for

from stem.core.db import db
from stem.signals.models import Signal
from stem.surveys.models import Question, Round
from stem.surveys.texts import question_text

ANSWERS_ENDPOINT = "surveys.results_answers"


@dataclass(frozen=True)
class SurveyOrigin:
    """The round and question a signal was made from, as staff read them."""

    period: str
    number: int | None  # the question's number in its survey
    text: str
    text_locale: str
    url: str | None


def survey_origin(signal: Signal, locale: str) -> SurveyOrigin | None:
    """The round and question of a signal made from open answers, or None."""
    if signal.source != "survey" or signal.round_id is None:
        return None
    round_ = db.session.get(Round, signal.round_id)
    if round_ is None:
        return None
    question = db.session.get(Question, signal.question_id) if signal.question_id else None
    number, text, text_locale, url = None, "", locale, None
    if question is not None and question.survey_id == round_.survey_id:
        questions = list(round_.survey.questions)
        number = questions.index(question) + 1 if question in questions else None
        found = question_text(question, locale)
        text, text_locale = found.text, found.locale
        if ANSWERS_ENDPOINT in current_app.view_functions:
            url = url_for(ANSWERS_ENDPOINT, round_id=round_.id, question_id=question.id)
    return SurveyOrigin(round_.period, number, text, text_locale, url)


def merged_members(signal: Signal) -> list[Signal]:
    """The signals merged into this one, oldest first: their words stay with staff."""
    return list(
        db.session.scalars(
            sa.select(Signal)
            .where(Signal.merged_into_id == signal.id)
            .order_by(Signal.created_at, Signal.id)
        )
    )


def reference_links(signal: Signal) -> dict[str, str]:
    """Staff URLs of the signals this one's history names (merges, both ways)."""
    references = {e.new for e in signal.events if e.kind in ("merge", "merged_from") and e.new} | {
        e.old for e in signal.events if e.kind == "merge" and e.old
    }
    if not references:
        return {}
    found = db.session.execute(
        sa.select(Signal.reference, Signal.id).where(Signal.reference.in_(references))
    )
    return {ref: url_for("signals.triage", signal_id=sid) for ref, sid in found}
