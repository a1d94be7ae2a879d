"""The surveys demo: a survey in eight languages, three past rounds, this month planned."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.core.demo import load_demo
from stem.core.i18n import LOCALE_CODES
from stem.surveys.builder.translations import MISSING, REVIEWED, UNREVIEWED, overview
from stem.surveys.demo import data as demo_data
from stem.surveys.models import (
    Answer,
    ContactRequest,
    Invitation,
    Response,
    Round,
    RoundSummary,
    Survey,
)
from stem.surveys.results.steps import latest_step
from stem.surveys.rounds.schedule import add_months, period_of

COUNTED = (Survey, Round, Invitation, Response, Answer, RoundSummary, ContactRequest)


def newest_responses(round_: Round) -> list[Response]:
    return db.session.scalars(sa.select(Response).where(Response.round_id == round_.id)).all()


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in COUNTED
    }


def test_demo_loads_twice_with_the_same_result():
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    assert first["Survey"] == 1
    assert first["Round"] == 4


def test_demo_survey_is_translated_and_reviewed_where_checked():
    load_demo()
    survey = db.session.scalar(sa.select(Survey).where(Survey.name == demo_data.SURVEY_NAME))
    assert (survey.status, survey.anonymous, survey.family_id) == ("ready", True, survey.id)
    assert 6 <= len(survey.questions) <= 7
    kinds = {q.kind for q in survey.questions}
    assert {"smiley5", "smiley3", "yesno", "single", "multiple", "long_text"} <= kinds
    assert sum(q.ask_contact for q in survey.questions) == 1
    assert all(q.theme is not None for q in survey.questions)
    assert any(q.commitments for q in survey.questions)
    grid = overview(survey)
    for locale in LOCALE_CODES:
        assert grid.counts[locale][MISSING] == 0, locale
        expected = REVIEWED if locale in ("nl", "en", "ar") else UNREVIEWED
        assert all(statuses[locale] == expected for _item, statuses in grid.rows), locale
    # Every translation is its own text, not the Dutch copied over.
    for question in survey.questions:
        texts = [row.text for row in question.translations]
        assert len(set(texts)) == len(LOCALE_CODES)
    assert [o.value for o in survey.questions[0].options] == ["1", "2", "3", "4", "5"]


def test_past_rounds_have_unlinked_anonymous_answers_and_a_summary():
    load_demo()
    current = period_of(utcnow())
    periods = [add_months(current, -n) for n in (3, 2, 1)]
    members = db.session.scalar(
        sa.text("SELECT count(*) FROM users WHERE role = 'member' AND active")
    )
    for period in periods:
        round_ = db.session.scalar(sa.select(Round).where(Round.period == period))
        assert (round_.status, round_.anonymous) == ("closed", True)
        invitations = db.session.scalars(
            sa.select(Invitation).where(Invitation.round_id == round_.id)
        ).all()
        responses = db.session.scalars(
            sa.select(Response).where(Response.round_id == round_.id)
        ).all()
        assert len(invitations) == members
        assert len(responses) >= 12
        # Counted in a first step, whose figures the results page reads.
        step = latest_step(round_.id)
        assert (step.number, step.respondents) == (1, len(responses))
        assert step.figures["respondents"] == len(responses)
        assert sum(i.responded for i in invitations) == len(responses)
        assert all(r.user_id is None and r.resume_key_hash is None for r in responses)
        assert all(r.status == "submitted" and r.submitted_on for r in responses)
        # Per language group: no more answers than members who took part; a group of
        # fewer than five invitees is stored as "other".
        invited = Counter(i.locale for i in invitations)
        took_part = Counter(
            i.locale if invited[i.locale] >= 5 else "other" for i in invitations if i.responded
        )
        assert Counter(r.locale for r in responses) == took_part
        # Enough people for the results page to show at least one language group.
        assert max(took_part.values()) >= 5
        # Varied answers: more than one value chosen for the smiley question.
        chosen = db.session.scalars(
            sa.text(
                "SELECT o.value FROM answer_choices c JOIN options o ON o.id = c.option_id "
                "JOIN answers a ON a.id = c.answer_id JOIN responses r ON r.id = a.response_id "
                "JOIN questions q ON q.id = a.question_id "
                "WHERE r.round_id = :r AND q.key = 'welkomhuis-tevreden'"
            ),
            {"r": round_.id},
        ).all()
        assert len(chosen) == len(responses)
        assert len(set(chosen)) >= 3
    newest = db.session.scalar(sa.select(Round).where(Round.period == periods[-1]))
    assert {s.locale for s in newest.summaries} == {"nl", "en", "ar"}
    assert newest.summary_published_at is not None
    dutch = next(s.body for s in newest.summaries if s.locale == "nl")
    assert f"deden {len(newest_responses(newest))} leden mee" in dutch


def test_this_months_round_is_planned_with_the_demo_survey():
    load_demo()
    current = period_of(utcnow())
    round_ = db.session.scalar(sa.select(Round).where(Round.period == current))
    assert round_.status in ("planned", "open")
    assert round_.survey.name == demo_data.SURVEY_NAME


def test_demo_reads_the_first_questions_aloud_with_a_marked_computer_voice(app):
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from stem.core.uploads import upload_exists
    from stem.surveys.answering.links import invitation_token, token_hash
    from stem.surveys.demo import clips
    from stem.surveys.models import QuestionAudio

    load_demo()
    load_demo()
    survey = db.session.scalar(sa.select(Survey).where(Survey.name == demo_data.SURVEY_NAME))
    first, second, *rest = survey.questions
    for question in (first, second):
        assert sorted(c.locale for c in question.audio) == sorted(clips.VOICES)
        for clip in question.audio:
            assert clip.synthetic
            assert clip.content_type == "audio/ogg"
            assert clip.size < 30 * 1024
            assert upload_exists(clip.storage_key)
    assert all(q.audio == [] for q in rest)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionAudio)) == 10

    # An Arabic-speaking member in an open round with the demo survey hears the clip.
    round_ = db.session.scalar(sa.select(Round).where(Round.status == "planned"))
    round_.status = "open"
    invitation = db.session.scalar(
        sa.select(Invitation).join(Round).where(Round.status == "closed").limit(1)
    )
    member = invitation.user
    member.locale = "ar"
    token = invitation_token(round_.id, member.id)
    db.session.add(
        Invitation(round_id=round_.id, user_id=member.id, token_hash=token_hash(token), locale="ar")
    )
    db.session.flush()
    page = app.test_client().get(f"/r/{token}/1").get_data(as_text=True)
    clip = next(c for c in first.audio if c.locale == "ar")
    assert f'src="/audio/{clip.id}?v={clip.sha256[:12]}"' in page
    assert 'preload="none"' in page
    with force_locale("ar"):
        note = _("Dit is een computerstem.")
    assert note in page
