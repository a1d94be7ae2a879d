"""Each test starts without pages kept rendered by an earlier test's data."""

import pytest


@pytest.fixture(autouse=True)
def _no_rendered_pages(monkeypatch):
    from stem.public import caching

    monkeypatch.setattr(caching, "_rendered", type(caching._rendered)())
