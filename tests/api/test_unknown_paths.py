"""Unknown paths under /api/ answer JSON 404 in Swedish, not the site's HTML page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/finns-inte", "/api/finns/inte/heller/", "/api/plans/1/okand", "/api",
                                 "/api/plan", "/api/%C3%A5r"])
def test_an_unknown_api_path_is_a_json_404_in_swedish(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Sidan finns inte."}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_every_method_gets_json(client, method):
    response = getattr(client, method)("/api/finns-inte")
    assert response.status_code == 404
    assert response.json() == {"detail": "Sidan finns inte."}


def test_known_endpoints_still_answer(client, city):
    assert client.get("/api/plans").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200


def test_pages_outside_the_api_keep_the_html_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
