"""Number checks shared by the follow-up rules (private helper).

The rules compute in ``Decimal`` with the indicator's own unit. ``float`` is refused so a
binary rounding error can never move a value across a band edge (72 must be exactly 72).
"""

from __future__ import annotations

from decimal import Decimal

# Precision for the rules' arithmetic: far above the 18 digits of the stored fields, so a
# product such as |target| × tolerance is exact and an edge stays an edge.
PRECISION = 60


def as_decimal(value, name: str) -> Decimal | None:
    """``value`` as a finite ``Decimal`` (``int`` converted exactly); ``None`` stays ``None``.

    Raises ``TypeError`` for ``float``, ``bool`` and non-numbers and ``ValueError`` for NaN and
    infinities; ``name`` (e.g. "value", "target") is quoted in the message.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"{name} ska vara Decimal eller int, inte {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} ska vara ett ändligt tal, inte {value}")
    return number
