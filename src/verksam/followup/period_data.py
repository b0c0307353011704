"""What a period's assessments are computed from (underlag för bedömningar), loaded in bulk.

``load_period_data(period, …)`` reads everything the assessment proposals of one follow-up
period need — units, goals of the plan year, indicators, årsmål, outcomes, stored indicator
and goal assessments, activities — in **eight queries whatever the size** (the benchmark's
1 500 units and 30 000 indicator series included), as light rows (``values_list``, no model
instances). ``verksam.followup.proposals`` computes every proposal from a ``PeriodData``; the
single-goal path loads a ``PeriodData`` scoped to one goal, the whole-city roll-up one for
everything, so both run the same code.

Shapes: ids are ints; values are ``Decimal`` in the indicator's own unit or ``None``; keys of
the series maps are ``(indicator_id, unit_id)`` and of the goal assessments ``(goal_id, unit_id)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from verksam.followup.models import GoalAssessment, IndicatorAssessment, Outcome, Period
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import Activity, Goal, Indicator, PlanKind, Target

BOARD_KINDS = frozenset({UnitKind.EXECUTIVE_BOARD, UnitKind.BOARD, UnitKind.COMPANY_BOARD})
"""Unit kinds that count as a board (nämnd, styrelse) when KS asks how every board assessed a
KF goal; a förvaltning or enhet is counted with the nearest board above it."""


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit: ``path`` is the materialised path ("1/4/9/")."""

    id: int
    parent_id: int | None
    path: str
    kind: str
    name: str
    short_name: str


@dataclass(frozen=True, slots=True)
class GoalRow:
    """A goal of the period's plan year; ``is_kf`` for goals of the KF budget (KF-mål)."""

    id: int
    parent_id: int | None
    plan_id: int
    plan_unit_id: int
    plan_kind: str
    plan_status: str
    owner_unit_id: int
    level: str
    code: str
    title: str
    sort_order: int

    @property
    def is_kf(self) -> bool:
        """True for inriktningsmål and verksamhetsområdesmål of the council's budget."""
        return self.plan_kind == PlanKind.COUNCIL_BUDGET


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator: direction and delvis tolerance decide its verdict."""

    id: int
    goal_id: int | None
    plan_id: int
    plan_unit_id: int
    plan_status: str
    name: str
    unit_of_measure: str
    direction: str
    tolerance_kind: str
    tolerance: Decimal
    by_sex: bool
    sort_order: int
    has_targets: bool = True


@dataclass(frozen=True, slots=True)
class TargetRow:
    """An årsmål (total, kvinnor, män) of an indicator for a unit in the period's year."""

    value: Decimal | None
    value_women: Decimal | None
    value_men: Decimal | None


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """An outcome (utfall) and, at T1/T2, the full-year forecast (helårsprognos)."""

    id: int
    value: Decimal | None
    value_women: Decimal | None
    value_men: Decimal | None
    forecast: Decimal | None
    is_example: bool


@dataclass(frozen=True, slots=True)
class IndicatorAssessmentRow:
    """A stored indicator assessment: ``proposed`` by the rule, ``verdict`` given, ``reason``."""

    id: int
    proposed: str
    verdict: str
    based_on_forecast: bool
    reason: str
    lock_version: int


@dataclass(frozen=True, slots=True)
class GoalAssessmentRow:
    """A stored goal assessment (see ``GoalAssessment``); ``verdict`` "" when none is given yet."""

    id: int
    rule_id: str
    proposed: str
    proposal: dict
    verdict: str
    analysis: str
    reason: str
    approved_at: dt.datetime | None
    approved_by_id: int | None
    lock_version: int
    is_example: bool


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """An activity with its status and inclusive end date."""

    id: int
    goal_id: int | None
    plan_unit_id: int
    owner_unit_id: int
    title: str
    status: str
    end: dt.date | None
    sort_order: int


