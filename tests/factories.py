"""Factories for test data: `create_user(role="partner")` and friends."""

from __future__ import annotations

import itertools

from stem.accounts.models import Organisation, User
from stem.accounts.services import create_user as _create_user
from stem.accounts.signin import hash_password
from stem.core.db import db

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = None


def create_organisation(name: str | None = None, **fields) -> Organisation:
    org = Organisation(name=name or f"Organisation {next(_seq)}", **fields)
    db.session.add(org)
    db.session.flush()
    return org


def create_user(role: str = "member", **fields) -> User:
    """A user of a role; partners get an organisation, staff a password."""
    global _PASSWORD_HASH
    n = next(_seq)
    fields.setdefault(
        "email", None if fields.get("phone") and "email" not in fields else f"user{n}@example.nl"
    )
    if role == "partner" and "organisation" not in fields:
        fields["organisation"] = create_organisation()
    if role in ("staff", "admin") and "password_hash" not in fields:
        _PASSWORD_HASH = _PASSWORD_HASH or hash_password(PASSWORD)
        fields["password_hash"] = _PASSWORD_HASH
    totp_secret = fields.pop("totp_secret", None)
    user = _create_user(role=role, **fields)
    if totp_secret:
        user.totp_secret = totp_secret
        user.totp_enabled = True
    db.session.flush()
    return user


def create_theme(slug: str | None = None, **fields):
    """A theme; the seeded ones exist too (see the seed migration)."""
    from stem.signals.models import Theme

    n = next(_seq)
    slug = slug or f"theme-{n}"
    fields.setdefault("names", {"nl": f"Thema {n}", "en": f"Theme {n}"})
    theme = Theme(slug=slug, **fields)
    db.session.add(theme)
    db.session.flush()
    return theme


def create_commitment(code: str | None = None, **fields):
    from stem.commitments.models import Commitment

    n = next(_seq)
    commitment = Commitment(
        code=code or f"99/T{n}", title=fields.pop("title", f"Toezegging {n}"), **fields
    )
    db.session.add(commitment)
    db.session.flush()
    return commitment


def create_signal(*, submitter: User | None = None, theme=None, **fields):
    """A signal with one submitter (a new member unless given) and a 'created' event."""
    from stem.signals.models import Signal, SignalEvent, SignalSubmitter

    n = next(_seq)
    submitter = submitter or create_user("member")
    theme = theme or create_theme()
    source = fields.pop("source", "partner" if submitter.role == "partner" else "member")
    signal = Signal(
        reference=fields.pop("reference", f"S-TEST-{n:05d}"),
        body=fields.pop("body", f"Signaal {n}: de taalschool zegt lessen af."),
        theme=theme,
        source=source,
        language=fields.pop("language", submitter.locale),
        organisation_id=fields.pop("organisation_id", submitter.organisation_id),
        created_by_id=submitter.id,
        **fields,
    )
    signal.submitters.append(
        SignalSubmitter(
            user_id=submitter.id,
            organisation_id=submitter.organisation_id,
            locale=submitter.locale,
            channel=submitter.channel,
        )
    )
    signal.events.append(SignalEvent(kind="created", actor_id=submitter.id, new=signal.status))
    db.session.add(signal)
    db.session.flush()
    return signal


SMILEY_LABELS = {"1": "Slecht", "2": "Niet goed", "3": "Gaat wel", "4": "Goed", "5": "Heel goed"}


def create_survey(*, kinds: tuple[str, ...] = ("smiley5", "single", "long_text"), **fields):
    """A ready survey with one question per kind, Dutch and English texts, options for choices."""
    from stem.surveys.models import (
        Option,
        OptionTranslation,
        Question,
        QuestionTranslation,
        Survey,
        SurveyTranslation,
    )

    n = next(_seq)
    survey = Survey(
        name=fields.pop("name", f"Vragenlijst {n}"), status=fields.pop("status", "ready"), **fields
    )
    survey.translations = [
        SurveyTranslation(locale="nl", title=f"Ronde {n}", reviewed=True),
        SurveyTranslation(locale="en", title=f"Round {n}", reviewed=True),
    ]
    for position, kind in enumerate(kinds):
        question = Question(key=f"q{n}-{position}", position=position, kind=kind, required=True)
        question.translations = [
            QuestionTranslation(locale="nl", text=f"Vraag {position + 1} ({kind})?", reviewed=True),
            QuestionTranslation(
                locale="en", text=f"Question {position + 1} ({kind})?", reviewed=True
            ),
        ]
        if kind in ("smiley3", "smiley5"):
            values = ["1", "3", "5"] if kind == "smiley3" else ["1", "2", "3", "4", "5"]
            labels = {v: SMILEY_LABELS[v] for v in values}
        elif kind == "yesno":
            labels = {"yes": "Ja", "no": "Nee"}
        elif kind in ("single", "multiple"):
            labels = {"a": "Keuze A", "b": "Keuze B", "c": "Keuze C"}
        else:
            labels = {}
        for index, (value, label) in enumerate(labels.items()):
            option = Option(position=index, value=value)
            option.translations = [OptionTranslation(locale="nl", label=label, reviewed=True)]
            question.options.append(option)
        survey.questions.append(question)
    db.session.add(survey)
    db.session.flush()
    if survey.family_id is None:
        survey.family_id = survey.id
        db.session.flush()
    return survey


def create_round(survey=None, *, period: str | None = None, status: str = "open", **fields):
    from datetime import timedelta

    from stem.core.db import utcnow
    from stem.surveys.models import Round

    n = next(_seq)
    survey = survey or create_survey()
    now = utcnow()
    round_ = Round(
        period=period or f"{2000 + n // 12:04d}-{n % 12 + 1:02d}",
        survey=survey,
        status=status,
        anonymous=fields.pop("anonymous", survey.anonymous),
        opened_at=now if status != "planned" else None,
        closes_at=now + timedelta(days=14),
        **fields,
    )
    db.session.add(round_)
    db.session.flush()
    return round_
