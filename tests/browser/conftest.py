"""Browser tests drive Debian's chromium through Playwright's sync API against pytest-django's
``live_server``. Playwright's sync API runs an event loop in the test thread, so Django's
async-safety check must be relaxed for the database calls the tests and fixtures make."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
