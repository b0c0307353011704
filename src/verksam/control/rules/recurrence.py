"""Recurrence (återkommande kontrolltillfällen): the dates a control is due.

Source: DESIGN.md, "Rules decided" → "Recurrence": occasions are dates; a month-end series stays
at month end (2024-02-29); end dates are inclusive; copying a plan to the next year creates that
year's occasions; changing a frequency keeps recorded results and regenerates only future
occasions.

The rules, exactly:

* **monthly / quarterly** — anchored at ``start``: the n-th occasion is ``start`` + n × 1 (or 3)
  months. When ``start`` is the last day of its month the series stays at month end
  (2024-01-31 → 2024-02-29 → 2024-03-31 …); otherwise the day of ``start`` is kept, clamped to
  the month's length (2024-01-30 → 2024-02-29 → 2024-03-30).
* **tertial** — the fixed report dates 30 April, 31 August and 31 December (T1, T2, VB) of every
  year that fall within ``start`` … ``end``.
* **yearly** — the anniversaries of ``start``; a series started on 29 February falls on 28
  February in years that are not leap years and returns to 29 February in leap years (each
  occasion is computed from the anchor, not from the previous occasion).
* **once** — ``start`` alone.

``start`` is the first occasion; ``end`` is inclusive and defaults to 31 December of
``start``'s year. Pure functions: no models, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _, gettext_lazy

from verksam.core.errors import DomainError

__all__ = [
    "Frequency", "RecurrenceError", "Regeneration", "TERTIAL_DATES", "add_months", "occasions",
    "plan_regeneration", "shift_years",
]


class Frequency(models.TextChoices):
    """How often a control is performed (frekvens)."""

    MONTHLY = "monthly", gettext_lazy("Månadsvis")
    QUARTERLY = "quarterly", gettext_lazy("Kvartalsvis")
    TERTIAL = "tertial", gettext_lazy("Per tertial")
    YEARLY = "yearly", gettext_lazy("Årligen")
    ONCE = "once", gettext_lazy("En gång")


TERTIAL_DATES = ((4, 30), (8, 31), (12, 31))
"""Month and day of the tertial occasions: per 30/4 (T1), 31/8 (T2) and 31/12 (VB)."""

_MAX_OCCASIONS = 1000


class RecurrenceError(DomainError):
    """Dates or a frequency that give no valid series; ``field`` names the input."""


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _is_month_end(day: dt.date) -> bool:
    return day.day == _last_day(day.year, day.month)


def add_months(anchor: dt.date, months: int) -> dt.date:
    """``anchor`` moved ``months`` months on: month end stays month end, other days are clamped
    to the month's length (2024-01-31 + 1 → 2024-02-29; 2024-01-30 + 1 → 2024-02-29;
    2024-01-30 + 2 → 2024-03-30)."""
    index = anchor.year * 12 + (anchor.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _last_day(year, month)
    day = last if _is_month_end(anchor) else min(anchor.day, last)
    return dt.date(year, month, day)


def shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` years on, month end kept (2024-02-29 + 1 → 2025-02-28;
    2023-02-28 + 1 → 2024-02-29, since 28 February 2023 is a month end)."""
    return add_months(day, 12 * years)


def _yearly(anchor: dt.date, years: int) -> dt.date:
    """Anniversary ``years`` after ``anchor``; 29 February → 28 February in non-leap years."""
    year = anchor.year + years
    day = min(anchor.day, _last_day(year, anchor.month))
    return dt.date(year, anchor.month, day)


def occasions(frequency: str, start: dt.date, end: dt.date | None = None) -> list[dt.date]:
    """The due dates of a control performed at ``frequency`` from ``start`` to ``end`` (inclusive).

    ``frequency`` is a ``Frequency`` value. Returns a sorted list of dates, e.g. monthly from
    2024-01-31 to 2024-12-31 gives the twelve month ends 2024-01-31, 2024-02-29, 2024-03-31 …
    2024-12-31; tertial over 2024 gives 2024-04-30, 2024-08-31, 2024-12-31. Raises
    ``RecurrenceError`` (field "end") when ``end`` lies before ``start``, (field "frequency") for
    an unknown frequency.
    """
    if start is None:
        raise RecurrenceError(_("Ange ett startdatum."), field="start")
    end = end or dt.date(start.year, 12, 31)
    if end < start:
        raise RecurrenceError(_("Slutdatum kan inte ligga före startdatum."), field="end")
    if frequency == Frequency.ONCE:
        return [start]
    if frequency == Frequency.TERTIAL:
        return [
            dt.date(year, month, day)
            for year in range(start.year, end.year + 1)
            for month, day in TERTIAL_DATES
            if start <= dt.date(year, month, day) <= end
        ]
    if frequency in (Frequency.MONTHLY, Frequency.QUARTERLY):
        step = 1 if frequency == Frequency.MONTHLY else 3
        step_to = lambda n: add_months(start, n * step)  # noqa: E731
    elif frequency == Frequency.YEARLY:
        step_to = lambda n: _yearly(start, n)  # noqa: E731
    else:
        raise RecurrenceError(_("Okänd frekvens: %(f)s.") % {"f": frequency}, field="frequency")
    dates: list[dt.date] = []
    for n in range(_MAX_OCCASIONS):
        day = step_to(n)
        if day > end:
            break
        dates.append(day)
    return dates


@dataclass(frozen=True)
class Regeneration:
    """What a frequency change does to a control's occasions: ``keep`` (dates with a recorded
    result, every date before ``today`` and future dates the new series also has), ``delete``
    (future dates without a result that the new series lacks) and ``create`` (future dates of the
    new series that do not exist yet). All sorted lists of dates."""

    keep: list[dt.date]
    delete: list[dt.date]
    create: list[dt.date]


def plan_regeneration(existing: dict[dt.date, bool], frequency: str, start: dt.date, end: dt.date | None,
                      today: dt.date) -> Regeneration:
    """Plan a frequency change of a control whose occasions are ``existing`` (due date → has a
    recorded result).

    Occasions with a result and occasions before ``today`` are kept as they are; from ``today``
    on, the series becomes the new frequency's dates: unrecorded occasions the new series lacks
    are deleted, its missing dates created (an occasion already on a new date is kept, not
    replaced). Raises ``RecurrenceError`` like ``occasions``.
    """
    wanted = {day for day in occasions(frequency, start, end) if day >= today}
    keep = sorted(day for day, has_result in existing.items() if has_result or day < today or day in wanted)
    delete = sorted(day for day in existing if day not in set(keep))
    create = sorted(wanted - set(existing))
    return Regeneration(keep=keep, delete=delete, create=create)
