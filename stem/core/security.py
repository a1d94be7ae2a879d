"""Access declarations for routes, the Content-Security-Policy nonce and security headers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, g, request
from flask_login import current_user

ROLES = ("member", "partner", "staff", "admin", "translator")
STAFF_ROLES = ("staff", "admin")


def _declare(view: Callable, access: str) -> None:
    view.access = access  # read by the route-declaration test and the access log


def public(view: Callable) -> Callable:
    """Anyone may use this route, signed in or not."""
    _declare(view, "public")
    return view


def require_login(view: Callable) -> Callable:
    """Any signed-in user may use this route; others are sent to sign in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    _declare(wrapper, "login")
    return wrapper


def require_role(*roles: str) -> Callable[[Callable], Callable]:
    """Only signed-in users with one of these roles may use this route."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        _declare(wrapper, "roles:" + ",".join(roles))
        return wrapper

    return decorator


def csp_nonce() -> str:
    """The per-request nonce that inline <script> and <style> elements must carry."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _csp(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self' blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def init_security_headers(app: Flask) -> None:
    """Set the security headers on every response, partials and errors included."""
    production = app.config["STEM_ENV"] == "production"

    @app.after_request
    def _headers(response):
        headers = response.headers
        # A view may set a stricter policy (a downloaded file gets `sandbox`): keep it.
        headers.setdefault("Content-Security-Policy", _csp(csp_nonce()))
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(), payment=()"
        if production:
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if request.endpoint != "static":
            if getattr(current_app.view_functions.get(request.endpoint), "cacheable", False):
                pass  # the same for everyone, nothing personal (question audio): the view decides
            elif current_user and current_user.is_authenticated:
                headers["Cache-Control"] = "no-store"
            elif "Cache-Control" not in headers:
                headers["Cache-Control"] = "no-cache, private"
            headers.add("Vary", "Cookie")
            headers.add("Vary", "HX-Request")
        return response
