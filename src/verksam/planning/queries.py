"""Read queries for planning: the plan page and plan API read from here.

``plan_tree`` loads a plan with its goal cascade, indicators, targets and activities in a
number of queries that does not grow with the amount of data (tests assert it at two sizes):
one per goal level above the plan's own goals, plus one each for goals, indicators, targets,
activities and attachments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from verksam.core import permissions as perms
from verksam.planning.models import (
    Activity, Goal, GOAL_LEVEL_ORDER, Indicator, Plan, PlanAttachment, PlanStatus, Target,
)


def visible_plans(user):
    """Plans ``user`` may read: decided plans for everyone, drafts and submitted plans only in
    units where the user holds a role with ``view_drafts``."""
    return Plan.objects.filter(Q(status=PlanStatus.DECIDED) | perms.scope_q(user, perms.VIEW_DRAFTS))


def latest_plans(user, limit: int = 20):
    """The most recent plans ``user`` may read, newest year first."""
    return list(visible_plans(user).select_related("unit").order_by("-year", "unit__path", "kind")[:limit])


@dataclass
class GoalNode:
    """A goal in the cascade with what hangs under it on this plan page."""

    goal: Goal
    children: list["GoalNode"] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    in_plan: bool = False

    @property
    def depth(self) -> int:
        """0 for inriktningsmål, 1 for verksamhetsområdesmål, … (by level, not by position)."""
        return GOAL_LEVEL_ORDER.index(self.goal.level)


@dataclass
class PlanTree:
    """A plan with its goal cascade (``roots``: top-level goals, KF inriktningsmål first)."""

    plan: Plan
    roots: list[GoalNode]
    attachments: list[PlanAttachment]
    unassigned_activities: list[Activity]
    unassigned_indicators: list[Indicator]
    goal_count: int
    indicator_count: int
    activity_count: int


def _council_direction_goals(plan: Plan) -> list[Goal]:
    """The KF inriktningsmål of the plan's year in the same municipality (one query)."""
    return list(
        Goal.objects.filter(
            plan__kind="council_budget", plan__year=plan.year,
            plan__unit__municipality_id=plan.unit.municipality_id, level="direction",
        ).select_related("owner_unit")
    )


def plan_tree(plan: Plan) -> PlanTree:
    """Build the plan page's cascade: the KF inriktningsmål always, KF verksamhetsområdesmål that
    have goals of this plan beneath them, this plan's goals, and under each goal its indicators
    (with ``targets_for_year`` set to the targets of the plan's year) and activities."""
    own_goals = list(Goal.objects.filter(plan=plan).select_related("owner_unit"))
    goals: dict[int, Goal] = {g.pk: g for g in own_goals}
    for g in _council_direction_goals(plan):
        goals.setdefault(g.pk, g)
    missing = {g.parent_id for g in goals.values() if g.parent_id and g.parent_id not in goals}
    while missing:  # one query per level above: bounded by the number of goal levels
        parents = list(Goal.objects.filter(pk__in=missing).select_related("owner_unit"))
        if not parents:
            break
        for g in parents:
            goals[g.pk] = g
        missing = {g.parent_id for g in parents if g.parent_id and g.parent_id not in goals}

    own_ids = {g.pk for g in own_goals}
    indicators = list(
        Indicator.objects.filter(Q(plan=plan) | Q(goal_id__in=own_ids)).select_related("responsible_unit")
    )
    targets: dict[int, list[Target]] = {}
    for t in Target.objects.filter(indicator__in=[i.pk for i in indicators], year=plan.year).select_related("unit"):
        targets.setdefault(t.indicator_id, []).append(t)
    for ind in indicators:
        ind.targets_for_year = targets.get(ind.pk, [])
    activities = list(Activity.objects.filter(plan=plan).select_related("owner_unit"))
    attachments = list(PlanAttachment.objects.filter(plan=plan).order_by("number"))

    nodes = {pk: GoalNode(goal=g, in_plan=pk in own_ids) for pk, g in goals.items()}
    unassigned_indicators, unassigned_activities = [], []
    for ind in sorted(indicators, key=lambda i: (i.sort_order, i.pk)):
        (nodes[ind.goal_id].indicators if ind.goal_id in nodes else unassigned_indicators).append(ind)
    for act in sorted(activities, key=lambda a: (a.sort_order, a.pk)):
        (nodes[act.goal_id].activities if act.goal_id in nodes else unassigned_activities).append(act)
    roots: list[GoalNode] = []
    for node in nodes.values():
        parent = nodes.get(node.goal.parent_id)
        (parent.children if parent else roots).append(node)

    def has_content(node: GoalNode) -> bool:
        return node.in_plan or any(has_content(c) for c in node.children)

    def prune_and_sort(items: list[GoalNode], keep_all: bool) -> list[GoalNode]:
        kept = [n for n in items if keep_all or has_content(n)]
        for n in kept:
            n.children = prune_and_sort(n.children, keep_all=False)
        return sorted(kept, key=lambda n: (GOAL_LEVEL_ORDER.index(n.goal.level), _code_key(n.goal.code),
                                           n.goal.sort_order, n.goal.pk))

    roots = prune_and_sort(roots, keep_all=True)
    return PlanTree(
        plan=plan, roots=roots, attachments=attachments,
        unassigned_activities=unassigned_activities, unassigned_indicators=unassigned_indicators,
        goal_count=len(own_goals), indicator_count=len(indicators), activity_count=len(activities),
    )


