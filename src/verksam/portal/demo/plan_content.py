"""Idempotent helpers that put plans and their content in place through
``verksam.planning.actions`` (so permissions, locks, validation and history apply as in the UI).

Each helper finds the object by its natural key, creates it with the create action when
missing and otherwise calls the update action, which records nothing when nothing changed.
They must only be called for undecided plans (the actions refuse decided ones with
``PlanLockedError``).
"""

from __future__ import annotations

from verksam.core.audit import save_audited
from verksam.planning import actions
from verksam.planning.models import (
    Activity, Goal, Indicator, Plan, PlanAttachment, PlanStatus, Target,
)
from verksam.portal.demo.base import DemoContext, upsert


def sync_plan(ctx: DemoContext, key: str, *, unit, year: int, kind: str, **values) -> Plan:
    """Create or update the plan of ``unit``, ``year`` and ``kind``; ``values``: title,
    reference, description, is_example. A decided plan is returned untouched. Stored in
    ``ctx.plans[key]``."""
    plan = Plan.objects.filter(unit=unit, year=year, kind=kind).first()
    if plan is None or not plan.is_decided:
        plan = upsert(ctx, Plan, {"unit": unit, "year": year, "kind": kind}, values)
    ctx.plans[key] = plan
    return plan


def sync_attachment(ctx: DemoContext, plan: Plan, number: int, title: str, reference: str) -> PlanAttachment:
    """Create or update attachment (bilaga) ``number`` of ``plan``."""
    return upsert(ctx, PlanAttachment, {"plan": plan, "number": number}, {"title": title, "reference": reference})


def sync_goal(ctx: DemoContext, plan: Plan, *, level: str, code: str, **values) -> Goal:
    """Create or update the goal of ``plan`` with ``level`` and ``code``; ``values``: title,
    description, parent, owner_unit, sort_order, is_example. Stored in ``ctx.goals[code]``."""
    goal = Goal.objects.filter(plan=plan, level=level, code=code).first()
    if goal is None:
        goal = actions.create_goal(plan, acting_user=ctx.acting_user, level=level, code=code, **values)
        ctx.counts["created"] += 1
    elif actions.update_goal(goal, acting_user=ctx.acting_user, **values):
        ctx.counts["changed"] += 1
    ctx.goals[code] = goal
    return goal


def sync_indicator(ctx: DemoContext, plan: Plan, *, name: str, **values) -> Indicator:
    """Create or update the indicator of ``plan`` named ``name``; ``values`` as for
    ``actions.create_indicator``."""
    indicator = Indicator.objects.filter(plan=plan, name=name).first()
    if indicator is None:
        indicator = actions.create_indicator(plan, acting_user=ctx.acting_user, name=name, **values)
        ctx.counts["created"] += 1
    elif actions.update_indicator(indicator, acting_user=ctx.acting_user, **values):
        ctx.counts["changed"] += 1
    return indicator


def sync_target(ctx: DemoContext, indicator: Indicator, *, is_example: bool, **values) -> Target:
    """Set the årsmål of ``indicator`` for its plan's unit and year through
    ``actions.set_target`` (``values``: value, value_women, value_men, baseline,
    decision_reference) and mark it as example data when ``is_example``."""
    target = actions.set_target(indicator, acting_user=ctx.acting_user, reason="Demodata", **values)
    if target.is_example != is_example:
        target.is_example = is_example
        save_audited(target, acting_user=ctx.acting_user, reason="Demodata: exempelvärde")
    return target


def sync_activity(ctx: DemoContext, plan: Plan, *, title: str, **values) -> Activity:
    """Create or update the activity of ``plan`` titled ``title``; ``values`` as for
    ``actions.create_activity``."""
    activity = Activity.objects.filter(plan=plan, title=title).first()
    if activity is None:
        activity = actions.create_activity(plan, acting_user=ctx.acting_user, title=title, **values)
        ctx.counts["created"] += 1
    elif actions.update_activity(activity, acting_user=ctx.acting_user, **values):
        ctx.counts["changed"] += 1
    return activity


def submit_if_draft(ctx: DemoContext, plan: Plan) -> Plan:
    """utkast → inskickad through ``actions.submit_plan``; other statuses are left as they are."""
    if plan.status == PlanStatus.DRAFT:
        actions.submit_plan(plan, acting_user=ctx.acting_user)
    return plan
