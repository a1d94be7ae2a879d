"""Factories and form data for the action tests."""

from __future__ import annotations

from datetime import date

from stem.actions import services
from stem.actions.services import ActionInput, TextInput
from tests import factories


def action_input(responsible, **fields) -> ActionInput:
    texts = fields.pop("texts", None) or {"nl": TextInput(fields.pop("title", "Taalcafé in het Welkomhuis"))}
    fields.setdefault("owner_department", "Asiel en Integratie")
    return ActionInput(texts=texts, responsible=responsible, **fields)


def create_action(responsible=None, actor=None, **fields):
    """An action owned by a department unless `owner_organisation` is given."""
    responsible = responsible or factories.create_user("staff")
    if fields.get("owner_organisation") is not None:
        fields.setdefault("owner_department", "")
    return services.create_action(actor or responsible, action_input(responsible, **fields))


def form_data(token: str, responsible, **fields) -> dict:
    """The action form as a browser sends it."""
    data = {
        "csrf_token": token,
        "title_nl": "Taaloefenen drie keer per week",
        "description_nl": "In het Welkomhuis, met vrijwilligers.",
        "responsible": str(responsible.id),
        "owner_organisation": "0",
        "owner_department": "Asiel en Integratie",
        "status": "planned",
        "stopped_reason": "",
        "starts_on": "01-01-2027",
        "due_on": "31-03-2027",
        "progress_mode": "manual",
        "progress": "",
        "parent": "0",
        "weight": "1",
    }
    data.update({k: str(v) if not isinstance(v, str) else v for k, v in fields.items()})
    return data


def update_data(token: str, **fields) -> dict:
    data = {
        "csrf_token": token,
        "happened_on": date(2027, 1, 15).isoformat(),
        "happened_nl": "De eerste oefengroep is gestart.",
        "next_steps_nl": "Een tweede groep op woensdag.",
        "next_on": "",
    }
    data.update(fields)
    return data
