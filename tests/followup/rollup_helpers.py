"""Helpers for the assessment and roll-up tests: periods, boards with nämndmål, indicators.

``add_board(city, name, short_name)`` adds a board (nämnd) under KF with a 2024 verksamhetsplan
and one nämndmål under KF goal 3.5; ``add_indicator`` an indicator with an årsmål;
``assess(goal, unit, period, verdict)`` stores an assessment as the administrator (with a reason,
kept only when the verdict differs from the proposal); ``grow_city`` bulk-creates boards, goals,
indicators, outcomes and assessments for the query-count tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from verksam.followup import actions
from verksam.followup.assessments import assess_goal
from verksam.followup.models import GoalAssessment, Outcome
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import (
    Activity, ActivityStatus, Direction, Goal, GoalLevel, Indicator, Plan, PlanKind, PlanStatus, Target,
    ToleranceKind,
)

REASON = "Enligt nämndens analys i verksamhetsberättelsen"


def periods_of(city) -> SimpleNamespace:
    """T1, T2 and VB 2024 of the city."""
    t1, t2, vb = actions.ensure_periods(city.municipality, 2024)
    return SimpleNamespace(t1=t1, t2=t2, vb=vb)


def decide(*plans) -> None:
    """Mark plans decided without the decision workflow (the shape is what is tested)."""
    Plan.objects.filter(pk__in=[p.pk for p in plans]).update(status=PlanStatus.DECIDED)


def add_board(city, name: str, short_name: str, *, unit=None, parent_goal=None, code: str = "3.5.1"):
    """A board under KF (or the existing ``unit``) with its VP 2024 and one nämndmål under
    ``parent_goal`` (default 3.5)."""
    board = unit or Unit.objects.create(municipality=city.municipality, parent=city.kf, kind=UnitKind.BOARD,
                                        name=name, short_name=short_name)
    plan = Plan.objects.create(unit=board, year=2024, kind=PlanKind.OPERATIONAL_PLAN,
                               title=f"Verksamhetsplan 2024 för {name.lower()}")
    goal = Goal.objects.create(plan=plan, parent=parent_goal or city.area_3_5, level=GoalLevel.BOARD, code=code,
                               title=f"{name} är en attraktiv arbetsgivare", owner_unit=board)
    return SimpleNamespace(unit=board, plan=plan, goal=goal)


def add_indicator(plan, goal, unit, name: str, target, *, direction=Direction.HIGHER,
                  tolerance_kind=ToleranceKind.RELATIVE, tolerance=Decimal("10"), **extra) -> Indicator:
    """An indicator of ``goal`` in ``plan`` with an årsmål ``target`` (Decimal or None) for ``unit`` in 2024."""
    target_fields = {k: extra.pop(k) for k in ("value_women", "value_men") if k in extra}
    indicator = Indicator.objects.create(plan=plan, goal=goal, name=name, unit_of_measure=extra.pop("unit_of_measure", "%"),
                                         direction=direction, tolerance_kind=tolerance_kind, tolerance=tolerance,
                                         responsible_unit=unit, **extra)
    if target is not None:
        Target.objects.create(plan=plan, indicator=indicator, unit=unit, year=2024, value=target, **target_fields)
    return indicator


def assess(city, goal, unit, period, verdict: str, **extra):
    """Store ``unit``'s verdict on ``goal`` as the administrator."""
    return assess_goal(goal, unit, period, verdict=verdict, reason=extra.pop("reason", REASON),
                       acting_user=city.users.admin, **extra)


def grow_city(city, period, *, boards: int, goals: int, indicators: int):
    """Bulk-create ``boards`` boards under KF, each with a VP 2024 holding ``goals`` nämndmål
    (alternately under KF 1.1 and 3.5) with ``indicators`` indicators (årsmål and outcome for the
    board) and one activity each, the board's assessment of every nämndmål and of KF 1.1 and
    3.5, and a KF indicator per board-count under 3.5 with årsmål and outcome for KF."""
    units = []
    for b in range(boards):
        units.append(Unit.objects.create(municipality=city.municipality, parent=city.kf, kind=UnitKind.BOARD,
                                         name=f"Nämnd {b}", short_name=f"N{b}"))
    plans = Plan.objects.bulk_create([
        Plan(unit=u, year=2024, kind=PlanKind.OPERATIONAL_PLAN, title=f"VP {u.name}") for u in units])
    new_goals = Goal.objects.bulk_create([
        Goal(plan=p, parent=city.area_1_1 if g % 2 == 0 else city.area_3_5, level=GoalLevel.BOARD,
             code=f"{'1.1' if g % 2 == 0 else '3.5'}.{g + 1}", title=f"Mål {g} för {p.unit.name}", owner_unit=p.unit)
        for p in plans for g in range(goals)])
    new_indicators = Indicator.objects.bulk_create([
        Indicator(plan_id=g.plan_id, goal=g, name=f"Indikator {g.code}/{i}", unit_of_measure="%",
                  direction=Direction.HIGHER if i % 2 == 0 else Direction.LOWER, responsible_unit_id=g.owner_unit_id)
        for g in new_goals for i in range(indicators)])
    Target.objects.bulk_create([
        Target(plan_id=i.plan_id, indicator=i, unit_id=i.responsible_unit_id, year=2024, value=Decimal("50"))
        for i in new_indicators])
    Outcome.objects.bulk_create([
        Outcome(indicator=i, unit_id=i.responsible_unit_id, period=period, value=Decimal(40 + n % 20),
                as_of=period.as_of) for n, i in enumerate(new_indicators)])
    Activity.objects.bulk_create([
        Activity(plan_id=g.plan_id, goal=g, title=f"Aktivitet {g.code}", owner_unit_id=g.owner_unit_id,
                 status=ActivityStatus.DONE, end=dt.date(2024, 3, 31)) for g in new_goals])
    verdicts = ["helt", "delvis", "ej"]
    GoalAssessment.objects.bulk_create(
        [GoalAssessment(goal=g, unit_id=g.owner_unit_id, period=period, rule_id="weighted_score_v1", proposed="helt",
                        verdict=verdicts[n % 3]) for n, g in enumerate(new_goals)]
        + [GoalAssessment(goal=kf_goal, unit=u, period=period, rule_id="weighted_score_v1", proposed="helt",
                          verdict=verdicts[n % 3]) for n, u in enumerate(units) for kf_goal in (city.area_1_1,
                                                                                                city.area_3_5)])
    kf_indicators = Indicator.objects.bulk_create([
        Indicator(plan=city.kf_budget, goal=city.area_3_5, name=f"KF-indikator {n}", unit_of_measure="%",
                  responsible_unit=city.kf) for n in range(boards)])
    Target.objects.bulk_create([Target(plan=city.kf_budget, indicator=i, unit=city.kf, year=2024,
                                       value=Decimal("75")) for i in kf_indicators])
    Outcome.objects.bulk_create([Outcome(indicator=i, unit=city.kf, period=period, value=Decimal("74"),
                                         as_of=period.as_of) for i in kf_indicators])
    return units
