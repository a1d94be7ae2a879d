"""Language detection (issue 14, section 1) on the team's labelled set and on edge cases."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from stem.translation.detect import Detection, detect, detect_code

SAMPLES = json.loads(
    (Path(__file__).parent / "data" / "language_samples.json").read_text(encoding="utf-8")
)["samples"]
STEM_CODES = ("nl", "en", "ar", "fa_AF", "ti", "tr", "uk", "so")


def test_the_labelled_set_covers_eight_languages_and_mixed_texts():
    counts = Counter(sample["lang"] for sample in SAMPLES)
    assert len(SAMPLES) >= 200
    assert all(counts[code] >= 25 for code in STEM_CODES), counts
    assert counts["mul"] >= 5
    lengths = [len(sample["text"]) for sample in SAMPLES]
    assert min(lengths) <= 15
    assert max(lengths) >= 150


def test_accuracy_on_texts_of_twenty_characters_or_more_is_at_least_95_percent():
    scored = [s for s in SAMPLES if len(s["text"]) >= 20]
    wrong = [(s["lang"], detect_code(s["text"]), s["text"]) for s in scored]
    wrong = [w for w in wrong if w[0] != w[1]]
    accuracy = 1 - len(wrong) / len(scored)
    assert accuracy >= 0.95, (accuracy, wrong)


@pytest.mark.parametrize("code", STEM_CODES)
def test_every_language_is_mostly_recognised_on_its_own(code):
    texts = [s["text"] for s in SAMPLES if s["lang"] == code and len(s["text"]) >= 20]
    hits = sum(detect_code(text) == code for text in texts)
    assert hits / len(texts) >= 0.9, (code, hits, len(texts))


def test_a_text_in_two_languages_is_mixed_and_names_both():
    found = detect(
        "Ik heb een brief gekregen van de gemeente. وصلتني رسالة ولا أفهم ما المطلوب مني."
    )
    assert found.code == "mul"
    assert found.mixed is True
    assert set(found.parts) == {"nl", "ar"}


@pytest.mark.parametrize("text", ["", None, "ok", "12 34 56", "😀😀😀😀😀😀", "!!!???"])
def test_too_short_or_letterless_text_is_undetermined(text):
    found = detect(text)
    assert found == Detection("und", 0.0)
    assert found.mixed is False


def test_a_dutch_name_inside_arabic_does_not_make_it_mixed():
    assert detect("البيت الترحيبي Welkomhuis في أوترخت مغلق اليوم").code == "ar"


def test_ethiopic_text_is_tigrinya_unless_clearly_amharic():
    assert detect_code("ኣብ ገዛና ማሞቕታ ኣይሰርሕን እዩ።") == "ti"
    assert detect_code("ሰላም ሰላም ሰላም") == "ti"  # no sign either way: Stem's members write Tigrinya
    assert detect_code("ይህ በጣም ጥሩ ነው። እኔ ወደ ትምህርት ቤት እሄዳለሁ።") == "am"


def test_persian_letters_and_dari_words_make_dari_and_arabic_stays_arabic():
    assert detect_code("از شاروالی یک نامه گرفتم و نمی‌فهمم.") == "fa_AF"
    assert detect_code("وصلتني رسالة من البلدية ولا أفهم.") == "ar"


def test_confidence_is_between_zero_and_one():
    for sample in SAMPLES[::7]:
        found = detect(sample["text"])
        assert 0.0 <= found.confidence <= 1.0


def test_utrecht_names_inside_another_language_do_not_make_it_mixed():
    text = (
        "Welkomhuis-ka aad buu uga fog yahay Overvecht. Waa inaan laba bas qaataa, "
        "tigidhkuna waa qaali. Sidaas darteed marar badan ma tago."
    )
    assert detect(text) == Detection("so", detect(text).confidence)
