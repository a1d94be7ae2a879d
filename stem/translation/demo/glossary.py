"""The glossary De Stem agreed on: kept Dutch words and one spelling per language.

KEEP means the Dutch word stays (people hear it so at the counter and in letters); a string is
the agreed translation. The UI catalogs are checked against this list (tests/translation/
test_glossary_catalogs.py).
"""

from __future__ import annotations

KEEP = True
OTHER = ("en", "ar", "fa_AF", "ti", "tr", "uk", "so")


def _keep_everywhere() -> dict:
    return dict.fromkeys(OTHER, KEEP)


TERMS: dict[str, tuple[str, dict[str, str | bool]]] = {
    "Welkomhuis": (
        "Het Welkomhuis in Utrecht, waar nieuwkomers terechtkunnen. Een naam: niet vertalen.",
        _keep_everywhere(),
    ),
    "brede intake": (
        "Het eerste gesprek met de gemeente over inburgering. Mensen horen het Nederlandse woord.",
        _keep_everywhere(),
    ),
    "B1-route": (
        "De inburgeringsroute naar taalniveau B1. Het Nederlandse woord houden.",
        _keep_everywhere(),
    ),
    "inburgeraar": (
        "Iemand die inburgert. Het Nederlandse woord houden; leg het zo nodig één keer uit.",
        _keep_everywhere(),
    ),
    "Utrecht": (
        "De stad: één schrijfwijze per taal.",
        {
            "en": KEEP,
            "tr": KEEP,
            "so": KEEP,
            "ar": "أوتريخت",
            "fa_AF": "اوترخت",
            "ti": "ኡትረኽት",
            "uk": "Утрехт",
        },
    ),
    "taalschool": (
        "Een school waar volwassenen Nederlands leren.",
        {
            "en": "language school",
            "ar": "مدرسة لغة",
            "fa_AF": "مکتب زبان",
            "ti": "ቤት ትምህርቲ ቋንቋ",
            "tr": "dil okulu",
            "uk": "мовна школа",
            "so": "dugsi luuqadeed",
        },
    ),
    "gemeente": (
        "De gemeente Utrecht als organisatie.",
        {
            "en": "municipal",
            "ar": "بلدية",
            "fa_AF": "شاروالی",
            "ti": "ምምሕዳር ከተማ",
            "tr": "belediye",
            "uk": "муніципалітет",
            "so": "dawladda hoose",
        },
    ),
}


def load_glossary() -> None:
    """Store the demo glossary (terms that exist already are left alone)."""
    from stem.translation.glossary import save_term, term_exists

    for term, (note, renderings) in TERMS.items():
        if term_exists(term):
            continue
        save_term(
            None,
            term,
            note,
            {
                locale: ("", True) if value is KEEP else (value, False)
                for locale, value in renderings.items()
            },
        )
