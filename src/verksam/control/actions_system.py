"""System för internkontroll actions: a versioned document per board and year, approved yearly.

A new version starts as a draft copied from the board's latest earlier version; editors
(``edit_plan``) write the four sections — organisation, roller och ansvar, rutiner, system —
and a controller (``approve_followup``) approves it, after which it is immutable
(``ControlSystemLockedError``): a change needs a new version.

Errors: ``NotAllowedError``, ``ControlSystemLockedError``, ``ConcurrentEditError``,
``DomainError`` with ``field`` — Swedish messages.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from verksam.control.actions_common import apply, refuse_unknown
from verksam.control.models import ControlSystem, ControlSystemLockedError, ControlSystemStatus
from verksam.core import permissions as perms
from verksam.core.audit import check_version, save_audited
from verksam.core.errors import DomainError
from verksam.planning.models import Plan

SECTIONS = ("organisation", "roles", "routines", "systems")
"""The four sections of a system för internkontroll, in document order."""

SECTION_LABELS = {
    "organisation": gettext_lazy("Organisation"), "roles": gettext_lazy("Roller och ansvar"),
    "routines": gettext_lazy("Rutiner"), "systems": gettext_lazy("System"),
}


@transaction.atomic
def create_control_system(unit, year: int, *, acting_user, plan: Plan | None = None, is_example: bool = False,
                          **sections) -> ControlSystem:
    """Start a new version of ``unit``'s system för internkontroll for ``year``.

    Version numbers run 1, 2 … within the year. Sections not given are copied from the board's
    latest earlier version (any year), which becomes ``previous``. Refused while the board has
    an unapproved draft for that year (field "year").
    """
    perms.require(acting_user, perms.EDIT_PLAN, unit)
    refuse_unknown(sections, SECTIONS)
    if plan is not None and (plan.unit_id != unit.pk or plan.year != year):
        raise DomainError(_("Planen hör inte till %(unit)s år %(year)s.") % {"unit": unit.name, "year": year},
                          field="plan")
    if ControlSystem.objects.filter(unit=unit, year=year, status=ControlSystemStatus.DRAFT).exists():
        raise DomainError(_("Det finns redan ett utkast till system för internkontroll %(year)s.") % {"year": year},
                          field="year")
    previous = ControlSystem.objects.filter(unit=unit, year__lte=year).order_by("-year", "-version").first()
    number = (ControlSystem.objects.filter(unit=unit, year=year).aggregate(n=Max("version"))["n"] or 0) + 1
    values = {name: sections.get(name, getattr(previous, name) if previous else "") for name in SECTIONS}
    system = ControlSystem(unit=unit, year=year, version=number, plan=plan, previous=previous,
                           is_example=is_example, **values)
    save_audited(system, acting_user=acting_user, created=True)
    return system


@transaction.atomic
def update_control_system(system: ControlSystem, *, acting_user, expected_version: int | None = None,
                          **sections) -> bool:
    """Change sections of a draft; refused with ``ControlSystemLockedError`` once approved.
    Returns False when nothing changed."""
    perms.require(acting_user, perms.EDIT_PLAN, system.unit)
    refuse_unknown(sections, SECTIONS)
    if ControlSystem.objects.filter(pk=system.pk, status=ControlSystemStatus.APPROVED).exists():
        raise ControlSystemLockedError()
    check_version(system, expected_version)
    apply(system, sections)
    return save_audited(system, acting_user=acting_user)


@transaction.atomic
def approve_control_system(system: ControlSystem, *, acting_user) -> ControlSystem:
    """Approve a draft (needs ``approve_followup`` on the board): every section must be written
    (the first empty one is named at its field). From then on the version is immutable."""
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, system.unit)
    if ControlSystem.objects.filter(pk=system.pk, status=ControlSystemStatus.APPROVED).exists():
        raise ControlSystemLockedError(_("Systemet för internkontroll är redan godkänt."))
    for name in SECTIONS:
        if not (getattr(system, name) or "").strip():
            raise DomainError(_("Avsnittet %(s)s är tomt.") % {"s": SECTION_LABELS[name]}, field=name)
    apply(system, {"status": ControlSystemStatus.APPROVED, "approved_by": acting_user,
                   "approved_at": timezone.now()})
    save_audited(system, acting_user=acting_user)
    return system
