"""Values by sex (totalt, kvinnor, män): totals, shares by sex and rate roll-ups.

Source: DESIGN.md, "Rules decided" → "By sex":

    When kvinnor and män are both given, the total is their sum; a different total is refused
    unless a reason is given. Shares by sex are computed only over the units that report by sex,
    and say so. Rates roll up as Σ numerators / Σ denominators when denominators are kept;
    otherwise no single roll-up figure is shown.

"The total is their sum" holds for additive measures (antal, kr). A rate or share indicator
(%, e.g. sjukfrånvaro) is not the sum of its kvinnor and män values: roll it up with
:func:`rate_rollup` from numerators and denominators instead of calling
:func:`total_from_sexes` on the percentages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.core.swedish_numbers import format_swedish_number
from verksam.followup.rules._numbers import PRECISION, as_decimal

__all__ = ["BySexError", "ShareBySex", "total_from_sexes", "share_by_sex", "rate_rollup"]

HUNDRED = Decimal(100)


class BySexError(ValueError):
    """A total that is not the sum of kvinnor and män, given without a reason.

    ``str(error)`` is a Swedish sentence; ``field`` is "total", the input it belongs to.
    """

    field = "total"


def total_from_sexes(total, women, men, *, reason: str | None = None) -> Decimal | None:
    """The total (totalt) to store for an additive value reported by sex.

    ``total``, ``women`` (kvinnor), ``men`` (män): ``Decimal``/``int`` in the indicator's unit
    (antal, kr) or ``None``. When both ``women`` and ``men`` are given the total is their sum:
    a blank ``total`` becomes the sum, an equal one is kept, a different one is kept only with a
    non-blank ``reason`` (e.g. "3 personer med okänt kön") and otherwise refused with
    :class:`BySexError`. When either sex is missing, ``total`` is returned as given (maybe ``None``).
    Example: total 250, women 140, men 110 → 250; total 260 without a reason → ``BySexError``.
    """
    total = as_decimal(total, "total")
    women = as_decimal(women, "women")
    men = as_decimal(men, "men")
    if women is None or men is None:
        return total
    with localcontext() as context:
        context.prec = PRECISION
        both = women + men
    if total is None or total == both:
        return both
    if reason and reason.strip():
        return total
    raise BySexError(
        _("Totalen %(total)s är inte summan av kvinnor och män (%(sum)s). Ange %(sum)s som "
          "total eller skriv ett skäl till skillnaden.")
        % {"total": format_swedish_number(total), "sum": format_swedish_number(both)}
    )


def _field(row, name: str, index: int):
    if isinstance(row, Mapping):
        return row.get(name)
    if isinstance(row, tuple) and not hasattr(row, name):
        return row[index]
    return getattr(row, name)


@dataclass(frozen=True)
class ShareBySex:
    """Shares of kvinnor and män in % (each ``Decimal`` 0–100, summing to 100, or ``None``).

    ``units_counted``: units that report by sex (both values given) — the only ones used;
    ``units_total``: units listed. ``text`` says so: "beräknat över 3 av 5 enheter som
    redovisar per kön".
    """

    women_percent: Decimal | None
    men_percent: Decimal | None
    units_counted: int
    units_total: int

    @property
    def text(self) -> str:
        """The coverage in Swedish; "ingen av 5 enheter redovisar per kön" when none does."""
        values = {"counted": self.units_counted, "total": self.units_total}
        if self.units_counted == 0:
            return ngettext("ingen av %(total)d enhet redovisar per kön",
                            "ingen av %(total)d enheter redovisar per kön", self.units_total) % values
        return ngettext("beräknat över %(counted)d av %(total)d enhet som redovisar per kön",
                        "beräknat över %(counted)d av %(total)d enheter som redovisar per kön",
                        self.units_total) % values


def share_by_sex(rows: Iterable) -> ShareBySex:
    """Shares of kvinnor and män over the units that report by sex.

    ``rows``: one per unit — a ``(women, men)`` tuple, a mapping or an object with ``women`` and
    ``men`` (``Decimal``/``int`` counts or amounts, ``None`` when not reported). A unit counts
    only when both are given. Share of women = 100 × Σ women / (Σ women + Σ men) %, men = 100 −
    women. No counted unit, or all zero → both ``None`` (never a division by zero).
    Example: (30, 10), (50, 10), (None, None) → 80 % / 20 %, "beräknat över 2 av 3 enheter …".
    """
    rows = list(rows)
    women_sum = men_sum = Decimal(0)
    counted = 0
    with localcontext() as context:
        context.prec = PRECISION
        for row in rows:
            women = as_decimal(_field(row, "women", 0), "women")
            men = as_decimal(_field(row, "men", 1), "men")
            if women is None or men is None:
                continue
            counted += 1
            women_sum += women
            men_sum += men
        if counted == 0 or women_sum + men_sum == 0:
            return ShareBySex(None, None, counted, len(rows))
        women_percent = HUNDRED * women_sum / (women_sum + men_sum)
    women_percent = +women_percent  # rounded to the default 28 digits
    return ShareBySex(women_percent, HUNDRED - women_percent, counted, len(rows))


def rate_rollup(rows: Iterable, *, scale=1) -> Decimal | None:
    """Roll a rate up over units: ``scale`` × Σ numerators / Σ denominators, or ``None``.

    ``rows``: ``(numerator, denominator)`` tuples, mappings or objects with ``numerator`` and
    ``denominator`` (``Decimal``/``int``; e.g. sjukfrånvarotimmar / arbetstimmar). ``scale`` is
    100 for a rate in %. A unit with no numerator is left out (not measured). ``None`` — no
    single roll-up figure — when any measured unit lacks its denominator (the denominators were
    not kept), when nothing is measured, or when Σ denominators is 0. A negative denominator is a
    ``ValueError``. Example: (5, 100), (15, 300) with scale 100 → 5 (%).
    """
    numerators = denominators = Decimal(0)
    measured = 0
    scale = as_decimal(scale, "scale")
    with localcontext() as context:
        context.prec = PRECISION
        for row in rows:
            numerator = as_decimal(_field(row, "numerator", 0), "numerator")
            denominator = as_decimal(_field(row, "denominator", 1), "denominator")
            if numerator is None:
                continue
            if denominator is None:
                return None
            if denominator < 0:
                raise ValueError(f"Nämnaren får inte vara negativ: {denominator}")
            measured += 1
            numerators += numerator
            denominators += denominator
        if measured == 0 or denominators == 0:
            return None
        rate = scale * numerators / denominators
    return +rate
