"""Keep secrets out of request logs: sign-in and set-up links carry tokens in their paths."""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping

# /r/<token>: a member's personal round link (stem/surveys/answering/routes.py).
TOKEN_PATH = re.compile(r"(/(?:sign-in/link|staff/set-password|r)/)[A-Za-z0-9_\-]+")


def redact(text: str) -> str:
    """The text with every link token replaced by [token]."""
    return TOKEN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    """A logging filter that removes link tokens from messages and their arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, MutableMapping):  # gunicorn's access log: its own dict
            for key, value in list(record.args.items()):
                if isinstance(value, str):
                    record.args[key] = redact(value)
        return True


def install() -> None:
    """Attach the filter to the request loggers of werkzeug and gunicorn (once)."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
