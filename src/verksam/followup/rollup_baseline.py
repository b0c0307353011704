"""BASELINE ONLY — the naive per-object ORM roll-up the benchmark compares ``rollup`` with.

``rollup_naive(period)`` gives exactly what ``verksam.followup.queries_rollup.rollup`` gives,
through the same per-goal function (``verksam.followup.proposals.goal_result``), but reads
its data the way a straightforward ORM loop would: one query per goal for its children,
indicators and activities, one query per indicator and unit for the årsmål, the outcome and
the stored assessment, one per stored goal assessment looked up. Units and goals, once
fetched, are kept (an identity map), so the count grows with the number of objects, not
with their square. Do not call it from pages, the API or commands: it exists to measure the
bulk path against (``make bench``) and to check that both agree (tests).
"""

from __future__ import annotations

from verksam.followup.models import GoalAssessment, IndicatorAssessment, Outcome, Period
from verksam.followup.period_data import (
    ActivityRow, GoalAssessmentRow, GoalRow, IndicatorAssessmentRow, IndicatorRow, OutcomeRow, TargetRow,
    UnitRow,
)
from verksam.organisation.models import Unit
from verksam.planning.models import Activity, Goal, Indicator, Target


def _goal_row(goal: Goal) -> GoalRow:
    return GoalRow(goal.pk, goal.parent_id, goal.plan_id, goal.plan.unit_id, goal.plan.kind, goal.plan.status,
                   goal.owner_unit_id, goal.level, goal.code, goal.title, goal.sort_order)


def _indicator_row(ind: Indicator) -> IndicatorRow:
    return IndicatorRow(ind.pk, ind.goal_id, ind.plan_id, ind.plan.unit_id, ind.plan.status, ind.name,
                        ind.unit_of_measure, ind.direction, ind.tolerance_kind, ind.tolerance, ind.by_sex,
                        ind.sort_order, Target.objects.filter(indicator=ind, year=ind.plan.year).exists())


class NaiveData:
    """BASELINE ONLY: the lookups of ``PeriodData`` answered by one ORM query per object."""

    def __init__(self, period: Period):
        self.period = period
        self._units: dict[int, UnitRow] = {}
        self._goals: dict[int, GoalRow] = {}
        self._owners_below: dict[int, frozenset[int]] = {}
        self.memo: dict = {}

    def _unit(self, unit_id: int) -> UnitRow:
        if unit_id not in self._units:
            u = Unit.objects.get(pk=unit_id)
            self._units[unit_id] = UnitRow(u.pk, u.parent_id, u.path, u.kind, u.name, u.short_name)
        return self._units[unit_id]

    @property
    def units(self):
        """Unit rows by id, fetched one by one on first use."""
        return _Lazy(self._unit)

    def goal(self, goal_id: int) -> GoalRow:
        """The goal, fetched once."""
        if goal_id not in self._goals:
            self._goals[goal_id] = _goal_row(Goal.objects.select_related("plan").get(pk=goal_id))
        return self._goals[goal_id]

    def children(self, goal_id: int) -> list[GoalRow]:
        """One query per call."""
        rows = []
        for goal in Goal.objects.filter(parent_id=goal_id, plan__year=self.period.year).select_related("plan"):
            self._goals.setdefault(goal.pk, _goal_row(goal))
            rows.append(self._goals[goal.pk])
        from verksam.followup.period_data import _code_key
        return sorted(rows, key=lambda g: (g.sort_order, _code_key(g.code), g.id))

    def indicators_of(self, goal_id):
        """One query per call."""
        return [_indicator_row(i) for i in Indicator.objects.filter(goal_id=goal_id).select_related("plan")
                .order_by("sort_order", "pk")]

    def activities_of(self, goal_id):
        """One query per call."""
        return [ActivityRow(a.pk, a.goal_id, a.plan.unit_id, a.owner_unit_id, a.title, a.status, a.end, a.sort_order)
                for a in Activity.objects.filter(goal_id=goal_id).select_related("plan").order_by("sort_order", "pk")]

    def target(self, indicator_id, unit_id):
        """One query per call."""
        t = Target.objects.filter(indicator_id=indicator_id, unit_id=unit_id, year=self.period.year).first()
        return None if t is None else TargetRow(t.value, t.value_women, t.value_men)

    def outcome(self, indicator_id, unit_id):
        """One query per call."""
        o = Outcome.objects.filter(indicator_id=indicator_id, unit_id=unit_id, period=self.period).first()
        return None if o is None else OutcomeRow(o.pk, o.value, o.value_women, o.value_men, o.forecast, o.is_example)

    def indicator_assessment(self, indicator_id, unit_id):
        """One query per call."""
        a = IndicatorAssessment.objects.filter(indicator_id=indicator_id, unit_id=unit_id, period=self.period).first()
        return None if a is None else IndicatorAssessmentRow(a.pk, a.proposed, a.verdict, a.based_on_forecast,
                                                             a.reason, a.lock_version)

    def goal_assessment(self, goal_id, unit_id):
        """One query per call."""
        a = GoalAssessment.objects.filter(goal_id=goal_id, unit_id=unit_id, period=self.period).first()
        if a is None:
            return None
        return GoalAssessmentRow(a.pk, a.rule_id, a.proposed, a.proposal, a.verdict, a.analysis, a.reason,
                                 a.approved_at, a.approved_by_id, a.lock_version, a.is_example)

    def assessing_units(self, goal_id):
        """One query per call."""
        return list(GoalAssessment.objects.filter(goal_id=goal_id, period=self.period).values_list("unit_id", flat=True))

    def in_subtree(self, unit_id, ancestor_id):
        """By the units' paths."""
        return self._unit(unit_id).path.startswith(self._unit(ancestor_id).path)

    def board_of(self, unit_id):
        """Walking up the parents, one unit at a time."""
        from verksam.followup.period_data import BOARD_KINDS

        unit = self._unit(unit_id)
        while unit is not None and unit.kind not in BOARD_KINDS:
            unit = self._unit(unit.parent_id) if unit.parent_id else None
        return unit.id if unit is not None else None

    def owners_below(self, goal_id):
        """Recursively through ``children`` (kept per goal once computed)."""
        if goal_id not in self._owners_below:
            owners = set()
            for child in self.children(goal_id):
                owners.add(child.owner_unit_id)
                owners |= self.owners_below(child.id)
            self._owners_below[goal_id] = frozenset(owners)
        return self._owners_below[goal_id]

    def is_series(self, indicator, unit_id):
        """Up to three queries per call."""
        return (self.target(indicator.id, unit_id) is not None
                or self.outcome(indicator.id, unit_id) is not None
                or self.indicator_assessment(indicator.id, unit_id) is not None
                or (indicator.plan_unit_id == unit_id and not indicator.has_targets))


