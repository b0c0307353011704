"""API of planning (planering): ``GET /api/plans``, ``/api/plans/{plan_id}``, ``/api/goals/{goal_id}``.

Read-only; visibility comes from ``verksam.planning.queries.visible_plans`` (decided plans for
everyone, drafts and submitted plans only for users with a role on the unit; session login).
A plan or goal the caller may not read answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from pydantic import BeforeValidator

from verksam.api.errors import NotFoundError
from verksam.api.schemas import ERROR_RESPONSES
from verksam.planning.models import Plan
from verksam.planning.queries import goal_detail, plan_tree, visible_plans
from verksam.planning.schemas import GoalOut, PlanOut, PlanSummaryOut

router = Router(tags=["Planering"])

MAX_ID = 2**63 - 1  # largest primary key the databases store (BigAutoField)
_year_validators = {type(v).__name__: v.limit_value for v in Plan._meta.get_field("year").validators}
YEAR_MIN = _year_validators["MinValueValidator"]  # 2000, from the model: one rule
YEAR_MAX = _year_validators["MaxValueValidator"]  # 2100


def _blank_is_none(value):
    """A blank filter (``?unit=&year=2024``, as HTML forms send it) means no filter."""
    return None if isinstance(value, str) and not value.strip() else value


OptionalFilter = Annotated[int | None, BeforeValidator(_blank_is_none)]


@router.get("/plans", response={200: list[PlanSummaryOut], 422: ERROR_RESPONSES[422]},
            summary="Planer du får läsa",
            description="Beslutade planer för alla; utkast och inskickade planer bara för den som har en "
                        "roll på enheten. Filtren är frivilliga. Senaste året först.")
def list_plans(
    request,
    unit: OptionalFilter = Query(None, ge=1, le=MAX_ID, description="Bara planer för enheten med detta id."),
    year: OptionalFilter = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description=f"Bara planer för året ({YEAR_MIN}–{YEAR_MAX})."),
):
    """Plans the caller may read as ``PlanSummaryOut``, newest year first (one query for the
    plans, one for the caller's roles)."""
    plans = visible_plans(request.user).select_related("unit")
    if unit is not None:
        plans = plans.filter(unit_id=unit)
    if year is not None:
        plans = plans.filter(year=year)
    return [PlanSummaryOut.of(p) for p in plans.order_by("-year", "unit__path", "kind", "pk")]


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERROR_RESPONSES}, summary="En plan med målkedjan",
            description="Planen med beslut, bilagor och målkedjan som på plansidan: KF:s inriktningsmål "
                        "överst, varje mål med indikatorer, årsmål för planens år och aktiviteter. Årsmål "
                        "är JSON-tal i indikatorns enhet (unit_of_measure). Ett konstant antal frågor.")
def get_plan(request, plan_id: int = Path(..., ge=1, le=MAX_ID, description="Planens id.")):
    """The plan ``plan_id`` as ``PlanOut`` built from ``plan_tree``; 404 when it does not exist
    or the caller may not read it."""
    plan = (visible_plans(request.user).select_related("unit__municipality", "decided_by")
            .filter(pk=plan_id).first())
    if plan is None:
        raise NotFoundError(_("Det finns ingen plan med id %(id)s som du kan läsa.") % {"id": plan_id})
    return PlanOut.of(plan_tree(plan))


@router.get("/goals/{goal_id}", response={200: GoalOut, **ERROR_RESPONSES}, summary="Ett mål med sammanhang",
            description="Målet med kedjan av överordnade mål upp till inriktningsmålet, underordnade mål, "
                        "indikatorer med alla årsmål och aktiviteter. Mål i planer du inte får läsa ger 404.")
def get_goal(request, goal_id: int = Path(..., ge=1, le=MAX_ID, description="Målets id.")):
    """The goal ``goal_id`` as ``GoalOut``; 404 when it does not exist or lies in a plan the
    caller may not read."""
    detail = goal_detail(request.user, goal_id)
    if detail is None:
        raise NotFoundError(_("Det finns inget mål med id %(id)s som du kan läsa.") % {"id": goal_id})
    return GoalOut.of(detail)
