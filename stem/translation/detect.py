"""The language of what people write: `detect(text) -> Detection(code, confidence, mixed)`.

Stem's eight languages are told apart by Lingua (lingua-language-detector), whose models
ship inside the package: nothing is downloaded when it runs, and no text leaves the server.
Two of them need more than Lingua knows:

- Tigrinya is not in Lingua. It is written in Ethiopic letters (U+1200–U+137F), as is
  Amharic; Ethiopic text is Tigrinya unless its common words are clearly Amharic's.
- Dari shares the Arabic script with Arabic. Persian letters (پ چ ژ گ, the Persian forms of
  ی and ک) and common Dari words make it Dari ("fa_AF"); Arabic's own letters (ة, ي, ك, ى)
  and words make it Arabic. Lingua decides when the two weigh the same.

A text with whole sentences in two languages is "mul" (mixed); a text too short to tell, or
one no language fits, is "und". Codes are Stem's locale codes (nl, en, ar, fa_AF, ti, tr, uk,
so); a few languages outside Stem's eight keep their own ISO 639-1 code (am, ru, de, fr).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

MIXED, UNDETERMINED = "mul", "und"
# Fewer letters than this say too little about a language.
MIN_LETTERS = 6
# Below this confidence Lingua's best guess is no better than chance among the candidates.
MIN_CONFIDENCE = 0.30
# A second language counts (mixed text) when it covers this share of the letters.
MIN_SHARE = 0.25
# A piece of text that counts towards a mixed verdict: enough letters, a sure language.
MIN_PIECE = 15
MIN_PIECE_CONFIDENCE = 0.6

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_RE = re.compile(r"[^.!?؟።\n]+[.!?؟።]*")


@dataclass(frozen=True)
class Detection:
    """What `detect` found: a code, how sure it is (0–1), and whether the text is mixed."""

    code: str
    confidence: float
    mixed: bool = False
    parts: tuple[str, ...] = field(default=())  # the languages of a mixed text


UNKNOWN = Detection(UNDETERMINED, 0.0)


# --- scripts ------------------------------------------------------------------------------


def _script(char: str) -> str | None:
    """The script of one letter, as far as Stem's languages need: latin, arabic, cyrillic,
    ethiopic, or "other"."""
    if not char.isalpha():
        return None
    code = ord(char)
    if 0x1200 <= code <= 0x137F or 0x1380 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF:
        return "ethiopic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"


def _scripts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        script = _script(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return counts


# --- Tigrinya against Amharic -------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent words of one language that the other does not use (or spells otherwise).
_TIGRINYA_WORDS = _words(
    "እዩ እያ እየ እዮም እዮ ኣብ ናይ ኣሎ ኣሎኒ ኣለዉ ኣይ ምስ እንታይ ብዙሕ ከኣ እውን ግን ስለ ዘሎ "
    "ዘለዉ ክንደይ ኣይኮነን የለን የብለይ ኣለኒ ክሳብ ሕጂ ጽቡቕ ኣበይ ብኸመይ ንዓና ንዓይ"
)
_AMHARIC_WORDS = _words(
    "ነው ናቸው ነበር ላይ ውስጥ እና ይህ ያለ አለ አሉ የለም በጣም ምን እንዴት ለምን ግን እኔ እኛ ይሄ ወደ ከዚህ አይደለም ነኝ ሆኖ"
)
# ኣ (with the glottal stop of Tigrinya spelling) is common in Tigrinya and rare in Amharic;
# ሀ/ኸ-words and the ሸ row are the other way round.
_TIGRINYA_LETTERS = "ኣዕሕቕ"
_AMHARIC_LETTERS = "አሀኸ"


def _ethiopic(text: str) -> Detection:
    """Tigrinya unless the text is clearly Amharic (Stem's members write Tigrinya)."""
    words = _WORD_RE.findall(text)
    ti = sum(2 for w in words if w in _TIGRINYA_WORDS)
    am = sum(2 for w in words if w in _AMHARIC_WORDS)
    # Tigrinya prefixes: ኣብ-, ናብ-, ብ-... are too common to count; letters add a little.
    ti += sum(text.count(c) for c in _TIGRINYA_LETTERS) * 0.5
    am += sum(text.count(c) for c in _AMHARIC_LETTERS) * 0.5
    if am >= 2 and am > 1.5 * ti:
        return Detection("am", round(am / (am + ti), 2))
    total = am + ti
    return Detection("ti", round(ti / total, 2) if total else 0.6)


# --- Dari against Arabic ------------------------------------------------------------------

_PERSIAN_LETTERS = "پچژگیکۀ"  # پ چ ژ گ, Persian yeh (U+06CC), keheh (U+06A9), heh with yeh
_ARABIC_LETTERS = "ةيكىإأ"  # ta marbuta, Arabic yeh and kaf, alef maksura, hamza on alef
_DARI_WORDS = _words(
    "است هست نیست را که می این آن از برای با شما ایشان تو هم یک دو بسیار خیلی "
    "میخواهم میخواهیم نمیدانم کار خانه شاروالی مکتب ولی اما چطور چرا "
    "کجا کدام باید شد شود بود کرد کردم میکنم می‌کنم داریم دارم ندارم اس نیس زبان صنف "
    "کورس هالندی فرزند اولاد طفل اطفال پول نامه"
)
_ARABIC_WORDS = _words(
    "في على إلى الى عن هذا هذه ذلك التي الذي لا لم لن قد كان كانت هل ماذا لماذا "
    "كيف أنا نحن انا أريد اريد نريد لدي عندي عندنا مع بعد قبل أو لكن جدا الآن"
)


def _arabic_script(text: str, fallback: Detection | None) -> Detection:
    words = _WORD_RE.findall(text)
    fa = sum(text.count(c) for c in _PERSIAN_LETTERS)
    ar = sum(text.count(c) for c in _ARABIC_LETTERS)
    fa += sum(3 for w in words if w in _DARI_WORDS or w.startswith("می"))
    ar += sum(3 for w in words if w in _ARABIC_WORDS)
    # The article al- begins many Arabic words; Dari has it only in loanwords.
    ar += sum(1 for w in words if w.startswith("ال") and len(w) > 3)
    if fa == ar:
        return fallback or UNKNOWN
    code = "fa_AF" if fa > ar else "ar"
    return Detection(code, round(max(fa, ar) / (fa + ar), 2))


# --- Lingua -------------------------------------------------------------------------------

_LINGUA_CODES = {
    "DUTCH": "nl",
    "ENGLISH": "en",
    "ARABIC": "ar",
    "PERSIAN": "fa_AF",
    "TURKISH": "tr",
    "UKRAINIAN": "uk",
    "SOMALI": "so",
    # Others people in Utrecht may write; they keep their own code.
    "RUSSIAN": "ru",
    "GERMAN": "de",
    "FRENCH": "fr",
}
_lock = threading.Lock()
_detector = None


def build_detector(high_accuracy: bool = False):
    """A Lingua detector for the languages above.

    Low-accuracy mode uses Lingua's trigram models only: about 50 MB in memory instead of
    about 300 MB with all its models loaded, and on Stem's labelled set just as accurate
    (bench/language_detect.py --high-accuracy compares the two).
    """
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_CODES]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder if high_accuracy else builder.with_low_accuracy_mode()).build()


