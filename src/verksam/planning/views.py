"""Planning pages: the plan with its goal cascade."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from verksam.core import permissions as perms
from verksam.planning.queries import plan_tree, visible_plans


def plan_detail(request, pk: int):
    """The plan page: status, decision, attachments and the goal cascade from the KF
    inriktningsmål down with indicators, årsmål and activities."""
    plan = get_object_or_404(visible_plans(request.user).select_related("unit__municipality", "decided_by"), pk=pk)
    tree = plan_tree(plan)
    return render(request, "planning/plan_detail.html", {
        "plan": plan,
        "tree": tree,
        "can_edit": not plan.is_decided and perms.has_perm(request.user, perms.EDIT_PLAN, plan.unit),
    })
