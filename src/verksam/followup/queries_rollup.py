"""Reads of assessments and their roll-up (bedömningar och sammanställning) — pages and API.

Every function here loads one ``PeriodData`` (``verksam.followup.period_data``, eight
queries) and computes with ``verksam.followup.proposals`` — the single path behind every
proposal — so the number of queries does not grow with the city:

* ``propose_goal_assessment(goal, unit, period)`` — one goal's proposal (the assessment form);
* ``rollup(period)`` — every goal of the city by its owner and every KF goal by every board
  serving it, and every indicator series (the benchmark);
* ``board_rollup(kf_goal, period)`` / ``kf_rollup(period)`` — for each KF goal how every board
  assessed it, "26 av 29 nämnder bedömer …" (``rules.count_board_verdicts``), and the KF
  indicators' outcomes against årsmål (KS's page and ``GET /api/rollup``);
* ``unit_assessments(unit, period)`` — what one unit assesses in a period (its assessment page
  and ``GET /api/assessments``).

Visibility (like plans, ``verksam.planning.queries.visible_plans``): a goal or indicator — and
so its assessments and outcomes — is shown when its plan is decided or the user holds
``view_drafts`` on the plan's unit. ``user=None`` means no filtering (internal callers). The
rule is applied in ONE place, ``readable_data``: every read for a user first drops from the
loaded ``PeriodData`` the goals and indicators of plans the user may not read (with their
årsmål, outcomes, assessments and activities), so nothing computed afterwards — the boards'
rows, the live proposals and their inputs ("1 av 2 mål bedömda"), the counts — can name or
count a draft nämndmål for someone who may not see it; stored proposal records lose the inputs
that name such goals and indicators. Which units have a stake in a KF goal (the boards' rows,
the KF goals a unit assesses) is organisation, not plan content: it is answered from the full
data (``_full``), so a board whose nämndmål are drafts keeps its row — without its goals.
``rollup_naive`` (``verksam.followup.rollup_baseline``) is the benchmark's baseline only.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace

from verksam.core import permissions as perms
from verksam.followup.models import Period
from verksam.followup.period_data import (
    GoalAssessmentRow, GoalRow, PeriodData, UnitRow, _code_key, load_period_data,
)
from verksam.followup.proposals import (
    GoalResult, IndicatorResult, assessment_pairs, boards_with_stake, default_rule_id, goal_result,
    has_stake, indicator_result,
)
from verksam.followup.rollup_baseline import rollup_naive
from verksam.followup.rules import BoardVerdictCount, count_board_verdicts, get_rule
from verksam.planning.models import GOAL_LEVEL_ORDER, PlanStatus

__all__ = [
    "BoardRow", "CityRollup", "IndicatorLine", "KfGoalRollup", "UnitAssessments", "board_rollup", "kf_goals", "kf_rollup",
    "propose_goal_assessment", "readable_data", "rollup", "rollup_naive", "unit_assessments", "Visibility",
]


class Visibility:
    """Which plans ``user`` may read, answered from the rows already loaded (no query beyond the
    user's cached role assignments). ``user=None`` sees everything."""

    def __init__(self, user, data: PeriodData):
        self.user, self.data, self._cache = user, data, {}

    def plan(self, plan_unit_id: int, plan_status: str) -> bool:
        """True when a plan of ``plan_unit_id`` in ``plan_status`` is readable."""
        if self.user is None or plan_status == PlanStatus.DECIDED:
            return True
        if plan_unit_id not in self._cache:
            self._cache[plan_unit_id] = perms.has_perm(self.user, perms.VIEW_DRAFTS, self.data.units[plan_unit_id])
        return self._cache[plan_unit_id]

    def goal(self, goal: GoalRow) -> bool:
        """True when ``goal``'s plan is readable."""
        return self.plan(goal.plan_unit_id, goal.plan_status)

    def indicator(self, indicator) -> bool:
        """True when ``indicator``'s plan is readable."""
        return self.plan(indicator.plan_unit_id, indicator.plan_status)


def readable_data(data: PeriodData, user) -> PeriodData:
    """``data`` as ``user`` may read it (``user=None``: ``data`` itself). Goals and indicators
    of plans ``user`` may not read (``Visibility``) are left out with everything hanging on
    them — årsmål, outcomes, stored indicator and goal assessments, activities of those goals —
    and stored proposal records keep only the inputs (``items``) that name readable goals and
    indicators. Returns a new ``PeriodData`` (no query beyond the user's role assignments);
    when everything is readable, ``data`` itself."""
    if user is None:
        return data
    visible = Visibility(user, data)
    goals = {gid: g for gid, g in data.goals.items() if visible.goal(g)}
    indicators = {iid: i for iid, i in data.indicators.items() if visible.indicator(i)}
    if len(goals) == len(data.goals) and len(indicators) == len(data.indicators):
        return data

    def series(mapping):
        return {key: row for key, row in mapping.items() if key[0] in indicators}

    def readable_item(item) -> bool:
        kind, item_id = item.get("kind"), item.get("id")
        return not ((kind == "goal" and item_id not in goals) or (kind == "indicator" and item_id not in indicators))

    goal_assessments = {}
    for key, row in data.goal_assessments.items():
        if key[0] not in goals:
            continue
        items = row.proposal.get("items") if isinstance(row.proposal, dict) else None
        if items and not all(readable_item(i) for i in items):
            row = replace(row, proposal={**row.proposal, "items": [i for i in items if readable_item(i)]})
        goal_assessments[key] = row
    readable = PeriodData(
        period=data.period, units=data.units, goals=goals, indicators=indicators,
        targets=series(data.targets), outcomes=series(data.outcomes),
        indicator_assessments=series(data.indicator_assessments), goal_assessments=goal_assessments,
        activities=[a for a in data.activities if a.goal_id is None or a.goal_id in goals],
    )
    readable.memo["full"] = data
    return readable


def _full(data: PeriodData) -> PeriodData:
    """The data before ``readable_data`` left anything out (for who has a stake in a goal)."""
    return data.memo.get("full", data)


def _goal_order(goal: GoalRow) -> tuple:
    return (GOAL_LEVEL_ORDER.index(goal.level) if goal.level in GOAL_LEVEL_ORDER else 9,
            _code_key(goal.code), goal.sort_order, goal.id)


def propose_goal_assessment(goal, unit, period: Period, rule_id: str | None = None) -> GoalResult:
    """The proposal for ``goal`` (a ``Goal``) assessed by ``unit`` (a ``Unit``) in ``period``
    under ``rule_id`` (default ``proposals.default_rule_id()``), with the items it was made
    from and the stored assessment. Eight queries. Raises ``ValueError`` for an unknown rule id
    and ``KeyError`` when the goal is not in a plan of the period's year and municipality."""
    rule = get_rule(rule_id or default_rule_id())
    data = load_period_data(period, goal_ids=[goal.pk], unit_id=unit.pk)
    return goal_result(data, goal.pk, unit.pk, rule)


@dataclass
class CityRollup:
    """The whole city's roll-up for one period: ``goals`` (goal id, unit id) → ``GoalResult``
    and ``indicators`` (indicator id, unit id) → ``IndicatorResult``."""

    period: Period
    rule_id: str
    goals: dict[tuple[int, int], GoalResult]
    indicators: dict[tuple[int, int], IndicatorResult]


def rollup(period: Period, *, rule_id: str | None = None) -> CityRollup:
    """Every proposal of ``period`` at once (``proposals.assessment_pairs``) and every indicator
    series' verdict: eight queries, then the same per-goal function as the single path."""
    rule = get_rule(rule_id or default_rule_id())
    with _no_cyclic_gc():
        data = load_period_data(period)
        indicators = {key: indicator_result(data, data.indicators[key[0]], key[1])
                      for key in data.series(ordered=False)}
        goals = {pair: goal_result(data, pair[0], pair[1], rule) for pair in assessment_pairs(data)}
    return CityRollup(period=period, rule_id=rule.id, goals=goals, indicators=indicators)


@contextmanager
def _no_cyclic_gc():
    """Pause Python's cyclic garbage collector while ~10⁵ small rows are built: they hold no
    cycles, and the collector's passes over them cost a third of the roll-up's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- KS's view: how every board assessed each KF goal -----------------------------------------

@dataclass
class BoardRow:
    """One board's part in a KF goal: ``result`` — the board's own assessment of the KF goal
    (given verdict in ``result.verdict``, live proposal in ``result.proposal``); ``goals`` — the
    board's goals directly beneath a KF goal at or under this one (its nämndmål) with their
    stored assessments (``GoalAssessmentRow`` or None), readable ones only."""

    board: UnitRow
    result: GoalResult
    goals: list[tuple[GoalRow, GoalAssessmentRow | None]]


@dataclass
class IndicatorLine:
    """A KF indicator's verdict for one unit following it up (``unit``: the unit's row)."""

    unit: UnitRow
    result: IndicatorResult


@dataclass
class KfGoalRollup:
    """A KF goal in a period: the city-level proposal and assessment (``city``: by its owner),
    every board's row, the count of the boards' given verdicts (``count.sentence``: "26 av 29
    nämnder bedömer att målet uppfylls helt …") and the KF indicators' verdicts per unit."""

    goal: GoalRow
    owner: UnitRow
    city: GoalResult
    boards: list[BoardRow]
    count: BoardVerdictCount
    indicators: list[IndicatorLine]

    @property
    def depth(self) -> int:
        """0 for an inriktningsmål, 1 for a verksamhetsområdesmål."""
        return GOAL_LEVEL_ORDER.index(self.goal.level) if self.goal.level in GOAL_LEVEL_ORDER else 0


def _boards_goals(data: PeriodData, kf_goal: GoalRow) -> dict[int, list]:
    """Board id → its goals hanging directly under a KF goal at or beneath ``kf_goal``."""
    found: dict[int, list] = {}
    stack = [kf_goal]
    while stack:
        goal = stack.pop()
        for child in data.children(goal.id):
            if child.is_kf:
                stack.append(child)
            else:
                board = data.board_of(child.owner_unit_id) or child.owner_unit_id
                found.setdefault(board, []).append(
                    (child, data.goal_assessment(child.id, child.owner_unit_id)))
    for rows in found.values():
        rows.sort(key=lambda pair: _goal_order(pair[0]))
    return found


def _series_units(data: PeriodData) -> dict[int, list[int]]:
    """Indicator id → the units following it up, in organisation order (kept in ``data.memo``)."""
    if "series_units" not in data.memo:
        units: dict[int, list[int]] = {}
        for ind_id, unit_id in data.series():
            units.setdefault(ind_id, []).append(unit_id)
        data.memo["series_units"] = units
    return data.memo["series_units"]


def _kf_goal_rollup(data: PeriodData, goal: GoalRow, rule) -> KfGoalRollup:
    board_goals = _boards_goals(data, goal)
    rows = [BoardRow(board=data.units[b], result=goal_result(data, goal.id, b, rule), goals=board_goals.get(b, []))
            for b in boards_with_stake(_full(data), goal)]
    count = count_board_verdicts({row.board.id: (row.result.verdict or None) for row in rows})
    indicator_rows = []
    for indicator in data.indicators_of(goal.id):
        for unit_id in _series_units(data).get(indicator.id, ()):
            indicator_rows.append(IndicatorLine(data.units[unit_id], indicator_result(data, indicator, unit_id)))
    return KfGoalRollup(goal=goal, owner=data.units[goal.owner_unit_id],
                        city=goal_result(data, goal.id, goal.owner_unit_id, rule),
                        boards=rows, count=count, indicators=indicator_rows)


def kf_goals(data: PeriodData) -> list[GoalRow]:
    """The KF goals (inriktningsmål, verksamhetsområdesmål) of the period's year in cascade
    order: each inriktningsmål followed by its verksamhetsområdesmål."""
    roots = sorted((g for g in data.goals.values() if g.is_kf and not (g.parent_id in data.goals
                                                                         and data.goals[g.parent_id].is_kf)),
                   key=_goal_order)
    ordered: list[GoalRow] = []

    def walk(goal):
        ordered.append(goal)
        for child in sorted((c for c in data.children(goal.id) if c.is_kf), key=_goal_order):
            walk(child)

    for root in roots:
        walk(root)
    return ordered


def kf_rollup(period: Period, *, user=None, rule_id: str | None = None) -> list[KfGoalRollup]:
    """Every readable KF goal of ``period`` as a ``KfGoalRollup``, in cascade order — KS's page.
    Eight queries (plus the user's role assignments) whatever the number of boards."""
    rule = get_rule(rule_id or default_rule_id())
    data = readable_data(load_period_data(
        period, goal_ids=lambda skeleton: [g.id for g in skeleton.goals.values() if g.is_kf]), user)
    return [_kf_goal_rollup(data, g, rule) for g in kf_goals(data)]


def _with_kf_beneath(goal_id: int):
    """A ``goal_ids`` picker: the goal and the KF goals beneath it."""
    def pick(skeleton: PeriodData) -> list[int]:
        picked, stack = [], [goal_id]
        while stack:
            current = stack.pop()
            picked.append(current)
            stack.extend(c.id for c in skeleton.children(current) if c.is_kf)
        return picked
    return pick


def board_rollup(kf_goal, period: Period, *, user=None, rule_id: str | None = None) -> KfGoalRollup | None:
    """How every board assessed ``kf_goal`` (a ``Goal`` of the KF budget) in ``period``, or None
    when the goal is not a KF goal of the period's year or not readable by ``user``. Eight
    queries (plus the user's role assignments)."""
    rule = get_rule(rule_id or default_rule_id())
    data = readable_data(load_period_data(period, goal_ids=_with_kf_beneath(kf_goal.pk)), user)
    goal = data.goals.get(kf_goal.pk)
    if goal is None or not goal.is_kf:
        return None
    return _kf_goal_rollup(data, goal, rule)


# --- one unit's assessments -------------------------------------------------------------------

@dataclass
class UnitAssessments:
    """What ``unit`` assesses in ``period``: ``goals`` — its own goals and the KF goals it
    serves, KF goals first, each a ``GoalResult``; ``indicators`` — goal id (None: no goal) →
    the unit's indicator results; ``data`` — the loaded rows (names of units and goals)."""

    unit: UnitRow
    period: Period
    rule_id: str
    goals: list[GoalResult]
    indicators: dict[int | None, list[IndicatorResult]]
    data: PeriodData

    def indicators_of(self, goal_id) -> list[IndicatorResult]:
        """The unit's indicator results of ``goal_id``."""
        return self.indicators.get(goal_id, [])

    @property
    def indicator_count(self) -> int:
        """Number of indicator series of the unit."""
        return sum(len(v) for v in self.indicators.values())


def assessed_goal_ids(data: PeriodData, unit_id: int) -> list[int]:
    """Goals ``unit_id`` assesses: the goals it owns, the KF goals it has a stake in (a goal
    beneath owned by it or a unit beneath it) and any goal it has stored an assessment of."""
    ids = [g.id for g in data.goals.values()
           if g.owner_unit_id == unit_id or (g.is_kf and has_stake(data, unit_id, g))]
    stored = {goal for (goal, unit) in data.goal_assessments if unit == unit_id and goal in data.goals}
    return ids + sorted(stored - set(ids))


def unit_assessments(unit, period: Period, *, user=None, rule_id: str | None = None) -> UnitAssessments:
    """The assessments of ``unit`` (a ``Unit``) in ``period`` as ``user`` may read them, in
    eight queries (plus the user's role assignments) at any size."""
    rule = get_rule(rule_id or default_rule_id())
    data = readable_data(load_period_data(period, goal_ids=lambda skeleton: assessed_goal_ids(skeleton, unit.pk),
                                          unit_id=unit.pk), user)
    goals = sorted((data.goals[g] for g in assessed_goal_ids(_full(data), unit.pk) if g in data.goals),
                   key=lambda g: (not g.is_kf, _goal_order(g)))
    results = [goal_result(data, g.id, unit.pk, rule) for g in goals]
    indicators: dict[int | None, list[IndicatorResult]] = {}
    for ind_id, unit_id in data.series():
        indicator = data.indicators[ind_id]
        if unit_id == unit.pk:
            indicators.setdefault(indicator.goal_id, []).append(indicator_result(data, indicator, unit_id))
    for rows in indicators.values():
        rows.sort(key=lambda r: (r.indicator.sort_order, r.indicator.id))
    return UnitAssessments(unit=data.units[unit.pk], period=period, rule_id=rule.id, goals=results,
                           indicators=indicators, data=data)
