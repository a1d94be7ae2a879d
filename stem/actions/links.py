"""Links between actions and signals, commitments and rounds, many-to-many.

A link to a signal that was merged into another goes to the surviving signal: that is
where the submitters and the history now are.
"""

from __future__ import annotations

from flask_babel import gettext as _

from stem.actions.models import Action, ActionRound
from stem.actions.services import ActionError, record
from stem.commitments.models import Commitment
from stem.signals.models import Signal
from stem.surveys.models import Question, Round


def surviving(signal: Signal) -> Signal:
    """The signal that `signal` was (perhaps repeatedly) merged into, or itself."""
    seen = {signal.id}
    while signal.merged_into is not None and signal.merged_into.id not in seen:
        signal = signal.merged_into
        seen.add(signal.id)
    return signal


def link_signal(actor, action: Action, signal: Signal) -> Signal:
    """Link the signal (its survivor, when merged); a second link changes nothing."""
    target = surviving(signal)
    if target not in action.signals:
        action.signals.append(target)
        record(action, actor, "link", "", target.reference)
    return target


def link_commitment(actor, action: Action, commitment: Commitment) -> None:
    """Link a council commitment; a second link changes nothing."""
    if commitment not in action.commitments:
        action.commitments.append(commitment)
        record(action, actor, "link", "", commitment.code)


def link_round(actor, action: Action, round_: Round, question: Question | None = None) -> None:
    """Link a round, or one of its questions; a second link changes nothing."""
    if question is not None and question.survey_id != round_.survey_id:
        raise ActionError("question", _("Deze vraag hoort niet bij die ronde. Kies een vraag uit de ronde."))
    for link in action.round_links:
        if link.round_id == round_.id and link.question_id == getattr(question, "id", None):
            return
    action.round_links.append(ActionRound(round=round_, question=question, linked_by_id=actor.id))
    label = round_.period if question is None else f"{round_.period} #{question.position}"
    record(action, actor, "link", "", label)


def unlink(actor, action: Action, kind: str, target_id: int) -> bool:
    """Remove one link; False when there was no such link."""
    if kind == "signal":
        found = next((s for s in action.signals if s.id == target_id), None)
        if found is None:
            return False
        action.signals.remove(found)
        record(action, actor, "unlink", found.reference, "")
        return True
    if kind == "commitment":
        found = next((c for c in action.commitments if c.id == target_id), None)
        if found is None:
            return False
        action.commitments.remove(found)
        record(action, actor, "unlink", found.code, "")
        return True
    if kind == "round":
        found = next((r for r in action.round_links if r.id == target_id), None)
        if found is None:
            return False
        action.round_links.remove(found)
        record(action, actor, "unlink", found.round.period, "")
        return True
    return False
