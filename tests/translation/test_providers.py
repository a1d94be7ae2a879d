"""The machine translation adapters against a small local HTTP server (issue 14, section 3).

LibreTranslate's language models cannot be downloaded here (and DeepL needs an account), so
each adapter is tested against a thread in this test that speaks the provider's documented
API: LibreTranslate's POST /translate (q, source, target, format, api_key -> translatedText)
and DeepL's POST /v2/translate (Authorization: DeepL-Auth-Key, text[], source_lang,
target_lang -> translations[].text), with their documented error answers. The fake
"translation" upper-cases the text, tagged with the target language.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask_babel import force_locale

from stem.translation.providers import DeepL, LibreTranslate, ProviderError, get_provider

KEY = "test-key-123"


class FakeServer:
    """One provider's API on 127.0.0.1; `answer` decides the next replies."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.requests: list[dict] = []
        self.answer: tuple[int, object] | None = None  # (status, body) instead of a translation
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw or b"{}")
                server.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                if server.delay:
                    time.sleep(server.delay)
                status, payload = server.reply(self.path, self.headers, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                # The client may have given up waiting (the timeout tests).
                with contextlib.suppress(BrokenPipeError):
                    self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def reply(self, path, headers, body):
        if self.answer is not None:
            return self.answer
        if self.kind == "libretranslate":
            if path != "/translate":
                return 404, {"error": "Not found"}
            if body.get("api_key") != KEY:
                return 403, {"error": "Invalid API key"}
            for lang in (body["source"], body["target"]):
                if lang not in ("auto", "nl", "en", "ar", "fa", "tr", "uk"):
                    return 400, {"error": f"{lang} is not supported"}
            q = body["q"]
            out = [f"[{body['target']}] {t.upper()}" for t in q] if isinstance(q, list) else q
            return 200, {"translatedText": out}
        if path != "/v2/translate":
            return 404, {"message": "Not found"}
        if headers.get("Authorization") != f"DeepL-Auth-Key {KEY}":
            return 403, {"message": "Wrong endpoint or key"}
        target = body["target_lang"]
        return 200, {
            "translations": [
                {
                    "detected_source_language": body.get("source_lang", "NL"),
                    "text": f"[{target}] {t.upper()}",
                }
                for t in body["text"]
            ]
        }

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def libre():
    server = FakeServer("libretranslate")
    yield server
    server.close()


@pytest.fixture
def deepl():
    server = FakeServer("deepl")
    yield server
    server.close()


def reason(exc: ProviderError, locale: str = "nl") -> str:
    from flask import current_app

    with current_app.test_request_context(), force_locale(locale):
        return exc.reason


# --- LibreTranslate -----------------------------------------------------------------------


def test_libretranslate_sends_the_documented_request_and_keeps_the_order(app, libre):
    provider = LibreTranslate(libre.url, KEY, timeout=5)
    drafts = provider.translate(["Het dak lekt.", "Dank u wel."], "nl", "ar")
    assert drafts == ["[ar] HET DAK LEKT.", "[ar] DANK U WEL."]
    (request,) = libre.requests
    assert request["path"] == "/translate"
    assert request["body"] == {
        "q": ["Het dak lekt.", "Dank u wel."],
        "source": "nl",
        "target": "ar",
        "format": "text",
        "api_key": KEY,
    }


def test_libretranslate_calls_dari_fa_and_asks_auto_for_an_unknown_source(app, libre):
    provider = LibreTranslate(libre.url, KEY, timeout=5)
    assert provider.translate(["Salaam"], "und", "fa_AF") == ["[fa] SALAAM"]
    assert libre.requests[0]["body"]["source"] == "auto"
    assert libre.requests[0]["body"]["target"] == "fa"


def test_libretranslate_without_a_model_for_the_pair_says_which_languages(app, libre):
    provider = LibreTranslate(libre.url, KEY, timeout=5)
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Dank u wel."], "nl", "ti")
    assert caught.value.kind == "unsupported"
    assert reason(caught.value) == (
        "De vertaaldienst kan niet vertalen van Nederlands naar Tigrinya. Vraag een vertaler."
    )


def test_libretranslate_with_a_wrong_key_asks_for_the_setting_to_be_checked(app, libre):
    provider = LibreTranslate(libre.url, "wrong", timeout=5)
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Dank u wel."], "nl", "en")
    assert (caught.value.kind, caught.value.status) == ("refused_key", 403)
    assert "sleutel" in reason(caught.value)
    assert "Invalid API key" in str(caught.value)  # the provider's words, for the log


def test_a_provider_that_does_not_answer_in_time_is_a_timeout(app, libre):
    libre.delay = 1.5
    provider = LibreTranslate(libre.url, KEY, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Het dak lekt."], "nl", "ar")
    assert time.monotonic() - started < 1.4
    assert caught.value.kind == "timeout"
    assert reason(caught.value) == (
        "De vertaaldienst antwoordde niet op tijd. Probeer het later opnieuw."
    )


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (429, {"error": "Slowdown: 20 per 1 minute"}, "busy"),
        (500, {"error": "Cannot translate text"}, "failed"),
        (503, b"<html>Service Unavailable</html>", "unreachable"),
        (200, b"not json at all", "bad_answer"),
        (200, {"translatedText": ["only one"]}, "bad_answer"),
        (200, {"something": "else"}, "bad_answer"),
    ],
)
def test_libretranslate_error_answers_become_a_reason(app, libre, status, body, kind):
    libre.answer = (status, body)
    provider = LibreTranslate(libre.url, KEY, timeout=5)
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Een.", "Twee."], "nl", "en")
    assert caught.value.kind == kind
    assert reason(caught.value).startswith("De vertaaldienst")
    assert reason(caught.value, "en") != reason(caught.value)  # translated for staff


