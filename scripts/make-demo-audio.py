#!/usr/bin/env python3
"""Speak the demo survey's first questions with espeak-ng into small Ogg Vorbis clips.

    python3 scripts/make-demo-audio.py        # writes stem/surveys/demo/audio/*.ogg

The clips are a computer voice, and the demo says so to members. Only the languages
Debian's espeak-ng speaks are made; Tigrinya and Somali have no voice there (nor on
phones), which is why they need a recording by a person. Needs espeak-ng and sox.
The demo loader (stem.surveys.demo.audio) reads the files; run this again after
changing the questions' texts in stem/surveys/demo/data.py, and commit the result.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "stem" / "surveys" / "demo" / "audio"
MAX_BYTES = 30 * 1024


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    # Load the two plain modules directly: no app, no database, no installed package needed.
    data = _load("_demo_data", ROOT / "stem" / "surveys" / "demo" / "data.py")
    clips = _load("_demo_clips", ROOT / "stem" / "surveys" / "demo" / "clips.py")
    espeak, sox = shutil.which("espeak-ng"), shutil.which("sox")
    if not (espeak and sox):
        raise SystemExit("needs espeak-ng and sox: apt-get install espeak-ng sox libsox-fmt-all")
    OUT.mkdir(parents=True, exist_ok=True)
    for question in data.QUESTIONS[: clips.QUESTIONS_WITH_AUDIO]:
        for locale, voice in clips.VOICES.items():
            target = OUT / clips.filename(question.key, locale)
            with tempfile.TemporaryDirectory() as tmp:
                wav = Path(tmp) / "clip.wav"
                subprocess.run(  # noqa: S603 - fixed programs, our own texts
                    [espeak, "-v", voice, "-s", "140", "-w", str(wav), question.text[locale]],
                    check=True,
                )
                # Mono, 16 kHz, lowest Vorbis quality: speech stays clear, a clip stays small.
                subprocess.run(  # noqa: S603 - fixed programs, our own texts
                    [sox, str(wav), "-r", "16000", "-c", "1", "-C", "-1", str(target)],
                    check=True,
                )
            size = target.stat().st_size
            if size > MAX_BYTES:
                raise SystemExit(f"{target.name} is {size} bytes, more than {MAX_BYTES}")
            print(f"{target.relative_to(ROOT)}: {size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