def _lingua():
    """One detector for the process, built on first use (its models load lazily)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = build_detector()
    return _detector


def use_detector(detector) -> None:
    """Use this Lingua detector from now on (the bench compares modes with it)."""
    global _detector
    with _lock:
        _detector = detector


def _lingua_guess(text: str) -> Detection:
    values = _lingua().compute_language_confidence_values(text)
    if not values:
        return UNKNOWN
    best = values[0]
    if best.value < MIN_CONFIDENCE:
        return Detection(UNDETERMINED, round(best.value, 2))
    return Detection(_LINGUA_CODES[best.language.name], round(best.value, 2))


# --- one text -----------------------------------------------------------------------------


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def _single(text: str) -> Detection:
    """The one language of a stretch of text in (mostly) one script."""
    scripts = _scripts(text)
    if not scripts or sum(scripts.values()) < MIN_LETTERS:
        return UNKNOWN
    main = max(scripts, key=scripts.get)
    if main == "ethiopic":
        return _ethiopic(text)
    if main == "arabic":
        return _arabic_script(text, _lingua_guess(text))
    if main == "other":
        return UNKNOWN
    return _lingua_guess(text)


# Utrecht's names that members write in every language ("Welkomhuis-ka", "في أوفرفيخت"):
# left out when a sentence is judged on its own, or a Somali sentence about the Welkomhuis
# in Overvecht would count as Dutch and make its text "mixed".
_NAMES_RE = re.compile(
    r"\b(?:welkomhuis|overvecht|utrecht|kanaleneiland|leidsche|rijn|zuilen|lunetten|vleuten|"
    r"meern|hoograven|digid|duo|uwv|ind|inburger\w*|taalcaf\w*|buurtteam|b1-route)"
    r"(?:-\w+)?\b",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    pieces = (_NAMES_RE.sub(" ", s).strip() for s in _SENTENCE_RE.findall(text))
    return [s for s in pieces if _letters(s) >= MIN_LETTERS]


def _script_runs(text: str) -> list[str]:
    """The text cut where the script changes (the words between stay with the run before)."""
    runs: list[list[str]] = []
    current = None
    for word in text.split():
        scripts = _scripts(word)
        script = max(scripts, key=scripts.get) if scripts else current
        if script != current or not runs:
            runs.append([])
            current = script
        runs[-1].append(word)
    return [" ".join(run) for run in runs]


def _mixed(parts: list[tuple[str, int, float]]) -> Detection | None:
    """Mixed when at least two languages each cover a fair share of the letters.

    Only pieces long enough to judge, and judged with some certainty, count: a Dutch name
    such as "Welkomhuis" in an Arabic sentence does not make the text mixed.
    """
    weight: dict[str, int] = {}
    for code, letters, confidence in parts:
        if code != UNDETERMINED and letters >= MIN_PIECE and confidence >= MIN_PIECE_CONFIDENCE:
            weight[code] = weight.get(code, 0) + letters
    total = sum(weight.values())
    if total == 0:
        return None
    shares = {code: n / total for code, n in weight.items() if n / total >= MIN_SHARE}
    if len(shares) < 2:
        return None
    ordered = tuple(sorted(shares, key=shares.get, reverse=True))
    confidence = min(c for code, _, c in parts if code in ordered)
    return Detection(MIXED, round(confidence, 2), True, ordered)


def detect(text: str | None) -> Detection:
    """The language of a text someone wrote; "mul" for two languages, "und" when unsure."""
    text = unicodedata.normalize("NFC", (text or "").replace("\u200c", "")).strip()
    if _letters(text) < MIN_LETTERS:
        return UNKNOWN
    # Two scripts, each with whole words of its own: look at each run on its own.
    runs = [run for run in _script_runs(text) if _letters(run) >= MIN_LETTERS]
    pieces = runs if len(runs) > 1 else _sentences(text)
    if len(pieces) > 1:
        found = [(_single(p), _letters(p)) for p in pieces]
        mixed = _mixed([(d.code, n, d.confidence) for d, n in found])
        if mixed is not None:
            return mixed
    return _single(text)


def detect_code(text: str | None) -> str:
    """Just the code, for storing beside a text."""
    return detect(text).code
