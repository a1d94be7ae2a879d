"""The queue, the editor and the request buttons of the translation desk."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from stem.core.converters import parse_id
from stem.core.dates import language_name
from stem.core.db import db
from stem.core.i18n import LANGUAGES, language
from stem.core.security import require_role
from stem.translation import bp, glossary, services, sources
from stem.translation.forms import EditorForm, QueueFilterForm, RequestForm
from stem.translation.models import SOURCE_KINDS, STATUSES, TranslationRequest

DESK_ROLES = ("staff", "admin", "translator")
STATUS_NAMES = {
    "requested": _l("Aangevraagd"),
    "draft": _l("Concept"),
    "reviewed": _l("Nagekeken"),
}
KIND_NAMES = {
    "signal": _l("Signaal"),
    "reply": _l("Terugkoppeling"),
    "action": _l("Actie"),
    "action_update": _l("Voortgangsbericht"),
    "summary": _l("Samenvatting van een ronde"),
    "survey_text": _l("Tekst van een vragenlijst"),
    "commitment": _l("Toezegging"),
}
# The only kinds a request can be made for from a page, with the default "where it is used".
REQUESTABLE = {
    "signal": _l("Triage: medewerkers lezen het signaal in het Nederlands."),
    "summary": _l("Samenvatting van een ronde voor de leden in hun eigen taal."),
    "reply": _l("Terugkoppeling aan de indieners in hun eigen taal."),
}


def _user():
    return current_user._get_current_object()


def _item_or_404(item_id: int) -> TranslationRequest:
    item = db.session.get(TranslationRequest, item_id)
    if not services.can_open(_user(), item):
        abort(404)
    return item


def _helpers() -> dict:
    return {
        "status_names": STATUS_NAMES,
        "kind_names": KIND_NAMES,
        "language": language,
        "language_name": language_name,
    }


@bp.get("/translation")
@require_role(*DESK_ROLES)
def queue():
    """The items this person may translate or review, the most urgent first."""
    user = _user()
    form = QueueFilterForm(request.args)
    own = services.languages_of(user) if not user.is_staff else None
    form.locale.choices = [("", _("Alle talen"))] + [
        (lang.code, lang.native_name)
        for lang in LANGUAGES
        if own is None or lang.code in own or lang.code == "nl"
    ]
    form.status.choices = [("", _("Alle statussen"))] + [(s, STATUS_NAMES[s]) for s in STATUSES]
    form.kind.choices = [("", _("Alle soorten"))] + [(k, KIND_NAMES[k]) for k in SOURCE_KINDS]
    filters = {
        name: value if value in {c[0] for c in getattr(form, name).choices} else ""
        for name, value in (
            ("locale", request.args.get("locale", "")),
            ("status", request.args.get("status", "")),
            ("kind", request.args.get("kind", "")),
        )
    }
    items = services.queue(user, **filters)
    return render_template(
        "translation/queue.html",
        form=form,
        items=items,
        languages=own,
        language_list=", ".join(language_name(code) for code in sorted(own or ())),
        **_helpers(),
    )


@bp.route("/translation/<int:item_id>", methods=["GET", "POST"])
@require_role(*DESK_ROLES)
def editor(item_id: int):
    """The calm editor: the source beside the translation, and the glossary terms it holds."""
    user = _user()
    item = _item_or_404(item_id)
    form = EditorForm()
    stale = None
    if request.method == "GET":
        form.text.data = item.draft_text
        form.version.data = str(item.version)
    status = 200
    if form.validate_on_submit():
        version = parse_id(form.version.data) or 0  # none or nonsense: treated as stale
        action = request.form.get("action", "save")
        try:
            if action == "review":
                services.review(item, user, form.text.data, version)
                flash(_("De vertaling is nagekeken en staat nu waar ze wordt gebruikt."), "ok")
            else:
                services.save_draft(item, user, form.text.data, version)
                flash(_("Je vertaling is opgeslagen."), "ok")
            return redirect(url_for("translation.editor", item_id=item.id), code=303)
        except services.StaleVersion:
            stale = item.draft_text
            form.version.data = str(item.version)
            status = 409
        except services.TranslationError as exc:
            form.text.errors.append(str(exc))
            status = 422
    elif request.method == "POST":
        status = 422
    text = form.text.data or ""
    hits = glossary.hits(item.source_text, item.source_locale, item.target_locale)
    missing = glossary.missing(item.source_text, item.source_locale, item.target_locale, text)
    return (
        render_template(
            "translation/editor.html",
            item=item,
            form=form,
            hits=hits,
            missing=missing,
            stale=stale,
            source_lang=language(item.source_locale),
            target_lang=language(item.target_locale),
            **_helpers(),
        ),
        status,
    )


@bp.post("/translation/request/<kind>/<int:source_id>")
@require_role("staff", "admin")
def make_request(kind: str, source_id: int):
    """One click on the page where the text lives: ask for every language it needs."""
    if kind not in REQUESTABLE:
        abort(404)
    obj = sources.load(kind, source_id)
    if obj is None:
        abort(404)
    form = RequestForm()
    back = _back_url(kind, obj)
    if not form.validate_on_submit():
        flash(_("Vul een datum in, zoals 31-12-2026."), "error")
        return redirect(back, code=303)
    targets = _targets(kind, obj)
    try:
        made = services.request_translation(
            kind,
            obj,
            "body",
            targets,
            needed_by=form.needed_by.data,
            used_for=str(REQUESTABLE[kind]),
            actor=_user(),
        )
    except services.TranslationError as exc:
        flash(str(exc), "error")
        return redirect(back, code=303)
    if made:
        flash(_("De vertaling is aangevraagd. Je vindt haar in de vertaalwachtrij."), "ok")
    else:
        flash(_("Er is geen taal die nog een vertaling nodig heeft."), "info")
    return redirect(back, code=303)


def _targets(kind: str, obj) -> list[str]:
    if kind == "signal":
        return ["nl"]
    if kind == "summary":
        return sources.summary_targets(obj)
    if kind == "reply":
        return sorted({s.locale for s in obj.signal.submitters if getattr(s, "locale", None)})
    return []


def _back_url(kind: str, obj) -> str:
    if kind == "signal":
        return url_for("signals.triage", signal_id=obj.id)
    if kind == "reply":
        return url_for("signals.triage", signal_id=obj.signal_id)
    return url_for("surveys.round_summary", round_id=obj.id)
