"""GET /api/plans/{plan_id}: the plan with its goal cascade, exactly as on the plan page."""

from __future__ import annotations

import datetime as dt

import pytest

from verksam.planning.actions import decide_plan, submit_plan
from verksam.planning.models import PlanAttachment

pytestmark = pytest.mark.django_db


def ref(unit):
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name}


def goal(g, *, in_plan, indicators=(), activities=(), children=()):
    return {
        "id": g.pk, "plan": g.plan_id, "level": g.level, "level_label": str(g.get_level_display()),
        "code": g.code, "title": g.title, "description": "", "owner_unit": ref(g.owner_unit),
        "in_plan": in_plan, "is_example": False, "indicators": list(indicators),
        "activities": list(activities), "children": list(children),
    }


def expected_ks_plan(city, *, status, status_label, decided_on=None, decided_by=None,
                     decision_reference="", decision_point="", attachments=()):
    ks = ref(city.ks)
    safety = {
        "id": city.safety.pk, "name": "Andel invånare som känner sig trygga", "description": "",
        "unit_of_measure": "%", "direction": "higher", "direction_label": "Högre är bättre", "by_sex": False,
        "periodicity": "yearly", "periodicity_label": "Årligen", "source": "", "kolada_kpi": "",
        "responsible_unit": ks, "origin": "own", "origin_label": "Egen", "is_example": False,
        "targets": [{"id": city.safety.targets.get().pk, "unit": ks, "year": 2024, "value": 80.0,
                     "value_women": None, "value_men": None, "baseline": None, "decision_reference": ""}],
    }
    sick_leave = {
        "id": city.sick_leave.pk, "name": "Sjukfrånvaro", "description": "", "unit_of_measure": "%",
        "direction": "lower", "direction_label": "Lägre är bättre", "by_sex": True, "periodicity": "yearly",
        "periodicity_label": "Årligen", "source": "", "kolada_kpi": "N00090", "responsible_unit": ks,
        "origin": "own", "origin_label": "Egen", "is_example": False,
        "targets": [{"id": city.sick_target.pk, "unit": ks, "year": 2024, "value": 4.5, "value_women": None,
                     "value_men": None, "baseline": None, "decision_reference": "KS 2023/1237, punkt 1"}],
    }
    activity = {
        "id": city.activity.pk, "title": "Leda stadens trygghetssatsning", "description": "",
        "owner_unit": ref(city.slk), "start": None, "end": None, "status": "planned", "status_label": "Planerad",
        "origin": "council", "origin_label": "KF", "is_example": False,
    }
    d1, d2, d3 = city.directions
    return {
        "id": city.ks_plan.pk, "title": "Verksamhetsplan 2024 för kommunstyrelsen", "unit": ks, "year": 2024,
        "kind": "operational_plan", "kind_label": "Verksamhetsplan", "status": status, "status_label": status_label,
        "reference": "KS 2023/1237", "decided_on": decided_on, "is_example": False, "description": "",
        "decided_by": decided_by, "decision_reference": decision_reference, "decision_point": decision_point,
        "attachments": list(attachments),
        "goals": [
            goal(d1, in_plan=False, children=[
                goal(city.area_1_1, in_plan=False, children=[
                    goal(city.board_goal_1, in_plan=True, indicators=[safety], activities=[activity]),
                ]),
            ]),
            goal(d2, in_plan=False),
            goal(d3, in_plan=False, children=[
                goal(city.area_3_5, in_plan=False, children=[
                    goal(city.board_goal_2, in_plan=True, indicators=[sick_leave]),
                ]),
            ]),
        ],
        "unassigned_indicators": [],
        "unassigned_activities": [],
    }


def test_it_gives_a_reader_the_draft_plan_with_the_cascade_from_the_three_direction_goals(client, city):
    client.force_login(city.users.ks_reader)
    response = client.get(f"/api/plans/{city.ks_plan.pk}")
    assert response.status_code == 200
    assert response.json() == expected_ks_plan(city, status="draft", status_label="Utkast")


def test_it_gives_anyone_the_decided_plan_with_its_decision_and_attachments(client, city):
    PlanAttachment.objects.create(plan=city.ks_plan, number=1, title="Verksamhetsplan KS 2024",
                                  reference="KS 2023/1237-1.1")
    PlanAttachment.objects.create(plan=city.ks_plan, number=2, title="Blankettset VP KS 2024",
                                  reference="KS 2023/1237-1.2")
    submit_plan(city.ks_plan, acting_user=city.users.ks_editor)
    decide_plan(city.ks_plan, decided_on=dt.date(2024, 1, 24), decided_by=city.ks,
                decision_reference="KS 2023/1237", decision_point="1", acting_user=city.users.ks_controller)

    response = client.get(f"/api/plans/{city.ks_plan.pk}")

    assert response.status_code == 200
    assert response.json() == expected_ks_plan(
        city, status="decided", status_label="Beslutad", decided_on="2024-01-24", decided_by=ref(city.ks),
        decision_reference="KS 2023/1237", decision_point="1",
        attachments=[{"number": 1, "title": "Verksamhetsplan KS 2024", "reference": "KS 2023/1237-1.1"},
                     {"number": 2, "title": "Blankettset VP KS 2024", "reference": "KS 2023/1237-1.2"}],
    )


def test_it_keeps_the_order_inriktningsmal_then_verksamhetsomradesmal_then_namndmal(client, city):
    client.force_login(city.users.ks_reader)
    goals = client.get(f"/api/plans/{city.ks_plan.pk}").json()["goals"]
    assert [g["code"] for g in goals] == ["1", "2", "3"]
    assert goals[0]["children"][0]["code"] == "1.1"
    assert goals[0]["children"][0]["children"][0]["code"] == "1.1.1"
    assert goals[0]["children"][0]["children"][0]["level_label"] == "Nämndmål"


def test_it_hides_a_draft_plan_from_anonymous_callers_like_a_missing_one(client, city):
    draft = client.get(f"/api/plans/{city.ks_plan.pk}")
    missing = client.get("/api/plans/999999")
    assert draft.status_code == 404
    assert draft.json() == {"detail": f"Det finns ingen plan med id {city.ks_plan.pk} som du kan läsa."}
    assert missing.json() == {"detail": "Det finns ingen plan med id 999999 som du kan läsa."}


def test_it_hides_a_draft_plan_from_a_user_of_another_board(client, city):
    client.force_login(city.users.utb_editor)
    assert client.get(f"/api/plans/{city.ks_plan.pk}").status_code == 404


def test_it_lists_goalless_indicators_and_activities_apart(client, city):
    from verksam.planning.models import Activity, Indicator

    loose = Indicator.objects.create(plan=city.ks_plan, name="Antal ärenden", unit_of_measure="antal",
                                     responsible_unit=city.ks)
    Activity.objects.create(plan=city.ks_plan, title="Se över arkivet", owner_unit=city.slk)
    client.force_login(city.users.ks_reader)
    body = client.get(f"/api/plans/{city.ks_plan.pk}").json()
    assert [(i["id"], i["name"], i["targets"]) for i in body["unassigned_indicators"]] == \
        [(loose.pk, "Antal ärenden", [])]
    assert [a["title"] for a in body["unassigned_activities"]] == ["Se över arkivet"]
