"""Plausibility limits per unit of measure (rimlighetskontroll per enhet) — the one rule.

An indicator's values — årsmål (target, by sex, start value) and utfall (outcome, by sex,
helårsprognos) — are written in the indicator's ``unit_of_measure``. Some units have natural
limits; a value outside them is a typing error ("−5 %", "1 234 567 %"), refused at the field
with a Swedish message before anything is written. ``planning.actions.set_target`` calls
``check_indicator_values``; follow-up outcome entry calls the same function.

Limits by unit (``unit_of_measure`` compared case-insensitively, spaces trimmed):

* a level in percent — "%", "procent", "andel", "andel (%)": 0–100 inclusive;
* a difference of percentages — "procentenheter", "p.e.", "%-enheter": −100 to 100;
* a count or a duration — "antal", "st", "st.", "personer", "dagar", "timmar", "veckor",
  "månader", "år": 0 or more;
* anything else — kronor ("kr", "tkr", "mnkr" may be negative: results, deviations), "ton
  CO₂e", "förändring i %" (growth may be negative or above 100), an empty unit: no limit.

The model has no flag for "this percentage may be negative": a change in percent is written
with a unit other than "%" (e.g. "förändring i %" or "procentenheter") and gets its own limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from verksam.core.errors import DomainError
from verksam.core.swedish_numbers import format_swedish_number

#: Value fields of targets and outcomes that are written in the indicator's unit.
VALUE_FIELDS = ("value", "value_women", "value_men", "baseline", "forecast")


@dataclass(frozen=True)
class Limits:
    """Inclusive bounds (None: open) and how a refusal describes them."""

    low: Decimal | None
    high: Decimal | None
    message: str


PERCENT_LEVEL = frozenset({"%", "procent", "andel", "andel (%)", "andel i %"})
PERCENTAGE_POINTS = frozenset({"procentenheter", "procentenhet", "p.e.", "pe", "%-enheter", "%-enhet"})
COUNTS = frozenset({"antal", "st", "st.", "stycken", "personer", "dagar", "timmar", "veckor", "månader", "år"})


def limits_for(unit_of_measure: str) -> Limits | None:
    """The limits of ``unit_of_measure`` (see the module docstring), or None when it has none."""
    unit = " ".join((unit_of_measure or "").split()).casefold()
    if unit in PERCENT_LEVEL:
        return Limits(Decimal(0), Decimal(100), _("En andel i procent ska ligga mellan 0 och 100 %"))
    if unit in PERCENTAGE_POINTS:
        return Limits(Decimal(-100), Decimal(100), _("En skillnad i procentenheter ska ligga mellan −100 och 100"))
    if unit in COUNTS:
        return Limits(Decimal(0), None, _("Ett värde i enheten ”%(unit)s” kan inte vara negativt") % {"unit": unit})
    return None


def check_plausible(value, unit_of_measure: str, *, field: str = "value") -> None:
    """Refuse ``value`` (Decimal, int or None) outside the limits of ``unit_of_measure`` with a
    ``DomainError`` at ``field``, e.g. "En andel i procent ska ligga mellan 0 och 100 %
    (angivet: −5 %)." None (no value) is always accepted."""
    if value is None or value == "":
        return
    limits = limits_for(unit_of_measure)
    if limits is None:
        return
    number = Decimal(value)
    if (limits.low is not None and number < limits.low) or (limits.high is not None and number > limits.high):
        shown = format_swedish_number(number, minus="\u2212")
        unit = (unit_of_measure or "").strip()
        raise DomainError(_("%(rule)s (angivet: %(value)s %(unit)s).")
                          % {"rule": limits.message, "value": shown, "unit": unit}, field=field)


def check_indicator_values(indicator, values: dict, fields=VALUE_FIELDS) -> None:
    """Check every value in ``values`` (a dict of field → Decimal/None, e.g. the cleaned values
    of an årsmål or an utfall) whose key is in ``fields`` against ``indicator.unit_of_measure``.
    Raises ``DomainError`` at the first implausible field; returns None otherwise."""
    unit = getattr(indicator, "unit_of_measure", "") or ""
    if limits_for(unit) is None:
        return
    for name in fields:
        if name in values:
            check_plausible(values[name], unit, field=name)
