"""Bad parameters give 422 with one Swedish sentence naming the parameter — never 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, detail", [
    ("/api/plans?year=abc", "Parametern ”year” måste vara ett heltal (angivet: ”abc”)."),
    ("/api/plans?year=1800", "Parametern ”year” måste vara minst 2000 (angivet: ”1800”)."),
    ("/api/plans?year=2101", "Parametern ”year” får vara högst 2100 (angivet: ”2101”)."),
    ("/api/plans?year=2024.5", "Parametern ”year” måste vara ett heltal (angivet: ”2024.5”)."),
    ("/api/plans?unit=KS", "Parametern ”unit” måste vara ett heltal (angivet: ”KS”)."),
    ("/api/plans/abc", "Parametern ”plan_id” måste vara ett heltal (angivet: ”abc”)."),
    ("/api/plans/0", "Parametern ”plan_id” måste vara minst 1 (angivet: ”0”)."),
    ("/api/plans/99999999999999999999",
     "Parametern ”plan_id” får vara högst 9223372036854775807 (angivet: ”99999999999999999999”)."),
    ("/api/goals/1e3", "Parametern ”goal_id” måste vara ett heltal (angivet: ”1e3”)."),
])
def test_it_refuses_a_bad_parameter_with_a_swedish_message(client, city, url, detail):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


def test_it_names_every_bad_parameter_in_one_message(client, city):
    response = client.get("/api/plans?unit=x&year=1800")
    assert response.status_code == 422
    assert response.json() == {"detail": "Parametern ”unit” måste vara ett heltal (angivet: ”x”). "
                                         "Parametern ”year” måste vara minst 2000 (angivet: ”1800”)."}


def test_it_shortens_a_long_bad_value_in_the_message(client, city):
    response = client.get("/api/plans?year=" + "x" * 100)
    assert response.json() == {"detail": f"Parametern ”year” måste vara ett heltal (angivet: ”{'x' * 40}…”)."}


def test_it_answers_404_for_an_id_beyond_any_stored_one(client, city):
    response = client.get("/api/goals/9223372036854775807")
    assert response.status_code == 404
    assert response.json() == {"detail": "Det finns inget mål med id 9223372036854775807 som du kan läsa."}
