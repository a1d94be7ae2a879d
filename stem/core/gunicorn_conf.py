"""gunicorn settings for Stem: `gunicorn -c python:stem.core.gunicorn_conf "stem:create_app()"`.

The access log is gunicorn's combined format with every link token replaced by [token]:
round links, sign-in and set-up links carry their secret in the path (and a browser may
send one on as Referer), and a log line must never be a way in. Settings given on the
command line (`-w`, `-b`) win over the ones here.
"""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

from stem.core.log_filters import redact

# Never written to a log, whatever access_log_format asks for.
_SECRET_ATOMS = ("{cookie}i", "{authorization}i", "{set-cookie}o", "{http_cookie}e",
                 "{http_authorization}e")


class RedactingLogger(Logger):
    """gunicorn's logger, with tokens taken out of every access-log field."""

    def atoms(self, resp, req, environ, request_time):
        """The access-log fields, redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _SECRET_ATOMS:
            atoms.pop(key, None)
        return {key: redact(value) if isinstance(value, str) else value
                for key, value in atoms.items()}


bind = os.environ.get("STEM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("STEM_WORKERS", "4"))
worker_class = "sync"
# A slow phone upload of three photos takes a while; a worker stuck longer is restarted.
timeout = 120
graceful_timeout = 30
accesslog = os.environ.get("STEM_ACCESS_LOG", "-")
errorlog = "-"
logger_class = RedactingLogger
