"""Survey versions and copies.

A survey is *locked* once a round has opened with it: its answers and results depend on
its questions and options. A change that keeps every answer meaning what it meant — a
recorded clip, a translation into a member's language — lands in place, so the open round
gets it at once (`apply_in_place`). Any other edit of a locked survey first makes a new version (same
family, version + 1, the same question keys and option values, so trends go on) and the
edit lands there; planned rounds that used the old version switch to the new one. The
old version stays as it was, for its rounds' results.

A *copy* is a new survey for a new topic: a new family and new question keys, so its
answers never mix into the trends of the survey it was copied from.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from stem.accounts.models import User
from stem.core.audit import audit
from stem.core.db import db
from stem.core.uploads import copy_upload
from stem.surveys.answering.view import forget_survey
from stem.surveys.models import (
    Option,
    OptionTranslation,
    Question,
    QuestionAudio,
    QuestionTranslation,
    Round,
    Survey,
    SurveyTranslation,
)

LOCKING_STATUSES = ("open", "closed")
T = TypeVar("T")


class BuilderError(ValueError):
    """An edit that cannot be made; the message is shown to the user as it is."""


def new_question_key() -> str:
    """A key for a new question; versions keep it, copies get new ones."""
    return "q-" + secrets.token_hex(6)


def is_locked(survey: Survey) -> bool:
    """True when a round that is open or closed uses this survey."""
    query = sa.select(Round.id).where(
        Round.survey_id == survey.id, Round.status.in_(LOCKING_STATUSES)
    )
    return db.session.scalar(query.limit(1)) is not None


def rounds_using(survey: Survey) -> list[Round]:
    """The rounds that use this survey, newest period first."""
    query = sa.select(Round).where(Round.survey_id == survey.id).order_by(Round.period.desc())
    return list(db.session.scalars(query))


def versions(survey: Survey) -> list[Survey]:
    """All versions of this survey's family, oldest first."""
    family = survey.family_id or survey.id
    query = sa.select(Survey).where(Survey.family_id == family).order_by(Survey.version)
    return list(db.session.scalars(query)) or [survey]


def latest_version(survey: Survey) -> Survey:
    """The newest version of this survey's family."""
    return versions(survey)[-1]


@dataclass
class Target:
    """Where an edit lands: the survey itself, or the new version made for it."""

    survey: Survey
    new_version: bool = False
    planned_rounds: list[Round] = field(default_factory=list)
    questions: dict[int, Question] = field(default_factory=dict)  # old id -> copy
    options: dict[int, Option] = field(default_factory=dict)
    survey_fits: bool = True  # for a matching target: the survey's own texts fit too

    def question(self, question: Question) -> Question:
        """The question in the target survey that stands for `question`."""
        return self.questions[question.id] if self.new_version else question

    def option(self, option: Option) -> Option:
        """The option in the target survey that stands for `option`."""
        return self.options[option.id] if self.new_version else option

    def has(self, owner: Survey | Question | Option) -> bool:
        """Whether the target survey has a counterpart for `owner` (always, in place)."""
        if not self.new_version:
            return True
        if isinstance(owner, Survey):
            return self.survey_fits
        found = self.questions if isinstance(owner, Question) else self.options
        return owner.id in found


def _copy_tree(survey: Survey, user: User | None, *, keep_keys: bool) -> Target:
    """A deep copy of a survey: texts, questions, options, audio (files copied), commitments."""
    new = Survey(
        name=survey.name,
        anonymous=survey.anonymous,
        status=survey.status,
        created_by_id=user.id if user is not None else None,
    )
    target = Target(new)
    for row in survey.translations:
        new.translations.append(
            SurveyTranslation(
                locale=row.locale, title=row.title, intro=row.intro, reviewed=row.reviewed
            )
        )
    for question in survey.questions:
        copy = Question(
            key=question.key if keep_keys else new_question_key(),
            position=question.position,
            kind=question.kind,
            required=question.required,
            ask_contact=question.ask_contact,
            theme_id=question.theme_id,
        )
        copy.commitments = list(question.commitments)
        for row in question.translations:
            copy.translations.append(
                QuestionTranslation(
                    locale=row.locale, text=row.text, hint=row.hint, reviewed=row.reviewed
                )
            )
        for option in question.options:
            option_copy = Option(position=option.position, value=option.value)
            for row in option.translations:
                option_copy.translations.append(
                    OptionTranslation(locale=row.locale, label=row.label, reviewed=row.reviewed)
                )
            copy.options.append(option_copy)
            target.options[option.id] = option_copy
        for clip in question.audio:
            try:
                key = copy_upload(clip.storage_key)
            except FileNotFoundError:
                continue  # the file is lost; the copy simply has no clip in that language
            copy.audio.append(
                QuestionAudio(
                    locale=clip.locale,
                    content_type=clip.content_type,
                    size=clip.size,
                    sha256=clip.sha256,
                    storage_key=key,
                    uploaded_by_id=clip.uploaded_by_id,
                )
            )
        new.questions.append(copy)
        target.questions[question.id] = copy
    return target


