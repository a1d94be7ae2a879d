"""Recorded clips of a question, one per language: upload, replace, delete, link.

A clip changes no answer's meaning, so it lands in the survey itself, also when an open
round uses it: that round's members hear it at once (no new survey version). Recorded on a
newer version, it also reaches the open round's version where the question reads the same.

Files are checked by their content (stem.core.uploads) and live outside static/. The URL
of a clip carries a fingerprint of its sound, so a replaced clip gets a new URL (even when
the database reuses the row id): phones may keep a clip for a year.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from stem.accounts.models import User
from stem.core.db import db
from stem.core.i18n import BY_CODE, LANGUAGES, Language
from stem.core.uploads import AUDIO, UploadError, copy_upload, delete_upload, store_upload
from stem.surveys.builder.versions import Target, apply_in_place
from stem.surveys.models import Question, QuestionAudio
from stem.surveys.texts import question_text

# No phone we know of has a voice for these: without a recording, members hear nothing.
NO_PHONE_VOICE = ("ti", "so")


def recording_order() -> list[Language]:
    """The languages in the order to record them: those no phone can read aloud first."""
    return sorted(LANGUAGES, key=lambda lang: lang.code not in NO_PHONE_VOICE)


def missing_clips(question: Question) -> list[Language]:
    """The languages this question has no recording in, Tigrinya and Somali first."""
    have = {clip.locale for clip in question.audio}
    return [lang for lang in recording_order() if lang.code not in have]


def missing_recordings(survey) -> list[tuple[Language, int]]:
    """Per language that lacks a recording somewhere: how many questions lack one.

    Tigrinya and Somali come first: no phone has a voice for them.
    """
    have = [{clip.locale for clip in q.audio} for q in survey.questions]
    counts = [(lang, sum(lang.code not in codes for codes in have)) for lang in recording_order()]
    return [(lang, count) for lang, count in counts if count]


def audio_version(audio: QuestionAudio) -> str:
    """A short fingerprint of the clip's content, for its URL."""
    return audio.sha256[:12]


def audio_url(audio: QuestionAudio) -> str:
    """Where members' phones fetch a clip; cacheable for good (it changes with the clip)."""
    return url_for("surveys.audio", audio_id=audio.id, v=audio_version(audio))


def clip(question: Question, locale: str) -> QuestionAudio | None:
    """The question's clip in a language, if there is one."""
    return next((a for a in question.audio if a.locale == locale), None)


def upload_message(error: UploadError) -> str:
    """What to tell staff about an upload that was refused, in their language."""
    if error.code == "too_big":
        megabytes = current_app.config["AUDIO_MAX_BYTES"] / (1024 * 1024)
        return _(
            "Het bestand is te groot. Kies een opname van maximaal %(size)s MB.",
            size=f"{megabytes:g}",
        )
    if error.code == "wrong_type":
        return _("Dit bestand is geen mp3-, ogg- of m4a-geluid. Kies een ander bestand.")
    return _("Kies een geluidsbestand.")


def save_audio(
    question: Question, locale: str, upload: FileStorage | None, user: User
) -> tuple[Target, QuestionAudio]:
    """Store a clip for a question in a language, replacing the one there was.

    Raises UploadError when the file is empty, too big or not mp3/ogg/m4a audio; then
    nothing is stored.
    """
    if locale not in BY_CODE:
        raise ValueError(f"unknown locale {locale!r}")
    stored = store_upload(upload, kinds=AUDIO, max_bytes=current_app.config["AUDIO_MAX_BYTES"])
    old_keys: list[str] = []
    new_keys: list[str] = []

    def change(target: Target) -> QuestionAudio | None:
        if not target.has(question):
            return None
        q = target.question(question)
        old = clip(q, locale)
        if old is not None:
            old_keys.append(old.storage_key)
            q.audio.remove(old)
            db.session.flush()  # the old row goes before the new one takes its language
        key = stored.key
        if q is not question:  # another version keeps a file of its own
            key = copy_upload(stored.key)
            new_keys.append(key)
        audio = QuestionAudio(
            locale=locale,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            storage_key=key,
            uploaded_by_id=user.id,
        )
        q.audio.append(audio)
        return audio

    try:
        target, audio = apply_in_place(question.survey, user, change, fits=_reads_the_same(locale))
    except Exception:
        for key in [stored.key, *new_keys]:
            delete_upload(key)
        raise
    for key in old_keys:  # every version had its own copy of the replaced file
        delete_upload(key)
    return target, audio


def _reads_the_same(locale: str):
    """A clip fits another version's question when members there read the same words."""

    def fits(mine, theirs) -> bool:
        if not isinstance(mine, Question):
            return True
        return question_text(mine, locale).text == question_text(theirs, locale).text

    return fits


def delete_audio(question: Question, locale: str, user: User) -> Target | None:
    """Remove a question's clip in a language; None when there was none."""
    if clip(question, locale) is None:
        return None
    removed: list[str] = []

    def change(target: Target) -> None:
        q = target.question(question)
        audio = clip(q, locale)
        if audio is not None:
            removed.append(audio.storage_key)
            q.audio.remove(audio)

    # Only here: the open round's version keeps its clip (staff may re-record for later).
    target, _none = apply_in_place(question.survey, user, change)
    for key in removed:
        delete_upload(key)
    return target
