"""Demo KF budget 2024 (kommunfullmäktiges budget): inriktningsmål and verksamhetsområdesmål.

Source: the three inriktningsmål for 2024 are Stockholm's real ones (DESIGN.md, "Facts to build
on"); the verksamhetsområdesmål under them, the decision date and the decision reference are
example data (``is_example``), written in the style of Stockholm's budget.
"""

from __future__ import annotations

import datetime as dt

from verksam.planning import actions
from verksam.planning.models import GoalLevel, PlanKind
from verksam.portal.demo.base import DemoContext
from verksam.portal.demo.plan_content import submit_if_draft, sync_goal, sync_plan

YEAR = 2024
TITLE = "Budget 2024 för Stockholms stad"
DESCRIPTION = (
    "Kommunfullmäktiges budget för 2024 med stadens tre inriktningsmål. Inriktningsmålen är "
    "stadens verkliga; verksamhetsområdesmålen, beslutsdatum och beslutsreferens är exempeldata."
)
DECIDED_ON = dt.date(2023, 11, 27)  # example
DECISION_REFERENCE = "KS 2023/1000 (exempel: budgetärendets diarienummer)"

DIRECTION_GOALS: list[tuple[str, str]] = [
    ("1", "Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden."),
    ("2", "Ett grönt och fossilfritt Stockholm som leder en rättvis klimatomställning."),
    ("3", "Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla."),
]

# code, title — all example data
AREA_GOALS: list[tuple[str, str]] = [
    ("1.1", "Stockholm är en trygg och säker stad att leva och vistas i"),
    ("1.2", "Stockholmarna har en god och jämlik hälsa"),
    ("1.3", "Stockholm är en jämställd stad där alla kan delta på lika villkor"),
    ("1.4", "Äldre stockholmare har en trygg och värdig ålderdom"),
    ("2.1", "Stockholm är en klimatpositiv stad senast 2030"),
    ("2.2", "Stockholm har en livskraftig natur och fler naturreservat"),
    ("2.3", "Stockholm är rustat för ett förändrat klimat"),
    ("2.4", "Stockholm har ett hållbart och tillgängligt transportsystem"),
    ("3.1", "Stockholm har en långsiktigt stabil och hållbar ekonomi"),
    ("3.2", "Alla barn och elever får en utbildning av hög kvalitet"),
    ("3.3", "Fler stockholmare har ett arbete och egen försörjning"),
    ("3.4", "I Stockholm byggs bostäder som fler har råd med"),
    ("3.5", "Stockholms stad är en attraktiv arbetsgivare"),
]


def load_council_budget(ctx: DemoContext):
    """Create the KF budget 2024 with its goals and decide it (once); ``ctx.goals`` gets the
    goals by code ("1", "1.1" …) and ``ctx.plans["kf_2024"]`` the plan."""
    kf = ctx.units["kf"]
    plan = sync_plan(ctx, "kf_2024", unit=kf, year=YEAR, kind=PlanKind.COUNCIL_BUDGET,
                     title=TITLE, reference="", description=DESCRIPTION, is_example=False)
    if plan.is_decided:
        for goal in plan.goals.all():
            ctx.goals[goal.code] = goal
    else:
        for order, (code, title) in enumerate(DIRECTION_GOALS):
            sync_goal(ctx, plan, level=GoalLevel.DIRECTION, code=code, title=title, owner_unit=kf,
                      parent=None, sort_order=order, is_example=False)
        for order, (code, title) in enumerate(AREA_GOALS):
            sync_goal(ctx, plan, level=GoalLevel.AREA, code=code, title=title, owner_unit=kf,
                      parent=ctx.goals[code.split(".")[0]], sort_order=order, is_example=True)
        submit_if_draft(ctx, plan)
        actions.decide_plan(plan, decided_on=DECIDED_ON, decided_by=kf, decision_reference=DECISION_REFERENCE,
                            acting_user=ctx.acting_user)
    ctx.write(f"  {TITLE}: {len(DIRECTION_GOALS)} inriktningsmål, {len(AREA_GOALS)} "
              f"verksamhetsområdesmål – {plan.get_status_display().lower()}")
    return plan
