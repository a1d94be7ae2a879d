"""Open (text) answers for staff: listed without anything that could identify the writer.

No dates, no language, no ids: answers are listed in the order of their text (stable and
meaningless), and staff pick them by a reference made from the text itself, so nothing in
the pages carries the order in which answers were given. Open answers are listed only when
the round has at least five responses and at least five people wrote an answer.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from stem.accounts.models import User
from stem.core.db import db
from stem.core.pagination import Page, paginate
from stem.signals.intake.services import create_signal
from stem.signals.models import Signal, Theme
from stem.surveys.models import Answer, Question, Response, Round
from stem.surveys.results.steps import has_text
from stem.surveys.results.suppression import MIN_GROUP

ANSWERS_PER_PAGE = 50


def submitted(round_id):
    """The WHERE clause for a round's counted responses: handed in and taken up in a result
    step (stem.surveys.rounds.participation), so figures move in steps of five or more."""
    return sa.and_(
        Response.round_id == round_id, Response.status == "submitted", Response.step.is_not(None)
    )


def _texts(round_id: int, question_id: int) -> sa.Select:
    return (
        sa.select(Answer.text)
        .join(Response, Response.id == Answer.response_id)
        .where(submitted(round_id), Answer.question_id == question_id, has_text())
        .order_by(Answer.text)
    )


def answer_ref(text: str) -> str:
    """How a form refers to an open answer: made from its text, so it says nothing more."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def preview_texts(previews: dict[int, list[int]]) -> dict[int, list[str]]:
    """The texts of the open answers a result step chose to show first (by their ids), in
    the order of their text; one statement by primary key, however many answers there are."""
    ids = [answer_id for answer_ids in previews.values() for answer_id in answer_ids]
    texts: dict[int, list[str]] = {}
    if ids:
        for question_id, text in db.session.execute(
            sa.select(Answer.question_id, Answer.text).where(Answer.id.in_(ids))
        ):
            texts.setdefault(question_id, []).append(text)
    return {question_id: sorted(found) for question_id, found in texts.items()}


def open_previews(round_id: int, question_ids: list[int], limit: int = 10) -> dict[int, list[str]]:
    """The first few open answers of each question, in the order of their text, counted
    from the answers (for steps frozen before they kept their first answers).

    One statement: per question an ORDER BY ... LIMIT, which SQLite and PostgreSQL answer
    with a top-N sort instead of sorting every answer (as a window function would).
    """
    if not question_ids:
        return {}
    parts = [
        sa.select(Answer.question_id, Answer.text)
        .select_from(Response)
        .join(Answer, sa.and_(Answer.response_id == Response.id, Answer.question_id == qid))
        .where(submitted(round_id), has_text())
        .order_by(Answer.text)
        .limit(limit)
        .subquery()
        for qid in question_ids
    ]
    statement = sa.union_all(*(sa.select(part.c.question_id, part.c.text) for part in parts))
    previews: dict[int, list[str]] = {}
    for question_id, text in db.session.execute(statement):
        previews.setdefault(question_id, []).append(text)
    return previews


def listing_allowed(round_: Round, question: Question) -> bool:
    """At least five responses in the round and five written answers to the question."""
    responded = db.session.scalar(
        sa.select(sa.func.count()).select_from(Response).where(submitted(round_.id))
    )
    if responded < MIN_GROUP:
        return False
    written = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            _texts(round_.id, question.id).order_by(None).subquery()
        )
    )
    return written >= MIN_GROUP


def open_answers_page(round_: Round, question: Question, page: object) -> Page:
    """One page of a question's open answers (texts), in the order of their text."""
    return paginate(_texts(round_.id, question.id), page, per_page=ANSWERS_PER_PAGE)


def texts_for_refs(round_: Round, question: Question, refs: list[str]) -> list[str] | None:
    """The open answers these references point to, in text order; None if one is unknown
    (an answer of another question or round, or a made-up reference)."""
    wanted = set(refs)
    if not wanted or not listing_allowed(round_, question):
        return None
    found = {}
    for text in db.session.scalars(_texts(round_.id, question.id)):
        ref = answer_ref(text)
        if ref in wanted:
            found[ref] = text
    if set(found) != wanted:
        return None
    return sorted(found.values())


def signal_body(texts: list[str]) -> str:
    """The signal's text: the chosen answers, each on a paragraph of its own."""
    return "\n\n".join(text.strip() for text in texts)


# The open answers' own pages name no language, detected or not: an answer in a language few
# members write could point at them. Where the translation desk needs an answer's language
# (to send it to a translator), it computes it on the fly with
# stem.translation.detect.detect() and neither stores nor shows it.
def quoted_language(round_: Round, question: Question, texts: list[str]) -> str:
    """The language to record for a signal quoting these answers (a BCP 47 tag).

    "mul" when they were given in different languages; "und" (not known) when their one
    language is that of fewer than five respondents of the round, since naming it would
    narrow down who wrote them (the answer pages show no language for the same reason).
    Never Dutch by default: the writer's language is that of their answers' page.
    """
    locales = set(
        db.session.scalars(
            sa.select(Response.locale)
            .join(Answer, Answer.response_id == Response.id)
            .where(submitted(round_.id), Answer.question_id == question.id, Answer.text.in_(texts))
            .distinct()
        )
    )
    if len(locales) > 1:
        return "mul"
    if not locales:
        return "und"
    (locale,) = locales
    group = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Response)
        .where(submitted(round_.id), Response.locale == locale)
    )
    return locale if group >= MIN_GROUP else "und"


def answers_to_signal(
    actor: User,
    round_: Round,
    question: Question,
    texts: list[str],
    theme: Theme | None,
    form_key: str | None = None,
) -> Signal:
    """Make one signal of open answers. It keeps the round and question, never a member.

    Raises stem.signals.intake.IntakeError for a bad theme or a text that is too long.
    """
    return create_signal(
        actor=actor,
        body=signal_body(texts),
        theme=theme,
        source="survey",
        round=round_,
        question=question,
        language=quoted_language(round_, question, texts),
        form_key=form_key,
    )
