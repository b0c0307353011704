"""Result actions: control results per occasion and the deviations they find.

A result belongs to the follow-up period whose report covers the occasion's date (T1 per 30/4,
T2 per 31/8, VB per 31/12). Like outcomes (``verksam.followup.actions``), a result in a closed or
locked period is only a correction with a reason, by a holder of ``approve_followup``
(``PeriodLockedError``, reused from follow-up); the date a result belongs to (``as_of``) is kept
apart from when it was entered and may not lie in the future (DESIGN "Dates").

Results and deviations need ``enter_outcomes`` on the control plan's unit. Deviations are
followed until closed.

Errors: ``NotAllowedError``, ``PeriodLockedError``, ``ConcurrentEditError``, ``DomainError`` with
``field`` — Swedish messages.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.control.actions_common import apply, current, refuse_unknown, require_text
from verksam.control.models import ControlOccasion, ControlResult, Deviation, DeviationStatus, ResultOutcome
from verksam.core import permissions as perms
from verksam.core.audit import check_version, save_audited
from verksam.core.errors import DomainError
from verksam.followup.actions import PeriodLockedError
from verksam.followup.models import Period, PeriodStatus


def period_for(occasion: ControlOccasion) -> Period | None:
    """The follow-up period whose report covers ``occasion.due``: the earliest period of that year
    in the municipality with ``as_of`` on or after the date (one query); None when the year has
    no periods yet."""
    municipality_id = occasion.control.control_plan.unit.municipality_id
    return (Period.objects.filter(municipality_id=municipality_id, year=occasion.due.year,
                                  as_of__gte=occasion.due).order_by("as_of").first())


@transaction.atomic
def record_result(occasion: ControlOccasion, *, acting_user, outcome: str, finding: str = "",
                  as_of: dt.date | None = None, correction_reason: str = "", expected_version: int | None = None,
                  is_example: bool = False) -> ControlResult:
    """Record (or change) the result of ``occasion``: ``outcome`` utan anmärkning
    (``ResultOutcome.NO_REMARKS``) or avvikelse (``DEVIATION``, needs a ``finding``).

    ``as_of`` defaults to the occasion's date, or today when that lies ahead (a control done
    early). In a closed or locked period only a correction with ``correction_reason`` by a holder
    of ``approve_followup`` is accepted (``PeriodLockedError`` at "correction_reason"). A result
    with deviations cannot become utan anmärkning. Returns the stored result; a change that
    changes nothing records nothing.
    """
    unit = occasion.control.control_plan.unit
    perms.require(acting_user, perms.ENTER_OUTCOMES, unit)
    if outcome not in ResultOutcome.values:
        raise DomainError(_("Välj resultat: utan anmärkning eller avvikelse."), field="outcome")
    if outcome == ResultOutcome.DEVIATION and not (finding or "").strip():
        raise DomainError(_("Beskriv avvikelsen som kontrollen fann."), field="finding")
    today = timezone.localdate()
    as_of = as_of or min(occasion.due, today)
    if as_of > today:
        raise DomainError(_("Datumet %(d)s ligger i framtiden.") % {"d": as_of.isoformat()}, field="as_of")
    year = occasion.due.year
    if not dt.date(year, 1, 1) <= as_of <= dt.date(year + 1, 12, 31):
        # a result belongs to its occasion's year; a December control may be done early next year
        raise DomainError(_("Resultatet avser kontrolltillfället %(due)s och ska dateras %(year)s eller "
                            "%(next)s.") % {"due": occasion.due.isoformat(), "year": year, "next": year + 1},
                          field="as_of")
    period = period_for(occasion)
    reason = (correction_reason or "").strip()
    if period is not None and period.status != PeriodStatus.OPEN:
        if not reason:
            raise PeriodLockedError(field="correction_reason")
        perms.require(acting_user, perms.APPROVE_FOLLOWUP, unit)
    result = ControlResult.objects.filter(occasion=occasion).first()
    created = result is None
    if created:
        result = ControlResult(occasion=occasion, entered_by=acting_user, is_example=is_example)
    else:
        check_version(result, expected_version)
        if outcome == ResultOutcome.NO_REMARKS and result.deviations.exists():
            raise DomainError(_("Resultatet har registrerade avvikelser och kan inte ändras till utan anmärkning."),
                              field="outcome")
    values = {"outcome": outcome, "finding": (finding or "").strip(), "as_of": as_of,
              "period_id": period.pk if period is not None else None}
    if reason:
        values["correction_reason"] = reason
    if not created and all(getattr(result, name) == value for name, value in values.items()):
        return result  # nothing changed: nothing recorded, entered_by kept
    apply(result, values)
    result.entered_by = acting_user
    save_audited(result, acting_user=acting_user, reason=reason, created=created)
    return result


DEVIATION_FIELDS = ("finding", "actions", "responsible", "due", "is_example")


def _years_later(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` years later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _validate_deviation(values: dict, deviation: Deviation | None, found_on: dt.date) -> None:
    """Check the values of a deviation found at the occasion dated ``found_on``: finding and
    responsible required; ``due`` (klart senast) a date not before the occasion (at most ten
    years after it)."""
    refuse_unknown(values, DEVIATION_FIELDS)
    require_text("finding", values, deviation, _("Beskriv avvikelsen."))
    require_text("responsible", values, deviation, _("Ange vem som är ansvarig för åtgärderna."))
    due = current("due", values, deviation)
    if due is not None and not isinstance(due, dt.date):
        raise DomainError(_("Ange ett giltigt datum."), field="due")
    if due is not None and not found_on <= due <= _years_later(found_on, 10):
        raise DomainError(_("Klart senast ska ligga mellan kontrolltillfället %(d)s och tio år senare.")
                          % {"d": found_on.isoformat()}, field="due")


@transaction.atomic
def open_deviation(result: ControlResult, *, acting_user, **values) -> Deviation:
    """Open a deviation (avvikelse) on a result with outcome avvikelse. ``values``: finding
    (required), actions (åtgärder), responsible (required), due (date, optional)."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, result.occasion.control.control_plan.unit)
    if result.outcome != ResultOutcome.DEVIATION:
        raise DomainError(_("Kontrollresultatet är utan anmärkning; registrera det som avvikelse först."),
                          field="result")
    _validate_deviation(values, None, result.occasion.due)
    deviation = Deviation(result=result, **values)
    save_audited(deviation, acting_user=acting_user, created=True)
    return deviation