class _Lazy:
    def __init__(self, fetch):
        self._fetch = fetch

    def __getitem__(self, key):
        return self._fetch(key)


def rollup_naive(period: Period, *, rule_id: str | None = None):
    """BASELINE ONLY: ``queries_rollup.rollup(period)`` computed with per-object queries.

    Returns the same ``CityRollup`` (same keys, same proposals). Queries grow with the number
    of goals, indicators and units — that is what it is for.
    """
    from verksam.followup.proposals import boards_with_stake, default_rule_id, goal_result, indicator_result
    from verksam.followup.queries_rollup import CityRollup
    from verksam.followup.rules import get_rule

    rule = get_rule(rule_id or default_rule_id())
    data = NaiveData(period)
    municipality = dict(plan__year=period.year, plan__unit__municipality_id=period.municipality_id)
    indicators = {}
    for ind in Indicator.objects.filter(**municipality).select_related("plan"):
        row = _indicator_row(ind)
        units = set() if row.has_targets else {row.plan_unit_id}
        units.update(Target.objects.filter(indicator=ind, year=period.year).values_list("unit_id", flat=True))
        units.update(Outcome.objects.filter(indicator=ind, period=period).values_list("unit_id", flat=True))
        units.update(IndicatorAssessment.objects.filter(indicator=ind, period=period)
                     .values_list("unit_id", flat=True))
        for unit_id in units:
            indicators[(row.id, unit_id)] = indicator_result(data, row, unit_id)
    goals = {}
    for goal in Goal.objects.filter(**municipality).select_related("plan"):
        row = data._goals.setdefault(goal.pk, _goal_row(goal))
        pairs = [(row.id, row.owner_unit_id)]
        if row.is_kf:
            pairs += [(row.id, board) for board in boards_with_stake(data, row)]
        for unit_id in GoalAssessment.objects.filter(goal=goal, period=period).values_list("unit_id", flat=True):
            if (row.id, unit_id) not in pairs:
                pairs.append((row.id, unit_id))
        for pair in pairs:
            goals[pair] = goal_result(data, pair[0], pair[1], rule)
    return CityRollup(period=period, rule_id=rule.id, goals=goals, indicators=indicators)
