"""Organisation pages: the unit tree and one unit with its plans and members."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from verksam.core import permissions as perms
from verksam.organisation.models import Unit
from verksam.organisation.queries import unit_tree_ordered
from verksam.planning.models import PlanStatus


def unit_list(request):
    """The organisation tree (organisationsträd)."""
    return render(request, "organisation/unit_list.html", {"units": unit_tree_ordered()})


def unit_detail(request, pk: int):
    """One unit: its plans (drafts only for those allowed to see them), sub-units and members."""
    unit = get_object_or_404(Unit.objects.select_related("parent", "municipality"), pk=pk)
    plans = unit.plans.filter(
        Q(status=PlanStatus.DECIDED) | perms.scope_q(request.user, perms.VIEW_DRAFTS)
    ).order_by("-year", "kind")
    context = {
        "unit": unit,
        "ancestors": list(unit.ancestors()),
        "children": list(unit.children.order_by("sort_order", "name")),
        "plans": list(plans),
        "memberships": list(unit.memberships.select_related("person__party").order_by("role", "person__name")),
    }
    return render(request, "organisation/unit_detail.html", context)
