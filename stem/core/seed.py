"""Reference data every installation starts with: themes and council commitments."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stem.commitments.models import Commitment
from stem.core.db import db
from stem.signals.models import Theme

# (slug, Dutch name, English name); other languages come from THEME_NAMES when present.
THEMES = [
    ("kansrijke-start", "Kansrijke Start", "A promising start"),
    ("brede-intake", "Brede intake", "Broad intake"),
    ("leerbaarheidstoets", "Leerbaarheidstoets", "Learnability test"),
    ("pip-leerroute", "PIP en leerroute", "Personal plan (PIP) and learning route"),
    ("taalonderwijs-b1", "Taalonderwijs (B1-route)", "Language education (B1 route)"),
    ("z-route", "Z-route", "Z route (self-reliance)"),
    ("onderwijsroute", "Onderwijsroute", "Education route"),
    ("welkomhuis", "Welkomhuis", "Welcome House (Welkomhuis)"),
    ("buurtteam", "Buurtteam", "Neighbourhood team"),
    ("werk-participatie", "Werk en participatie", "Work and participation"),
    ("gezondheid-zorg", "Gezondheid en zorg", "Health and care"),
    ("huisvesting", "Huisvesting", "Housing"),
    ("duo-lening-elip", "DUO-lening / ELIP", "DUO loan / ELIP"),
    ("oekraiense-vluchtelingen", "Oekraïense vluchtelingen", "Refugees from Ukraine"),
    ("overig", "Overig", "Other"),
]

COMMITMENTS = [
    (
        "21/T37",
        "(Oud-)inburgeraars nauw betrekken",
        "Het college betrekt voormalige en huidige inburgeraars nauw bij de uitvoering "
        "van de inburgering, onder meer via De Stem.",
        date(2021, 1, 1),
    ),
    (
        "21/T40",
        "Functies van het Welkomhuis, waaronder taaloefening",
        "Het college informeert de raad over de functies van het Welkomhuis, waaronder "
        "de mogelijkheden om de Nederlandse taal te oefenen.",
        date(2021, 1, 1),
    ),
    (
        "20/T580",
        "Lokale initiatieven; betekenisvolle sturing en verantwoording met een focusgroep",
        "Het college benut lokale initiatieven en richt sturing en verantwoording "
        "betekenisvol in, samen met een focusgroep van inburgeraars.",
        date(2020, 1, 1),
    ),
    (
        "20/T581",
        "Nieuwe locatie voor het Welkomhuis",
        "Het college zoekt een nieuwe locatie voor het Welkomhuis.",
        date(2020, 1, 1),
    ),
    (
        "21/T36",
        "Kwaliteits- en financiële kaders van het taalonderwijs",
        "Het college informeert de raad over de kwaliteitseisen en de financiële kaders "
        "van het taalonderwijs binnen de inburgering.",
        date(2021, 1, 1),
    ),
]


def seed_reference_data() -> dict[str, int]:
    """Add missing themes and commitments; existing rows are left as they are."""
    added = {"themes": 0, "commitments": 0}
    existing = set(db.session.scalars(sa.select(Theme.slug)))
    for position, (slug, nl, en) in enumerate(THEMES):
        if slug not in existing:
            db.session.add(Theme(slug=slug, names={"nl": nl, "en": en}, position=position))
            added["themes"] += 1
    codes = set(db.session.scalars(sa.select(Commitment.code)))
    for code, title, description, made_on in COMMITMENTS:
        if code not in codes:
            db.session.add(
                Commitment(
                    code=code,
                    title=title,
                    description=description,
                    made_on=made_on,
                    department="Maatschappelijke Ontwikkeling – Inburgering",
                )
            )
            added["commitments"] += 1
    db.session.flush()
    return added
