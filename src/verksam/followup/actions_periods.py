"""Period administration (uppföljningsperioder): create a year's periods and set their deadlines.

Opening, closing and locking a period is ``verksam.followup.actions.set_period_status``; this
module adds the two other things an administrator does on the periods page, with the same
permission (``manage_periods`` on the municipality's top unit, normally KF):

- ``create_periods`` — T1, T2 and VB of a year (``actions.ensure_periods``);
- ``set_deadlines`` — the last day (sista dag) each kind of unit must have reported in a period.

Rule (issue 4, "Periods"): due dates per organisation level, **lowest level first** — an enhet
reports before its avdelning, a förvaltning before its nämnd, a nämnd before KS and KF. A
higher level's due date may therefore not lie before a lower level's, and no due date may lie
before the date the period is reported per (``Period.as_of``). ``LEVELS_LOWEST_FIRST`` is the
one ordering of unit kinds used for this rule and for showing the deadlines.

Errors: ``NotAllowedError``; ``DomainError`` with ``field`` set to the unit kind whose date is
refused — Swedish messages.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verksam.core import permissions as perms
from verksam.core.errors import DomainError
from verksam.followup.actions import ensure_periods
from verksam.followup.models import Period, PeriodDeadline
from verksam.organisation.models import UnitKind

LEVELS_LOWEST_FIRST: tuple[str, ...] = (
    UnitKind.SECTION, UnitKind.DEPARTMENT, UnitKind.ADMINISTRATION, UnitKind.COMPANY,
    UnitKind.COMPANY_BOARD, UnitKind.PREPARATORY_BODY, UnitKind.BOARD, UnitKind.EXECUTIVE_BOARD,
    UnitKind.COUNCIL,
)
"""Unit kinds from the lowest organisation level (enhet) to the highest (kommunfullmäktige).

A unit kind's deadline comes no earlier than the deadlines of the kinds before it here."""


def level_rank(unit_kind: str) -> int:
    """Position of ``unit_kind`` in ``LEVELS_LOWEST_FIRST`` (0 = lowest level); unknown kinds last."""
    try:
        return LEVELS_LOWEST_FIRST.index(unit_kind)
    except ValueError:
        return len(LEVELS_LOWEST_FIRST)


def _label(unit_kind: str) -> str:
    return str(UnitKind(unit_kind).label) if unit_kind in UnitKind.values else unit_kind


@transaction.atomic
def create_periods(municipality, year: int, *, unit, acting_user) -> list[Period]:
    """Create (if missing) T1, T2 and VB of ``year`` for ``municipality``; returns the three periods.

    Needs ``manage_periods`` on ``unit`` (the municipality's top unit); raises ``NotAllowedError``.
    ``year`` must lie between 2000 and 2100 (``DomainError`` on field "year")."""
    perms.require(acting_user, perms.MANAGE_PERIODS, unit)
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("Året måste ligga mellan 2000 och 2100."), field="year")
    return ensure_periods(municipality, int(year), acting_user=acting_user)


def check_deadlines(period: Period, deadlines: dict[str, dt.date | None]) -> dict[str, dt.date]:
    """Validate ``deadlines`` (unit kind → due date, None for "no deadline") for ``period`` and
    return the dates that are set. Raises ``DomainError`` with ``field`` = the unit kind:

    - an unknown unit kind;
    - a date before ``period.as_of`` ("… kan inte ligga före 30 april 2024, som perioden avser.");
    - a higher level due before a lower level ("lägre nivåer rapporterar först").
    """
    dates: dict[str, dt.date] = {}
    for kind, due in deadlines.items():
        if kind not in UnitKind.values:
            raise DomainError(_("Okänd enhetstyp: %(k)s") % {"k": kind}, field=kind)
        if due is None:
            continue
        if due < period.as_of:
            raise DomainError(
                _("Sista dag för %(kind)s kan inte ligga före %(date)s, som perioden avser.")
                % {"kind": _label(kind).lower(), "date": date_format(period.as_of, "j F Y")},
                field=kind)
        dates[kind] = due
    ordered = sorted(dates.items(), key=lambda item: level_rank(item[0]))
    for index, (kind, due) in enumerate(ordered):
        for lower_kind, lower_due in ordered[:index]:
            if due < lower_due:
                raise DomainError(
                    _("Sista dag för %(kind)s (%(due)s) ligger före sista dag för %(lower)s (%(lower_due)s). "
                      "Lägre nivåer rapporterar först.")
                    % {"kind": _label(kind).lower(), "due": date_format(due, "j F Y"),
                       "lower": _label(lower_kind).lower(), "lower_due": date_format(lower_due, "j F Y")},
                    field=kind)
    return dates


@transaction.atomic
def set_deadlines(period: Period, deadlines: dict[str, dt.date | None], *, unit, acting_user) -> list[PeriodDeadline]:
    """Set the deadlines of ``period``: ``deadlines`` maps unit kinds (``UnitKind`` values) to a
    due date, or None to remove that kind's deadline; kinds not named are left as they are.

    Needs ``manage_periods`` on ``unit``. Validated by ``check_deadlines`` against the deadlines
    that remain afterwards (all-or-nothing). Returns the period's deadlines, lowest level first.
    """
    perms.require(acting_user, perms.MANAGE_PERIODS, unit)
    existing = {d.unit_kind: d for d in PeriodDeadline.objects.select_for_update().filter(period=period)}
    merged = {kind: d.due for kind, d in existing.items()}
    merged.update(deadlines)
    check_deadlines(period, merged)
    for kind, due in deadlines.items():
        current = existing.get(kind)
        if due is None:
            if current is not None:
                current.delete()
        elif current is None:
            PeriodDeadline.objects.create(period=period, unit_kind=kind, due=due)
        elif current.due != due:
            current.due = due
            current.save(update_fields=["due"])
    return sorted(PeriodDeadline.objects.filter(period=period), key=lambda d: level_rank(d.unit_kind))
