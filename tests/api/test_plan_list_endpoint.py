"""GET /api/plans?unit=&year=: the plans the caller may read, optionally filtered."""

from __future__ import annotations

import pytest

from verksam.planning.models import Plan, PlanKind, PlanStatus

pytestmark = pytest.mark.django_db


def _decided_plan(unit, year, title):
    return Plan.objects.create(unit=unit, year=year, kind=PlanKind.OPERATIONAL_PLAN, title=title,
                               status=PlanStatus.DECIDED)


def test_it_shows_anonymous_callers_only_decided_plans(client, city):
    old = _decided_plan(city.ks, 2023, "Verksamhetsplan 2023 för kommunstyrelsen")
    body = client.get("/api/plans").json()
    assert body == [{
        "id": old.pk, "title": "Verksamhetsplan 2023 för kommunstyrelsen",
        "unit": {"id": city.ks.pk, "name": "Kommunstyrelsen", "short_name": "KS"}, "year": 2023,
        "kind": "operational_plan", "kind_label": "Verksamhetsplan", "status": "decided",
        "status_label": "Beslutad", "reference": "", "decided_on": None, "is_example": False,
    }]


def test_it_shows_a_ks_reader_the_ks_draft_but_not_the_kf_draft(client, city):
    client.force_login(city.users.ks_reader)
    assert [p["id"] for p in client.get("/api/plans").json()] == [city.ks_plan.pk]


def test_it_shows_the_administrator_every_plan_newest_year_first(client, city):
    old = _decided_plan(city.ks, 2023, "VP 2023")
    client.force_login(city.users.admin)
    assert [p["id"] for p in client.get("/api/plans").json()] == [city.kf_budget.pk, city.ks_plan.pk, old.pk]


def test_it_filters_by_unit_and_year(client, city):
    old = _decided_plan(city.ks, 2023, "VP 2023")
    utn_plan = _decided_plan(city.utn, 2023, "VP 2023 UTN")
    client.force_login(city.users.admin)
    assert [p["id"] for p in client.get(f"/api/plans?unit={city.ks.pk}").json()] == [city.ks_plan.pk, old.pk]
    assert [p["id"] for p in client.get("/api/plans?year=2023").json()] == sorted([old.pk, utn_plan.pk])
    assert [p["id"] for p in client.get(f"/api/plans?unit={city.utn.pk}&year=2023").json()] == [utn_plan.pk]
    assert client.get(f"/api/plans?unit={city.utn.pk}&year=2024").json() == []


def test_it_takes_a_blank_filter_as_no_filter(client, city):
    client.force_login(city.users.ks_reader)
    response = client.get("/api/plans?unit=&year=")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [city.ks_plan.pk]
