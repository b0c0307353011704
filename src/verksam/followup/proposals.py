"""Assessment proposals (förslag till bedömning) computed from a period's data — the one path.

Every proposal — one goal when a unit saves its assessment, one KF goal on KS's roll-up page,
every goal of the city in the benchmark — is computed here by ``indicator_result`` and
``goal_result`` over a :class:`~verksam.followup.period_data.PeriodData` (or the baseline's
per-object stand-in); the rules themselves are ``verksam.followup.rules``
(``indicator_verdict``, ``propose_goal_verdict``). Nothing else builds a proposal.

What a goal's proposal is made of — goal G assessed by unit U in period P (DESIGN "Facts": a
KF-mål weighs its indicators, each board's own assessment of it and whether activities were
done; "Rules decided" → Aggregation):

* **Indicators** — G's indicators that U follows up (U has an årsmål, an outcome or a stored
  assessment of it, or it is in U's own plan), each with its verdict for U
  (:func:`indicator_result`). A neutral indicator or one without årsmål is set aside.
* **Goals beneath** — for a KF goal assessed by its owner (the city level: KF): each board's
  own assessment of G (one item per board that has a goal directly beneath G or has assessed
  it) and the owner's assessments of the KF goals beneath G. For anything else: the goals
  directly beneath G owned by U or a unit beneath U, each as assessed by its owner, and the KF
  goals beneath G that U has a stake in, as assessed by U itself. Only a given verdict counts;
  a goal not (yet) assessed is a missing item ("1 av 2 mål bedömda") — units assess lowest
  level first, so a parent sees its children's verdicts.
* **Activities** — G's activities (all when U owns G, else those owned by U or beneath it):
  genomförd → done (True); avbruten, uppskjuten → not done (False); planerad/pågående → not
  done (False) in the verksamhetsberättelse or when the activity's end date lies on or before
  the period's date, else not yet reportable (None: missing, "1 av 2 aktiviteter redovisade").

Indicator verdicts (:func:`indicator_result`): the outcome against the unit's årsmål; at T1
and T2 the full-year forecast instead when one is given (``based_on_forecast``); no value is
"ej mätt". By sex: when the indicator is reported by sex and the årsmål has values for kvinnor
and män, those are judged too (shown, not part of the goal). A stored verdict that differs
from the stored proposal (given with a reason) is kept; otherwise the verdict follows the
current outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings

from verksam.followup.models import PeriodKind
from verksam.followup.rules import (
    GoalVerdict, Item, ItemKind, Proposal, Verdict, get_rule, indicator_verdict, propose_goal_verdict,
)
from verksam.followup.rules.verdicts import judged_value
from verksam.planning.models import ActivityStatus

DEFAULT_RULE_ID = "weighted_score_v1"


def default_rule_id() -> str:
    """The rule used when none is named: setting ``VERKSAM_GOAL_RULE`` or "weighted_score_v1"."""
    return getattr(settings, "VERKSAM_GOAL_RULE", DEFAULT_RULE_ID)


@dataclass
class IndicatorResult:
    """An indicator's verdict for one unit in a period.

    ``value`` is what was judged (outcome, or forecast when ``based_on_forecast``), ``target``
    the årsmål total (``Decimal`` in the indicator's unit, or None); ``computed`` the rule's
    verdict now; ``stored`` the stored assessment row or None; ``verdict`` the one that counts
    (see the module docstring); ``verdict_women``/``verdict_men`` None unless judged by sex.
    """

    indicator: object
    unit_id: int
    outcome: object
    target: object
    value: Decimal | None
    based_on_forecast: bool
    computed: Verdict
    stored: object = None
    verdict_women: Verdict | None = None
    verdict_men: Verdict | None = None

    @property
    def verdict(self) -> str:
        """The verdict that counts: a stored override (verdict ≠ proposal), else ``computed``."""
        if self.stored is not None and self.stored.verdict != self.stored.proposed:
            return self.stored.verdict
        return self.computed.value

    @property
    def reason(self) -> str:
        """The stored reason for an override, or ""."""
        return self.stored.reason if self.stored is not None else ""


@dataclass(frozen=True)
class ItemRef:
    """One input of a goal proposal, for display and for the stored record: ``kind`` (indicator,
    goal, activity), the object's ``id``, ``unit_id`` (whose verdict; the assessing unit for a
    goal beneath) and its ``verdict`` value ("helt", …, "not_measured", True/False, or None)."""

    kind: str
    id: int
    unit_id: int | None
    verdict: object

    def as_dict(self) -> dict:
        """JSON-ready form."""
        verdict = getattr(self.verdict, "value", self.verdict)
        return {"kind": str(getattr(self.kind, "value", self.kind)), "id": self.id, "unit": self.unit_id,
                "verdict": verdict}


@dataclass
class GoalResult:
    """The proposal for goal ``goal`` assessed by ``unit_id``, with what it was made from
    (``items``: :class:`ItemRef`, indicators first) and the stored assessment row, if any."""

    goal: object
    unit_id: int
    proposal: Proposal
    items: list[ItemRef] = field(default_factory=list)
    stored: object = None

    @property
    def verdict(self) -> str:
        """The verdict given ("helt", "delvis", "ej", "not_assessed"), or "" when none is."""
        return self.stored.verdict if self.stored is not None else ""

    @property
    def is_approved(self) -> bool:
        """True once the stored assessment is approved."""
        return self.stored is not None and self.stored.approved_at is not None

    def record(self) -> dict:
        """The proposal as stored with an assessment: ``Proposal.as_dict()`` plus ``counts``
        per kind and the ``items`` it was computed from."""
        return {
            **self.proposal.as_dict(),
            "counts": [{"kind": c.kind, "measured": c.measured, "counted": c.counted}
                       for c in self.proposal.counts],
            "items": [item.as_dict() for item in self.items],
        }


@lru_cache(maxsize=65536)
def _verdict(value, target, direction, tolerance_kind, tolerance) -> Verdict:
    # ``rules.indicator_verdict`` is pure, so equal arguments give equal verdicts: remembering
    # them spares the roll-up most calls (its enum checks cost ~20 µs a call).
    return indicator_verdict(value, target, direction=direction, tolerance_kind=tolerance_kind,
                             tolerance=tolerance)


def _judge(value, target, indicator) -> Verdict:
    return _verdict(value, target, indicator.direction, indicator.tolerance_kind, indicator.tolerance)


def indicator_result(data, indicator, unit_id: int) -> IndicatorResult:
    """The verdict of ``indicator`` (an ``IndicatorRow``) for ``unit_id`` in ``data.period``
    (computed once per data load: kept in ``data.memo``)."""
    key = ("indicator", indicator.id, unit_id)
    cached = data.memo.get(key)
    if cached is None:
        cached = data.memo[key] = _indicator_result(data, indicator, unit_id)
    return cached


def _indicator_result(data, indicator, unit_id: int) -> IndicatorResult:
    outcome = data.outcome(indicator.id, unit_id)
    target = data.target(indicator.id, unit_id)
    value, forecast_used = None, False
    if outcome is not None:
        value, forecast_used = judged_value(data.period.has_forecast, outcome.value, outcome.forecast)
    target_value = target.value if target is not None else None
    result = IndicatorResult(indicator=indicator, unit_id=unit_id, outcome=outcome, target=target,
                             value=value, based_on_forecast=forecast_used,
                             computed=_judge(value, target_value, indicator),
                             stored=data.indicator_assessment(indicator.id, unit_id))
    if indicator.by_sex and target is not None and target.value_women is not None and target.value_men is not None:
        result.verdict_women = _judge(outcome.value_women if outcome else None, target.value_women, indicator)
        result.verdict_men = _judge(outcome.value_men if outcome else None, target.value_men, indicator)
    return result


def activity_done(activity, period) -> bool | None:
    """Whether ``activity`` counts as done in ``period`` (see the module docstring)."""
    if activity.status == ActivityStatus.DONE:
        return True
    if activity.status in (ActivityStatus.CANCELLED, ActivityStatus.POSTPONED):
        return False
    if period.kind == PeriodKind.VB or (activity.end is not None and activity.end <= period.as_of):
        return False
    return None


def _given(data, goal_id: int, unit_id: int):
    stored = data.goal_assessment(goal_id, unit_id)
    return stored.verdict if stored is not None and stored.verdict else None


def has_stake(data, unit_id: int, goal) -> bool:
    """True when ``unit_id`` owns, or a unit beneath it owns, a goal beneath ``goal``, or it has
    stored an assessment of ``goal`` — a board that serves a KF goal."""
    if unit_id in data.assessing_units(goal.id):
        return True
    return any(data.in_subtree(owner, unit_id) for owner in data.owners_below(goal.id))


def direct_boards(data, goal) -> list[int]:
    """The boards whose own assessment of KF goal ``goal`` its owner weighs: boards owning (at
    or above the owner) a non-KF goal directly beneath it, and units that stored an assessment
    of it — the owner excepted; in organisation order."""
    boards = set()
    for child in data.children(goal.id):
        if not child.is_kf:
            boards.add(data.board_of(child.owner_unit_id) or child.owner_unit_id)
    boards.update(data.assessing_units(goal.id))
    boards.discard(goal.owner_unit_id)
    return sorted(boards, key=lambda u: data.units[u].path)


def boards_with_stake(data, goal) -> list[int]:
    """Every board serving KF goal ``goal`` at any depth beneath it (the rows of KS's roll-up
    page), and units that stored an assessment of it — the owner excepted; in organisation order."""
    boards = set()
    for owner in data.owners_below(goal.id):
        board = data.board_of(owner)
        if board is not None:
            boards.add(board)
    boards.update(data.assessing_units(goal.id))
    boards.discard(goal.owner_unit_id)
    return sorted(boards, key=lambda u: data.units[u].path)


def goal_beneath_refs(data, goal, unit_id: int) -> list[tuple[int, int]]:
    """The (goal id, assessing unit id) pairs whose given verdicts are goal items of ``goal``
    assessed by ``unit_id`` (see the module docstring)."""
    if goal.is_kf and unit_id == goal.owner_unit_id:
        refs = [(child.id, unit_id) for child in data.children(goal.id) if child.is_kf]
        return refs + [(goal.id, board) for board in direct_boards(data, goal)]
    refs = []
    for child in data.children(goal.id):
        if child.is_kf:
            if has_stake(data, unit_id, child):
                refs.append((child.id, unit_id))
        elif data.in_subtree(child.owner_unit_id, unit_id):
            refs.append((child.id, child.owner_unit_id))
    return refs


def goal_result(data, goal_id: int, unit_id: int, rule=None) -> GoalResult:
    """THE proposal function: goal ``goal_id`` assessed by ``unit_id`` in ``data.period`` under
    ``rule`` (an ``AggregationRule`` or rule id; default :func:`default_rule_id`).

    Raises ``ValueError`` for an unknown rule id, ``KeyError`` when the goal is not loaded.
    """
    rule = get_rule(rule or default_rule_id())
    goal = data.goal(goal_id)
    refs: list[ItemRef] = []
    for indicator in data.indicators_of(goal.id):
        if data.is_series(indicator, unit_id):
            result = indicator_result(data, indicator, unit_id)
            refs.append(ItemRef(ItemKind.INDICATOR, indicator.id, unit_id, result.verdict))
    for child_id, assessor in goal_beneath_refs(data, goal, unit_id):
        refs.append(ItemRef(ItemKind.GOAL, child_id, assessor, _given(data, child_id, assessor)))
    owns = unit_id == goal.owner_unit_id
    for activity in data.activities_of(goal.id):
        if owns or data.in_subtree(activity.owner_unit_id, unit_id):
            refs.append(ItemRef(ItemKind.ACTIVITY, activity.id, activity.owner_unit_id,
                                activity_done(activity, data.period)))
    proposal = propose_goal_verdict([Item(ref.verdict, None, ref.kind) for ref in refs], rule)
    return GoalResult(goal=goal, unit_id=unit_id, proposal=proposal, items=refs,
                      stored=data.goal_assessment(goal.id, unit_id))


def assessment_pairs(data) -> list[tuple[int, int]]:
    """Every (goal id, unit id) assessed in the whole-city roll-up: each goal by its owner and
    each KF goal also by every board serving it (``boards_with_stake``); plus stored ones."""
    pairs = {}
    for goal in data.goals.values():
        pairs[(goal.id, goal.owner_unit_id)] = None
        if goal.is_kf:
            for board in boards_with_stake(data, goal):
                pairs[(goal.id, board)] = None
    for key in data.goal_assessments:
        if key[0] in data.goals and key[1] in data.units:
            pairs.setdefault(key, None)
    return list(pairs)


__all__ = [
    "DEFAULT_RULE_ID", "GoalResult", "IndicatorResult", "ItemRef", "activity_done", "assessment_pairs",
    "boards_with_stake", "default_rule_id", "direct_boards", "goal_beneath_refs", "goal_result", "has_stake",
    "indicator_result", "GoalVerdict",
]
