"""Diarienummer (case references) — parse, validate and print them.

Two forms are in use in Stockholm (DESIGN.md "Facts to build on", issue 3):

* current form ``"KS 2023/1237"``: registry prefix (letters), year, sequence number;
* older form ``"111-47/2016"``: numeric registry code, sequence number, year.

Either may carry an attachment suffix, e.g. ``"KS 2023/1237-1.1"`` for bilaga 1.1 of the
case. Text extracted from PDFs breaks references over lines ("KS \\n\\n2023/1237-1.5");
:func:`parse_reference` collapses such whitespace. Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Reference",
    "InvalidReference",
    "parse_reference",
    "find_references",
    "REFERENCE_IN_TEXT",
]

_WS = r"[\s\u00a0\u202f]*"
_LETTER = "A-Za-zÅÄÖåäö"
_CURRENT = (
    rf"(?P<prefix>[{_LETTER}]{{1,8}}){_WS}(?P<year>[0-9]{{4}}){_WS}/{_WS}(?P<sequence>[0-9]{{1,7}})"
)
_OLDER = rf"(?P<code>[0-9]{{1,4}}){_WS}-{_WS}(?P<oseq>[0-9]{{1,7}}){_WS}/{_WS}(?P<oyear>[0-9]{{4}})"
_ATTACHMENT = rf"(?:{_WS}-{_WS}(?P<attachment>[0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{0,3}}))?"

_LABEL = re.compile(r"^\s*(?:dnr|diarienummer|diarienr)\.?\s*:?\s*", re.IGNORECASE)
_REFERENCE = re.compile(rf"^\s*(?:{_CURRENT}|{_OLDER}){_ATTACHMENT}\s*$")

#: Finds references inside running text. Case-sensitive prefix of 1–8 capital letters so
#: ordinary words ("och 2023/24") are not taken for registry prefixes.
REFERENCE_IN_TEXT = re.compile(
    rf"(?<![\w/-])(?:(?P<prefix>[A-ZÅÄÖ]{{1,8}}){_WS}(?P<year>[0-9]{{4}}){_WS}/{_WS}(?P<sequence>[0-9]{{1,7}})"
    rf"|(?P<code>[0-9]{{1,4}}){_WS}-{_WS}(?P<oseq>[0-9]{{1,7}}){_WS}/{_WS}(?P<oyear>[0-9]{{4}}))"
    rf"{_ATTACHMENT}(?![\w/])"
)

MIN_YEAR = 1950
MAX_YEAR = 2100


class InvalidReference(ValueError):
    """A text that is not a valid diarienummer; the message is Swedish and quotes the text."""

    def __init__(self, text: str, reason: str = ""):
        self.text = text
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"”{text}” är inte ett giltigt diarienummer{detail}. "
            "Väntat t.ex. ”KS 2023/1237”, ”KS 2023/1237-1.1” eller ”111-47/2016”."
        )


@dataclass(frozen=True)
class Reference:
    """A diarienummer.

    ``prefix``: the registry prefix in capitals ("KS") — or, for the older Stockholm form,
    the numeric registry code as a string ("111"). ``year``: four-digit year the case was
    registered. ``sequence``: the running number within the registry and year.
    ``attachment``: the attachment suffix without its dash ("1.1") or ``None``.

    ``str()`` gives the canonical spelling: "KS 2023/1237", "KS 2023/1237-1.1",
    "111-47/2016". ``case`` drops the attachment (the reference of the case itself).
    """

    prefix: str
    year: int
    sequence: int
    attachment: str | None = None

    @property
    def is_older_form(self) -> bool:
        """True for the older Stockholm form "111-47/2016" (numeric registry code)."""
        return self.prefix.isdigit()

    @property
    def case(self) -> Reference:
        """The reference of the case itself, without any attachment suffix."""
        return Reference(self.prefix, self.year, self.sequence, None)

    def __str__(self) -> str:
        if self.is_older_form:
            base = f"{self.prefix}-{self.sequence}/{self.year}"
        else:
            base = f"{self.prefix} {self.year}/{self.sequence}"
        return f"{base}-{self.attachment}" if self.attachment else base


def _build(match: re.Match, text: str) -> Reference:
    groups = match.groupdict()
    if groups.get("prefix"):
        prefix, year, sequence = groups["prefix"].upper(), groups["year"], groups["sequence"]
    else:
        prefix, year, sequence = str(int(groups["code"])), groups["oyear"], groups["oseq"]
    year_number, sequence_number = int(year), int(sequence)
    if not MIN_YEAR <= year_number <= MAX_YEAR:
        raise InvalidReference(text, f"årtalet {year} är inte rimligt")
    if sequence_number < 1:
        raise InvalidReference(text, "löpnumret måste vara minst 1")
    return Reference(prefix, year_number, sequence_number, groups.get("attachment"))


def parse_reference(text: str) -> Reference:
    """Parse one diarienummer, e.g. "KS 2023/1237", "Dnr KS 2023/1237-1.5", "111-47/2016".

    Tolerates a leading "Dnr"/"diarienummer" label, lower-case prefixes ("ks 2023/1237" →
    "KS") and any whitespace — line breaks, no-break spaces — between the parts
    ("KS \\n\\n2023/1237-1.5"). Years must lie in 1950–2100 and sequences be at least 1.

    Returns a :class:`Reference`. Raises :class:`InvalidReference` (a ``ValueError``, Swedish
    message quoting the text) for anything else, including non-string input.
    Source: DESIGN.md "Diarienummer".
    """
    if not isinstance(text, str):
        raise InvalidReference(repr(text), "inte en text")
    shown = " ".join(text.split())
    body = _LABEL.sub("", text, count=1)
    match = _REFERENCE.match(body)
    if not match:
        raise InvalidReference(shown)
    return _build(match, shown)


def find_references(text: str) -> list[Reference]:
    """All valid diarienummer in running text, in order of appearance (duplicates kept).

    Prefixes must be written in capitals here; implausible years are skipped silently.
    """
    found = []
    for match in REFERENCE_IN_TEXT.finditer(text):
        try:
            found.append(_build(match, match.group(0)))
        except InvalidReference:
            continue
    return found
