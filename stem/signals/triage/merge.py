"""Merging duplicate signals: one survives and keeps every submitter, file and link.

Merged signals never form chains: a signal merged into another ends in status "merged",
cannot be a target, and whatever was merged into it earlier moves on to the survivor too.
Submitters who join a survivor that was already answered get its latest reply.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from stem.accounts.models import User
from stem.core.db import db, utcnow
from stem.core.templating import isolate
from stem.signals.models import Signal, SignalAttachment, signal_commitments
from stem.signals.triage import replies
from stem.signals.triage import services as triage


class MergeError(triage.TriageError):
    """A merge that cannot be done; the message is shown to staff."""


def check_merge(duplicate: Signal, survivor: Signal | None) -> None:
    """Raise MergeError when `duplicate` may not be merged into `survivor`."""
    if survivor is None:
        raise MergeError(
            _("Er is geen signaal met deze referentie. Controleer de referentie."), "into"
        )
    if survivor.id == duplicate.id:
        raise MergeError(
            _("Een signaal kan niet met zichzelf worden samengevoegd. Kies een ander signaal."),
            "into",
        )
    if duplicate.status == "merged":
        raise MergeError(_("Dit signaal is al samengevoegd met een ander signaal."), "into")
    if survivor.status == "merged":
        raise MergeError(
            _(
                "Signaal %(reference)s is zelf al samengevoegd. Kies het signaal waarin het is opgegaan.",
                reference=isolate(survivor.reference),
            ),
            "into",
        )


@triage.saves
def merge(
    actor: User,
    duplicate: Signal,
    survivor: Signal,
    *,
    version=None,
    survivor_version=None,
) -> None:
    """Merge `duplicate` into `survivor`; both forms' versions are checked."""
    triage.require_staff(actor)
    triage.check_version(duplicate, version)
    triage.check_version(survivor, survivor_version)
    check_merge(duplicate, survivor)

    joining = list(duplicate.submitters)
    for submitter in joining:
        # Who joins keeps the reference they know: their own, or one merged earlier.
        if submitter.origin_signal_id is None:
            submitter.origin_signal_id = duplicate.id
        submitter.signal = survivor
    db.session.execute(
        sa.update(SignalAttachment)
        .where(SignalAttachment.signal_id == duplicate.id)
        .values(signal_id=survivor.id)
    )
    linked = {c.id for c in survivor.commitments}
    for commitment in duplicate.commitments:
        if commitment.id not in linked:
            db.session.execute(
                signal_commitments.insert().values(
                    signal_id=survivor.id,
                    commitment_id=commitment.id,
                    linked_at=utcnow(),
                    linked_by_id=actor.id,
                )
            )
            triage.record(survivor, actor, "link", "", commitment.code)
    # Earlier merges into the duplicate now point at the survivor: no chains.
    earlier = db.session.scalars(
        sa.select(Signal).where(Signal.merged_into_id == duplicate.id)
    ).all()
    for signal in earlier:
        signal.merged_into = survivor
        triage.record(signal, actor, "merge", duplicate.reference, survivor.reference)

    _mark_merged(actor, duplicate)
    duplicate.merged_into = survivor
    triage.record(duplicate, actor, "merge", "", survivor.reference)
    triage.record(survivor, actor, "merged_from", "", duplicate.reference)
    db.session.flush()
    db.session.expire(survivor, ["submitters", "attachments", "commitments"])
    db.session.expire(duplicate, ["submitters", "attachments", "commitments"])
    if survivor.replies:
        # Everyone who raised it gets the answer, also those who join after it was given.
        replies.send_reply(survivor.replies[-1], joining)
    triage.flush()


def _mark_merged(actor: User, duplicate: Signal) -> None:
    old = duplicate.status
    duplicate.status = "merged"
    duplicate.closed_at = utcnow()
    triage.record(duplicate, actor, "status", old, "merged")
