"""Machine drafts, only where configured (issue 14, section 3).

`get_provider()` gives the configured provider, or None when STEM_TRANSLATION_PROVIDER is
"none" (the default): then no text ever leaves the server. A provider is asked with
`translate(texts, source, target)` (Stem's locale codes) and returns one draft per text, or
raises ProviderError, whose `reason` tells staff why in their language. What is sent: the
texts and the two language codes, nothing about who wrote them.
"""

from __future__ import annotations

from flask import current_app

from stem.translation.providers.base import Provider, ProviderError
from stem.translation.providers.deepl import DeepL
from stem.translation.providers.libretranslate import LibreTranslate

PROVIDERS: dict[str, type[Provider]] = {"libretranslate": LibreTranslate, "deepl": DeepL}

__all__ = ["PROVIDERS", "DeepL", "LibreTranslate", "Provider", "ProviderError", "get_provider"]


def get_provider(config=None) -> Provider | None:
    """The provider the settings name, or None when machine drafts are off."""
    config = config if config is not None else current_app.config
    name = config.get("TRANSLATION_PROVIDER") or "none"
    if name == "none" or not config.get("TRANSLATION_URL"):
        return None
    return PROVIDERS[name](
        config["TRANSLATION_URL"],
        config.get("TRANSLATION_API_KEY"),
        config.get("TRANSLATION_TIMEOUT", 20),
    )