@dataclass
class PeriodData:
    """Everything loaded for one period (see the module docstring); the lookups below are what
    ``verksam.followup.proposals`` asks. ``goals`` always holds every goal of the plan year (the
    cascade and who has a stake in a KF goal); the other maps hold what the load was scoped to."""

    period: Period
    units: dict[int, UnitRow]
    goals: dict[int, GoalRow]
    indicators: dict[int, IndicatorRow]
    targets: dict[tuple[int, int], TargetRow]
    outcomes: dict[tuple[int, int], OutcomeRow]
    indicator_assessments: dict[tuple[int, int], IndicatorAssessmentRow]
    goal_assessments: dict[tuple[int, int], GoalAssessmentRow]
    activities: list[ActivityRow]
    memo: dict = field(default_factory=dict, repr=False)
    """Results computed from this data (``proposals.indicator_result`` keeps its own here)."""
    _children: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _indicators_by_goal: dict[int | None, list[IndicatorRow]] = field(default_factory=dict, repr=False)
    _activities_by_goal: dict[int | None, list[ActivityRow]] = field(default_factory=dict, repr=False)
    _assessors: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _owners_below: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _board_of: dict[int, int | None] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for goal in sorted(self.goals.values(), key=lambda g: (g.sort_order, _code_key(g.code), g.id)):
            if goal.parent_id is not None:
                self._children.setdefault(goal.parent_id, []).append(goal.id)
        for ind in sorted(self.indicators.values(), key=lambda i: (i.sort_order, i.id)):
            self._indicators_by_goal.setdefault(ind.goal_id, []).append(ind)
        for act in sorted(self.activities, key=lambda a: (a.sort_order, a.id)):
            self._activities_by_goal.setdefault(act.goal_id, []).append(act)
        for goal_id, unit_id in self.goal_assessments:
            self._assessors.setdefault(goal_id, []).append(unit_id)

    # --- the lookups used by the proposal rules -------------------------------------------

    def goal(self, goal_id: int) -> GoalRow:
        """The goal ``goal_id`` (KeyError when it is not of the period's year)."""
        return self.goals[goal_id]

    def children(self, goal_id: int) -> list[GoalRow]:
        """Goals directly beneath ``goal_id``, in order (sort order, code)."""
        return [self.goals[c] for c in self._children.get(goal_id, ())]

    def indicators_of(self, goal_id: int | None) -> list[IndicatorRow]:
        """Indicators measuring ``goal_id`` (None: indicators without a goal)."""
        return self._indicators_by_goal.get(goal_id, [])

    def activities_of(self, goal_id: int) -> list[ActivityRow]:
        """Activities serving ``goal_id``."""
        return self._activities_by_goal.get(goal_id, [])

    def target(self, indicator_id: int, unit_id: int) -> TargetRow | None:
        """The unit's årsmål of the period's year, or None."""
        return self.targets.get((indicator_id, unit_id))

    def outcome(self, indicator_id: int, unit_id: int) -> OutcomeRow | None:
        """The unit's outcome in the period, or None."""
        return self.outcomes.get((indicator_id, unit_id))

    def indicator_assessment(self, indicator_id: int, unit_id: int) -> IndicatorAssessmentRow | None:
        """The stored indicator assessment, or None."""
        return self.indicator_assessments.get((indicator_id, unit_id))

    def goal_assessment(self, goal_id: int, unit_id: int) -> GoalAssessmentRow | None:
        """The stored assessment of ``goal_id`` by ``unit_id`` in the period, or None."""
        return self.goal_assessments.get((goal_id, unit_id))

    def assessing_units(self, goal_id: int) -> list[int]:
        """Units that have stored an assessment of ``goal_id`` in the period."""
        return self._assessors.get(goal_id, [])

    def in_subtree(self, unit_id: int, ancestor_id: int) -> bool:
        """True when ``unit_id`` is ``ancestor_id`` or lies beneath it."""
        return self.units[unit_id].path.startswith(self.units[ancestor_id].path)

    def board_of(self, unit_id: int) -> int | None:
        """The nearest unit at or above ``unit_id`` whose kind is a board (``BOARD_KINDS``)."""
        if unit_id not in self._board_of:
            unit = self.units[unit_id]
            if unit.kind in BOARD_KINDS:
                found = unit_id
            else:
                found = self.board_of(unit.parent_id) if unit.parent_id in self.units else None
            self._board_of[unit_id] = found
        return self._board_of[unit_id]

    def owners_below(self, goal_id: int) -> frozenset[int]:
        """Owner units of every goal beneath ``goal_id`` (all levels down)."""
        cached = self._owners_below.get(goal_id)
        if cached is None:
            owners: set[int] = set()
            for child in self.children(goal_id):
                owners.add(child.owner_unit_id)
                owners |= self.owners_below(child.id)
            cached = self._owners_below[goal_id] = frozenset(owners)
        return cached

    def is_series(self, indicator: IndicatorRow, unit_id: int) -> bool:
        """True when ``unit_id`` follows ``indicator`` up: it has an årsmål, an outcome or a
        stored assessment of it — or the indicator has no årsmål for anyone this year and is
        in one of the unit's own plans (then it is "ej mätt" until a value comes)."""
        key = (indicator.id, unit_id)
        return (key in self.targets or key in self.outcomes or key in self.indicator_assessments
                or (indicator.plan_unit_id == unit_id and not indicator.has_targets))

    def series(self, *, ordered: bool = True) -> list[tuple[int, int]]:
        """Every loaded (indicator id, unit id) series (see ``is_series``), by indicator then
        unit path (``ordered=False``: in no particular order, for the bulk roll-up)."""
        keys = set(self.targets) | set(self.outcomes) | set(self.indicator_assessments)
        keys |= {(i.id, i.plan_unit_id) for i in self.indicators.values() if not i.has_targets}
        keys = [k for k in keys if k[0] in self.indicators and k[1] in self.units]
        return sorted(keys, key=lambda k: (k[0], self.units[k[1]].path)) if ordered else keys


