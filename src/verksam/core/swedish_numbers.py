"""Swedish numbers in and out — the one implementation of the rule in DESIGN.md.

Rule (DESIGN.md, "Rules decided" → "Swedish numbers in" / "Out"):

* **In.** Decimal comma. Thousands grouped by a space, U+00A0 (no-break space) or U+202F
  (narrow no-break space). Minus is ``-`` or U+2212. "1.234,5" (dots grouping thousands in
  front of a decimal comma) is 1234.5. "1,234.5" and "1.234" are refused as ambiguous.
* **Out.** "1 234,5" with U+00A0 between the groups (pages and PDF).

Amounts in the political documents are written "746,2 mnkr" (= 746 200 000 kr), "12 tkr",
"1 500 kr", "3 miljarder kronor"; :func:`parse_amount_sek` turns them into Decimal kronor.

Errors are :class:`SwedishNumberError` (a ``ValueError``) whose message is Swedish and quotes
the offending text; importers pass ``where="blad Budget, rad 12, kolumn C"`` so the message
also names the cell.

Pure Python, no Django: usable from importers, forms, templates and tests alike.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = [
    "SwedishNumberError",
    "parse_swedish_number",
    "parse_amount_sek",
    "format_swedish_number",
    "AMOUNT_UNITS",
]

NBSP = "\u00a0"
NNBSP = "\u202f"
MINUS_SIGN = "\u2212"

# Characters that may group thousands (DESIGN.md: space, U+00A0, U+202F).
_GROUP_CHARS = " " + NBSP + NNBSP

_GROUPED_BY_SPACE = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_GROUPED_BY_DOT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_PLAIN_DIGITS = re.compile(r"[0-9]+")


class SwedishNumberError(ValueError):
    """A text that is not a Swedish number or amount.

    ``text`` is the offending input as given, ``where`` the optional location (sheet, row,
    column) supplied by the caller. ``str(error)`` is a complete Swedish sentence.
    """

    def __init__(self, message: str, *, text: str = "", where: str | None = None):
        self.text = text
        self.where = where
        full = f"{where}: {message}" if where else message
        super().__init__(full)


def _fail(text: str, reason: str, where: str | None) -> SwedishNumberError:
    return SwedishNumberError(
        f"”{text}” går inte att läsa som ett tal: {reason}.", text=text, where=where
    )


def parse_swedish_number(text: str, *, where: str | None = None) -> Decimal:
    """Parse a number written the Swedish way and return it exactly as a ``Decimal``.

    Accepted shapes (surrounding whitespace ignored)::

        "1234"  "1 234"  "1\u00a0234,5"  "1\u202f234"  "-12,5"  "\u221212,5"  "+3"
        "0,5"  ",5"  "1.234,5" (= 1234.5)  "1.234.567" (several dot groups = 1234567)

    Refused with :class:`SwedishNumberError` (message in Swedish, quoting ``text`` and
    prefixed by ``where`` when given): empty text; "1,234.5" (English grouping, ambiguous);
    "1.234" (one dot group: thousands or decimals? ambiguous); "1.5" (decimal point — write
    "1,5"); badly grouped digits such as "12 34"; anything with other characters.

    Units: none — the value is returned as written. Source: DESIGN.md "Swedish numbers in".
    """
    if not isinstance(text, str):
        raise SwedishNumberError(
            f"Värdet {text!r} är inte en text och kan inte läsas som ett svenskt tal.",
            text=repr(text),
            where=where,
        )
    raw = text
    body = text.strip().replace(MINUS_SIGN, "-")
    if not body:
        raise SwedishNumberError("Tomt värde går inte att läsa som ett tal.", text=raw, where=where)

    sign = ""
    if body[0] in "+-":
        sign = "-" if body[0] == "-" else ""
        body = body[1:].lstrip(_GROUP_CHARS)
    if not body:
        raise _fail(raw, "det finns inga siffror", where)

    if "," in body and "." in body:
        if body.index(".") > body.index(","):
            raise _fail(raw, "punkt efter komma är tvetydigt (engelsk skrivning?); skriv t.ex. 1 234,5", where)
        integer_part, _, fraction = body.partition(",")
        if not _GROUPED_BY_DOT.fullmatch(integer_part):
            raise _fail(raw, "punkterna grupperar inte siffrorna tre och tre", where)
        integer_digits = integer_part.replace(".", "")
    elif "," in body:
        integer_part, _, fraction = body.partition(",")
        integer_digits = _integer_digits(integer_part, raw, where)
    elif "." in body:
        if _GROUPED_BY_DOT.fullmatch(body) and body.count(".") >= 2:
            integer_digits, fraction = body.replace(".", ""), ""
        elif _GROUPED_BY_DOT.fullmatch(body):
            raise _fail(raw, "en punkt följd av tre siffror är tvetydigt (tusental eller decimaler?); "
                        "skriv 1 234 eller 1,234", where)
        else:
            raise _fail(raw, "decimaltecknet ska vara komma, inte punkt", where)
    else:
        integer_digits, fraction = _integer_digits(body, raw, where), ""

    if "," in body and not fraction:
        raise _fail(raw, "det saknas siffror efter decimalkommat", where)
    if fraction and not _PLAIN_DIGITS.fullmatch(fraction):
        raise _fail(raw, "decimalerna får bara innehålla siffror", where)
    if not integer_digits and not fraction:
        raise _fail(raw, "det finns inga siffror", where)
    # The written number of decimals is kept: "1,50" gives Decimal("1.50").
    try:
        return Decimal(f"{sign}{integer_digits or '0'}" + (f".{fraction}" if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise _fail(raw, "ogiltigt tal", where) from None


def _integer_digits(part: str, raw: str, where: str | None) -> str:
    if part == "":
        return ""
    if _PLAIN_DIGITS.fullmatch(part):
        return part
    if _GROUPED_BY_SPACE.fullmatch(part):
        return re.sub(r"[ \u00a0\u202f]", "", part)
    if re.fullmatch(r"[0-9 \u00a0\u202f]+", part):
        raise _fail(raw, "siffrorna är inte grupperade tre och tre", where)
    raise _fail(raw, "det innehåller annat än siffror, mellanslag, komma och minustecken", where)


# Units for amounts, longest spelling first so "mnkr" wins over "kr". Values are kronor.
AMOUNT_UNITS: dict[str, int] = {
    "miljarder kronor": 10**9, "miljarder kr": 10**9, "miljard kronor": 10**9,
    "miljard kr": 10**9, "miljarder": 10**9, "miljard": 10**9, "mdkr": 10**9, "mdr kr": 10**9,
    "md kr": 10**9, "mdr": 10**9, "msek": 10**6,
    "miljoner kronor": 10**6, "miljoner kr": 10**6, "miljon kronor": 10**6, "miljon kr": 10**6,
    "milj. kr": 10**6, "milj kr": 10**6, "miljoner": 10**6, "miljon": 10**6, "mnkr": 10**6,
    "mn kr": 10**6, "mkr": 10**6, "mio kr": 10**6,
    "tusen kronor": 10**3, "tusen kr": 10**3, "tkr": 10**3, "tsek": 10**3, "ksek": 10**3,
    "kronor": 1, "kr": 1, "sek": 1,
}
_UNIT_PATTERN = "|".join(
    re.escape(unit).replace(r"\ ", r"[ \u00a0\u202f]+")
    for unit in sorted(AMOUNT_UNITS, key=len, reverse=True)
)
_AMOUNT = re.compile(rf"^(?P<number>.*?[0-9])[ \u00a0\u202f]*(?P<unit>{_UNIT_PATTERN})\.?$", re.IGNORECASE)

# For finding amounts inside running text (used by the memo parser).
AMOUNT_IN_TEXT = re.compile(
    rf"(?<![\w,.])(?P<amount>[-\u2212]?(?:[0-9]{{1,3}}(?:[ \u00a0\u202f.][0-9]{{3}})+|[0-9]+)"
    rf"(?:,[0-9]+)?[ \u00a0\u202f]*"
    rf"(?:{_UNIT_PATTERN}))(?![\w])",
    re.IGNORECASE,
)


def parse_amount_sek(text: str, *, where: str | None = None) -> Decimal:
    """Parse an amount with its unit and return it in kronor as a ``Decimal``.

    Examples: "746,2 mnkr" → Decimal("746200000"); "12 tkr" → 12000; "1 500 kr" → 1500;
    "3 miljarder kronor" → 3000000000; "10 miljoner kronor" → 10000000; "1 234,5 tkr" →
    1234500; "−2,5 mnkr" → -2500000. Units (case-insensitive, see ``AMOUNT_UNITS``): kr,
    kronor, sek; tkr, tusen kronor; mkr, mnkr, milj. kr, miljoner kronor; mdkr, mdr,
    miljarder kronor. Whole results come back without decimals (``Decimal("746200000")``).

    Raises :class:`SwedishNumberError` (Swedish, quoting ``text``) when the unit is missing
    or unknown, or when the number itself is refused by :func:`parse_swedish_number`.
    Source: DESIGN.md "Amounts are written '746,2 mnkr' (= 746 200 000 kr), 'tkr', 'kr'".
    """
    if not isinstance(text, str):
        raise SwedishNumberError(
            f"Värdet {text!r} är inte en text och kan inte läsas som ett belopp.",
            text=repr(text),
            where=where,
        )
    match = _AMOUNT.match(text.strip())
    if not match:
        raise SwedishNumberError(
            f"”{text}” går inte att läsa som ett belopp: enhet saknas eller är okänd "
            "(skriv t.ex. 1 500 kr, 12 tkr eller 746,2 mnkr).",
            text=text,
            where=where,
        )
    unit_key = re.sub(r"[ \u00a0\u202f]+", " ", match.group("unit").lower())
    number = parse_swedish_number(match.group("number"), where=where)
    kronor = number * AMOUNT_UNITS[unit_key]
    if kronor == kronor.to_integral_value():
        return Decimal(int(kronor))
    return kronor.normalize()


def format_swedish_number(
    value: int | float | Decimal,
    decimals: int | None = None,
    *,
    thousands_sep: str = NBSP,
    minus: str = "-",
) -> str:
    """Format a number the Swedish way: "1 234,5" with U+00A0 between thousands groups.

    ``decimals`` fixes the number of decimals (rounded half up, as in Swedish accounting);
    ``None`` keeps the decimals the value has, without trailing zeros. ``thousands_sep`` may
    be "" (e.g. for CSV cells); ``minus`` may be U+2212 for typeset output. "-0" prints "0".
    ``parse_swedish_number(format_swedish_number(x)) == x`` for every finite Decimal.

    Raises ``TypeError`` for non-numbers (including ``bool``) and :class:`SwedishNumberError`
    for NaN and infinities. Source: DESIGN.md "Swedish numbers … Out".
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"format_swedish_number väntar sig ett tal, fick {type(value).__name__}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise SwedishNumberError(f"”{value}” är inte ett ändligt tal och kan inte skrivas ut.", text=str(value))
    with localcontext() as context:
        context.prec = max(28, len(number.as_tuple().digits) + (decimals or 0) + 30)
        if decimals is not None:
            if decimals < 0:
                raise ValueError("decimals får inte vara negativt")
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        elif number != number.to_integral_value():
            number = number.normalize()
        else:
            number = number.quantize(Decimal(1))
    negative = number < 0
    digits = f"{abs(number):f}"
    integer, _, fraction = digits.partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    result = thousands_sep.join(groups)
    if fraction:
        result += "," + fraction
    return (minus + result) if negative else result


MAX_STORED_ABS = Decimal("100000000000")
"""Largest magnitude (exclusive) of a stored value: 10^11 (100 000 000 000, i.e. 100 miljarder).
With four decimals that is 15 significant digits — what SQLite's floating-point storage of
decimals keeps exactly, so a stored value always reads back as it was written."""


def check_storable(value, *, where: str | None = None) -> None:
    """Raise ``SwedishNumberError`` when ``value`` (Decimal or None) is too large to store exactly
    (|value| ≥ 10^11). The message names the value in Swedish format."""
    if value is None:
        return
    number = Decimal(value)
    if abs(number) >= MAX_STORED_ABS:
        raise SwedishNumberError(
            f"Talet {format_swedish_number(number)} är för stort "
            f"(högst {format_swedish_number(MAX_STORED_ABS - 1)}).",
            text=str(value), where=where,
        )
