"""Read queries for internal control: who may read which board's risks, controls and results.

Read scope (issue 5, "KS controllers read all"):

* holders of ``view_drafts`` read the internal control of the units in their subtree
  (``perms.scope_q``) — a board's editors, readers and politicians read their own board;
* controllers and administrators on a kommunstyrelse read every unit of that municipality — KS
  oversees all boards (kommunallagen 6 kap. 1 §); the rule lives in ``verksam.core.permissions``;
* superusers read everything; anonymous users nothing.

Each ``visible_*`` function returns a queryset filtered by one ``Q`` built with at most one query
(the user's role assignments, cached on the user by ``verksam.core.permissions``).
"""

from __future__ import annotations

from django.db.models import Q

from verksam.control.models import (
    Control, ControlPlan, ControlResult, ControlSystem, Deviation, Risk, RiskAnalysis,
)
from verksam.core import permissions as perms
from verksam.core.models import RoleAssignment
from verksam.organisation.models import UnitKind

OVERSIGHT_ROLES = perms.OVERSIGHT_ROLES
"""Roles that, held on a kommunstyrelse, let a user read the whole municipality (the one rule is
``verksam.core.permissions.OVERSIGHT_ROLES``)."""


def oversight_municipality_ids(user) -> list[int]:
    """Ids of the municipalities whose kommunstyrelse ``user`` oversees (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(
        RoleAssignment.objects.filter(user=user, unit__kind=UnitKind.EXECUTIVE_BOARD,
                                      role__in=sorted(OVERSIGHT_ROLES))
        .values_list("unit__municipality_id", flat=True).distinct()
    )


def readable_units_q(user, unit_field: str = "unit") -> Q:
    """A filter keeping rows whose ``unit_field`` (a path to a Unit) ``user`` may read: the core
    ``view_drafts`` scope, which already includes KS oversight of the whole municipality."""
    return perms.scope_q(user, perms.VIEW_DRAFTS, unit_field)


def can_read(user, unit) -> bool:
    """True when ``user`` may read ``unit``'s internal control (``view_drafts``, KS oversight included)."""
    return perms.has_perm(user, perms.VIEW_DRAFTS, unit)


def visible_control_systems(user):
    """ControlSystem rows ``user`` may read."""
    return ControlSystem.objects.filter(readable_units_q(user))


def visible_risk_analyses(user):
    """RiskAnalysis rows ``user`` may read."""
    return RiskAnalysis.objects.filter(readable_units_q(user))


def visible_risks(user):
    """Risk rows ``user`` may read."""
    return Risk.objects.filter(readable_units_q(user, "analysis__unit"))


def visible_control_plans(user):
    """ControlPlan rows ``user`` may read."""
    return ControlPlan.objects.filter(readable_units_q(user))


def visible_controls(user):
    """Control rows ``user`` may read."""
    return Control.objects.filter(readable_units_q(user, "control_plan__unit"))


def visible_results(user):
    """ControlResult rows ``user`` may read."""
    return ControlResult.objects.filter(readable_units_q(user, "occasion__control__control_plan__unit"))


def visible_deviations(user):
    """Deviation rows ``user`` may read."""
    return Deviation.objects.filter(readable_units_q(user, "result__occasion__control__control_plan__unit"))
