"""Browser tests drive Debian's chromium through Playwright's sync API against pytest-django's
``live_server``. Playwright's sync API runs an event loop in the test thread, so Django's
async-safety check is relaxed (``DJANGO_ALLOW_ASYNC_UNSAFE``) — only while a browser test runs,
so the variable never leaks into other tests or the subprocesses they start (``check --deploy``
refuses it)."""

from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(autouse=True)
def allow_async_unsafe(monkeypatch):
    """Set ``DJANGO_ALLOW_ASYNC_UNSAFE=true`` for the duration of one browser test."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

