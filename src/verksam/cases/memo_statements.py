"""Statements in a political memo: reservation, särskilt uttalande, ersättaryttrande.

Shapes follow issue 3 and DESIGN.md ("Statements"): each statement has its kind, the body it
was made in (borgarrådsberedningen, kommunstyrelsen …), the persons with their party, the
stance toward the proposal (bifall, delvis bifall, avslag, delvis avslag), its own numbered
points, its argument text, the statement it is identical to ("likalydande med …") and the
activities it proposes instead (bullet lists after "… ska kommunstyrelsen arbeta särskilt
med att:").

A statement starts at a line beginning "Reservation av …", "Särskilt uttalande (görs) av …"
or "Ersättaryttrande av …". Persons come from the header sentence: "borgarråden Christofer
Fjellner och Dennis Wedin (båda M)", "Christofer Fjellner, Annika Friberg och Johan
Paccamonti (alla M)", "Anna A (S) och Bo B (V)".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .memo_text import (
    BULLET,
    ITEM,
    Line,
    bullet_items,
    is_terminal,
    join_lines,
    numbered_items,
    paragraphs,
)

__all__ = [
    "Person",
    "Point",
    "Statement",
    "STATEMENT_KINDS",
    "STANCES",
    "statement_kind",
    "parse_persons",
    "detect_stance",
    "parse_statements",
    "PARTY_NAMES",
]

MAX_HEADER = 1000  # characters of a statement header that are read (keeps regexes linear)
STATEMENT_KINDS = ("reservation", "särskilt uttalande", "ersättaryttrande")
STANCES = ("bifall", "delvis bifall", "avslag", "delvis avslag")

#: Party names (and their genitive without the final s) → party abbreviation.
PARTY_NAMES = {
    "socialdemokraterna": "S", "moderaterna": "M", "liberalerna": "L", "centerpartiet": "C",
    "kristdemokraterna": "KD", "vänsterpartiet": "V", "miljöpartiet": "MP",
    "sverigedemokraterna": "SD", "feministiskt initiativ": "Fi",
}

_HEADER = re.compile(
    r"^(?P<kind>Reservation|Särskilt\s+uttalande|Ersättaryttrande)\s+"
    r"(?:(?:görs|gjordes|anförs|anfördes|lämnas|lämnades)\s+)?(?:av|från)\s+\S",
    re.IGNORECASE,
)
_LEADIN = re.compile(r"^(?:Vi|Jag)\b[^.]{0,40}?\b(?:föreslår|yrkar)\b", re.IGNORECASE)
_LIKALYDANDE = re.compile(r"\blikalydande\s+med\s+(?P<what>.+?)\s*[.:]?$", re.IGNORECASE)
_PERSONS_END = re.compile(
    r"\b(?:som\s+är\s+likalydande|likalydande|enligt\s+följande|enligt\s+bilaga|anför|anförde)\b",
    re.IGNORECASE,
)
_QUANTIFIERS = {"båda", "bägge", "både", "alla", "samtliga"}
_PARTY_CODE = re.compile(r"^(?:[A-ZÅÄÖ]{1,3}|Fi|[a-zåäö]{1,3})$")  # older memos: "(s)", "(fp)"
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][\w'’.-]*$")
_NAME_PARTICLES = {"von", "af", "de", "van", "der", "den", "la", "di", "da", "du", "el", "bin"}
_ACTIVITY_LEAD = re.compile(
    r"\b(?:ska|skall|bör|föreslår|föreslås|vill|uppdra\w*|arbeta|yrkar)\b", re.IGNORECASE
)
_STANCE_PATTERNS = (
    ("delvis avslag", re.compile(r"\bdelvis\s+avsl\w*|\bavsl\w*\s+delvis\b")),
    ("delvis bifall", re.compile(
        r"\b(?:godkänn\w*|bifall\w*|tillstyrk\w*|antas|anta|bifalles)\s+delvis\b"
        r"|\bdelvis\s+(?:godkänn\w*|bifall\w*|tillstyrk\w*|anta\w*)")),
    ("avslag", re.compile(r"\bavsl(?:å|ås|ag|agit)\b|\bavstyrk\w*")),
    ("bifall", re.compile(r"\b(?:godkänns|godkänna|godkänner|bifall|bifalla|bifalles|tillstyrk\w*)\b")),
)


@dataclass(frozen=True)
class Person:
    """A named person with the party abbreviation written after the name ("M", "KD")."""

    name: str
    party: str | None

    def to_json(self) -> dict:
        return {"name": self.name, "party": self.party}


@dataclass(frozen=True)
class Point:
    """A numbered point ("1. Att …") of a proposal or statement; ``number`` starts at 1."""

    number: int
    text: str

    def to_json(self) -> dict:
        return {"number": self.number, "text": self.text}


@dataclass(frozen=True)
class Statement:
    """One reservation, särskilt uttalande or ersättaryttrande.

    ``kind`` is one of :data:`STATEMENT_KINDS`; ``body`` the lower-case name of the body it
    was made in or ``None``; ``stance`` one of :data:`STANCES` or ``None`` when none is
    stated; ``same_as`` the index (in the case's statement list) of the identical statement
    ("likalydande med …") or ``None`` — the stance is then copied from it, the points, text
    and activities stay with the original; ``text`` the argument text after the points, with
    paragraphs separated by blank lines and bullets as "• …" lines; ``line`` the 1-based
    source line of the header.
    """

    kind: str
    body: str | None
    persons: tuple[Person, ...]
    stance: str | None
    points: tuple[Point, ...] = ()
    same_as: int | None = None
    proposed_activities: tuple[str, ...] = ()
    text: str = ""
    header: str = ""
    line: int | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "body": self.body,
            "persons": [person.to_json() for person in self.persons],
            "stance": self.stance,
            "points": [point.to_json() for point in self.points],
            "same_as": self.same_as,
            "proposed_activities": list(self.proposed_activities),
            "text": self.text,
        }


def statement_kind(text: str) -> str | None:
    """The statement kind when ``text`` opens a statement ("Reservation av …"), else None."""
    match = _HEADER.match(text)
    if not match:
        return None
    return " ".join(match.group("kind").lower().split())


def _party(text: str) -> str | None:
    words = [word for word in text.replace(",", " ").split() if word.lower() not in _QUANTIFIERS]
    if len(words) == 1 and _PARTY_CODE.match(words[0]):
        code = words[0]
        return "Fi" if code.lower() == "fi" else code.upper()
    return None


def _clean_name(chunk: str) -> str | None:
    words = re.sub(r"\bm\.\s?fl\.?", "", chunk).strip(" ,.;:").split()  # "Anna A m.fl."
    while words and not _NAME_WORD.match(words[0]):
        words.pop(0)  # titles written before the name: "borgarråden", "ledamoten" …
    if not 1 <= len(words) <= 5:
        return None
    if not all(_NAME_WORD.match(word) or word in _NAME_PARTICLES for word in words):
        return None
    return " ".join(words)


def parse_persons(header: str) -> list[Person]:
    """Persons and parties named in a statement header.

    ``parse_persons("Reservation av borgarråden Christofer Fjellner och Dennis Wedin (båda M)
    enligt följande.")`` gives ``[Person("Christofer Fjellner", "M"), Person("Dennis Wedin",
    "M")]``. Names are split at commas, "och" and "samt"; lower-case titles in front of a
    name are dropped; parenthesised text that is not a party abbreviation is ignored.
    """
    match = re.search(r"\b(?:av|från)\s+(?P<rest>.*)$", header)
    if not match:
        return []
    rest = match.group("rest")
    end = _PERSONS_END.search(rest)
    if end:
        rest = rest[: end.start()]
    persons: list[Person] = []
    for group in re.finditer(r"(?P<names>[^()]*)\((?P<party>[^()]*)\)", rest):
        party = _party(group.group("party"))
        if party is None:
            continue
        names = re.sub(r"^[\s,]*(?:(?:och|samt)\s+)?", "", group.group("names"))
        for chunk in re.split(r"\s*,\s*|\s+och\s+|\s+samt\s+", names):
            name = _clean_name(chunk)
            if name:
                persons.append(Person(name, party))
    return persons


def detect_stance(texts: Sequence[str]) -> str | None:
    """The stance stated by the first text that states one: "godkänns delvis" → "delvis
    bifall", "delvis avslå" → "delvis avslag", "avslå" → "avslag", "godkänns"/"bifalla" →
    "bifall". ``None`` when no text states a stance."""
    for text in texts:
        lowered = text.lower()
        for stance, pattern in _STANCE_PATTERNS:
            if pattern.search(lowered):
                return stance
    return None


@dataclass
class _Draft:
    kind: str
    body: str | None
    lines: list[Line]


def _header_and_rest(lines: Sequence[Line]) -> tuple[str, int]:
    parts = [lines[0].text]
    index = 1
    while (
        index < len(lines)
        and index < 4
        and not is_terminal(parts[-1])
        and not ITEM.match(lines[index].text)
        and not _LEADIN.match(lines[index].text)
    ):
        parts.append(lines[index].text)
        index += 1
    return join_lines(parts)[:MAX_HEADER], index


def _skip_leadin(lines: Sequence[Line], index: int) -> int:
    if index >= len(lines) or not _LEADIN.match(lines[index].text):
        return index
    limit = min(len(lines), index + 3)
    while index < limit:
        line = lines[index]
        index += 1
        if is_terminal(line.text) or (index < len(lines) and ITEM.match(lines[index].text)):
            break
    return index


def _text_and_activities(lines: Sequence[Line], width: int) -> tuple[str, list[str]]:
    blocks: list[str] = []
    buffer: list[str] = []
    activities: list[str] = []
    index = 0
    while index < len(lines):
        if not BULLET.match(lines[index].text):
            buffer.append(lines[index].text)
            index += 1
            continue
        items, index = bullet_items(lines, index, lambda line: False)
        lead_paragraphs = paragraphs(buffer, width)
        blocks.extend(lead_paragraphs)
        buffer = []
        lead = re.split(r"(?<=[.!?])\s+", lead_paragraphs[-1])[-1] if lead_paragraphs else ""
        if lead.endswith(":") and _ACTIVITY_LEAD.search(lead):
            activities.extend(items)
        blocks.append("\n".join(f"• {item}" for item in items))
    blocks.extend(paragraphs(buffer, width))
    return "\n\n".join(blocks), activities


def _build(draft: _Draft, width: int) -> tuple[Statement, str | None]:
    header, index = _header_and_rest(draft.lines)
    index = _skip_leadin(draft.lines, index)
    points: list[Point] = []
    if index < len(draft.lines) and ITEM.match(draft.lines[index].text):
        items, index = numbered_items(draft.lines, index, lambda line: False)
        points = [Point(number, text) for number, text, _ in items]
    text, activities = _text_and_activities(draft.lines[index:], width)
    likalydande = _LIKALYDANDE.search(header)
    statement = Statement(
        kind=draft.kind,
        body=draft.body,
        persons=tuple(parse_persons(header)),
        stance=detect_stance([point.text for point in points] or [header]),
        points=tuple(points),
        proposed_activities=tuple(activities),
        text=text,
        header=header,
        line=draft.lines[0].number,
    )
    return statement, (likalydande.group("what") if likalydande else None)


def _resolve_same_as(what: str, index: int, statements: Sequence[Statement]) -> int | None:
    """Find the earlier statement that "likalydande med <what>" points at."""
    lowered = what.lower()
    body_match = re.search(r"\bi\s+(\w+)\s*$", lowered)
    body = body_match.group(1) if body_match else None
    party = None
    for name, code in PARTY_NAMES.items():
        if re.search(rf"\b{name}s?\b", lowered):
            party = code
            break
    own = statements[index]
    parties = {party} if party else {person.party for person in own.persons}
    named = {person.name for person in parse_persons("av " + what)}
    for candidate_index, candidate in enumerate(statements[:index]):
        if body and candidate.body != body:
            continue
        candidate_names = {person.name for person in candidate.persons}
        if named and named & candidate_names:
            return candidate_index
        if parties and parties <= {person.party for person in candidate.persons} and not named:
            return candidate_index
    return None


def parse_statements(
    lines: Sequence[Line],
    body: str | None,
    body_heading: Callable[[Line], str | None],
    width: int,
) -> list[Statement]:
    """Parse every statement in ``lines`` (the statements part of a memo, in order).

    ``body`` is the body the first statements were made in; ``body_heading(line)`` returns
    the lower-case body name when ``line`` switches body (a "Kommunstyrelsen" heading or
    "Borgarrådsberedningen tillstyrker …"), else None. Lines before the first statement
    header are ignored. ``width`` is :func:`memo_text.typical_width` of the whole memo.
    """
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for line in lines:
        new_body = body_heading(line)
        if new_body:
            body, current = new_body, None
            continue
        kind = statement_kind(line.text)
        if kind:
            current = _Draft(kind, body, [line])
            drafts.append(current)
        elif current is not None:
            current.lines.append(line)
    statements: list[Statement] = []
    for draft in drafts:
        statement, likalydande = _build(draft, width)
        statements.append(statement)
        if likalydande:
            target = _resolve_same_as(likalydande, len(statements) - 1, statements)
            if target is not None:
                statements[-1] = replace(
                    statement,
                    same_as=target,
                    stance=statement.stance or statements[target].stance,
                )
    return statements
