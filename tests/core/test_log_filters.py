"""Request logs never show sign-in tokens."""

import logging

from stem.core.log_filters import RedactTokens, redact


def test_redact_link_tokens():
    line = '127.0.0.1 - - "GET /sign-in/link/AbC-12_xyz HTTP/1.1" 200 -'
    assert redact(line) == '127.0.0.1 - - "GET /sign-in/link/[token] HTTP/1.1" 200 -'
    assert (
        redact("POST /staff/set-password/q9-Z_ HTTP/1.1")
        == "POST /staff/set-password/[token] HTTP/1.1"
    )
    assert redact("GET /sign-in/code HTTP/1.1") == "GET /sign-in/code HTTP/1.1"


def test_werkzeug_request_log_is_redacted(app, caplog):
    logger = logging.getLogger("werkzeug")
    assert any(isinstance(f, RedactTokens) for f in logger.filters)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logger.info(
            '%s - - "%s" %s', "127.0.0.1", "GET /sign-in/link/SECRETtoken123 HTTP/1.1", "200"
        )
    assert "SECRETtoken123" not in caplog.text
    assert "/sign-in/link/[token]" in caplog.text