@transaction.atomic
def update_deviation(deviation: Deviation, *, acting_user, expected_version: int | None = None,
                     **values) -> bool:
    """Change finding, actions, responsible or due of an open deviation; returns False when
    nothing changed. A closed deviation is refused (reopen it first)."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, deviation.result.occasion.control.control_plan.unit)
    check_version(deviation, expected_version)
    if deviation.status == DeviationStatus.CLOSED:
        raise DomainError(_("Avvikelsen är stängd och kan inte ändras."), field="status")
    _validate_deviation(values, deviation, deviation.result.occasion.due)
    apply(deviation, values)
    return save_audited(deviation, acting_user=acting_user)


@transaction.atomic
def close_deviation(deviation: Deviation, *, acting_user, note: str = "") -> Deviation:
    """Close an open deviation: ``closed_at`` now, ``closed_by`` the acting user, ``note`` what
    was done."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, deviation.result.occasion.control.control_plan.unit)
    if deviation.status == DeviationStatus.CLOSED:
        raise DomainError(_("Avvikelsen är redan stängd."), field="status")
    apply(deviation, {"status": DeviationStatus.CLOSED, "closed_at": timezone.now(), "closed_by": acting_user,
                      "closing_note": (note or "").strip()})
    save_audited(deviation, acting_user=acting_user, reason=(note or "").strip())
    return deviation


@transaction.atomic
def reopen_deviation(deviation: Deviation, *, acting_user, reason: str) -> Deviation:
    """Reopen a closed deviation; ``reason`` is required (field "reason")."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, deviation.result.occasion.control.control_plan.unit)
    if deviation.status != DeviationStatus.CLOSED:
        raise DomainError(_("Avvikelsen är redan öppen."), field="status")
    if not (reason or "").strip():
        raise DomainError(_("Ange varför avvikelsen öppnas igen."), field="reason")
    apply(deviation, {"status": DeviationStatus.OPEN, "closed_at": None, "closed_by": None})
    save_audited(deviation, acting_user=acting_user, reason=reason.strip())
    return deviation
