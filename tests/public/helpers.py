"""A world for the public pages: public and internal actions, updates in every state."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stem.actions.services import TextInput
from stem.actions.updates import UpdateText, approve_update, post_update
from stem.commitments.models import Commitment
from stem.core.db import db
from stem.signals.models import SignalSubmitter
from tests import factories
from tests.actions.helpers import create_action

# One unique text per field that must never reach a public page, file or feed.
MARKERS = {
    "internal_action_title": "GEHEIM-INTERNAL-TITLE-Q1",
    "internal_action_description": "GEHEIM-INTERNAL-DESCRIPTION-Q2",
    "unreviewed_action_translation": "GEHEIM-UNREVIEWED-ACTION-Q3",
    "internal_update": "GEHEIM-INTERNAL-UPDATE-Q4",
    "unapproved_partner_update": "GEHEIM-PARTNER-UPDATE-Q5",
    "unreviewed_update_translation": "GEHEIM-UNREVIEWED-UPDATE-Q6",
    "update_on_internal_action": "GEHEIM-UPDATE-INTERNAL-ACTION-Q7",
    "signal_body": "GEHEIM-SIGNAL-BODY-Q8",
    "submitter_name": "GEHEIM-Naam-Q9",
    "submitter_email": "geheim-q10@example.nl",
    "member_name": "GEHEIM-LID-Q11",
    "responsible_name": "GEHEIM-MEDEWERKER-Q12",
}
PUBLIC_TITLE = "Taaloefenen drie keer per week"
PUBLIC_TITLE_AR = "ممارسة اللغة ثلاث مرات في الأسبوع"
PUBLIC_UPDATE = "De eerste oefengroep is gestart."


def build_world() -> dict:
    """Commitment 21/T40 with a public action (Arabic reviewed), an internal one, updates."""
    m = MARKERS
    organisation = factories.create_organisation("Taalhuis Utrecht")
    staff = factories.create_user("staff", display_name=m["responsible_name"])
    partner = factories.create_user("partner", organisation=organisation)
    member = factories.create_user("member", display_name=m["member_name"], locale="ar")
    commitment = db.session.scalar(sa.select(Commitment).where(Commitment.code == "21/T40"))
    if commitment is None:  # seeded by a migration; made here when a test database lacks it
        commitment = factories.create_commitment("21/T40", title="Functies van het Welkomhuis")
    commitment.description = "Taal oefenen in het Welkomhuis."
    theme = factories.create_theme()
    signal = factories.create_signal(
        submitter=member, theme=theme, body=m["signal_body"], district="overvecht"
    )
    signal.submitters.append(
        SignalSubmitter(name=m["submitter_name"], email=m["submitter_email"], locale="nl")
    )
    public_action = create_action(
        staff,
        texts={
            "nl": TextInput(PUBLIC_TITLE, "In het Welkomhuis, met vrijwilligers."),
            "ar": TextInput(PUBLIC_TITLE_AR, "في بيت الترحيب", reviewed=True),
            "en": TextInput(m["unreviewed_action_translation"], reviewed=False),
        },
        owner_organisation=organisation,
        status="in_progress",
        progress=40,
        public=True,
    )
    internal = create_action(
        staff,
        texts={"nl": TextInput(m["internal_action_title"], m["internal_action_description"])},
    )
    for action in (public_action, internal):
        action.commitments.append(commitment)
        action.signals.append(signal)
    shown = post_update(
        staff, public_action, happened_on=date(2027, 1, 15), next_on=date(2027, 2, 1),
        public=True,
        texts={
            "nl": UpdateText(PUBLIC_UPDATE, "Een tweede groep op woensdag."),
            "en": UpdateText(m["unreviewed_update_translation"]),
        },
    )
    post_update(staff, public_action, happened_on=date(2027, 1, 16), next_on=None, public=False,
                texts={"nl": UpdateText(m["internal_update"])})
    pending = post_update(partner, public_action, happened_on=date(2027, 1, 17), next_on=None,
                          public=True, texts={"nl": UpdateText(m["unapproved_partner_update"])})
    hidden = post_update(staff, internal, happened_on=date(2027, 1, 18), next_on=None,
                         public=True, texts={"nl": UpdateText(m["update_on_internal_action"])})
    approve_update(staff, hidden)
    db.session.commit()
    return {
        "commitment": commitment,
        "public_action": public_action,
        "internal_action": internal,
        "shown_update": shown,
        "pending_update": pending,
        "theme": theme,
        "signal": signal,
        "users": {"staff": staff, "partner": partner, "member": member},
        "organisation": organisation,
    }
