"""Operations on follow-up actions: create, edit, and the history of every change.

The functions take domain objects and the acting user, flush but never commit. An edit
takes the `version` the staff member's form showed: when the action changed since,
nothing is saved and StaleAction is raised (optimistic locking; see Action.version).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from stem.accounts.models import Organisation, User
from stem.actions.models import (
    ACTION_STATUSES,
    PROGRESS_MODES,
    STATUS_PROGRESS,
    Action,
    ActionEvent,
    ActionText,
)
from stem.actions.word_back import record_news
from stem.core.db import db, utcnow
from stem.core.i18n import LOCALE_CODES

SOURCE_LOCALE = "nl"


class ActionError(Exception):
    """An action cannot be saved as given; `field` names the input that is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class StaleAction(ActionError):
    """Someone saved the action after this form was loaded; nothing was changed."""

    def __init__(self):
        super().__init__(
            "version",
            _(
                "Iemand anders heeft deze vervolgactie intussen gewijzigd. Je wijzigingen zijn "
                "niet opgeslagen. Vergelijk je invoer met hoe de vervolgactie nu is opgeslagen "
                "en sla daarna opnieuw op."
            ),
        )


@dataclass
class TextInput:
    title: str
    description: str = ""
    reviewed: bool = False


@dataclass
class ActionInput:
    """What a staff member filled in for an action."""

    texts: dict[str, TextInput]
    responsible: User | None
    owner_department: str = ""
    owner_organisation: Organisation | None = None
    status: str = "planned"
    stopped_reason: str = ""
    starts_on: date | None = None
    due_on: date | None = None
    progress: int | None = None  # None: what the status gives, or the current value
    progress_mode: str = "manual"
    parent: Action | None = None
    weight: int = 1
    public: bool = False


def check_version(action: Action, version: int | None) -> None:
    """Raise StaleAction unless `version` (from the form) is the action's current version."""
    if version is None or version != action.version:
        raise StaleAction()