def test_an_unreachable_server_is_reported_not_raised_raw(app):
    provider = LibreTranslate("http://127.0.0.1:9", KEY, timeout=2)  # nothing listens there
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Een."], "nl", "en")
    assert caught.value.kind == "unreachable"


# --- DeepL --------------------------------------------------------------------------------


def test_deepl_sends_the_documented_request(app, deepl):
    provider = DeepL(deepl.url, KEY, timeout=5)
    drafts = provider.translate(["Het dak lekt.", "Dank u wel."], "nl", "en")
    assert drafts == ["[EN-GB] HET DAK LEKT.", "[EN-GB] DANK U WEL."]
    (request,) = deepl.requests
    assert request["path"] == "/v2/translate"
    assert request["headers"]["Authorization"] == f"DeepL-Auth-Key {KEY}"
    assert request["body"] == {
        "text": ["Het dak lekt.", "Dank u wel."],
        "source_lang": "NL",
        "target_lang": "EN-GB",
    }


def test_deepl_lets_itself_find_an_unknown_source_language(app, deepl):
    provider = DeepL(deepl.url, KEY, timeout=5)
    assert provider.translate(["مرحبا"], "und", "nl") == ["[NL] مرحبا"]
    assert "source_lang" not in deepl.requests[0]["body"]


@pytest.mark.parametrize(("source", "target"), [("nl", "ti"), ("nl", "so"), ("fa_AF", "nl")])
def test_deepl_refuses_languages_it_lacks_before_sending_anything(app, deepl, source, target):
    provider = DeepL(deepl.url, KEY, timeout=5)
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Een tekst."], source, target)
    assert caught.value.kind == "unsupported"
    assert deepl.requests == []
    assert "Vraag een vertaler." in reason(caught.value)


@pytest.mark.parametrize(
    ("status", "kind"), [(403, "refused_key"), (456, "busy"), (429, "busy"), (500, "failed")]
)
def test_deepl_error_answers_become_a_reason(app, deepl, status, kind):
    deepl.answer = (status, {"message": "documented error"})
    provider = DeepL(deepl.url, KEY, timeout=5)
    with pytest.raises(ProviderError) as caught:
        provider.translate(["Een."], "nl", "ar")
    assert caught.value.kind == kind
    assert reason(caught.value).startswith("De vertaaldienst")


def test_deepl_timeout(app, deepl):
    deepl.delay = 1.5
    with pytest.raises(ProviderError) as caught:
        DeepL(deepl.url, KEY, timeout=0.3).translate(["Een."], "nl", "ar")
    assert caught.value.kind == "timeout"


# --- configuration ------------------------------------------------------------------------


def test_no_provider_unless_configured(app):
    assert app.config["TRANSLATION_PROVIDER"] == "none"
    assert get_provider(app.config) is None


def test_the_configured_provider_is_built_from_the_settings(app, deepl):
    config = {
        "TRANSLATION_PROVIDER": "deepl",
        "TRANSLATION_URL": deepl.url,
        "TRANSLATION_API_KEY": KEY,
        "TRANSLATION_TIMEOUT": 7,
    }
    provider = get_provider(config)
    assert isinstance(provider, DeepL)
    assert (provider.url, provider.api_key, provider.timeout) == (deepl.url, KEY, 7)
    assert provider.translate(["Goed."], "nl", "tr") == ["[TR] GOED."]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STEM_TRANSLATION_PROVIDER": "google"}, "none, libretranslate or deepl"),
        ({"STEM_TRANSLATION_PROVIDER": "libretranslate"}, "STEM_TRANSLATION_URL"),
        (
            {"STEM_TRANSLATION_PROVIDER": "deepl", "STEM_TRANSLATION_URL": "https://x.example"},
            "STEM_TRANSLATION_API_KEY",
        ),
    ],
)
def test_a_bad_provider_setting_stops_start_up_with_a_clear_message(
    monkeypatch, tmp_path, env, message
):
    from stem.config import ConfigError, load_config

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        load_config(str(tmp_path))
