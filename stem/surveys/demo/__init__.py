"""Demo data for surveys (loaded by `stem demo`).

One monthly survey in eight languages (its first questions read aloud by a computer voice
in the languages espeak-ng speaks), three past rounds with anonymous answers and a
published summary, and this month's round planned. Idempotent: whatever exists stays.

Anonymity holds in the demo data too: invitations (who took part) and responses (what
was said) are made in separate passes, in different orders, with answer dates to the
day; only the totals per language group agree, as they do in real rounds.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from babel.dates import format_date

from stem.accounts import services
from stem.accounts.models import User
from stem.commitments.models import Commitment
from stem.core.db import db, utcnow
from stem.signals.models import Theme
from stem.surveys.answering.links import invitation_token, token_hash
from stem.surveys.demo import data
from stem.surveys.demo.recordings import add_demo_recordings
from stem.surveys.models import (
    Answer,
    AnswerChoice,
    ContactRequest,
    Invitation,
    Option,
    OptionTranslation,
    Question,
    QuestionTranslation,
    Response,
    ResultStep,
    Round,
    RoundSummary,
    Survey,
    SurveyTranslation,
)
from stem.surveys.results.steps import build_figures
from stem.surveys.rounds.participation import MIN_STEP
from stem.surveys.rounds.schedule import add_months, closes_at, opens_at, period_of

PAST_ROUNDS = 3


def load_survey_demo(accounts) -> None:
    """Add demo surveys; idempotent. `accounts` are the demo users from stem.core.demo."""
    _panel_members()
    author = db.session.scalar(sa.select(User).where(User.email == "eva@utrecht.demo.example"))
    survey = db.session.scalar(
        sa.select(Survey).where(Survey.name == data.SURVEY_NAME).order_by(Survey.version)
    )
    if survey is None:
        survey = _survey(author)
    members = list(
        db.session.scalars(
            sa.select(User).where(User.role == "member", User.active).order_by(User.id)
        )
    )
    current = period_of(utcnow())
    for back in range(PAST_ROUNDS, 0, -1):
        period = add_months(current, -back)
        if db.session.scalar(sa.select(Round.id).where(Round.period == period)) is None:
            _past_round(survey, period, members, PAST_ROUNDS - back)
    _plan_current(current, survey, author)
    add_demo_recordings()
    db.session.flush()


def _panel_members() -> None:
    """More members, so that rounds have a realistic number of answers."""
    for name, email, phone, locale in data.PANEL:
        column, value = (User.email, email) if email else (User.phone, phone)
        user = db.session.scalar(sa.select(User).where(column == value))
        if user is None:
            user = services.create_user(
                role="member",
                email=email,
                phone=phone,
                display_name=name,
                locale=locale,
                channel="email" if email else "sms",
            )
        if services.active_consent(user) is None:
            services.give_consent(user)
    db.session.flush()


# --- the survey ------------------------------------------------------------------------


def _reviewed(locale: str) -> bool:
    return locale in data.REVIEWED_LOCALES


def _survey(author: User | None) -> Survey:
    survey = Survey(
        name=data.SURVEY_NAME,
        anonymous=True,
        status="ready",
        created_by_id=author.id if author else None,
    )
    for locale in data.LOCALES:
        survey.translations.append(
            SurveyTranslation(
                locale=locale,
                title=data.TITLE[locale],
                intro=data.INTRO[locale],
                reviewed=_reviewed(locale),
            )
        )
    themes = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    commitments = {c.code: c for c in db.session.scalars(sa.select(Commitment))}
    for position, spec in enumerate(data.QUESTIONS):
        question = Question(
            key=spec.key,
            position=position,
            kind=spec.kind,
            required=spec.required,
            ask_contact=spec.ask_contact,
            theme=themes.get(spec.theme) if spec.theme else None,
        )
        question.commitments = [commitments[c] for c in spec.commitments if c in commitments]
        for locale in data.LOCALES:
            question.translations.append(
                QuestionTranslation(
                    locale=locale,
                    text=spec.text[locale],
                    hint=spec.hint[locale] if spec.hint else "",
                    reviewed=_reviewed(locale),
                )
            )
        for index, (value, labels) in enumerate(spec.options):
            option = Option(position=index, value=value)
            for locale in data.LOCALES:
                option.translations.append(
                    OptionTranslation(
                        locale=locale, label=labels[locale], reviewed=_reviewed(locale)
                    )
                )
            question.options.append(option)
        survey.questions.append(question)
    db.session.add(survey)
    db.session.flush()
    survey.family_id = survey.id
    db.session.flush()
    return survey


# --- past rounds -------------------------------------------------------------------------


def _past_round(survey: Survey, period: str, members: list[User], index: int) -> None:
    """A closed round: every member invited, some took part, their answers unlinked."""
    rng = random.Random(f"stem-demo-{period}")  # noqa: S311 - demo data, not security
    opened = opens_at(period)
    closed = closes_at(opened)
    round_ = Round(
        period=period,
        survey=survey,
        status="closed",
        anonymous=True,
        opened_at=opened,
        closes_at=closed,
        closed_at=closed,
        invitations_done_at=opened,
    )
    db.session.add(round_)
    db.session.flush()
    wanted = data.RESPONDENTS[index % len(data.RESPONDENTS)]

    # Pass 1: who was asked and who took part.
    by_locale: dict[str, list[User]] = {}
    for member in members:
        by_locale.setdefault(member.locale, []).append(member)
    took_part = set()
    for locale, group in by_locale.items():
        took_part.update(m.id for m in rng.sample(group, min(wanted.get(locale, 0), len(group))))
    for member in members:
        responded = member.id in took_part
        reminders = rng.choice((0, 1)) if responded else 2
        db.session.add(
            Invitation(
                round_id=round_.id,
                user_id=member.id,
                token_hash=token_hash(invitation_token(round_.id, member.id)),
                locale=member.locale,
                created_at=opened,
                reminders_sent=reminders,
                last_reminded_at=opened + timedelta(days=7 * reminders) if reminders else None,
                responded=responded,
            )
        )

    # Pass 2: what was said, by language group only, in its own random order.
    languages = [
        locale
        for locale, group in by_locale.items()
        for _ in range(min(wanted.get(locale, 0), len(group)))
    ]
    rng.shuffle(languages)
    first_day = opened.date()
    questions = {q.key: q for q in survey.questions}
    for locale in languages:
        started = first_day + timedelta(days=rng.randrange(0, 12))
        response = Response(
            round_id=round_.id,
            user_id=None,
            resume_key_hash=None,
            # A language group of fewer than five invitees is stored as "other", as answering does.
            locale=locale if len(by_locale[locale]) >= MIN_STEP else "other",
            status="submitted",
            step=1,  # counted in the round's first result step
            started_on=started,
            submitted_on=started + timedelta(days=rng.choice((0, 0, 0, 1))),
        )
        response.answers = _answers(questions, index, rng)
        db.session.add(response)
    if index == PAST_ROUNDS - 1:
        _contact_request(round_, questions["gemeente-beter"], first_day)
        _summary(round_, len(languages))
    db.session.flush()
    # The figures of that step, frozen as the rounds job does: the results page reads them.
    db.session.add(ResultStep(round_id=round_.id, number=1, respondents=len(languages),
                              figures=build_figures(round_, 1)))
    db.session.flush()


def _choose(weights: dict[str, int], rng: random.Random) -> str:
    values = list(weights)
    return rng.choices(values, weights=[weights[v] for v in values])[0]


def _answers(questions: dict[str, Question], index: int, rng: random.Random) -> list[Answer]:
    answers = []
    for key, weights in data.WEIGHTS.items():
        question = questions[key]
        value = _choose(weights[index], rng)
        answers.append(_choice_answer(question, [value]))
    helpers = [v for v, chance in data.HELP_CHANCES.items() if rng.random() < chance]
    answers.append(_choice_answer(questions["hulp-gevraagd"], helpers or ["niemand"]))
    if rng.random() < 0.6:
        answers.append(
            Answer(question_id=questions["gemeente-beter"].id, text=rng.choice(data.OPEN_ANSWERS))
        )
    if rng.random() < 0.7:
        answers.append(
            Answer(question_id=questions["gevoel-utrecht"].id, text=rng.choice(data.WORDS))
        )
    return answers


def _choice_answer(question: Question, values: list[str]) -> Answer:
    options = {o.value: o for o in question.options}
    answer = Answer(question_id=question.id)
    answer.choices = [AnswerChoice(option_id=options[v].id) for v in values]
    return answer


def _contact_request(round_: Round, question: Question, first_day: date) -> None:
    """One member asked to be contacted about what they wrote: named, with consent."""
    email, note = data.CONTACT
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        return
    consent = services.give_consent(user, "survey_contact")
    db.session.flush()
    db.session.add(
        ContactRequest(
            round_id=round_.id,
            question_id=question.id,
            user_id=user.id,
            consent_id=consent.id,
            note=note,
            created_on=first_day + timedelta(days=3),
        )
    )


def _summary(round_: Round, count: int) -> None:
    """What staff told members the group said, in Dutch, English and Arabic."""
    year, month = (int(part) for part in round_.period.split("-"))
    for locale, body in data.SUMMARY.items():
        month_name = format_date(date(year, month, 1), "LLLL", locale=locale)
        round_.summaries.append(
            RoundSummary(locale=locale, body=body.format(month=month_name, count=count))
        )
    round_.summary_published_at = round_.closed_at


# --- this month ----------------------------------------------------------------------------


def _plan_current(period: str, survey: Survey, author: User | None) -> None:
    """Plan this month's round with the demo survey; the scheduler opens it."""
    if db.session.scalar(sa.select(Round.id).where(Round.period == period)) is not None:
        return
    try:
        from stem.surveys.rounds.services import plan_round
    except ImportError:  # without the rounds module: a planned row the scheduler picks up
        db.session.add(Round(period=period, survey=survey, status="planned"))
        return
    plan_round(period, survey, actor=author)
