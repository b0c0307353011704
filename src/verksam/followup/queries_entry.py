"""Read queries for the entry page (registrera utfall) of one unit in one period.

``entry_page(user, period, unit)`` lists the unit's indicators in that year's plans — those the
unit is responsible for and those of the unit's own plans — each with what makes entry cheap
(DESIGN "How peers fail": owners who never enter data): the stored outcome, the årsmål, the
previous value, the trend and the verdict proposal. Queries are constant at any size: the
indicators, their targets, the period's outcomes, the earlier outcomes (trend) and the year's
periods — five, plus the user's roles.

Which values belong to "the same indicator" across years: indicators are rows of each year's
plan, so earlier years are matched by their Kolada KPI id when the indicator has one, otherwise
by the indicator's exact name (``series_key``). Within the year it is the indicator itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from verksam.core import permissions as perms
from verksam.followup.models import Outcome, Period, PeriodStatus
from verksam.followup.rules.verdicts import Verdict, indicator_verdict, judged_value
from verksam.planning.models import Direction, Indicator, Target
from verksam.planning.queries import visible_plans

TREND_YEARS = 4
"""How many earlier years of outcomes the trend shows (besides the current year)."""


def series_key(indicator) -> tuple[str, str]:
    """What ties an indicator to its counterparts in other years' plans: ("kpi", "N00090") for a
    Kolada-bound indicator, else ("name", its exact name)."""
    return ("kpi", indicator.kolada_kpi) if indicator.kolada_kpi else ("name", indicator.name)


def assessed_value(period: Period, value, forecast) -> tuple[Decimal | None, bool]:
    """The value the verdict proposal judges, and whether it is the forecast: at T1 and T2 the
    full-year forecast (helårsprognos) when one is given, else the outcome; at VB the outcome.
    Values are Decimal in the indicator's unit or None."""
    return judged_value(period.has_forecast, value, forecast)


def propose_verdict(indicator, target: Target | None, period: Period, value, forecast) -> tuple[Verdict, bool]:
    """The verdict proposal (``verksam.followup.rules.indicator_verdict``) for ``value`` /
    ``forecast`` against the årsmål ``target`` — (verdict, based on forecast)."""
    judged, on_forecast = assessed_value(period, value, forecast)
    verdict = indicator_verdict(
        judged, target.value if target is not None else None, direction=indicator.direction,
        tolerance_kind=indicator.tolerance_kind, tolerance=indicator.tolerance,
    )
    return verdict, on_forecast


@dataclass
class TrendPoint:
    """One earlier (or the current) value of the series: ``label`` "VB 2023", ``as_of`` date,
    ``value`` Decimal in the indicator's unit."""

    label: str
    as_of: dt.date
    value: Decimal


@dataclass
class EntryRow:
    """One indicator on the entry page.

    ``target``: the årsmål of the unit that year, or None;
    ``outcome``: the stored outcome of this period or None; ``previous``: the latest earlier
    value (the previous period's outcome, or last year's VB); ``trend``: earlier values oldest
    first, ending with the stored value of this period; ``verdict`` / ``on_forecast``: the
    proposal for the stored value or forecast.
    """

    indicator: Indicator
    target: Target | None
    outcome: Outcome | None
    previous: TrendPoint | None
    trend: list[TrendPoint]
    verdict: Verdict
    on_forecast: bool

    @property
    def trend_movement(self) -> str:
        """How the last trend value moved from the one before: "up", "down", "same", or "" with
        fewer than two values."""
        if len(self.trend) < 2:
            return ""
        before, last = self.trend[-2].value, self.trend[-1].value
        return "same" if last == before else ("up" if last > before else "down")

    @property
    def trend_judgement(self) -> str:
        """The last move judged by the indicator's direction: "better", "worse", "same", or ""
        (fewer than two values, or a neutral indicator that has no better or worse)."""
        movement = self.trend_movement
        if movement in ("", "same"):
            return movement
        if self.indicator.direction == Direction.NEUTRAL:
            return ""
        return "better" if (movement == "up") == (self.indicator.direction == Direction.HIGHER) else "worse"


@dataclass
class GoalGroup:
    """Rows under one goal (``goal`` None for indicators without a goal)."""

    goal: object
    rows: list[EntryRow] = field(default_factory=list)


@dataclass
class EntryPage:
    """The entry page of ``unit`` in ``period``: ``rows`` in goal order, ``groups`` the same rows
    by goal, ``periods`` the year's periods (navigation), and what the user is offered:
    ``can_enter`` (open period, ``enter_outcomes``), ``can_correct`` (closed or locked period,
    ``approve_followup``: corrections with a reason)."""

    period: Period
    unit: object
    rows: list[EntryRow]
    groups: list[GoalGroup]
    periods: list[Period]
    can_enter: bool
    can_correct: bool

    @property
    def is_open(self) -> bool:
        """True when the period takes ordinary entries."""
        return self.period.status == PeriodStatus.OPEN

    @property
    def editable(self) -> bool:
        """True when the page shows inputs (entry or correction)."""
        return self.can_enter or self.can_correct


