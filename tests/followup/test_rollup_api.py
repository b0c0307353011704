"""The follow-up API: /api/periods, /api/outcomes, /api/assessments and /api/rollup — exact JSON,
visibility like plans, Swedish 404 and 422."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from tests.followup.rollup_helpers import REASON, add_board, assess, decide, periods_of
from verksam.followup import actions
from verksam.followup.assessments import approve_goal_assessment
from verksam.followup.models import PeriodDeadline

pytestmark = pytest.mark.django_db

RULE_TEXT = ("Viktad poäng: helt ger 1, delvis 0,5 och ej 0 poäng, vägt med vikterna. Minst 0,75 ger uppfyllt helt, "
             "minst 0,25 uppfyllt delvis, lägre ej uppfyllt.")


def iso(value) -> str:
    """A datetime as the API writes it."""
    return DjangoJSONEncoder().default(value)


def unit_ref(unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name}


def period_ref(period) -> dict:
    return {"id": period.pk, "year": 2024, "kind": period.kind, "kind_label": period.get_kind_display()}


def goal_ref(goal) -> dict:
    return {"id": goal.pk, "plan": goal.plan_id, "level": goal.level, "level_label": goal.get_level_display(),
            "code": goal.code, "title": goal.title}


@pytest.fixture
def p(city):
    return periods_of(city)


def test_periods_of_a_plan_with_their_deadlines(client, city, p):
    PeriodDeadline.objects.create(period=p.t1, unit_kind="administration", due=dt.date(2024, 5, 6))
    PeriodDeadline.objects.create(period=p.t1, unit_kind="board", due=dt.date(2024, 5, 13))
    assert client.get(f"/api/periods?plan={city.ks_plan.pk}").json() == {
        "detail": f"Det finns ingen plan med id {city.ks_plan.pk} som du kan läsa."}
    client.force_login(city.users.ks_reader)
    response = client.get(f"/api/periods?plan={city.ks_plan.pk}")
    assert response.status_code == 200
    assert response.json() == [
        {**period_ref(p.t1), "as_of": "2024-04-30", "status": "open", "status_label": "Öppen", "has_forecast": True,
         "deadlines": [{"unit_kind": "administration", "unit_kind_label": "Förvaltning", "due": "2024-05-06"},
                       {"unit_kind": "board", "unit_kind_label": "Nämnd", "due": "2024-05-13"}]},
        {**period_ref(p.t2), "as_of": "2024-08-31", "status": "open", "status_label": "Öppen", "has_forecast": True,
         "deadlines": []},
        {**period_ref(p.vb), "as_of": "2024-12-31", "status": "open", "status_label": "Öppen", "has_forecast": False,
         "deadlines": []},
    ]


def test_outcomes_with_source_dates_and_the_units_target(client, city, p):
    outcome = actions.enter_outcome(city.sick_leave, city.ks, p.t1, value=Decimal("4.8"), value_women=Decimal("5.6"),
                                    value_men=Decimal("3.7"), forecast=Decimal("4.6"), comment="Minskar långsamt.",
                                    acting_user=city.users.ks_editor)
    url = f"/api/outcomes?indicator={city.sick_leave.pk}&unit={city.ks.pk}&period={p.t1.pk}"
    assert client.get(url).json() == []  # the KS plan is a draft
    client.force_login(city.users.ks_reader)
    assert client.get(url).json() == [{
        "id": outcome.pk,
        "indicator": {"id": city.sick_leave.pk, "name": "Sjukfrånvaro", "unit_of_measure": "%", "direction": "lower"},
        "unit": unit_ref(city.ks), "period": period_ref(p.t1), "value": 4.8, "value_women": 5.6, "value_men": 3.7,
        "total_reason": "", "forecast": 4.6, "target": 4.5, "comment": "Minskar långsamt.", "source": "manual",
        "source_label": "Inmatad", "source_note": "", "as_of": "2024-04-30", "entered_at": iso(outcome.entered_at),
        "fetched_at": None, "correction_reason": "", "is_example": False,
    }]
    assert client.get(f"/api/outcomes?period={p.t2.pk}").json() == []


def test_a_units_assessments_with_the_stored_rule_proposal_and_reason(client, city, p):
    actions.enter_outcome(city.sick_leave, city.ks, p.vb, value=Decimal("4.4"), acting_user=city.users.admin)
    actions.enter_outcome(city.safety, city.ks, p.vb, value=Decimal("60"), acting_user=city.users.admin)
    from verksam.followup.assessments import assess_indicators

    assess_indicators(city.ks, p.vb, acting_user=city.users.admin,
                      verdicts={city.safety.pk: ("delvis", "Ny mätmetod")})
    saved = assess(city, city.board_goal_2, city.ks, p.vb, "delvis", analysis="Minskar, men inte stadigt.")
    approved = approve_goal_assessment(city.board_goal_2, city.ks, p.vb, acting_user=city.users.ks_controller)
    client.force_login(city.users.ks_reader)
    url = f"/api/assessments?unit={city.ks.pk}&period={p.vb.pk}"
    assert [g["goal"]["code"] for g in client.get(url).json()["goals"]] == ["1.1.1", "3.5.1"]  # KF budget a draft
    decide(city.kf_budget)
    body = client.get(url).json()
    assert (body["unit"], body["period"]) == (unit_ref(city.ks), period_ref(p.vb))
    assert body["indicators"] == [
        {"indicator": {"id": city.sick_leave.pk, "name": "Sjukfrånvaro", "unit_of_measure": "%", "direction": "lower"},
         "goal": city.board_goal_2.pk, "value": 4.4, "based_on_forecast": False, "target": 4.5, "proposed": "helt",
         "proposed_label": "Årsmålet uppnås helt", "verdict": "helt", "verdict_label": "Årsmålet uppnås helt",
         "reason": "", "stored": True, "verdict_women": None, "verdict_men": None},
        {"indicator": {"id": city.safety.pk, "name": "Andel invånare som känner sig trygga", "unit_of_measure": "%",
                       "direction": "higher"},
         "goal": city.board_goal_1.pk, "value": 60.0, "based_on_forecast": False, "target": 80.0, "proposed": "ej",
         "proposed_label": "Årsmålet uppnås ej", "verdict": "delvis", "verdict_label": "Årsmålet uppnås delvis",
         "reason": "Ny mätmetod", "stored": True, "verdict_women": None, "verdict_men": None},
    ]
    assert [(g["goal"]["code"], g["is_kf"], g["proposal"]["verdict"], g["assessment"] and g["assessment"]["verdict"])
            for g in body["goals"]] == [
        ("1", True, "not_assessed", None), ("3", True, "not_assessed", None), ("1.1", True, "not_assessed", None),
        ("3.5", True, "delvis", None), ("1.1.1", False, "delvis", None), ("3.5.1", False, "helt", "delvis")]
    items = [{"kind": "indicator", "id": city.sick_leave.pk, "unit": city.ks.pk, "verdict": "helt"}]
    assert body["goals"][5] == {
        "goal": goal_ref(city.board_goal_2), "is_kf": False,
        "proposal": {"rule": "weighted_score_v1", "rule_description": RULE_TEXT, "verdict": "helt",
                     "verdict_label": "uppfyllt helt", "score": "1", "measured": 1, "counted": 1,
                     "measured_text": "1 av 1 indikator mätt", "left_out": 0, "without_verdict": 0, "items": items},
        "assessment": {
            "rule": "weighted_score_v1", "proposed": "helt", "proposed_label": "uppfyllt helt",
            "proposal": {"rule": "weighted_score_v1", "verdict": "helt", "score": "1", "measured": 1, "counted": 1,
                         "left_out": 0, "without_verdict": 0,
                         "counts": [{"kind": "indicator", "measured": 1, "counted": 1}], "items": items},
            "verdict": "delvis", "verdict_label": "uppfyllt delvis", "analysis": "Minskar, men inte stadigt.",
            "reason": REASON, "approved": True, "approved_at": iso(approved.approved_at),
            "approved_by": "ks_controller"},
    }
    assert saved.pk == approved.pk


def test_the_rollup_of_a_kf_goal(client, city, p):
    utn = add_board(city, "Utbildningsnämnden", "UTN", unit=city.utn)
    decide(city.kf_budget)
    assess(city, utn.goal, city.utn, p.t2, "helt")
    assess(city, city.area_3_5, city.utn, p.t2, "helt")
    assess(city, city.area_3_5, city.ks, p.t2, "ej")
    response = client.get(f"/api/rollup?goal={city.area_3_5.pk}&period={p.t2.pk}")  # anonymous: drafts hidden
    assert response.status_code == 200
    board_items = [{"kind": "goal", "id": city.area_3_5.pk, "unit": city.ks.pk, "verdict": "ej"},
                   {"kind": "goal", "id": city.area_3_5.pk, "unit": city.utn.pk, "verdict": "helt"}]

    def proposal(verdict, label, score, measured, counted, text, items):
        return {"rule": "weighted_score_v1", "rule_description": RULE_TEXT, "verdict": verdict,
                "verdict_label": label, "score": score, "measured": measured, "counted": counted,
                "measured_text": text, "left_out": 0, "without_verdict": 0, "items": items}

    assert response.json() == {
        "goal": goal_ref(city.area_3_5), "period": period_ref(p.t2),
        "sentence": "1 av 2 nämnder bedömer att målet uppfylls helt och 1 att det inte uppfylls.",
        "total": 2, "counts": {"helt": 1, "delvis": 0, "ej": 1, "not_assessed": 0, "not_computed": 0},
        "city": {"unit": unit_ref(city.kf), "assessment": None,
                 "proposal": proposal("delvis", "uppfyllt delvis", "0.5", 2, 2, "2 av 2 mål bedömda", board_items)},
        # the boards' nämndmål are in draft plans: an anonymous caller neither sees their ids among the
        # proposal's inputs nor has them counted ("inget underlag", not "0 av 1 mål bedömt")
        "boards": [
            {"unit": unit_ref(city.ks), "verdict": "ej", "verdict_label": "ej uppfyllt", "approved": False,
             "proposal": proposal("not_computed", "ej beräknad", None, 0, 0, "inget underlag", []), "goals": []},
            {"unit": unit_ref(city.utn), "verdict": "helt", "verdict_label": "uppfyllt helt", "approved": False,
             "proposal": proposal("not_computed", "ej beräknad", None, 0, 0, "inget underlag", []), "goals": []},
        ],
        "indicators": [],
    }
    client.force_login(city.users.ks_reader)  # reads KS's draft, not Utbildningsnämndens
    boards = client.get(f"/api/rollup?goal={city.area_3_5.pk}&period={p.t2.pk}").json()["boards"]
    assert [b["proposal"]["items"] for b in boards] == [
        [{"kind": "goal", "id": city.board_goal_2.pk, "unit": city.ks.pk, "verdict": None}], []]
    assert [b["proposal"]["measured_text"] for b in boards] == ["0 av 1 mål bedömt", "inget underlag"]
    client.force_login(city.users.admin)
    boards = client.get(f"/api/rollup?goal={city.area_3_5.pk}&period={p.t2.pk}").json()["boards"]
    assert [b["goals"] for b in boards] == [
        [{"goal": goal_ref(city.board_goal_2), "verdict": "", "verdict_label": "", "approved": False}],
        [{"goal": goal_ref(utn.goal), "verdict": "helt", "verdict_label": "uppfyllt helt", "approved": False}]]


@pytest.mark.parametrize("url, status, detail", [
    ("/api/assessments?period={t1}", 422, "Parametern ”unit” saknas."),
    ("/api/assessments?unit=abc&period={t1}", 422, "Parametern ”unit” måste vara ett heltal (angivet: ”abc”)."),
    ("/api/assessments?unit={ks}&period=999999", 404, "Det finns ingen uppföljningsperiod med id 999999."),
    ("/api/assessments?unit=999999&period={t1}", 404, "Det finns ingen enhet med id 999999 i periodens kommun."),
    ("/api/outcomes", 422, "Ange minst en av parametrarna ”indicator”, ”unit” och ”period”."),
    ("/api/outcomes?period=0", 422, "Parametern ”period” måste vara minst 1 (angivet: ”0”)."),
    ("/api/periods?plan=x", 422, "Parametern ”plan” måste vara ett heltal (angivet: ”x”)."),
    ("/api/rollup?goal={area}", 422, "Parametern ”period” saknas."),
    ("/api/rollup?goal={board_goal}&period={t1}", 422,
     "Målet med id {board_goal} är inget KF-mål (inriktningsmål eller verksamhetsområdesmål i KF:s budget)."),
    ("/api/rollup?goal={area}&period={t1_2025}", 422,
     "Målet hör till 2024 års budget, inte till perioden Tertialrapport 1 2025."),
    ("/api/rollup?goal={draft_goal}&period={t1}", 404, "Det finns inget mål med id {draft_goal} som du kan läsa."),
])
def test_bad_parameters_get_a_swedish_answer(client, city, p, url, status, detail):
    decide(city.kf_budget)
    from verksam.planning.models import Goal, GoalLevel, Plan, PlanKind

    draft = Plan.objects.create(unit=city.kf, year=2023, kind=PlanKind.COUNCIL_BUDGET, title="Budget 2023")
    draft_goal = Goal.objects.create(plan=draft, level=GoalLevel.DIRECTION, code="1", title="Mål", owner_unit=city.kf)
    t1_2025 = actions.ensure_periods(city.municipality, 2025)[0]
    values = dict(t1=p.t1.pk, ks=city.ks.pk, area=city.area_3_5.pk, board_goal=city.board_goal_2.pk,
                  t1_2025=t1_2025.pk, draft_goal=draft_goal.pk)
    client.force_login(city.users.ks_reader)
    response = client.get(url.format(**values))
    assert (response.status_code, response.json()) == (status, {"detail": detail.format(**values)})
