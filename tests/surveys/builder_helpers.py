"""Helpers for the survey builder's tests: sample sound files, staff sign-in, lookups."""

from __future__ import annotations

import re

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import Option, Question, Survey

# The first bytes of real files; the type is read from the content, so this is enough.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x0f" + b"\xff\xfb\x90\x64" + bytes(2000)
MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(1500)  # an MP3 without an ID3 tag
OGG = b"OggS\x00\x02" + bytes(20) + b"\x01vorbis" + bytes(1500)
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + bytes(1500)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500)


def sign_in_staff(login_as, role: str = "staff"):
    """Staff reading Dutch pages, as the texts in these tests are Dutch."""
    return login_as(role, locale="nl")


def nl(owner) -> str:
    """The Dutch main text of a survey, question or option."""
    row = next(r for r in owner.translations if r.locale == "nl")
    return getattr(
        row, {"Survey": "title", "Question": "text", "Option": "label"}[type(owner).__name__]
    )


def fresh(model, id_):
    """Reload an object as the next request would see it."""
    db.session.expire_all()
    return db.session.get(model, id_)


def family(survey: Survey) -> list[Survey]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Survey).where(Survey.family_id == survey.family_id).order_by(Survey.version)
        )
    )


def question_ids(survey: Survey) -> list[int]:
    return [q.id for q in fresh(Survey, survey.id).questions]


def option_values(question: Question) -> list[str]:
    return [o.value for o in fresh(Question, question.id).options]


def errors(html: str) -> list[str]:
    """The messages in a page's error summary."""
    match = re.search(r'stem-error-summary__list">(.*?)</ul>', html, re.S)
    if not match:
        return []
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    ]


__all__ = ["M4A", "MP3", "MP3_FRAME", "OGG", "PNG", "Option"]