def _code_key(code: str) -> tuple:
    """Sort "3.10" after "3.9": numeric parts as numbers, others as text."""
    parts = []
    for part in (code or "").split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)


def goal_parent_choices(plan: Plan):
    """Goals that may be the parent of a goal in ``plan``: the plan's own goals, the goals of the
    same year's plans of the units above (a förvaltning's enhetsmål serve its nämnd's nämndmål)
    and the KF goals (goals of a KF budget) of the same year and municipality, in level and code
    order (one query when evaluated)."""
    ancestor_ids = [int(p) for p in plan.unit.path.strip("/").split("/")[:-1] if p]
    return (
        Goal.objects.filter(
            Q(plan=plan)
            | Q(plan__year=plan.year, plan__unit_id__in=ancestor_ids)
            | Q(plan__kind="council_budget", plan__year=plan.year,
                plan__unit__municipality_id=plan.unit.municipality_id)
        )
        .select_related("plan")
        .order_by("plan__kind", "code", "sort_order", "pk")
    )


def plan_goal_choices(plan: Plan):
    """The goals of ``plan`` itself — what an activity or indicator of the plan may serve."""
    return Goal.objects.filter(plan=plan).order_by("sort_order", "code", "pk")


def municipality_units(plan: Plan):
    """Units of the plan's municipality in tree order — owners and responsible units to pick from."""
    from verksam.organisation.models import Unit

    return Unit.objects.filter(municipality_id=plan.unit.municipality_id).order_by("path")


def editable_object(model, pk: int):
    """``model`` (Goal, Activity, Indicator or Target) with its plan and the plan's unit loaded
    (one query); raises ``model.DoesNotExist``."""
    return model.objects.select_related("plan__unit__municipality").get(pk=pk)


@dataclass
class GoalDetail:
    """One goal with its context: ``ancestors`` (root first, up to the inriktningsmål),
    ``children`` (in plans the user may read), ``indicators`` and ``activities`` (in plans the
    user may read) and ``targets`` (indicator id → all its årsmål, by year then unit)."""

    goal: Goal
    ancestors: list[Goal]
    children: list[Goal]
    indicators: list[Indicator]
    activities: list[Activity]
    targets: dict[int, list[Target]]


def goal_detail(user, goal_id: int) -> GoalDetail | None:
    """The goal ``goal_id`` as ``user`` may see it, or None when it does not exist or lies in a
    plan ``user`` may not read (``visible_plans``). Queries: one for the goal, one per level
    above it, one each for children, indicators, targets and activities."""
    readable = visible_plans(user)
    goal = (Goal.objects.filter(pk=goal_id, plan__in=readable)
            .select_related("plan__unit", "owner_unit").first())
    if goal is None:
        return None
    ancestors: list[Goal] = []
    parent_id, seen = goal.parent_id, {goal.pk}
    while parent_id and parent_id not in seen:  # one query per level above
        parent = Goal.objects.filter(pk=parent_id).first()
        if parent is None:
            break
        ancestors.insert(0, parent)
        seen.add(parent.pk)
        parent_id = parent.parent_id
    children = sorted(Goal.objects.filter(parent=goal, plan__in=readable),
                      key=lambda g: (_code_key(g.code), g.sort_order, g.pk))
    indicators = list(Indicator.objects.filter(goal=goal, plan__in=readable).select_related("responsible_unit")
                      .order_by("sort_order", "pk"))
    targets: dict[int, list[Target]] = {}
    for t in (Target.objects.filter(indicator__in=[i.pk for i in indicators]).select_related("unit")
              .order_by("year", "unit__path", "pk")):
        targets.setdefault(t.indicator_id, []).append(t)
    activities = list(Activity.objects.filter(goal=goal, plan__in=readable).select_related("owner_unit")
                      .order_by("sort_order", "pk"))
    return GoalDetail(goal=goal, ancestors=ancestors, children=children, indicators=indicators,
                      activities=activities, targets=targets)
