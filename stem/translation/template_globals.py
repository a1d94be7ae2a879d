"""What other features' pages show of the desk: a signal's Dutch version."""

from __future__ import annotations

from stem.core.db import db
from stem.translation import bp, services
from stem.translation.models import SignalTranslation


@bp.app_template_global()
def signal_dutch(signal_id: int) -> dict:
    """The Dutch text of a signal (and whether it is reviewed), or its open request."""
    row = db.session.get(SignalTranslation, (signal_id, "nl"))
    return {
        "text": row.body if row else "",
        "status": row.status if row else "",
        "open": None if row else services.open_request("signal", signal_id, "body", "nl"),
    }