def unit_indicators(user, period: Period, unit, *, include_drafts: bool):
    """The unit's indicators in ``period.year``'s plans: those it is responsible for and those of
    its own plans, in goal order. Unless ``include_drafts`` only indicators of plans ``user`` may
    read (``visible_plans``). One query when evaluated."""
    qs = (Indicator.objects
          .filter(plan__year=period.year, plan__unit__municipality_id=period.municipality_id)
          .filter(Q(responsible_unit=unit) | Q(plan__unit=unit)))
    if not include_drafts:
        qs = qs.filter(plan__in=visible_plans(user))
    return (qs.select_related("plan", "goal")
            .order_by("plan__kind", "goal__sort_order", "goal__code", "sort_order", "pk"))


def _targets(indicators: list[Indicator], unit, year: int) -> dict[int, Target]:
    """Indicator id → the årsmål of ``unit`` that year (the same target the assessment proposals
    judge against, ``verksam.followup.period_data``). One query."""
    return {t.indicator_id: t for t in Target.objects.filter(
        indicator__in=[i.pk for i in indicators], year=year, unit=unit)}


def _earlier_values(indicators: list[Indicator], period: Period, unit) -> dict[object, list[TrendPoint]]:
    """Series key or indicator id → earlier values of ``unit`` (before ``period``, within
    ``TREND_YEARS`` years), oldest first. One query."""
    kpis = {i.kolada_kpi for i in indicators if i.kolada_kpi}
    names = {i.name for i in indicators if not i.kolada_kpi}
    ids = [i.pk for i in indicators]
    rows = (Outcome.objects
            .filter(unit=unit, period__municipality_id=period.municipality_id,
                    period__year__gte=period.year - TREND_YEARS, period__as_of__lt=period.as_of,
                    value__isnull=False)
            .filter(Q(indicator__in=ids) | Q(indicator__kolada_kpi__in=kpis)
                    | Q(indicator__kolada_kpi="", indicator__name__in=names))
            .values_list("indicator_id", "indicator__kolada_kpi", "indicator__name", "period__year",
                         "period__kind", "period__as_of", "value")
            .order_by("period__as_of", "pk"))
    series: dict[object, list[TrendPoint]] = {}
    for ind_id, kpi, name, year, kind, as_of, value in rows:
        point = TrendPoint(f"{kind} {year}", as_of, value)
        if year == period.year:
            series.setdefault(ind_id, []).append(point)
        else:
            series.setdefault(("kpi", kpi) if kpi else ("name", name), []).append(point)
    return series


def entry_rows(indicators: list[Indicator], period: Period, unit) -> list[EntryRow]:
    """Build the rows for ``indicators`` (three queries: targets, outcomes, earlier values)."""
    targets = _targets(indicators, unit, period.year)
    outcomes = {o.indicator_id: o for o in Outcome.objects.filter(
        period=period, unit=unit, indicator__in=[i.pk for i in indicators]).select_related("entered_by")}
    earlier = _earlier_values(indicators, period, unit)
    rows = []
    for ind in indicators:
        history = earlier.get(series_key(ind), []) + earlier.get(ind.pk, [])
        history.sort(key=lambda p: p.as_of)
        outcome = outcomes.get(ind.pk)
        trend = list(history[-5:])
        if outcome is not None and outcome.value is not None:
            trend.append(TrendPoint(f"{period.kind} {period.year}", outcome.as_of, outcome.value))
        target = targets.get(ind.pk)
        verdict, on_forecast = propose_verdict(
            ind, target, period, outcome.value if outcome else None, outcome.forecast if outcome else None)
        rows.append(EntryRow(ind, target, outcome, history[-1] if history else None, trend, verdict, on_forecast))
    return rows


def _group(rows: list[EntryRow]) -> list[GoalGroup]:
    groups: list[GoalGroup] = []
    for row in rows:
        if not groups or groups[-1].goal != row.indicator.goal:
            groups.append(GoalGroup(row.indicator.goal))
        groups[-1].rows.append(row)
    return groups


def entry_page(user, period: Period, unit) -> EntryPage:
    """The entry page of ``unit`` in ``period`` as ``user`` sees it.

    Users who may enter outcomes for the unit (or correct them) see all its indicators; others
    only those in plans they may read. Constant number of queries (see the module docstring)."""
    may_enter = perms.has_perm(user, perms.ENTER_OUTCOMES, unit)
    may_correct = perms.has_perm(user, perms.APPROVE_FOLLOWUP, unit)
    is_open = period.status == PeriodStatus.OPEN
    indicators = list(unit_indicators(user, period, unit, include_drafts=may_enter))
    rows = entry_rows(indicators, period, unit)
    periods = list(Period.objects.filter(municipality_id=period.municipality_id, year=period.year)
                   .order_by("as_of"))
    return EntryPage(period=period, unit=unit, rows=rows, groups=_group(rows), periods=periods,
                     can_enter=is_open and may_enter, can_correct=not is_open and may_correct)