def make_new_version(survey: Survey, user: User | None) -> Target:
    """Copy a survey into its family's next version; planned rounds move to the copy."""
    latest = latest_version(survey)
    if latest.id != survey.id:
        raise BuilderError(
            _(
                "Er is al een nieuwere versie van deze vragenlijst (versie %(version)s). "
                "Maak je wijziging in die versie.",
                version=latest.version,
            )
        )
    target = _copy_tree(survey, user, keep_keys=True)
    target.new_version = True
    new = target.survey
    new.family_id = survey.family_id or survey.id
    new.version = survey.version + 1
    db.session.add(new)
    planned = sa.select(Round).where(Round.survey_id == survey.id, Round.status == "planned")
    for round_ in db.session.scalars(planned):
        round_.survey = new
        target.planned_rounds.append(round_)
    db.session.flush()
    audit("survey.new_version", new, actor=user, from_survey=survey.id, version=new.version)
    return target


def edit_target(survey: Survey, user: User | None) -> Target:
    """The survey an edit should change: itself, or a new version if it is locked."""
    if is_locked(survey):
        return make_new_version(survey, user)
    return Target(survey)


def apply_edit(
    survey: Survey, user: User | None, change: Callable[[Target], T]
) -> tuple[Target, T]:
    """Make a change to a survey's content, in a new version when it is locked.

    All or nothing: when `change` raises BuilderError, the new version is not kept either.
    """
    try:
        with db.session.begin_nested():
            target = edit_target(survey, user)
            result = change(target)
            db.session.flush()
    except IntegrityError as exc:  # another member of staff made the same version just now
        raise BuilderError(
            _("Iemand anders heeft deze vragenlijst net gewijzigd. Laad de pagina opnieuw.")
        ) from exc
    return target, result


def open_round_versions(survey: Survey) -> list[Survey]:
    """The other versions of this survey's family that an open round uses."""
    family = survey.family_id or survey.id
    query = (
        sa.select(Survey)
        .join(Round, Round.survey_id == Survey.id)
        .where(
            sa.or_(Survey.family_id == family, Survey.id == family),
            Survey.id != survey.id,
            Round.status == "open",
        )
        .distinct()
    )
    return list(db.session.scalars(query))


Fits = Callable[[object, object], bool]


def matching_target(survey: Survey, other: Survey, fits: Fits) -> Target:
    """`other` as the target of an edit made to `survey`: its questions with the same key
    and their options with the same value, where `fits(mine, theirs)` (say, the same text)."""
    target = Target(other, new_version=True, survey_fits=fits(survey, other))
    theirs = {q.key: q for q in other.questions}
    for question in survey.questions:
        match = theirs.get(question.key)
        if match is None or not fits(question, match):
            continue
        target.questions[question.id] = match
        values = {o.value: o for o in match.options}
        for option in question.options:
            if option.value in values and fits(option, values[option.value]):
                target.options[option.id] = values[option.value]
    return target


def apply_in_place(
    survey: Survey, user: User | None, change: Callable[[Target], T], fits: Fits | None = None
) -> tuple[Target, T]:
    """Make a change that does not alter what answers mean (audio, a translation) on the
    survey itself, also while a round uses it: that round's members get it at once.

    With `fits`, the change also lands in the version an open round uses when staff edit a
    newer one, on the questions and options there that `fits` the edited ones (`change`
    skips what `Target.has` lacks): a clip recorded for next month reaches this month too.
    """
    with db.session.begin_nested():
        target = Target(survey)
        result = change(target)
        others = open_round_versions(survey) if fits is not None else []
        for other in others:
            change(matching_target(survey, other, fits))
        db.session.flush()
    for changed in [survey, *others]:
        forget_survey(changed.id)  # this process shows it now; others within CACHE_SECONDS
    return target, result


def copy_survey(survey: Survey, user: User | None) -> Survey:
    """An independent draft copy, for a new topic: a new family and new question keys."""
    target = _copy_tree(survey, user, keep_keys=False)
    new = target.survey
    new.name = _("Kopie van %(name)s", name=survey.name)[:200]
    new.status = "draft"
    new.version = 1
    db.session.add(new)
    db.session.flush()
    new.family_id = new.id
    db.session.flush()
    audit("survey.copy", new, actor=user, from_survey=survey.id)
    return new
