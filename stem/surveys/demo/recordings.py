"""The demo's recorded clips: a computer voice (espeak-ng) reading the first questions.

Made by scripts/make-demo-audio.py into stem/surveys/demo/audio/; marked `synthetic`, so
members see that it is a computer voice. Idempotent: a question that has a clip in a
language keeps it.
"""

from __future__ import annotations

import io
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import FileStorage

from stem.core.db import db
from stem.core.uploads import AUDIO, store_upload
from stem.surveys.demo import clips, data
from stem.surveys.models import QuestionAudio, Survey

AUDIO_DIR = Path(__file__).parent / "audio"


def add_demo_recordings() -> int:
    """Give every version of the demo survey its computer-voice clips; return how many."""
    keys = [q.key for q in data.QUESTIONS[: clips.QUESTIONS_WITH_AUDIO]]
    added = 0
    for survey in db.session.scalars(sa.select(Survey).where(Survey.name == data.SURVEY_NAME)):
        for question in survey.questions:
            if question.key not in keys:
                continue
            have = {clip.locale for clip in question.audio}
            for locale in clips.VOICES:
                path = AUDIO_DIR / clips.filename(question.key, locale)
                if locale in have or not path.is_file():
                    continue
                upload = FileStorage(io.BytesIO(path.read_bytes()), filename=path.name)
                stored = store_upload(
                    upload, kinds=AUDIO, max_bytes=current_app.config["AUDIO_MAX_BYTES"]
                )
                question.audio.append(
                    QuestionAudio(
                        locale=locale,
                        content_type=stored.content_type,
                        size=stored.size,
                        sha256=stored.sha256,
                        storage_key=stored.key,
                        synthetic=True,
                    )
                )
                added += 1
    db.session.flush()
    return added
