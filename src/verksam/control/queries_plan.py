"""Read models of the internkontrollplan pages: a board's control plan of one year with its
controls grouped per risk and their occasions, and the board's deviations (avvikelser).

Both pages read in a constant number of queries whatever the number of controls, occasions,
results and deviations (tests assert the counts at two sizes). Read access is checked by the
views (``verksam.control.queries.can_read``); these functions read one board's data.

Occasion status (per kontrolltillfälle), as shown on the plan page:

* ``no_remarks`` — a result utan anmärkning is recorded;
* ``deviation`` — a result avvikelse is recorded;
* ``overdue`` — no result and the date has passed ("förfallet, ej registrerat");
* ``pending`` — no result and the date is today or ahead ("ej registrerat").

A deviation is **overdue** when it is open and its ``due`` (klart senast) lies before today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from verksam.control.models import (
    Control, ControlOccasion, ControlPlan, Deviation, DeviationStatus, Risk, ResultOutcome,
)
from verksam.followup.models import Period

OCCASION_STATUS_LABELS = {
    "no_remarks": _("Utan anmärkning"),
    "deviation": _("Avvikelse"),
    "overdue": _("Förfallet, ej registrerat"),
    "pending": _("Ej registrerat"),
}
"""Swedish label of each occasion status."""


def occasion_status(occasion: ControlOccasion, today: dt.date) -> str:
    """The status key of ``occasion`` (its ``result`` loaded or absent) on ``today``."""
    result = getattr(occasion, "result", None)
    if result is not None:
        return "deviation" if result.outcome == ResultOutcome.DEVIATION else "no_remarks"
    return "overdue" if occasion.due < today else "pending"


@dataclass
class OccasionCell:
    """One occasion of a control: its date, result (or None), status key and label, and how many
    of its deviations are open."""

    occasion: ControlOccasion
    result: object
    status: str
    open_deviations: int = 0

    @property
    def label(self):
        """The Swedish status label ("Utan anmärkning", "Förfallet, ej registrerat" …)."""
        return OCCASION_STATUS_LABELS[self.status]


@dataclass
class ControlRow:
    """A control (kontrollmoment) and its occasions in date order."""

    control: Control
    occasions: list[OccasionCell] = field(default_factory=list)


@dataclass
class RiskGroup:
    """The controls of one risk (None: controls not tied to a risk)."""

    risk: Risk | None
    controls: list[ControlRow] = field(default_factory=list)


@dataclass
class PlanPage:
    """The control plan page of ``unit`` in ``year``: ``control_plan`` (None when the board has
    none), ``groups`` per risk in the analysis' order (controls without a risk last), the year's
    follow-up ``periods`` (T1, T2, VB) and ``counts`` of occasions per status."""

    unit: object
    year: int
    control_plan: ControlPlan | None
    groups: list[RiskGroup]
    periods: list[Period]
    counts: dict[str, int]

    @property
    def summary(self) -> list[tuple[str, object, int]]:
        """(status key, Swedish label, number of occasions) per occasion status."""
        return [(key, label, self.counts[key]) for key, label in OCCASION_STATUS_LABELS.items()]

    @property
    def control_count(self) -> int:
        """Number of controls in the plan."""
        return sum(len(group.controls) for group in self.groups)


def year_periods(unit, year: int) -> list[Period]:
    """T1, T2 and VB of ``year`` in ``unit``'s municipality, in date order (one query)."""
    return list(Period.objects.filter(municipality_id=unit.municipality_id, year=year).order_by("as_of"))


