"""Conditional requests for the public pages: an ETag from one cheap "last change" query.

The public pages hold no personal data and set no cookie, so a reverse proxy may keep
them (Cache-Control: public, a short max-age). The ETag is a hash of the newest change to
anything a public page shows (actions, their texts, updates, commitments, signal counts,
rounds and their summaries), the language, the release (templates and catalogs, the same
in every worker) and the URL with its filters: a repeat visit gets 304 without a render.
"""

from __future__ import annotations

import hashlib
from functools import wraps
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, g, make_response, request

from stem.actions.models import Action, ActionText, ActionUpdate, ActionUpdateText
from stem.commitments.models import Commitment
from stem.core.db import db
from stem.signals.models import Signal
from stem.surveys.models import ResultStep, Round, RoundSummary

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
MAX_AGE = 60  # seconds a browser or proxy may reuse a page without asking
_release: list[str] = []


def release() -> str:
    """What the pages are made from: the templates, catalogs and styles of this release.

    The same in every worker process (a start time would differ per worker, and each
    worker would then answer another ETag); worked out once per process.
    """
    if not _release:
        digest = hashlib.sha256()
        roots = [current_app.template_folder, current_app.static_folder,
                 str(TRANSLATIONS)]
        for root in roots:
            for path in sorted(Path(root).rglob("*")):
                if path.suffix in (".html", ".mo", ".css", ".txt"):
                    stat = path.stat()
                    digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        _release.append(digest.hexdigest())
    return _release[0]


def _aggregate(*columns):
    return sa.select(*columns).scalar_subquery()


def last_change() -> str:
    """One row of aggregates that changes whenever anything public may have changed."""
    count = sa.func.count
    text_len = sa.func.length(ActionUpdateText.happened) + sa.func.length(
        ActionUpdateText.next_steps
    )
    row = db.session.execute(
        sa.select(
            _aggregate(sa.func.max(Action.updated_at)),
            _aggregate(count(Action.id)),
            _aggregate(sa.func.sum(Action.version)),
            _aggregate(sa.func.max(ActionText.updated_at)),
            _aggregate(count(ActionText.id)),
            _aggregate(count(ActionUpdate.id)),
            _aggregate(sa.func.max(ActionUpdate.approved_at)),
            _aggregate(sa.func.sum(sa.case((ActionUpdate.public, 1), else_=0))),
            _aggregate(count(ActionUpdateText.id)),
            _aggregate(sa.func.sum(sa.case((ActionUpdateText.reviewed, 1), else_=0))),
            _aggregate(sa.func.sum(text_len)),
            _aggregate(sa.func.sum(Commitment.version)),
            _aggregate(count(Commitment.id)),
            _aggregate(count(Signal.id)),
            _aggregate(sa.func.sum(Signal.version)),
            _aggregate(count(Round.id)),
            _aggregate(sa.func.max(Round.summary_published_at)),
            _aggregate(sa.func.max(Round.closed_at)),
            _aggregate(count(ResultStep.id)),
            _aggregate(sa.func.max(RoundSummary.updated_at)),
        )
    ).one()
    return "|".join(str(value) for value in row)


def etag_for(locale: str) -> str:
    """The ETag of the current request's page in `locale`."""
    key = "\n".join((last_change(), locale, release(), request.full_path))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def cacheable(view):
    """Answer a conditional request with 304, else render; mark the response public."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        from flask_babel import get_locale

        etag = etag_for(str(get_locale()))
        response = make_response("", 304) if etag in request.if_none_match else make_response(view(*args, **kwargs))
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE
        response.vary.update(("Accept-Language", "Cookie"))
        g.public_page = True
        return response

    wrapper.cacheable = True  # stem.core.security leaves its Cache-Control as it is
    return wrapper
