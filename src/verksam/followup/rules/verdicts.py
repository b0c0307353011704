"""Indicator verdicts (bedömning av indikator): årsmålet uppnås helt / delvis / ej.

Source: DESIGN.md, "Rules decided" → "Indicator verdicts":

    Reaching the årsmål exactly is *helt*. The *delvis* band is set per indicator as a relative
    (% of target) or absolute tolerance; its edge belongs to *delvis*; beyond it is *ej*.
    Direction matters (lower-is-better mirrors the band); a neutral indicator gets no verdict
    colour. A zero target uses only an absolute tolerance — never a division by zero. No value
    is *ej mätt*, never *ej*.

The same function judges an outcome (utfall) and a full-year forecast (helårsprognos at T1
and T2); the caller passes whichever value it assesses.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.followup.rules._numbers import PRECISION, as_decimal
from verksam.planning.models import Direction, ToleranceKind

__all__ = ["Verdict", "indicator_verdict", "delvis_band"]


_DIRECTIONS = frozenset(Direction.values)
_TOLERANCE_KINDS = frozenset(ToleranceKind.values)

class Verdict(models.TextChoices):
    """The verdict on one indicator in one period (årsmålet uppnås helt / delvis / ej).

    ``NOT_MEASURED`` (ej mätt) means there is no value; ``NO_VERDICT`` (ingen bedömning) means
    there is nothing to judge against: a neutral indicator or one without an årsmål.
    """

    HELT = "helt", _("Årsmålet uppnås helt")
    DELVIS = "delvis", _("Årsmålet uppnås delvis")
    EJ = "ej", _("Årsmålet uppnås ej")
    NOT_MEASURED = "not_measured", _("Ej mätt")
    NO_VERDICT = "no_verdict", _("Ingen bedömning")


def delvis_band(target: Decimal, *, tolerance_kind: str, tolerance: Decimal) -> Decimal:
    """Width of the delvis band, in the indicator's own unit (same unit as ``target``).

    Absolute: ``tolerance`` itself. Relative: ``tolerance`` % of |target| — so 10 (%) of 80 is
    8; on a zero target the relative band has width 0 (no division, no band). Raises
    ``ValueError`` for a negative tolerance or an unknown ``tolerance_kind``.
    """
    target = as_decimal(target, "target")
    tolerance = as_decimal(tolerance, "tolerance")
    if tolerance is None or tolerance < 0:
        raise ValueError(f"Toleransen ska vara ett tal som är 0 eller större, inte {tolerance}.")
    if tolerance_kind == ToleranceKind.ABSOLUTE:
        return tolerance
    if tolerance_kind == ToleranceKind.RELATIVE:
        with localcontext() as context:
            context.prec = PRECISION
            return abs(target) * tolerance.scaleb(-2)
    raise ValueError(f"Okänd toleranstyp: {tolerance_kind!r}")


def indicator_verdict(value, target, *, direction: str, tolerance_kind: str,
                      tolerance) -> Verdict:
    """The verdict of ``value`` against ``target`` (årsmål).

    Shapes and units: ``value`` and ``target`` are ``Decimal`` (or ``int``) in the indicator's
    own unit (%, antal, kr …) or ``None``; ``direction`` is a
    :class:`verksam.planning.models.Direction` value ("higher", "lower", "neutral");
    ``tolerance_kind`` a :class:`~verksam.planning.models.ToleranceKind` value ("relative": %
    of |target|, "absolute": the indicator's unit); ``tolerance`` ≥ 0.

    Order of the checks:

    1. neutral direction → ``NO_VERDICT`` (a neutral indicator is never assessed, measured or not);
    2. ``value is None`` → ``NOT_MEASURED`` (ej mätt — never ``EJ``);
    3. ``target is None`` → ``NO_VERDICT``;
    4. at or beyond the target in the good direction → ``HELT``;
    5. short of the target by at most the band (:func:`delvis_band`; its edge included) →
       ``DELVIS``;
    6. otherwise → ``EJ``.

    Lower-is-better mirrors higher-is-better: ``verdict(v, t, "lower") ==
    verdict(-v, -t, "higher")``. Examples (DESIGN rule): target 80, higher, relative 10 → 80
    helt, 72 delvis, 71.99 ej; target 4.5, lower, absolute 0.5 → 3.9 helt, 5.0 delvis, 5.01 ej.

    Raises ``ValueError`` for an unknown direction or tolerance kind or a negative tolerance,
    ``TypeError`` for a ``float`` (use ``Decimal``).
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"Okänd riktning: {direction!r}")
    if tolerance_kind not in _TOLERANCE_KINDS:
        raise ValueError(f"Okänd toleranstyp: {tolerance_kind!r}")
    value = as_decimal(value, "value")
    target = as_decimal(target, "target")
    band = delvis_band(target if target is not None else Decimal(0),
                       tolerance_kind=tolerance_kind, tolerance=tolerance)
    if direction == Direction.NEUTRAL:
        return Verdict.NO_VERDICT
    if value is None:
        return Verdict.NOT_MEASURED
    if target is None:
        return Verdict.NO_VERDICT
    with localcontext() as context:
        context.prec = PRECISION
        shortfall = target - value if direction == Direction.HIGHER else value - target
    if shortfall <= 0:
        return Verdict.HELT
    if shortfall <= band:
        return Verdict.DELVIS
    return Verdict.EJ


def judged_value(has_forecast: bool, value, forecast):
    """The value a verdict proposal judges and whether it is the forecast: in a period with a
    full-year forecast (T1, T2) the forecast (helårsprognos) when one is given, else the outcome.
    ``value``/``forecast``: Decimal in the indicator's unit or None. Returns (value, on_forecast)."""
    if has_forecast and forecast is not None:
        return forecast, True
    return value, False
