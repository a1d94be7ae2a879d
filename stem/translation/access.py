"""What a translator may reach: their queue, the editor, the glossary, their account, sign-out.

A translator sees texts, never people: every other page answers 404, whatever the route's own
declaration allows, so a new page elsewhere does not open to translators by accident.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from stem.translation import bp

ACCOUNT_ENDPOINTS = frozenset(
    {
        "accounts.account",
        "accounts.account_confirm_address",
        "accounts.account_end_device",
        "accounts.sign_out_everywhere",
    }
)


def translator_may_reach(endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static" or endpoint.startswith("translation."):
        return True
    if endpoint in ACCOUNT_ENDPOINTS:
        return True
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None) == "public"


@bp.before_app_request
def _fence_translators():
    if not current_user.is_authenticated or current_user.role != "translator":
        return None
    if request.endpoint == "core.home":
        return redirect(url_for("translation.queue"))
    if not translator_may_reach(request.endpoint):
        abort(404)
    return None