def plan_page(unit, year: int, *, today: dt.date) -> PlanPage:
    """The control plan page of ``unit`` in ``year`` on ``today`` (four queries: plan, controls
    with risk and goal, occasions with result and open-deviation count, periods; one when there
    is no plan)."""
    control_plan = ControlPlan.objects.filter(unit=unit, year=year).first()
    counts = dict.fromkeys(OCCASION_STATUS_LABELS, 0)
    if control_plan is None:
        return PlanPage(unit, year, None, [], [], counts)
    controls = list(Control.objects.filter(control_plan=control_plan)
                    .select_related("risk__goal").order_by("sort_order", "pk"))
    rows = {c.pk: ControlRow(c) for c in controls}
    occasions = (ControlOccasion.objects.filter(control__control_plan=control_plan)
                 .select_related("result").order_by("due", "pk"))
    open_by_result = _open_deviation_counts(control_plan)
    for occasion in occasions:
        result = getattr(occasion, "result", None)
        status = occasion_status(occasion, today)
        counts[status] += 1
        rows[occasion.control_id].occasions.append(OccasionCell(
            occasion, result, status, open_by_result.get(result.pk, 0) if result is not None else 0))
    groups: dict[int | None, RiskGroup] = {}
    ordered = sorted(controls, key=lambda c: (c.risk is None, c.risk.sort_order if c.risk else 0,
                                              c.risk_id or 0, c.sort_order, c.pk))
    for control in ordered:
        groups.setdefault(control.risk_id, RiskGroup(control.risk)).controls.append(rows[control.pk])
    return PlanPage(unit, year, control_plan, list(groups.values()), year_periods(unit, year), counts)


def _open_deviation_counts(control_plan: ControlPlan) -> dict[int, int]:
    """Result id → number of open deviations, for the results of ``control_plan`` (one query)."""
    counts: dict[int, int] = {}
    for result_id in Deviation.objects.filter(
            result__occasion__control__control_plan=control_plan,
            status=DeviationStatus.OPEN).values_list("result_id", flat=True):
        counts[result_id] = counts.get(result_id, 0) + 1
    return counts


@dataclass
class DeviationRow:
    """A deviation on the deviations page: ``overdue`` when open and past its due date;
    ``earlier_year`` when it was found in an earlier year's plan and is still open."""

    deviation: Deviation
    overdue: bool
    earlier_year: bool

    @property
    def control(self) -> Control:
        """The control whose result found the deviation."""
        return self.deviation.result.occasion.control

    @property
    def occasion(self) -> ControlOccasion:
        """The occasion whose result found the deviation."""
        return self.deviation.result.occasion


@dataclass
class DeviationsPage:
    """The deviations of ``unit``: ``open`` (this year's and earlier years' still open, overdue
    first, then by due date) and ``closed`` (this year's, latest closed first)."""

    unit: object
    year: int
    open: list[DeviationRow]
    closed: list[DeviationRow]

    @property
    def overdue_count(self) -> int:
        """Number of open deviations past their due date."""
        return sum(1 for row in self.open if row.overdue)


def board_deviations(unit, year: int):
    """The deviations of ``unit`` shown for ``year``: every deviation of the year's control plan
    and the still open deviations of earlier years' plans ("öppna avvikelser följs tills de
    stängs"), with result, occasion, control, plan and closing user loaded."""
    base = Deviation.objects.filter(result__occasion__control__control_plan__unit=unit)
    this_year = base.filter(result__occasion__control__control_plan__year=year)
    earlier_open = base.filter(result__occasion__control__control_plan__year__lt=year, status=DeviationStatus.OPEN)
    return (this_year | earlier_open).select_related(
        "result__occasion__control__control_plan", "closed_by")


def deviations_page(unit, year: int, *, today: dt.date) -> DeviationsPage:
    """The deviations page of ``unit`` in ``year`` on ``today`` (one query)."""
    rows_open, rows_closed = [], []
    for deviation in board_deviations(unit, year).order_by("pk"):
        is_open = deviation.status == DeviationStatus.OPEN
        row = DeviationRow(
            deviation,
            overdue=is_open and deviation.due is not None and deviation.due < today,
            earlier_year=deviation.result.occasion.control.control_plan.year < year,
        )
        (rows_open if is_open else rows_closed).append(row)
    rows_open.sort(key=lambda r: (not r.overdue, r.deviation.due is None, r.deviation.due or today,
                                  r.occasion.due, r.deviation.pk))
    rows_closed.sort(key=lambda r: (r.deviation.closed_at is None, -(r.deviation.closed_at.timestamp()
                                                                     if r.deviation.closed_at else 0)))
    return DeviationsPage(unit, year, rows_open, rows_closed)
