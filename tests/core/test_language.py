"""The UI is Swedish unless the user chooses English; the browser's preference does not switch it."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_a_browser_preferring_english_still_gets_swedish(client):
    response = client.get("/organisation/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Inga enheter ännu" in response.content.decode()


@pytest.mark.django_db
def test_choosing_english_switches_the_ui(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/organisation/")
    assert response["Content-Language"] == "en"
    assert "Inga enheter ännu" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/organisation/")["Content-Language"] == "sv"
