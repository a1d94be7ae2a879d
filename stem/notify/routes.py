"""The staff page for messages that could not be delivered, and "retry all failed since …"."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.forms import DutchDateField, Required, StemForm
from stem.core.i18n import AMSTERDAM
from stem.core.security import require_role
from stem.notify import bp
from stem.notify.delivery import retry_failed_since
from stem.notify.models import OutboxMessage
from stem.notify.outbox import mask_recipient

SHOWN = 100


class RetryFailedForm(StemForm):
    since = DutchDateField(
        _l("Opnieuw proberen voor berichten sinds"),
        validators=[Required(_l("Vul een datum in, zoals 31-12-2026."))],
        description=_l("Bijvoorbeeld de dag waarop de storing begon."),
    )


def _counts() -> dict[str, int]:
    return dict(db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    ).all())


@bp.route("/outbox", methods=["GET", "POST"])
@require_role("staff", "admin")
def outbox():
    """What is waiting, what failed, and a button to try failed messages again."""
    form = RetryFailedForm()
    if form.validate_on_submit():
        since = datetime.combine(form.since.data, time.min, tzinfo=AMSTERDAM)
        report = retry_failed_since(since)
        audit("outbox.retry_failed", actor=current_user, since=form.since.data.isoformat(),
              retried=report.retried, skipped=report.skipped)
        db.session.commit()
        flash(
            _(
                "%(retried)d berichten worden opnieuw verstuurd. %(skipped)d konden niet opnieuw: "
                "dat zijn inlogcodes die verlopen zijn, of berichten die niet meer nodig zijn.",
                retried=report.retried,
                skipped=report.skipped,
            ),
            "ok",
        )
        return redirect(url_for("notify.outbox"), code=303)
    if form.since.data is None and not form.errors:
        form.since.data = (utcnow() - timedelta(days=3)).astimezone(AMSTERDAM).date()
    failed = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.status == "failed")
        .order_by(OutboxMessage.created_at.desc()).limit(SHOWN)
    ).all()
    return render_template("notify/outbox.html", form=form, counts=_counts(), failed=failed,
                           mask=mask_recipient)
