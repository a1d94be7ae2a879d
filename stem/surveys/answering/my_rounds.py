"""A signed-in member's rounds: the open one to answer, and what De Stem said in past ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from stem.accounts.models import User
from stem.core.db import db
from stem.surveys.answering.links import invitation_token, resume_key
from stem.surveys.answering.services import DONE, IN_PROGRESS, NOT_STARTED
from stem.surveys.answering.summary import SummaryNews, expected_by, summary_texts
from stem.surveys.models import Invitation, Response, Round, SurveyTranslation
from stem.surveys.texts import SOURCE_LOCALE, Text, _pick

PAST_ROUNDS_SHOWN = 12


@dataclass(frozen=True)
class MyRound:
    round: Round
    title: Text
    month: date  # the first day of the round's period
    token: str | None = None  # open rounds: the member's link token
    state: str | None = None  # open rounds: not_started, in_progress or done
    news: SummaryNews | None = None  # past rounds: the summary, or when it comes, or that it did not

    @property
    def summary(self) -> Text | None:
        return self.news.text if self.news is not None and self.news.published else None


def _month(period: str) -> date:
    year, month = period.split("-")
    return date(int(year), int(month), 1)


def my_rounds(
    user: User, locale: str, *, past: bool = True
) -> tuple[list[MyRound], list[MyRound]]:
    """(open rounds, past rounds, newest first) the member was invited to.

    With `past=False` only the open rounds are looked up (the start page shows no others).
    """
    statuses = ("open", "closed") if past else ("open",)
    rows = db.session.execute(
        sa.select(Invitation, Round)
        .join(Round, Invitation.round_id == Round.id)
        .where(Invitation.user_id == user.id, Round.status.in_(statuses))
        .order_by(Round.period.desc())
    ).all()
    open_rows = [(inv, rnd) for inv, rnd in rows if rnd.status == "open"]
    past_rows = [(inv, rnd) for inv, rnd in rows if rnd.status == "closed"][:PAST_ROUNDS_SHOWN]
    rounds = [rnd for _inv, rnd in open_rows + past_rows]
    if not rounds:
        return [], []
    locales = {locale, SOURCE_LOCALE}
    titles: dict[int, list[SurveyTranslation]] = {}
    for translation in db.session.scalars(
        sa.select(SurveyTranslation).where(
            SurveyTranslation.survey_id.in_({r.survey_id for r in rounds}),
            SurveyTranslation.locale.in_(locales),
        )
    ):
        titles.setdefault(translation.survey_id, []).append(translation)

    def title(round_: Round) -> Text:
        return _pick(titles.get(round_.survey_id, []), locale, "title")

    return (
        _open_rounds(user, open_rows, title),
        _past_rounds(past_rows, locale, locales, title),
    )


def _open_rounds(user: User, rows, title) -> list[MyRound]:
    tokens = {rnd.id: invitation_token(rnd.id, user.id) for _inv, rnd in rows}
    # Anonymous rounds: a response in progress is found only through the member's link.
    keys = {resume_key(tokens[rnd.id]): rnd.id for _inv, rnd in rows if rnd.anonymous}
    started: dict[int, str] = {}
    if keys:
        for key, status in db.session.execute(
            sa.select(Response.resume_key_hash, Response.status)
            .where(Response.resume_key_hash.in_(keys))
        ):
            started[keys[key]] = status
    named = [rnd.id for _inv, rnd in rows if not rnd.anonymous]
    if named:
        for round_id, status in db.session.execute(
            sa.select(Response.round_id, Response.status).where(
                Response.user_id == user.id, Response.round_id.in_(named)
            )
        ):
            started[round_id] = status
    result = []
    for invitation, rnd in rows:
        state = (
            DONE
            if invitation.responded or started.get(rnd.id) == "submitted"
            else IN_PROGRESS
            if rnd.id in started
            else NOT_STARTED
        )
        result.append(MyRound(rnd, title(rnd), _month(rnd.period), tokens[rnd.id], state))
    return result


def _past_rounds(rows, locale: str, locales: set[str], title) -> list[MyRound]:
    published = [rnd.id for _inv, rnd in rows if rnd.summary_published_at is not None]
    texts = summary_texts(published, locale)
    result = []
    for _inv, rnd in rows:
        last_day, expected = expected_by(rnd.closes_at)
        news = SummaryNews(
            text=texts.get(rnd.id), last_day=last_day, expected=expected, round_id=rnd.id
        )
        result.append(MyRound(rnd, title(rnd), _month(rnd.period), news=news))
    return result
