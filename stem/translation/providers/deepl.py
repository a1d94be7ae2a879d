"""DeepL's API: POST /v2/translate with `Authorization: DeepL-Auth-Key <key>`, text[],
source_lang and target_lang; the answer is {"translations": [{"text": ...}, ...]}.

DeepL translates Arabic, Dutch, English, Turkish and Ukrainian, but not Dari, Tigrinya or
Somali: those pairs are refused here, before anything is sent. Its errors: 403 (the key),
429 (too many requests), 456 (the quota is used up), 400/413 (the request), 5xx.
The free plan's server is https://api-free.deepl.com, the paid one https://api.deepl.com.
"""

from __future__ import annotations

from stem.translation.providers.base import Provider, check_answer

SOURCES = {"ar": "AR", "nl": "NL", "en": "EN", "tr": "TR", "uk": "UK"}
TARGETS = {"ar": "AR", "nl": "NL", "en": "EN-GB", "tr": "TR", "uk": "UK"}
AUTO = ("und", "mul")  # DeepL finds the source language itself


class DeepL(Provider):
    name = "deepl"

    def supports(self, source: str, target: str) -> bool:
        return (source in SOURCES or source in AUTO) and target in TARGETS and source != target

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        self.check_pair(source, target)
        if not texts:
            return []
        payload = {"text": list(texts), "target_lang": TARGETS[target]}
        if source not in AUTO:
            payload["source_lang"] = SOURCES[source]
        headers = {"Authorization": f"DeepL-Auth-Key {self.api_key or ''}"}
        answer = self.post_json("/v2/translate", payload, headers)
        items = answer.get("translations") if isinstance(answer, dict) else None
        drafts = (
            [item.get("text") if isinstance(item, dict) else None for item in items]
            if isinstance(items, list)
            else None
        )
        return check_answer(texts, drafts, self.name)