def flush() -> None:
    """Write now, so that a colleague's save in between shows up as StaleAction here."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleAction() from exc


def _descendants(action: Action) -> set[int]:
    found: set[int] = set()
    todo = list(action.children)
    while todo:
        child = todo.pop()
        if child.id in found:
            continue
        found.add(child.id)
        todo.extend(child.children)
    return found


def validate(data: ActionInput, action: Action | None = None) -> None:
    """Refuse input the form should have caught, so nothing wrong is ever stored."""
    nl = data.texts.get(SOURCE_LOCALE)
    if nl is None or not nl.title.strip():
        raise ActionError("title_nl", _("Vul een titel in het Nederlands in."))
    if data.status not in ACTION_STATUSES:
        raise ActionError("status", _("Kies een status."))
    if data.progress_mode not in PROGRESS_MODES:
        raise ActionError("progress_mode", _("Kies hoe de voortgang wordt bepaald."))
    if data.progress is not None and not 0 <= data.progress <= 100:
        raise ActionError("progress", _("Vul een voortgang in van 0 tot en met 100 procent."))
    if not 1 <= data.weight <= 100:
        raise ActionError("weight", _("Vul een gewicht in van 1 tot en met 100."))
    if data.starts_on and data.due_on and data.due_on < data.starts_on:
        raise ActionError("due_on", _("De einddatum ligt voor de startdatum. Kies een latere einddatum."))
    if data.status == "stopped" and not data.stopped_reason.strip():
        raise ActionError("stopped_reason", _("Schrijf op waarom de vervolgactie is gestopt."))
    if data.owner_organisation is None and not data.owner_department.strip():
        raise ActionError(
            "owner_department", _("Vul de afdeling in, of kies een partnerorganisatie als eigenaar.")
        )
    if data.responsible is None or not data.responsible.is_staff or not data.responsible.active:
        raise ActionError("responsible", _("Kies een medewerker die verantwoordelijk is."))
    if data.parent is not None and action is not None and (
        data.parent.id == action.id or data.parent.id in _descendants(action)
    ):
        raise ActionError(
            "parent", _("Een vervolgactie kan niet onder zichzelf of een eigen deelactie vallen.")
        )


def _progress_for(data: ActionInput, old_status: str | None, old_progress: int) -> int:
    """A status gives a default (planned 0, done 100) unless staff set a value themselves."""
    if data.progress is not None and data.progress != old_progress:
        return data.progress
    if data.status != old_status and data.status in STATUS_PROGRESS:
        return STATUS_PROGRESS[data.status]
    return data.progress if data.progress is not None else old_progress


def _event(action: Action, actor: User | None, kind: str, old="", new="") -> None:
    action.events.append(
        ActionEvent(actor_id=getattr(actor, "id", None), kind=kind, old=str(old)[:300],
                    new=str(new)[:300])
    )


def _owner_label(department: str, organisation: Organisation | None) -> str:
    return organisation.name if organisation is not None else department


def _set_texts(action: Action, texts: dict[str, TextInput], actor, record: bool) -> None:
    """Write the texts per language; Dutch is always reviewed (it is the source).

    As with survey texts, a change to the Dutch text marks every translation that was
    not changed in the same save unreviewed: it no longer says what the Dutch says.
    """
    source = action.text(SOURCE_LOCALE)
    given_nl = texts[SOURCE_LOCALE]
    nl_changed = source is not None and (
        source.title != given_nl.title or source.description != given_nl.description
    )
    for locale in LOCALE_CODES:
        given = texts.get(locale)
        row = action.text(locale)
        if given is None or not given.title.strip():
            if row is not None and locale != SOURCE_LOCALE:
                action.texts.remove(row)
            continue
        reviewed = True if locale == SOURCE_LOCALE else given.reviewed
        if row is None:
            action.texts.append(
                ActionText(locale=locale, title=given.title, description=given.description,
                           reviewed=reviewed)
            )
            continue
        same = row.title == given.title and row.description == given.description
        if locale != SOURCE_LOCALE and nl_changed and same:
            reviewed = False
        if record and locale == SOURCE_LOCALE and row.title != given.title:
            _event(action, actor, "title", row.title, given.title)
        if record and locale == SOURCE_LOCALE and row.description != given.description:
            _event(action, actor, "description")
        row.title, row.description, row.reviewed = given.title, given.description, reviewed


def create_action(actor: User, data: ActionInput) -> Action:
    """Add an action; its history starts with who created it."""
    validate(data)
    action = Action(
        responsible=data.responsible,
        owner_department="" if data.owner_organisation else data.owner_department.strip(),
        owner_organisation=data.owner_organisation,
        status=data.status,
        stopped_reason=data.stopped_reason.strip() if data.status == "stopped" else "",
        starts_on=data.starts_on,
        due_on=data.due_on,
        progress=_progress_for(data, None, 0),
        progress_mode=data.progress_mode,
        parent=data.parent,
        weight=data.weight,
        public=data.public,
        created_by_id=actor.id,
    )
    _set_texts(action, data.texts, actor, record=False)
    _event(action, actor, "created", "", data.texts[SOURCE_LOCALE].title)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(actor: User, action: Action, data: ActionInput, *, version: int) -> Action:
    """Change an action from a form loaded at `version`; every change goes into the history."""
    check_version(action, version)
    validate(data, action)
    changes = {
        "status": (action.status, data.status),
        "starts": (action.starts_on, data.starts_on),
        "due": (action.due_on, data.due_on),
        "responsible": (_name(action.responsible), _name(data.responsible)),
        "owner": (
            _owner_label(action.owner_department, action.owner_organisation),
            _owner_label(data.owner_department.strip(), data.owner_organisation),
        ),
        "public": (action.public, data.public),
        "parent": (_title(action.parent), _title(data.parent)),
        "weight": (action.weight, data.weight),
        "progress_mode": (action.progress_mode, data.progress_mode),
    }
    progress = _progress_for(data, action.status, action.progress)
    changes["progress"] = (action.progress, progress)
    for kind, (old, new) in changes.items():
        if old != new:
            _event(action, actor, kind, _show(old), _show(new))
    reason = data.stopped_reason.strip() if data.status == "stopped" else ""
    if reason and reason != action.stopped_reason:
        _event(action, actor, "stopped_reason", action.stopped_reason, reason)
    action.status, action.stopped_reason = data.status, reason
    action.starts_on, action.due_on = data.starts_on, data.due_on
    action.responsible = data.responsible
    action.owner_organisation = data.owner_organisation
    action.owner_department = "" if data.owner_organisation else data.owner_department.strip()
    action.public, action.parent, action.weight = data.public, data.parent, data.weight
    action.progress, action.progress_mode = progress, data.progress_mode
    _set_texts(action, data.texts, actor, record=True)
    action.updated_at = utcnow()
    flush()
    if changes["status"][0] != changes["status"][1]:
        record_news(action, "done" if action.status == "done" else "status")
    return action


def _name(user: User | None) -> str:
    return (user.display_name or user.email or "") if user is not None else ""


def _title(action: Action | None) -> str:
    return action.title_nl if action is not None else ""


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record(action: Action, actor: User | None, kind: str, old="", new="") -> None:
    """Add a line to the action's history (for links and updates)."""
    _event(action, actor, kind, old, new)
