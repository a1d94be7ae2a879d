"""Conditional requests for the public pages: an ETag from one cheap "last change" query.

The public pages hold no personal data and set no cookie, so a reverse proxy may keep
them (Cache-Control: public, a short max-age). The ETag is a hash of the newest change to
anything a public page shows (actions, their texts, updates, commitments, signal counts,
rounds and their summaries), the language, the release (templates and catalogs, the same
in every worker) and the URL with its filters: a repeat visit gets 304 without a render,
and a first visit to a page another visitor asked for gets the bytes this worker rendered
then (the same ETag means the same bytes).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import wraps
from pathlib import Path

import sqlalchemy as sa
from flask import Response, current_app, g, make_response, request

from stem.accounts.models import Organisation
from stem.actions.models import Action, ActionText, ActionUpdate, ActionUpdateText
from stem.commitments.models import Commitment, CommitmentText
from stem.core.db import db
from stem.signals.models import Signal, Theme
from stem.surveys.models import ResultStep, Round, RoundSummary

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
MAX_AGE = 60  # seconds a browser or proxy may reuse a page without asking
RENDERED_PAGES = 64  # pages each worker keeps rendered (a few MB at most)
_release: list[str] = []
_rendered: OrderedDict[str, tuple[bytes, str, str | None]] = OrderedDict()


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
    row = db.session.execute(
        sa.select(
            _aggregate(sa.func.max(Action.updated_at)),
            _aggregate(count(Action.id)),
            _aggregate(sa.func.sum(Action.version)),
            _aggregate(sa.func.max(ActionText.updated_at)),
            _aggregate(count(ActionText.id)),
            # Updates and their texts are written once (approval sets approved_at): the
            # newest id and approval say enough, without reading every row.
            _aggregate(sa.func.max(ActionUpdate.id)),
            _aggregate(sa.func.max(ActionUpdate.approved_at)),
            _aggregate(sa.func.max(ActionUpdateText.id)),
            _aggregate(sa.func.sum(Commitment.version)),
            _aggregate(count(Commitment.id)),
            _aggregate(sa.func.max(CommitmentText.updated_at)),
            _aggregate(count(CommitmentText.id)),
            _aggregate(sa.func.sum(sa.func.length(sa.cast(Theme.names, sa.Text)))),
            _aggregate(sa.func.sum(Theme.position + sa.case((Theme.active, 1000), else_=0))),
            _aggregate(sa.func.sum(sa.func.length(Organisation.name))),
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


def _keep(etag: str, response: Response) -> None:
    """Keep a rendered page for the next request with the same ETag (same data, language,
    release and URL: the same bytes), the least recently used dropped first."""
    _rendered[etag] = (
        response.get_data(), response.mimetype, response.headers.get("Content-Disposition")
    )
    while len(_rendered) > RENDERED_PAGES:
        _rendered.popitem(last=False)


def cacheable(view):
    """Answer a conditional request with 304, else render; mark the response public."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        from flask_babel import get_locale

        etag = etag_for(str(get_locale()))
        if etag in request.if_none_match:
            response = make_response("", 304)
        elif etag in _rendered:
            body, mimetype, disposition = _rendered[etag]
            _rendered.move_to_end(etag)
            response = Response(body, mimetype=mimetype)
            if disposition:
                response.headers["Content-Disposition"] = disposition
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200:
                _keep(etag, response)
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE
        response.vary.update(("Accept-Language", "Cookie"))
        g.public_page = True
        return response

    wrapper.cacheable = True  # stem.core.security leaves its Cache-Control as it is
    return wrapper
