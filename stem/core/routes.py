"""Start page, dashboard and the language switch."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from stem.core import bp
from stem.core.db import db
from stem.core.i18n import normalise_locale, remember_language
from stem.core.security import public, require_login
from stem.core.templating import safe_next


@bp.get("/")
@public
def index():
    """The public start page."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    return render_template("core/index.html")


@bp.get("/home")
@require_login
def home():
    """Each role's own start page."""
    if current_user.is_staff:
        return render_template("core/home_staff.html", **_staff_overview())
    open_rounds = []
    if current_user.role == "member":
        from stem.surveys.answering.my_rounds import my_rounds

        open_rounds, _past = my_rounds(current_user, str(get_locale()), past=False)
    return render_template("core/home.html", open_rounds=open_rounds)


def _staff_overview() -> dict:
    """The figures on the staff start page: what waits for attention."""
    import sqlalchemy as sa

    from stem.notify.models import OutboxMessage
    from stem.signals.models import Signal
    from stem.signals.triage.queries import overdue_count
    from stem.surveys.models import Round

    return {
        "new_signals": db.session.scalar(
            sa.select(sa.func.count()).select_from(Signal).where(Signal.status == "new")
        ),
        "overdue_signals": overdue_count(),
        "open_round": db.session.scalar(
            sa.select(Round).where(Round.status == "open").order_by(Round.period.desc()).limit(1)
        ),
        "failed_messages": db.session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMessage)
            .where(OutboxMessage.status == "failed")
        ),
    }


@bp.post("/language")
@public
def switch_language():
    """Remember the chosen language on the account or in a cookie, then go back."""
    code = normalise_locale(request.form.get("locale"))
    target = safe_next(request.form.get("next"), url_for("core.index"))
    response = redirect(target, code=303)
    if code is None:
        return response
    remember_language(response, code)
    return response
