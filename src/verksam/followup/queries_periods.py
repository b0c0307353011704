"""Read queries for the periods page (uppföljningsperioder per år).

``periods_page(user, year)`` loads everything the page shows in a constant number of queries:
the municipality, its top unit, the years that have periods or plans, the unit kinds in the
organisation, the year's periods with their deadlines, and the units whose outcomes the user
may enter that year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from verksam.core import permissions as perms
from verksam.followup.actions_periods import LEVELS_LOWEST_FIRST, level_rank
from verksam.followup.models import Period, PeriodKind
from verksam.organisation import queries as org_queries
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import Plan


def period_owner_unit(municipality) -> Unit | None:
    """The unit on which ``manage_periods`` is checked for ``municipality``'s periods: its top
    unit (the root of the organisation tree, normally kommunfullmäktige). One query."""
    if municipality is None:
        return None
    return Unit.objects.filter(municipality=municipality, parent__isnull=True).order_by("path").first()


@dataclass
class DeadlineRow:
    """One unit kind's deadline in a period: ``unit_kind`` (``UnitKind`` value), ``label``
    ("Förvaltning"), ``due`` (date or None when not set)."""

    unit_kind: str
    label: str
    due: dt.date | None


@dataclass
class PeriodRow:
    """A period with its deadlines (lowest level first) on the periods page."""

    period: Period
    deadlines: list[DeadlineRow] = field(default_factory=list)


@dataclass
class PeriodsPage:
    """What the periods page of ``year`` shows.

    ``periods``: T1, T2, VB (those that exist) in date order; ``missing``: the kinds not created
    yet; ``years``: years to navigate to (with periods or plans, plus ``year``), newest first;
    ``unit_kinds``: the kinds of unit in the organisation, lowest level first; ``entry_units``:
    units with indicators that year whose outcomes the user may enter; ``owner_unit``: where
    ``manage_periods`` is checked; ``can_manage``: whether the user holds it.
    """

    year: int
    municipality: object
    owner_unit: Unit | None
    periods: list[PeriodRow]
    missing: list[str]
    years: list[int]
    unit_kinds: list[str]
    entry_units: list[Unit]
    can_manage: bool


def unit_kinds_lowest_first(municipality) -> list[str]:
    """The unit kinds present in ``municipality``'s organisation, lowest level first (one query)."""
    kinds = set(Unit.objects.filter(municipality=municipality).values_list("kind", flat=True).distinct())
    return sorted(kinds, key=level_rank)


def _entry_units(user, municipality, year: int) -> list[Unit]:
    """Units that have a plan or are responsible for an indicator in ``year``, where ``user``
    may enter outcomes (one query; the permission check uses the user's cached roles)."""
    if not user.is_authenticated:
        return []
    units = (Unit.objects.filter(municipality=municipality)
             .filter(Q(plans__year=year) | Q(indicators__plan__year=year)).distinct().order_by("path"))
    return [u for u in units if perms.has_perm(user, perms.ENTER_OUTCOMES, u)]


def periods_page(user, year: int) -> PeriodsPage:
    """Load the periods page of ``year`` for ``user`` (about eight queries at any size)."""
    municipality = org_queries.municipality()
    if municipality is None:
        return PeriodsPage(year, None, None, [], [k.value for k in PeriodKind], [year], [], [], False)
    owner = period_owner_unit(municipality)
    periods = list(Period.objects.filter(municipality=municipality, year=year)
                   .prefetch_related("deadlines").order_by("as_of"))
    kinds = unit_kinds_lowest_first(municipality)
    labels = dict(UnitKind.choices)
    rows = []
    for period in periods:
        dues = {d.unit_kind: d.due for d in period.deadlines.all()}
        shown = sorted(set(kinds) | set(dues), key=level_rank)
        rows.append(PeriodRow(period, [DeadlineRow(k, str(labels.get(k, k)), dues.get(k)) for k in shown]))
    existing = {p.kind for p in periods}
    years = set(Period.objects.filter(municipality=municipality).values_list("year", flat=True).distinct())
    years |= set(Plan.objects.filter(unit__municipality=municipality).values_list("year", flat=True).distinct())
    years.add(year)
    return PeriodsPage(
        year=year, municipality=municipality, owner_unit=owner, periods=rows,
        missing=[k.value for k in PeriodKind if k.value not in existing],
        years=sorted(years, reverse=True), unit_kinds=kinds,
        entry_units=_entry_units(user, municipality, year),
        can_manage=owner is not None and perms.has_perm(user, perms.MANAGE_PERIODS, owner),
    )


__all__ = ["LEVELS_LOWEST_FIRST", "DeadlineRow", "PeriodRow", "PeriodsPage", "period_owner_unit",
           "periods_page", "unit_kinds_lowest_first"]
