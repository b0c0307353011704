"""The OpenAPI document at /api/openapi.json describes every path, its 404/422 and every schema."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_it_lists_the_read_paths(openapi):
    assert sorted(openapi["paths"]) == ["/api/assessments", "/api/controls", "/api/goals/{goal_id}", "/api/outcomes",
                                        "/api/periods", "/api/plans", "/api/plans/{plan_id}", "/api/risks",
                                        "/api/rollup", "/api/units"]


@pytest.mark.parametrize("path, statuses", [
    ("/api/units", ["200"]),
    ("/api/plans", ["200", "422"]),
    ("/api/plans/{plan_id}", ["200", "404", "422"]),
    ("/api/goals/{goal_id}", ["200", "404", "422"]),
])
def test_it_documents_the_error_responses_with_the_error_schema(openapi, path, statuses):
    responses = openapi["paths"][path]["get"]["responses"]
    assert sorted(responses) == statuses
    for status in statuses[1:]:
        assert responses[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_it_defines_every_referenced_schema(openapi):
    schemas = openapi["components"]["schemas"]
    assert {"UnitOut", "UnitRefOut", "PlanSummaryOut", "PlanOut", "GoalNodeOut", "GoalOut", "GoalRefOut",
            "IndicatorOut", "TargetOut", "ActivityOut", "AttachmentOut", "ErrorOut"} <= set(schemas)
    text = str(openapi)
    for name in schemas:
        assert f"#/components/schemas/{name}" in text or name in ("UnitOut",)
    refs = {part.split("'")[0] for part in text.split("#/components/schemas/")[1:]}
    assert refs <= set(schemas)


def test_it_documents_the_year_range_and_that_targets_are_numbers(openapi):
    [_, year] = openapi["paths"]["/api/plans"]["get"]["parameters"]
    assert year["name"] == "year"
    assert {"type": "integer", "minimum": 2000, "maximum": 2100} in year["schema"]["anyOf"]
    value = openapi["components"]["schemas"]["TargetOut"]["properties"]["value"]
    assert value["anyOf"] == [{"type": "number"}, {"type": "null"}]
    assert "unit_of_measure" in value["description"]


def test_it_serves_the_interactive_docs(client):
    assert client.get("/api/docs").status_code == 200
