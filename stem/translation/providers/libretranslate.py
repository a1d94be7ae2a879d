"""A self-hosted LibreTranslate server: POST /translate with q, source, target, format, api_key.

Its answer is {"translatedText": [...]} for a list of texts; errors are {"error": "..."} with
400 (e.g. a language it does not have), 403 (a wrong or missing key), 429 (too many
requests) or 500. Which languages it has depends on the models installed on that server.
"""

from __future__ import annotations

from stem.translation.providers.base import (
    UNSUPPORTED,
    Provider,
    ProviderError,
    check_answer,
)

# Stem's locale codes as LibreTranslate (Argos) names them; the rest are the same.
CODES = {"fa_AF": "fa"}


def code(locale: str) -> str:
    return CODES.get(locale, locale)


class LibreTranslate(Provider):
    name = "libretranslate"

    def supports(self, source: str, target: str) -> bool:
        # The server knows which models it has: it answers 400 for a pair it lacks.
        return bool(source and target) and source != target

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        self.check_pair(source, target)
        if not texts:
            return []
        payload = {
            "q": list(texts),
            "source": "auto" if source in ("und", "mul") else code(source),
            "target": code(target),
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        try:
            answer = self.post_json("/translate", payload)
        except ProviderError as exc:
            if exc.status == 400 and "not supported" in exc.detail.lower():
                raise ProviderError(
                    UNSUPPORTED, provider=self.name, source=source, target=target
                ) from None
            raise
        drafts = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(drafts, str) and len(texts) == 1:
            drafts = [drafts]
        return check_answer(texts, drafts, self.name)
