"""API of follow-up (uppföljning): ``GET /api/periods``, ``/api/outcomes``, ``/api/assessments``
and ``/api/rollup``.

Read-only. Visibility is that of plans (``verksam.planning.queries.visible_plans``): outcomes
and assessments of indicators and goals in decided plans are open to everyone, those in
drafts only to users with ``view_drafts`` on the plan's unit. Something that does not exist or
may not be read answers 404; bad parameters 422 — both ``{"detail": "<svenskt meddelande>"}``
(``verksam.api.errors``). Assessments and the roll-up come from
``verksam.followup.queries_rollup`` — the same reads as the pages, in a constant number of
queries — which apply the visibility rule in one place (``queries_rollup.readable_data``): a
proposal's inputs and counts ("1 av 2 mål bedömda") never name or count a goal in a plan the
caller may not read.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from verksam.api.errors import NotFoundError
from verksam.api.schemas import ERROR_RESPONSES, ErrorOut
from verksam.followup.models import Outcome, Period
from verksam.followup.queries_rollup import board_rollup, unit_assessments
from verksam.followup.schemas import (
    AssessmentsOut, GoalAssessmentOut, IndicatorAssessmentOut, OutcomeOut, PeriodOut, PeriodRefOut, RollupOut,
)
from verksam.organisation.models import Unit
from verksam.organisation.schemas import UnitRefOut
from verksam.planning.api import MAX_ID, OptionalFilter
from verksam.planning.models import Goal, PlanKind, Target
from verksam.planning.queries import visible_plans

router = Router(tags=["Uppföljning"])


def _approvers(user_ids) -> dict:
    """User id → name of the given approvers (one query, none when there are none)."""
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return {u.pk: (u.get_full_name() or u.username) for u in get_user_model().objects.filter(pk__in=ids)}


def _period(period_id: int) -> Period:
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise NotFoundError(_("Det finns ingen uppföljningsperiod med id %(id)s.") % {"id": period_id})
    return period


@router.get("/periods", response={200: list[PeriodOut], **ERROR_RESPONSES},
            summary="Uppföljningsperioder",
            description="Tertialrapport 1 och 2 och verksamhetsberättelse med datum, status och sista dag per "
                        "enhetstyp. Med ”plan” bara perioderna för planens år och kommun.")
def list_periods(request, plan: OptionalFilter = Query(None, ge=1, le=MAX_ID,
                                                       description="Bara perioder för planen med detta id.")):
    """Periods (``PeriodOut``) by year and date; 404 when ``plan`` is given but not readable."""
    periods = Period.objects.prefetch_related("deadlines").order_by("year", "as_of", "pk")
    if plan is not None:
        found = visible_plans(request.user).select_related("unit").filter(pk=plan).first()
        if found is None:
            raise NotFoundError(_("Det finns ingen plan med id %(id)s som du kan läsa.") % {"id": plan})
        periods = periods.filter(year=found.year, municipality_id=found.unit.municipality_id)
    return [PeriodOut.of(p) for p in periods]


@router.get("/outcomes", response={200: list[OutcomeOut], **ERROR_RESPONSES}, summary="Utfall",
            description="Utfall (totalt, kvinnor, män, helårsprognos) med källa, datum och enhetens årsmål. "
                        "Ange minst en av ”indicator”, ”unit” och ”period”. Utfall för indikatorer i planer "
                        "du inte får läsa visas inte.")
def list_outcomes(
    request,
    indicator: OptionalFilter = Query(None, ge=1, le=MAX_ID, description="Indikatorns id."),
    unit: OptionalFilter = Query(None, ge=1, le=MAX_ID, description="Enhetens id."),
    period: OptionalFilter = Query(None, ge=1, le=MAX_ID, description="Periodens id."),
):
    """Readable outcomes matching the filters, by period, indicator and unit (three queries:
    outcomes, årsmål, the caller's roles)."""
    if indicator is None and unit is None and period is None:
        return Status(422, {"detail": _("Ange minst en av parametrarna ”indicator”, ”unit” och ”period”.")})
    outcomes = (Outcome.objects.filter(indicator__plan__in=visible_plans(request.user))
                .select_related("indicator", "unit", "period")
                .order_by("period__year", "period__as_of", "indicator__sort_order", "indicator_id", "unit__path"))
    if indicator is not None:
        outcomes = outcomes.filter(indicator_id=indicator)
    if unit is not None:
        outcomes = outcomes.filter(unit_id=unit)
    if period is not None:
        outcomes = outcomes.filter(period_id=period)
    outcomes = list(outcomes)
    targets = {}
    if outcomes:
        query = Target.objects.filter(indicator_id__in={o.indicator_id for o in outcomes},
                                      year__in={o.period.year for o in outcomes})
        targets = {(t.indicator_id, t.unit_id, t.year): t.value for t in query}
    return [OutcomeOut.of(o, targets.get((o.indicator_id, o.unit_id, o.period.year))) for o in outcomes]


@router.get("/assessments", response={200: AssessmentsOut, **ERROR_RESPONSES}, summary="En enhets bedömningar",
            description="Enhetens indikatorer med bedömning (förslag, given bedömning, skäl) och målen den bedömer "
                        "— egna mål och KF-mål den bidrar till — med förslaget nu, regeln, och den sparade "
                        "bedömningen med regel, förslag, analys, skäl och godkännande.")
def get_assessments(
    request,
    unit: int = Query(..., ge=1, le=MAX_ID, description="Enhetens id."),
    period: int = Query(..., ge=1, le=MAX_ID, description="Periodens id."),
):
    """``AssessmentsOut`` from ``queries_rollup.unit_assessments``; 404 for an unknown period or
    a unit outside the period's municipality."""
    found_period = _period(period)
    found_unit = Unit.objects.filter(pk=unit, municipality_id=found_period.municipality_id).first()
    if found_unit is None:
        raise NotFoundError(_("Det finns ingen enhet med id %(id)s i periodens kommun.") % {"id": unit})
    page = unit_assessments(found_unit, found_period, user=request.user)
    approvers = _approvers(r.stored.approved_by_id for r in page.goals if r.stored)
    return AssessmentsOut(
        unit=UnitRefOut.of(found_unit), period=PeriodRefOut.of(found_period),
        indicators=[IndicatorAssessmentOut.of(r) for rows in page.indicators.values() for r in rows],
        goals=[GoalAssessmentOut.of(r, approvers) for r in page.goals],
    )


@router.get("/rollup", response={200: RollupOut, **ERROR_RESPONSES}, summary="Nämndernas bedömningar av ett KF-mål",
            description="Hur varje nämnd bedömer ett KF-mål (inriktningsmål eller verksamhetsområdesmål) i en "
                        "period: meningen ”26 av 29 nämnder bedömer …”, antal per bedömning, varje nämnds "
                        "bedömning och förslag med dess nämndmål, förslaget för staden och KF:s indikatorer "
                        "mot årsmålen.")
def get_rollup(
    request,
    goal: int = Query(..., ge=1, le=MAX_ID, description="KF-målets id."),
    period: int = Query(..., ge=1, le=MAX_ID, description="Periodens id."),
):
    """``RollupOut`` from ``queries_rollup.board_rollup``; 404 for an unknown period or a goal
    that does not exist or may not be read; 422 for a goal that is not a KF goal of the
    period's year."""
    found_period = _period(period)
    found_goal = (Goal.objects.filter(pk=goal, plan__in=visible_plans(request.user))
                  .select_related("plan__unit").first())
    if found_goal is None:
        raise NotFoundError(_("Det finns inget mål med id %(id)s som du kan läsa.") % {"id": goal})
    if found_goal.plan.kind != PlanKind.COUNCIL_BUDGET:
        return Status(422, {"detail": _("Målet med id %(id)s är inget KF-mål (inriktningsmål eller verksamhetsområdesmål "
                                 "i KF:s budget).") % {"id": goal}})
    if (found_goal.plan.year != found_period.year
            or found_goal.plan.unit.municipality_id != found_period.municipality_id):
        return Status(422, {"detail": _("Målet hör till %(year)s års budget, inte till perioden %(period)s.")
                     % {"year": found_goal.plan.year, "period": found_period}})
    rollup = board_rollup(found_goal, found_period, user=request.user)
    approvers = _approvers([r.result.stored.approved_by_id for r in rollup.boards if r.result.stored]
                           + [rollup.city.stored.approved_by_id if rollup.city.stored else None])
    return RollupOut.of(rollup, found_period, approvers)


__all__ = ["router", "ErrorOut"]
