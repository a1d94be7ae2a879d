"""What every machine translation provider shares: the interface, its error, one HTTP call.

Only the texts to translate and the two language codes are sent; never a name, an address,
a reference or anything else about the person who wrote them. Nothing is logged of the texts.
"""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request
from abc import ABC, abstractmethod

from flask_babel import gettext as _

log = logging.getLogger(__name__)

# Why a machine draft did not come: the kinds a ProviderError can have.
TIMEOUT, UNREACHABLE, REFUSED_KEY, BUSY, UNSUPPORTED, BAD_ANSWER, FAILED = (
    "timeout",
    "unreachable",
    "refused_key",
    "busy",
    "unsupported",
    "bad_answer",
    "failed",
)


class ProviderError(Exception):
    """A machine draft could not be made. `reason` is a sentence for staff, in their language;
    `str()` is for the log (the kind and the provider's own words, never the texts)."""

    def __init__(
        self,
        kind: str,
        *,
        provider: str = "",
        status: int | None = None,
        source: str | None = None,
        target: str | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(f"{provider or 'provider'}: {kind} {status or ''} {detail}".strip())
        self.kind = kind
        self.provider = provider
        self.status = status
        self.source = source
        self.target = target
        self.detail = detail

    @property
    def reason(self) -> str:
        """Why, in the reader's language (read it inside a request or `force_locale`)."""
        if self.kind == TIMEOUT:
            return _("De vertaaldienst antwoordde niet op tijd. Probeer het later opnieuw.")
        if self.kind == UNREACHABLE:
            return _("De vertaaldienst is niet bereikbaar. Probeer het later opnieuw.")
        if self.kind == REFUSED_KEY:
            return _(
                "De vertaaldienst weigert de sleutel van Stem. "
                "Vraag de beheerder om de instelling te controleren."
            )
        if self.kind == BUSY:
            return _(
                "De vertaaldienst heeft te veel vragen gekregen of het tegoed is op. "
                "Probeer het later opnieuw."
            )
        if self.kind == UNSUPPORTED:
            from stem.core.dates import language_name

            return _(
                "De vertaaldienst kan niet vertalen van %(source)s naar %(target)s. "
                "Vraag een vertaler.",
                source=language_name(self.source or "und"),
                target=language_name(self.target or "und"),
            )
        if self.kind == BAD_ANSWER:
            return _("De vertaaldienst gaf een antwoord dat Stem niet begrijpt.")
        return _(
            "De vertaaldienst gaf een fout (code %(status)s). Probeer het later opnieuw.",
            status=self.status or "?",
        )


class Provider(ABC):
    """A machine translation service: texts in, drafts out, in the same order."""

    name = "provider"

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 20.0) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key or None
        self.timeout = timeout

    @abstractmethod
    def supports(self, source: str, target: str) -> bool:
        """Whether the pair can be asked at all (Stem's locale codes)."""

    @abstractmethod
    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """One draft per text, in order. Raises ProviderError with a reason for staff."""

    def check_pair(self, source: str, target: str) -> None:
        if not self.supports(source, target):
            raise ProviderError(UNSUPPORTED, provider=self.name, source=source, target=target)

    # --- one HTTP call --------------------------------------------------------------------

    def post_json(self, path: str, payload: dict, headers: dict | None = None):
        """POST JSON and return the decoded answer; every failure becomes a ProviderError."""
        request = urllib.request.Request(  # noqa: S310 - the URL is the configured provider
            self.url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"}
            | (headers or {}),
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise self.http_error(exc.code, _error_text(exc)) from None
        except TimeoutError:
            raise ProviderError(TIMEOUT, provider=self.name) from None
        except urllib.error.URLError as exc:
            kind = TIMEOUT if isinstance(exc.reason, TimeoutError | socket.timeout) else UNREACHABLE
            raise ProviderError(kind, provider=self.name, detail=str(exc.reason)[:200]) from None
        except OSError as exc:  # a connection reset half-way
            raise ProviderError(UNREACHABLE, provider=self.name, detail=str(exc)[:200]) from None
        try:
            return json.loads(body)
        except ValueError:
            raise ProviderError(BAD_ANSWER, provider=self.name, detail="not JSON") from None

    def http_error(self, status: int, text: str) -> ProviderError:
        """The error for an HTTP status (providers add their own codes)."""
        if status in (401, 403):
            kind = REFUSED_KEY
        elif status in (429, 456):
            kind = BUSY
        elif status in (502, 503, 504):
            kind = UNREACHABLE
        else:
            kind = FAILED
        return ProviderError(kind, provider=self.name, status=status, detail=text)


def _error_text(exc: urllib.error.HTTPError) -> str:
    """The provider's own error message (for the log), short."""
    try:
        raw = exc.read().decode("utf-8", "replace")
    except OSError:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw[:200]
    if isinstance(data, dict):
        return str(data.get("error") or data.get("message") or "")[:200]
    return ""


def check_answer(texts: list[str], drafts, provider: str) -> list[str]:
    """The drafts, if there is one string per text; otherwise a ProviderError."""
    if not isinstance(drafts, list) or len(drafts) != len(texts):
        raise ProviderError(BAD_ANSWER, provider=provider, detail="wrong number of texts")
    if not all(isinstance(draft, str) for draft in drafts):
        raise ProviderError(BAD_ANSWER, provider=provider, detail="not text")
    return drafts
