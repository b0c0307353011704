"""Planning pages: the plan with its goal cascade, and what the user may do on it.

The edit pages live in ``views_content`` (goals, activities, indicators), ``views_targets``
(årsmål) and ``views_status`` (skicka in, återgå till utkast, besluta).
"""

from __future__ import annotations

from django.shortcuts import render

from verksam.cases.queries import cases_for_plan, plan_decision_is_example
from verksam.planning.models import ActivityStatus
from verksam.planning.queries import plan_tree
from verksam.planning.views_common import load_plan, plan_flags


def plan_detail(request, pk: int):
    """The plan page: status, decision, attachments and the goal cascade from the KF
    inriktningsmål down with indicators, årsmål and activities; edit controls for users who
    may edit (``can_edit``, ``can_revise``, ``can_submit``, ``can_return``, ``can_decide``)."""
    plan = load_plan(request, pk)
    tree = plan_tree(plan)
    cases = cases_for_plan(plan)
    return render(request, "planning/plan_detail.html", {
        "plan": plan,
        "tree": tree,
        "cases": cases,
        "decision_is_example": plan_decision_is_example(cases),
        "activity_statuses": ActivityStatus.choices,
        **plan_flags(request.user, plan),
    })
