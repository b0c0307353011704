"""Error pages speak Swedish (with DEBUG off, as in production)."""

from __future__ import annotations

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_answers_in_swedish(client):
    response = client.get("/planer/999999/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
