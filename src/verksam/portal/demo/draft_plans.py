"""Demo: two undecided plans (utkast) where editing can be tried — all example data.

- Utbildningsnämndens verksamhetsplan 2024: nämndmål under KF-mål 3.2; the demo user
  ``utbildning`` (redaktör on Utbildningsnämnden) may edit it.
- Stadsledningskontorets verksamhetsplan 2024: an enhetsmål under KS's nämndmål 3.5.1; the
  demo users ``redaktor`` and ``controller`` (on KS and its subtree) may edit it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from verksam.planning.models import ActivityStatus, Direction, GoalLevel, PlanKind
from verksam.portal.demo.base import DemoContext
from verksam.portal.demo.plan_content import (
    sync_activity, sync_goal, sync_indicator, sync_plan, sync_target,
)

YEAR = 2024
DRAFT_NOTE = "Exempeldata: ett utkast där redigering kan provas."

UTN_TITLE = "Verksamhetsplan 2024 för utbildningsnämnden"
SLK_TITLE = "Verksamhetsplan 2024 för stadsledningskontoret"


def load_draft_plans(ctx: DemoContext) -> None:
    """Create or update both drafts (needs the KF budget and KS plan steps); a draft that has
    meanwhile been decided is left as it is."""
    _load_education_plan(ctx)
    _load_city_office_plan(ctx)
    ctx.write(f"  Utkast: {UTN_TITLE}; {SLK_TITLE}")


def _load_education_plan(ctx: DemoContext) -> None:
    utn, utf = ctx.units["utn"], ctx.units["utf"]
    plan = sync_plan(ctx, "utn_2024", unit=utn, year=YEAR, kind=PlanKind.OPERATIONAL_PLAN, title=UTN_TITLE,
                     reference="", description=DRAFT_NOTE, is_example=True)
    if plan.is_decided:
        return
    knowledge = sync_goal(ctx, plan, level=GoalLevel.BOARD, code="3.2.1", parent=ctx.goals["3.2"], owner_unit=utn,
                          title="Fler elever når minst godtagbara kunskaper i alla ämnen", sort_order=0,
                          is_example=True)
    sync_goal(ctx, plan, level=GoalLevel.BOARD, code="3.2.2", parent=ctx.goals["3.2"], owner_unit=utn,
              title="Förskolan ger alla barn en god grund för fortsatt lärande", sort_order=1, is_example=True)
    indicator = sync_indicator(ctx, plan, name="Andel elever i årskurs 9 med godtagbara kunskaper i alla ämnen",
                               goal=knowledge, unit_of_measure="%", direction=Direction.HIGHER, by_sex=True,
                               source="Utbildningsförvaltningen", responsible_unit=utn, is_example=True)
    sync_target(ctx, indicator, is_example=True, value=Decimal("80"), baseline=Decimal("76"))
    sync_activity(ctx, plan, title="Stärka läsförståelsen i förskoleklass och lågstadiet", goal=knowledge,
                  owner_unit=utf, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31),
                  status=ActivityStatus.PLANNED, is_example=True)


def _load_city_office_plan(ctx: DemoContext) -> None:
    slk, hr = ctx.units["slk"], ctx.units["slk_hr"]
    plan = sync_plan(ctx, "slk_2024", unit=slk, year=YEAR, kind=PlanKind.OPERATIONAL_PLAN, title=SLK_TITLE,
                     reference="", description=DRAFT_NOTE, is_example=True)
    if plan.is_decided:
        return
    goal = sync_goal(ctx, plan, level=GoalLevel.UNIT, code="3.5.1.1", parent=ctx.goals["3.5.1"], owner_unit=slk,
                     title="Stadsledningskontorets medarbetare har en hållbar arbetsmiljö", sort_order=0,
                     is_example=True)
    indicator = sync_indicator(ctx, plan, name="Sjukfrånvaro på stadsledningskontoret", goal=goal,
                               unit_of_measure="%", direction=Direction.LOWER, by_sex=True,
                               source="Stadens personalsystem", responsible_unit=slk, is_example=True)
    sync_target(ctx, indicator, is_example=True, value=Decimal("4"), baseline=Decimal("4.6"))
    sync_activity(ctx, plan, title="Genomföra en medarbetarenkät med uppföljande handlingsplaner", goal=goal,
                  owner_unit=hr, start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 10, 31),
                  status=ActivityStatus.PLANNED, is_example=True)
