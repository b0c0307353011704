"""Permissions (behörigheter): what each role may do on a unit and its subtree.

A role assigned on a unit applies to that unit and every unit beneath it (Stockholm practice:
KS controllers read and follow up all boards; a board's editors work in their own board).
Superusers may do everything. Anonymous visitors — citizens and the press — may read decided
plans only.

The matrix (``PERMISSIONS``) is the one place the rules live; views, API, querysets and
commands call ``has_perm`` / ``require`` / ``scope_q``.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from verksam.core.errors import NotAllowedError
from verksam.core.models import Role, RoleAssignment

VIEW_DRAFTS = "view_drafts"  # read plans that are not yet decided (utkast, inskickad)
EDIT_PLAN = "edit_plan"  # create/edit goals, activities, indicators, targets in an undecided plan
SUBMIT_PLAN = "submit_plan"  # utkast → inskickad, and back
DECIDE_PLAN = "decide_plan"  # record the decision: inskickad → beslutad
REVISE_TARGET = "revise_target"  # change an årsmål in a decided plan with the deciding decision
MANAGE_ORG = "manage_org"  # units, persons, memberships, role assignments
ENTER_OUTCOMES = "enter_outcomes"  # utfall, kommentarer, bedömningsförslag in an open period
APPROVE_FOLLOWUP = "approve_followup"  # approve assessments and reports; correct locked periods
MANAGE_PERIODS = "manage_periods"  # open, close and lock follow-up periods

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        {VIEW_DRAFTS, EDIT_PLAN, SUBMIT_PLAN, DECIDE_PLAN, REVISE_TARGET, MANAGE_ORG,
         ENTER_OUTCOMES, APPROVE_FOLLOWUP, MANAGE_PERIODS}
    ),
    Role.CONTROLLER: frozenset({VIEW_DRAFTS, EDIT_PLAN, SUBMIT_PLAN, DECIDE_PLAN, REVISE_TARGET,
                                ENTER_OUTCOMES, APPROVE_FOLLOWUP}),
    Role.EDITOR: frozenset({VIEW_DRAFTS, EDIT_PLAN, SUBMIT_PLAN, ENTER_OUTCOMES}),
    Role.READER: frozenset({VIEW_DRAFTS}),
    Role.POLITICIAN: frozenset({VIEW_DRAFTS}),
    "oversight": frozenset({VIEW_DRAFTS}),
}

_CACHE_ATTR = "_verksam_role_paths"


OVERSIGHT_ROLES = frozenset({Role.ADMINISTRATOR, Role.CONTROLLER})
"""Roles that, held on the kommunstyrelse, let the user read every board's plans and follow-up:
KS has the oversight of all boards (kommunallagen 6 kap. 1 §; Stockholm: stadsledningskontoret's
controllers follow up every board). It grants reading (``view_drafts``) only, never editing."""


def _assignments(user) -> list[tuple[str, str]]:
    """The user's (unit path, role) pairs, loaded once per user object (one query).

    An oversight role on the executive board (kommunstyrelse) adds a read-only pair on the root of
    its tree, with the pseudo-role ``"oversight"``.
    """
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = []
        for path, role, kind in RoleAssignment.objects.filter(user=user).values_list(
                "unit__path", "role", "unit__kind"):
            cached.append((path, role))
            if kind == "executive_board" and role in OVERSIGHT_ROLES:
                cached.append((path.split("/", 1)[0] + "/", "oversight"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def clear_cache(user) -> None:
    """Forget the cached role assignments of ``user`` (after assigning roles)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_on(user, unit) -> set[str]:
    """Roles ``user`` holds on ``unit`` through an assignment on it or an ancestor."""
    return {role for path, role in _assignments(user) if unit.path.startswith(path)}


def has_perm(user, perm: str, unit) -> bool:
    """True when ``user`` may do ``perm`` (a constant of this module) on ``unit``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(perm in PERMISSIONS.get(role, ()) for role in roles_on(user, unit))


def require(user, perm: str, unit) -> None:
    """Raise ``NotAllowedError`` (Swedish message naming the unit) unless ``has_perm``."""
    if not has_perm(user, perm, unit):
        raise NotAllowedError(
            _("Du har inte behörighet att göra detta för %(unit)s.") % {"unit": unit.name}
        )


def scope_q(user, perm: str, unit_field: str = "unit") -> Q:
    """A filter that keeps rows whose ``unit_field`` lies in a subtree where ``user`` has ``perm``.

    Superusers get an always-true filter; users without such roles an always-false one.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)  # always true; a bare Q() vanishes when OR-ed
    q = Q(pk__in=[])
    for path, role in _assignments(user):
        if perm in PERMISSIONS.get(role, ()):
            q |= Q(**{f"{unit_field}__path__startswith": path})
    return q
