"""GET /api/goals/{goal_id}: one goal with its parent chain, indicators with årsmål and activities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.planning.models import Goal, GoalLevel, Plan, PlanKind, PlanStatus, Target

pytestmark = pytest.mark.django_db


def test_it_gives_the_parent_chain_up_to_the_direction_goal(client, city):
    client.force_login(city.users.ks_reader)
    body = client.get(f"/api/goals/{city.board_goal_1.pk}").json()
    assert body["code"] == "1.1.1"
    assert body["plan"]["id"] == city.ks_plan.pk
    assert [(p["id"], p["code"], p["level"], p["title"]) for p in body["parents"]] == [
        (city.directions[0].pk, "1", "direction",
         "Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden."),
        (city.area_1_1.pk, "1.1", "area", "Stockholm är en tryggare stad"),
    ]
    assert [a["title"] for a in body["activities"]] == ["Leda stadens trygghetssatsning"]
    assert [i["name"] for i in body["indicators"]] == ["Andel invånare som känner sig trygga"]


def test_it_gives_every_year_of_an_indicators_targets(client, city):
    Target.objects.create(plan=city.ks_plan, indicator=city.sick_leave, unit=city.ks, year=2025,
                          value=Decimal("4.2"), value_women=Decimal("5.1"), value_men=Decimal("3.3"),
                          baseline=Decimal("5.0"))
    client.force_login(city.users.ks_reader)
    [indicator] = client.get(f"/api/goals/{city.board_goal_2.pk}").json()["indicators"]
    assert indicator["kolada_kpi"] == "N00090"
    assert [(t["year"], t["value"], t["value_women"], t["value_men"], t["baseline"], t["decision_reference"])
            for t in indicator["targets"]] == [
        (2024, 4.5, None, None, None, "KS 2023/1237, punkt 1"),
        (2025, 4.2, 5.1, 3.3, 5.0, ""),
    ]


def test_it_lists_only_child_goals_in_plans_the_caller_may_read(client, city):
    Plan.objects.filter(pk=city.kf_budget.pk).update(status=PlanStatus.DECIDED)
    utn_plan = Plan.objects.create(unit=city.utn, year=2024, kind=PlanKind.OPERATIONAL_PLAN, title="VP 2024 UTN")
    utn_goal = Goal.objects.create(plan=utn_plan, parent=city.area_1_1, level=GoalLevel.BOARD, code="1.1.2",
                                   title="Skolan är trygg", owner_unit=city.utn)
    Plan.objects.filter(pk=utn_plan.pk).update(status=PlanStatus.DECIDED)

    anonymous = client.get(f"/api/goals/{city.area_1_1.pk}").json()
    assert [c["id"] for c in anonymous["children"]] == [utn_goal.pk]
    client.force_login(city.users.ks_reader)
    reader = client.get(f"/api/goals/{city.area_1_1.pk}").json()
    assert [c["code"] for c in reader["children"]] == ["1.1.1", "1.1.2"]


def test_it_hides_a_goal_of_a_draft_plan_from_anonymous_callers(client, city):
    response = client.get(f"/api/goals/{city.board_goal_1.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"Det finns inget mål med id {city.board_goal_1.pk} som du kan läsa."}
