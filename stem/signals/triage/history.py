"""How staff read a signal: labels for its fields and a sentence per line of its history."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from stem.core.dates import format_datetime, language_list
from stem.core.templating import isolate
from stem.signals.models import DISTRICT_NAMES, SignalEvent

# The one status vocabulary; the staff pages read it from here as `labels`.
from stem.signals.wording import STATUS_LABELS as STATUS_LABELS
from stem.signals.wording import status_kind as status_kind
from stem.signals.wording import status_label as status_label

PRIORITY_LABELS = {"low": _l("Laag"), "normal": _l("Normaal"), "high": _l("Hoog")}
SOURCE_LABELS = {
    "member": _l("Lid van De Stem"),
    "partner": _l("Partnerorganisatie"),
    "survey": _l("Feedbackronde"),
    "meeting": _l("Bijeenkomst"),
    "staff": _l("Medewerker"),
}
SORT_LABELS = {
    "newest": _l("Nieuwste eerst"),
    "oldest": _l("Oudste eerst"),
    "due": _l("Uiterste datum eerst"),
    "priority": _l("Hoogste prioriteit eerst"),
}


def _value(kind: str, value: str) -> str:
    if kind == "status":
        return status_label(value)
    if kind == "priority":
        return str(PRIORITY_LABELS.get(value, value))
    if kind == "district":
        return DISTRICT_NAMES.get(value, value)
    return value


def describe(event: SignalEvent) -> str:
    """One plain sentence for a history line, in the reader's language."""
    kind = event.kind
    old, new = _value(kind, event.old), _value(kind, event.new)
    if kind == "created":
        return _("Het signaal is binnengekomen.")
    if kind == "status":
        return _("Status gewijzigd van %(old)s naar %(new)s.", old=old, new=new)
    if kind == "reason":
        return _("Reden: %(reason)s", reason=new)
    if kind == "assignee":
        if not old:
            return _("Toegewezen aan %(new)s.", new=new)
        if not new:
            return _("Niet meer toegewezen aan %(old)s.", old=old)
        return _("Toegewezen aan %(new)s in plaats van %(old)s.", old=old, new=new)
    if kind == "theme":
        return _("Thema gewijzigd van %(old)s naar %(new)s.", old=old, new=new)
    if kind == "priority":
        return _("Prioriteit gewijzigd van %(old)s naar %(new)s.", old=old, new=new)
    if kind == "district":
        if not old:
            return _("Wijk ingesteld op %(new)s.", new=new)
        if not new:
            return _("Wijk %(old)s verwijderd.", old=old)
        return _("Wijk gewijzigd van %(old)s naar %(new)s.", old=old, new=new)
    if kind == "due":
        return _(
            "Uiterste datum voor het antwoord gewijzigd van %(old)s naar %(new)s.",
            old=old or "–",
            new=new or "–",
        )
    if kind == "link":
        return _("Gekoppeld aan toezegging %(code)s.", code=isolate(new))
    if kind == "unlink":
        return _("Koppeling met toezegging %(code)s verwijderd.", code=isolate(old))
    if kind == "reply":
        # Stored as locale codes ("ar, nl"); staff read the languages' names.
        languages = language_list(new)
        return _("Antwoord verstuurd aan de indieners (talen: %(languages)s).", languages=languages)
    if kind == "merge":
        return _("Samengevoegd in signaal %(reference)s.", reference=isolate(new))
    if kind == "merged_from":
        return _("Signaal %(reference)s is hierin samengevoegd.", reference=isolate(new))
    if kind == "attachment":
        return _("Bijlage toegevoegd: %(name)s.", name=new)
    if kind == "retention":
        count = int(new) if new.isascii() and new.isdecimal() else 0
        return ngettext(
            "De contactgegevens van %(num)d indiener zijn verwijderd, want de bewaartermijn is voorbij.",
            "De contactgegevens van %(num)d indieners zijn verwijderd, want de bewaartermijn is voorbij.",
            count,
        )
    return _("%(kind)s: %(old)s → %(new)s", kind=kind, old=old or "–", new=new or "–")


def describe_linked(event: SignalEvent, links: dict[str, str]) -> Markup:
    """describe(), with the signal a merge names as a link to its page (staff only)."""
    if event.kind not in ("merge", "merged_from") or not event.new:
        return Markup.escape(describe(event))
    reference = event.new
    url = links.get(reference)
    shown = (
        Markup('<a class="utrecht-link utrecht-link--html-a" href="%s"><bdi dir="ltr">%s</bdi></a>')
        % (url, reference)
        if url
        else Markup('<bdi dir="ltr">%s</bdi>') % reference
    )
    # The sentence without its reference, escaped, then the link put in its place.
    sentence = (
        _("Samengevoegd in signaal %(reference)s.")
        if event.kind == "merge"
        else _("Signaal %(reference)s is hierin samengevoegd.")
    )
    return Markup.escape(sentence) % {"reference": shown}


def actor_name(event: SignalEvent) -> str:
    """Who did it: staff by name; a submitter stays unnamed (their name needs consent)."""
    actor = event.actor
    if actor is None:
        return _("Automatisch") if event.kind == "retention" else _("Onbekend")
    if actor.is_staff:
        return actor.display_name or actor.email or _("Medewerker")
    return _("De indiener")


def when(event: SignalEvent) -> str:
    return format_datetime(event.at, "short")
