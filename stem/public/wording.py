"""Labels the public pages share, and the template context of the public blueprint."""

from __future__ import annotations

from datetime import date

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from stem.actions.wording import STATUS_KINDS as ACTION_KINDS
from stem.actions.wording import STATUS_LABELS as ACTION_LABELS
from stem.core.dates import format_date
from stem.public import bp
from stem.public.queries import code_slug
from stem.signals.models import DISTRICT_NAMES

COMMITMENT_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("In uitvoering"),
    "fulfilled": _l("Afgedaan"),
}
COMMITMENT_KINDS = {"open": "neutral", "in_progress": "warning", "fulfilled": "ok"}
SOURCE_LABELS = {
    "member": _l("Leden van De Stem"),
    "partner": _l("Partnerorganisaties"),
    "survey": _l("Feedbackrondes"),
    "meeting": _l("Bijeenkomsten"),
    "staff": _l("Medewerkers van de gemeente"),
    "": _l("Onbekend"),
}


def with_lang(code: str) -> str:
    """The current public URL in another language, keeping every filter."""
    args = request.args.to_dict()
    args["lang"] = code
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def district_name(slug: str) -> str:
    return DISTRICT_NAMES.get(slug) or str(_l("Wijk onbekend"))


def show_date(iso: str) -> str:
    """An ISO date from a record, as Stem writes dates in the reader's language."""
    return format_date(date.fromisoformat(iso)) if iso else ""


@bp.context_processor
def _public_context() -> dict:
    return {
        "action_labels": ACTION_LABELS,
        "action_kinds": ACTION_KINDS,
        "commitment_labels": COMMITMENT_LABELS,
        "commitment_kinds": COMMITMENT_KINDS,
        "source_labels": SOURCE_LABELS,
        "district_name": district_name,
        "with_lang": with_lang,
        "code_slug": code_slug,
        "show_date": show_date,
    }
