"""Reading one cell of an exchange file into a value, by column kind (see ``columns``).

Each reader takes the raw cell value (``int``/``float``/``datetime``/``str``/``None`` from XLSX;
always ``str`` from CSV) and returns the value or raises ``CellProblem`` with a Swedish message
(without the location — the importer adds sheet, row and column).

Numbers (DESIGN "Swedish numbers in"): numeric Excel cells are taken as they are (a float by
its shortest representation: 4.8 → Decimal("4.8")); text cells go through
``parse_swedish_number`` — "1 234,5" and "1.234,5" are 1234.5, "1,234.5" and "1.234" are
refused as ambiguous. Values are kept to four decimals, as stored (rounded half up), and below
10^11 (``verksam.core.swedish_numbers.check_storable``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from verksam.core.swedish_numbers import (
    SwedishNumberError, check_storable, format_swedish_number, parse_swedish_number,
)
from verksam.followup.models import PeriodKind

__all__ = ["CellProblem", "read_id", "read_year", "read_number", "read_date", "read_period", "read_text"]

FOUR_PLACES = Decimal("0.0001")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PERIOD = re.compile(r"^\s*(T1|T2|VB)\s+(\d{4})\s*$", re.IGNORECASE)


class CellProblem(ValueError):
    """A cell that cannot be read; ``str(error)`` is a Swedish sentence."""


def _shown(value) -> str:
    return str(value).strip()


def read_id(value) -> int | None:
    """A primary key: a whole number ≥ 1 (numeric cell or digits as text); blank → ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem(_("”%(v)s” är inget id (ett heltal).") % {"v": value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and value >= 1:
        return value
    raise CellProblem(_("”%(v)s” är inget id (ett heltal).") % {"v": _shown(value)})


def read_year(value) -> int | None:
    """A year 2000–2100; blank → ``None``."""
    try:
        year = read_id(value)
    except CellProblem:
        year = 0
    if year is None:
        return None
    if not 2000 <= year <= 2100:
        raise CellProblem(_("”%(v)s” är inget år mellan 2000 och 2100.") % {"v": _shown(value)})
    return year


def _fit(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise CellProblem(_("”%(v)s” är inget ändligt tal.") % {"v": number})
    if number.as_tuple().exponent < -4:
        number = number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    try:
        check_storable(number)
    except SwedishNumberError as err:
        raise CellProblem(str(err)) from err
    return number


def read_number(value) -> Decimal | None:
    """A value in the indicator's unit as ``Decimal``; blank → ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(_("Cellen innehåller sant/falskt, inte ett tal."))
    if isinstance(value, int):
        return _fit(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem(_("Cellen innehåller inget ändligt tal."))
        return _fit(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _fit(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        raise CellProblem(_("Cellen innehåller ett datum, inte ett tal."))
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return _fit(parse_swedish_number(value))
        except SwedishNumberError as err:
            raise CellProblem(str(err)) from None
    raise CellProblem(_("”%(v)s” går inte att läsa som ett tal.") % {"v": _shown(value)})


def read_date(value) -> dt.date | None:
    """A date (date cell, or "2024-04-30" as text); blank → ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellProblem(_("”%(v)s” är inget datum; skriv t.ex. 2024-04-30.") % {"v": _shown(value)})


def read_period(value) -> tuple[str, int] | None:
    """A period "T1 2024" (also "Tertialrapport 1 2024") as ``(kind, year)``; blank → ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _shown(value)
    match = _PERIOD.match(text)
    if match:  # the common case, without looking at the labels
        return match.group(1).upper(), int(match.group(2))
    for kind in PeriodKind:
        label = str(kind.label)
        if text.casefold().startswith(label.casefold() + " "):
            text = f"{kind.value} {text[len(label):].strip()}"
            break
    match = _PERIOD.match(text)
    if not match:
        raise CellProblem(_("”%(v)s” är ingen period; skriv T1 2024, T2 2024 eller VB 2024.")
                          % {"v": _shown(value)})
    return match.group(1).upper(), int(match.group(2))


def read_text(value, *, is_csv: bool, max_length: int | None = None) -> str:
    """Text as written (not stripped); blank → "". A number in a text cell is written the
    Swedish way ("4,5"). In CSV a leading apostrophe before = + - @ (added by the export so
    Excel does not run the field as a formula) is removed."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
        if is_csv and text.startswith("'") and text[1:].startswith(FORMULA_START):
            text = text[1:]
    elif isinstance(value, bool):
        text = _("sant") if value else _("falskt")
    elif isinstance(value, (int, float, Decimal)):
        text = format_swedish_number(Decimal(repr(value)) if isinstance(value, float) else value, thousands_sep="")
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    else:
        text = str(value)
    if max_length is not None and len(text) > max_length:
        raise CellProblem(_("Texten är för lång: %(n)d tecken, högst %(max)d.") % {"n": len(text), "max": max_length})
    return text
