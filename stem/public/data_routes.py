"""Open data: the public content as JSON and CSV at stable URLs, and an Atom feed.

The files hold exactly what the public pages show (records.py), in Dutch unless ?lang=
asks for another language (then a reviewed translation, or the Dutch text marked
"translated": false). The fields are described on /public/data.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from xml.etree import ElementTree as ET  # noqa: S405 -- we build XML, we never parse it here

from flask import Response, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from stem.core.security import public
from stem.public import bp, queries
from stem.public.caching import cacheable
from stem.public.records import (
    action_record,
    commitment_record,
    group_by_commitment,
    update_record,
)
from stem.surveys.results.exports import CSV_DUTCH, CSV_INTERNATIONAL, to_csv

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
TAG_YEAR = "2026"  # the year the tag: ids were minted; never changes

# The fields of each data set, in their order in the CSV, with what they mean.
FIELDS = {
    "commitments": {
        "id": _l("Vast nummer van de toezegging."),
        "code": _l("Code van de toezegging in de gemeenteraad, zoals 21/T40."),
        "url": _l("Vaste pagina van de toezegging."),
        "title": _l("Wat is toegezegd, kort."),
        "description": _l("Wat is toegezegd, uitgebreid."),
        "language": _l("Taal van titel en beschrijving (nl als er nog geen vertaling is)."),
        "translated": _l("true als de tekst in de gevraagde taal is, false als het de Nederlandse tekst is."),
        "status": _l("open, in_progress (bezig) of fulfilled (afgedaan)."),
        "made_on": _l("Datum waarop de toezegging is gedaan."),
        "due_on": _l("Datum waarop de toezegging af moet zijn."),
        "fulfilled_on": _l("Datum waarop de toezegging is afgedaan."),
        "fulfilled_by": _l("De brief waarmee de toezegging is afgedaan."),
        "progress": _l("Voortgang in procenten: het gemiddelde van de openbare vervolgacties."),
        "next_due_on": _l("De eerstvolgende einddatum van een openbare vervolgactie."),
        "actions": _l("Nummers van de openbare vervolgacties."),
    },
    "actions": {
        "id": _l("Vast nummer van de vervolgactie."),
        "url": _l("Vaste pagina van de vervolgactie."),
        "title": _l("Wat er gedaan wordt, kort."),
        "description": _l("Wat er gedaan wordt, uitgebreid."),
        "language": _l("Taal van titel en beschrijving (nl als er nog geen vertaling is)."),
        "translated": _l("true als de tekst in de gevraagde taal is, false als het de Nederlandse tekst is."),
        "status": _l("planned (gepland), in_progress (bezig), done (klaar) of stopped (gestopt)."),
        "stopped_reason": _l("Waarom de vervolgactie is gestopt."),
        "progress": _l("Voortgang in procenten (0 tot 100)."),
        "starts_on": _l("Startdatum."),
        "due_on": _l("Einddatum."),
        "owner": _l("De afdeling of partnerorganisatie die de vervolgactie uitvoert."),
        "commitments": _l("Codes van de toezeggingen waar de vervolgactie bij hoort."),
    },
    "updates": {
        "id": _l("Vast nummer van de voortgangsmelding."),
        "action_id": _l("Nummer van de vervolgactie."),
        "action_url": _l("Vaste pagina van de vervolgactie."),
        "action_title": _l("Titel van de vervolgactie."),
        "happened_on": _l("Datum van wat er gebeurde."),
        "happened": _l("Wat er gebeurde."),
        "next_steps": _l("Wat de volgende stap is."),
        "next_on": _l("Wanneer de volgende stap komt."),
        "language": _l("Taal van titel en beschrijving (nl als er nog geen vertaling is)."),
        "translated": _l("true als de tekst in de gevraagde taal is, false als het de Nederlandse tekst is."),
        "approved_at": _l("Moment waarop de melding openbaar werd (UTC)."),
    },
}


def records_of(name: str, locale: str) -> list[dict]:
    """The records of one data set in `locale`."""
    actions = queries.public_actions()
    if name == "actions":
        return [action_record(a, locale) for a in actions]
    if name == "commitments":
        grouped = group_by_commitment(actions)
        return [commitment_record(c, locale, grouped.get(c.id, [])) for c in queries.commitments()]
    by_id = {a.id: a for a in actions}
    return [update_record(u, locale, by_id[u.action_id]) for u in queries.public_updates()]


def _cell(value):
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@bp.get("/data")
@public
@cacheable
def data():
    """What the open data holds, field by field, with the stable URLs."""
    return render_template("public/data.html", fields=FIELDS)


@bp.get("/data/<any(commitments, actions, updates):dataset>.<any(json, csv):fmt>")
@public
@cacheable
def data_file(dataset: str, fmt: str):
    """One data set as JSON or CSV (?sep=semicolon for Dutch Excel)."""
    rows = records_of(dataset, str(get_locale()))
    if fmt == "json":
        body = json.dumps({"data": rows, "fields": list(FIELDS[dataset])}, ensure_ascii=False)
        return Response(body, mimetype="application/json")
    dialect = CSV_DUTCH if request.args.get("sep") == "semicolon" else CSV_INTERNATIONAL
    fields = list(FIELDS[dataset])
    table = ([_cell(row[f]) for f in fields] for row in rows)
    response = Response(to_csv(fields, table, dialect), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'inline; filename="{dataset}.csv"'
    return response


def _tag(specific: str) -> str:
    """A stable tag: URI (RFC 4151) for the feed and its entries."""
    host = (request.host or "localhost").split(":")[0]
    return f"tag:{host},{TAG_YEAR}:stem/{specific}"


def _moment(update) -> datetime:
    if update.approved_at:
        return update.approved_at.astimezone(UTC)
    return datetime.combine(update.happened_on, time(12), tzinfo=UTC)


@bp.get("/updates.atom")
@public
@cacheable
def feed():
    """An Atom 1.0 feed of the newest public updates."""
    locale = str(get_locale())
    updates = queries.public_updates(limit=FEED_SIZE)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": locale.replace("_", "-")})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    from flask_babel import gettext as _

    add(root, "id", _tag("public/updates"))
    add(root, "title", _("De Stem: voortgang van de vervolgacties"))
    newest = max((_moment(u) for u in updates), default=datetime(2026, 1, 1, tzinfo=UTC))
    add(root, "updated", newest.isoformat())
    add(root, "author").append(_name(_("Gemeente Utrecht")))
    add(root, "link", rel="self", href=url_for("public.feed", _external=True))
    add(root, "link", rel="alternate", href=url_for("public.index", _external=True))
    for update in updates:
        record = update_record(update, locale)
        entry = add(root, "entry")
        add(entry, "id", _tag(f"update/{update.id}"))
        add(entry, "title", record["action_title"])
        add(entry, "updated", _moment(update).isoformat())
        add(entry, "link", rel="alternate", href=record["action_url"])
        summary = record["happened"]
        if record["next_steps"]:
            summary += "\n\n" + _("Volgende stap: %(next)s", next=record["next_steps"])
        add(entry, "summary", summary, **{"xml:lang": record["language"].replace("_", "-")})
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


def _name(text: str):
    element = ET.Element(f"{{{ATOM}}}name")
    element.text = text
    return element
