"""Absolute addresses for messages: BASE_URL and a route's path, with or without a request."""

from __future__ import annotations

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    """BASE_URL + the path of `endpoint`, inside or outside a request (the scheduler has none)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"] + path
