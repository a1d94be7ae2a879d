"""Which demo questions have a computer-voice clip, in which languages, under which file name.

Plain constants, read by the demo loader and by scripts/make-demo-audio.py (which makes
the files with espeak-ng and sox).
"""

from __future__ import annotations

QUESTIONS_WITH_AUDIO = 2  # the first questions of the demo survey
# Stem locale -> espeak-ng voice. Dari is read with the Persian voice.
VOICES = {"ar": "ar", "fa_AF": "fa", "tr": "tr", "uk": "uk", "nl": "nl"}


def filename(question_key: str, locale: str) -> str:
    """The clip's file in stem/surveys/demo/audio/."""
    return f"{question_key}.{locale}.ogg"