def _code_key(code: str) -> tuple:
    """Sort "3.10" after "3.9"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in (code or "").split("."))


# --- loading -----------------------------------------------------------------------------------

def _rows(queryset, row_type, fields):
    return [row_type(*values) for values in queryset.values_list(*fields)]


def load_period_data(period: Period, *, goal_ids=None, unit_id: int | None = None) -> PeriodData:
    """Load what the proposals of ``period`` need, in eight queries.

    ``goal_ids`` None loads every indicator, årsmål, outcome, assessment and activity of the
    period's year (the whole-city roll-up). Given — an iterable of goal ids, or a function that
    picks them from a ``PeriodData`` holding only the units and goals — only those goals'
    indicators and activities are loaded, with the assessments of the goals and of the goals
    directly beneath them. ``unit_id`` restricts the series (årsmål, outcomes, indicator
    assessments) to that unit, adds the unit's own series of indicators outside the goals and,
    when scoped, every goal assessment the unit has stored in the period.
    Units and goals of the year are always loaded whole (they are few; the cascade needs them).
    """
    year, municipality_id = period.year, period.municipality_id
    units = {u.id: u for u in _rows(Unit.objects.filter(municipality_id=municipality_id), UnitRow,
                                    ("id", "parent_id", "path", "kind", "name", "short_name"))}
    goals = {g.id: g for g in _rows(
        Goal.objects.filter(plan__year=year, plan__unit__municipality_id=municipality_id), GoalRow,
        ("id", "parent_id", "plan_id", "plan__unit_id", "plan__kind", "plan__status", "owner_unit_id", "level",
         "code", "title", "sort_order"))}
    scoped = goal_ids is not None
    if callable(goal_ids):
        goal_ids = goal_ids(PeriodData(period=period, units=units, goals=goals, indicators={}, targets={},
                                       outcomes={}, indicator_assessments={}, goal_assessments={},
                                       activities=[]))
    focus = set(goal_ids or ())

    indicator_qs = Indicator.objects.filter(plan__year=year, plan__unit__municipality_id=municipality_id)
    if scoped or unit_id is not None:
        wanted = Q(goal_id__in=focus) if scoped else Q()
        if unit_id is not None:  # subqueries, not joins: no row multiplication, no DISTINCT
            own = (Q(plan__unit_id=unit_id)
                   | Q(pk__in=Target.objects.filter(unit_id=unit_id, year=year).values("indicator_id"))
                   | Q(pk__in=Outcome.objects.filter(unit_id=unit_id, period=period).values("indicator_id")))
            wanted = (wanted | own) if scoped else own
        indicator_qs = indicator_qs.filter(wanted)
    indicator_qs = indicator_qs.annotate(
        has_targets=Exists(Target.objects.filter(indicator_id=OuterRef("pk"), year=year)))
    indicators = {i.id: i for i in _rows(indicator_qs, IndicatorRow, (
        "id", "goal_id", "plan_id", "plan__unit_id", "plan__status", "name", "unit_of_measure", "direction",
        "tolerance_kind", "tolerance", "by_sex", "sort_order", "has_targets"))}

    def series_filter(qs):
        if scoped or unit_id is not None:
            qs = qs.filter(indicator_id__in=list(indicators))
        else:
            qs = qs.filter(indicator__plan__year=year)
        return qs.filter(unit_id=unit_id) if unit_id is not None else qs

    targets = {(ind, unit): TargetRow(v, w, m) for ind, unit, v, w, m in series_filter(
        Target.objects.filter(year=year, plan__unit__municipality_id=municipality_id)
    ).values_list("indicator_id", "unit_id", "value", "value_women", "value_men")}
    outcomes = {(ind, unit): OutcomeRow(*rest) for ind, unit, *rest in series_filter(
        Outcome.objects.filter(period=period)
    ).values_list("indicator_id", "unit_id", "id", "value", "value_women", "value_men", "forecast", "is_example")}
    indicator_assessments = {(ind, unit): IndicatorAssessmentRow(*rest) for ind, unit, *rest in series_filter(
        IndicatorAssessment.objects.filter(period=period)
    ).values_list("indicator_id", "unit_id", "id", "proposed", "verdict", "based_on_forecast", "reason",
                  "lock_version")}

    activity_qs = Activity.objects.filter(plan__year=year, plan__unit__municipality_id=municipality_id)
    if scoped:
        activity_qs = activity_qs.filter(goal_id__in=focus)
    activities = _rows(activity_qs, ActivityRow, ("id", "goal_id", "plan__unit_id", "owner_unit_id", "title",
                                                  "status", "end", "sort_order"))

    assessment_qs = GoalAssessment.objects.filter(period=period)
    if scoped:
        beneath = {g.id for g in goals.values() if g.parent_id in focus}
        wanted = Q(goal_id__in=focus | beneath)
        if unit_id is not None:
            wanted |= Q(unit_id=unit_id)
        assessment_qs = assessment_qs.filter(wanted)
    goal_assessments = {(goal, unit): GoalAssessmentRow(*rest) for goal, unit, *rest in assessment_qs.values_list(
        "goal_id", "unit_id", "id", "rule_id", "proposed", "proposal", "verdict", "analysis", "reason",
        "approved_at", "approved_by_id", "lock_version", "is_example")}

    return PeriodData(period=period, units=units, goals=goals, indicators=indicators, targets=targets,
                      outcomes=outcomes, indicator_assessments=indicator_assessments,
                      goal_assessments=goal_assessments, activities=activities)
