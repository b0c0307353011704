"""Build the KS plan of the ``city`` fixture at a chosen size, for query-count tests.

``grow_plan(city, goals=, indicators=, activities=)`` adds ``goals`` goals to the KS plan —
nämndmål alternately under KF 1.1 and 3.5, every third one an enhetsmål under the nämndmål
before it — each with ``indicators`` indicators (targets for KS and SLK in the plan's year and
one for the next year) and ``activities`` activities, plus the seven attachments of the memo.
Rows are bulk-created (no history): the shape, not the audit trail, is what is measured.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from verksam.planning.models import (
    Activity, ActivityStatus, Direction, Goal, GoalLevel, Indicator, PlanAttachment, Target,
)

SMALL = dict(goals=3, indicators=2, activities=2)
LARGE = dict(goals=30, indicators=10, activities=10)


def grow_plan(city, *, goals: int, indicators: int, activities: int):
    """Add the content described in the module docstring to ``city.ks_plan``; returns the plan."""
    plan = city.ks_plan
    PlanAttachment.objects.bulk_create([
        PlanAttachment(plan=plan, number=n, title=f"Bilaga {n}", reference=f"KS 2023/1237-1.{n}")
        for n in range(1, 8)
    ])
    created: list[Goal] = []
    for i in range(goals):
        if i % 3 == 2:
            parent, level, code = created[-1], GoalLevel.UNIT, f"{created[-1].code}.{i}"
        else:
            area = city.area_1_1 if i % 2 == 0 else city.area_3_5
            parent, level, code = area, GoalLevel.BOARD, f"{area.code}.{i + 10}"
        goal = Goal(plan=plan, parent=parent, level=level, code=code, title=f"Mål {i}",
                    description=f"Beskrivning {i}", owner_unit=city.ks if i % 2 else city.slk, sort_order=i)
        Goal.objects.bulk_create([goal])
        created.append(goal)
    inds = Indicator.objects.bulk_create([
        Indicator(plan=plan, goal=g, name=f"Indikator {g.code}/{j}", unit_of_measure="%",
                  direction=Direction.LOWER if j % 2 else Direction.HIGHER, by_sex=bool(j % 2),
                  kolada_kpi="N00090" if j == 0 else "", responsible_unit=city.slk if j % 2 else city.ks,
                  sort_order=j)
        for g in created for j in range(indicators)
    ])
    Target.objects.bulk_create([
        Target(plan=plan, indicator=ind, unit=unit, year=year, value=Decimal("12.5"),
               value_women=Decimal("13") if ind.by_sex else None, value_men=Decimal("12") if ind.by_sex else None,
               baseline=Decimal("10"), decision_reference="KS 2023/1237, punkt 1")
        for ind in inds for unit, year in ((city.ks, 2024), (city.slk, 2024), (city.ks, 2025))
    ])
    Activity.objects.bulk_create([
        Activity(plan=plan, goal=g, title=f"Aktivitet {g.code}/{k}", owner_unit=city.slk if k % 2 else city.ks,
                 start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), status=ActivityStatus.ONGOING,
                 sort_order=k)
        for g in created for k in range(activities)
    ])
    return plan
