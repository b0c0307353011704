"""Progress from a baseline (måluppfyllelse från startvärde), for the bar beside an indicator.

Source: DESIGN.md, "Rules decided" → "Progress from a baseline":

    Progress from a baseline is (outcome − start) / (target − start), shown within 0–100 %;
    worse than the start shows 0 % and the word *försämring*.

The formula carries the direction by itself: for a lower-is-better indicator the target lies
below the start, so a falling outcome gives a positive fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext

from django.utils.translation import gettext as _

from verksam.core.swedish_numbers import format_swedish_number
from verksam.followup.rules._numbers import PRECISION, as_decimal
from verksam.planning.models import Direction

__all__ = ["Progress", "progress"]

HUNDRED = Decimal(100)
SHOWN_STEP = Decimal("0.1")


@dataclass(frozen=True)
class Progress:
    """Progress of one outcome from the start value toward the årsmål.

    ``fraction``: (outcome − start) / (target − start) unclamped, a ``Decimal`` where 1 means the
    target is reached (1.5: half as far again beyond it; −0.25: a quarter of the way in the
    wrong direction), ``None`` when it cannot be computed. ``shown_percent``: the bar in %,
    clamped to 0–100 and rounded *down* to 0.1 so 100 % is shown only when the target is
    reached, ``None`` when nothing can be shown. ``worsened``: the outcome is worse than the start
    (försämring).
    """

    fraction: Decimal | None
    shown_percent: Decimal | None
    worsened: bool

    @property
    def text(self) -> str:
        """The Swedish label: "62,5 %", "0 % (försämring)", or "–" when nothing is shown."""
        if self.shown_percent is None:
            return "–"
        shown = f"{format_swedish_number(self.shown_percent)}\u00a0%"
        return "%s (%s)" % (shown, _("försämring")) if self.worsened else shown


def _shown(percent: Decimal) -> Decimal:
    clamped = min(max(percent, Decimal(0)), HUNDRED)
    return clamped.quantize(SHOWN_STEP, rounding=ROUND_FLOOR).normalize() + 0


def progress(value, start, target, *, direction: str | None = None) -> Progress:
    """Progress of ``value`` (utfall) from ``start`` (startvärde) toward ``target`` (årsmål).

    All three are ``Decimal`` (or ``int``) in the indicator's own unit, or ``None``. Any of them
    ``None`` → ``Progress(None, None, False)`` (no value, no baseline or no target: nothing to
    show). Otherwise ``fraction = (value − start) / (target − start)``; below 0 →
    ``shown_percent`` 0 and ``worsened``; above 1 → 100.

    ``target == start`` (hold the level) has no fraction — the rule would divide by zero —
    and uses this documented rule instead: reached when the value is on the right side of the
    target (equal, or better in ``direction``) → 100 %; on the wrong side → 0 % and
    ``worsened``. With no or a neutral ``direction`` only an equal value counts as reached; any
    other value shows nothing (``None``), as the right side is unknown.

    Example: start 40, target 60 → value 50 shows 50 %, 70 shows 100 %, 35 shows 0 % försämring.
    Raises ``TypeError`` for a ``float`` and ``ValueError`` for an unknown direction.
    """
    if direction is not None and direction not in Direction.values:
        raise ValueError(f"Okänd riktning: {direction!r}")
    value = as_decimal(value, "value")
    start = as_decimal(start, "start")
    target = as_decimal(target, "target")
    if value is None or start is None or target is None:
        return Progress(None, None, False)
    if target == start:
        return _hold_the_level(value, target, direction)
    with localcontext() as context:
        context.prec = PRECISION
        fraction = (value - start) / (target - start)
        percent = fraction * HUNDRED
    return Progress(fraction.normalize() + 0, _shown(percent), fraction < 0)


def _hold_the_level(value: Decimal, target: Decimal, direction: str | None) -> Progress:
    if value == target:
        return Progress(None, HUNDRED, False)
    if direction in (Direction.HIGHER, Direction.LOWER):
        better = value > target if direction == Direction.HIGHER else value < target
        return Progress(None, HUNDRED, False) if better else Progress(None, Decimal(0), True)
    return Progress(None, None, False)
