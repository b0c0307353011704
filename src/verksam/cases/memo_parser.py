"""Parse the text of a political memo into a :class:`ParsedCase` (issue 3, "Import").

``parse_memo(text)`` reads a PM (borgarrådsberedningen to KS), utlåtande (KS to KF),
tjänsteutlåtande (from a förvaltning) or protokollsutdrag — as plain text or the text layer
of a PDF (:mod:`verksam.cases.pdf_text`) — and returns the case: reference, kind, rotel,
title, date, rapporteur, preparing office, the official report it rests on, the numbered
proposals (with amounts in kronor), the attachments with their references, and every
statement with persons, parties, body, stance, points, "likalydande" link and proposed
activities. ``ParsedCase.to_json()`` gives the JSON shape documented in
``docs/case-import-json.md``.

The function never raises anything but :class:`MemoParseError` (Swedish message). Pure
Python, no Django: the management command, the upload view and the tests all call it.
The debris rules live in :mod:`memo_text`, statements in :mod:`memo_statements`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from verksam.core.swedish_numbers import AMOUNT_IN_TEXT, SwedishNumberError, parse_amount_sek

from .memo_statements import Person, Point, Statement, parse_statements, statement_kind
from .memo_text import (
    ITEM,
    Line,
    MemoParseError,
    clean_text,
    join_lines,
    numbered_items,
    paragraphs,
    split_lines,
    typical_width,
)
from .references import REFERENCE_IN_TEXT, InvalidReference, Reference, parse_reference

__all__ = [
    "MemoParseError",
    "ParsedCase",
    "Proposal",
    "Attachment",
    "Rapporteur",
    "OfficialReport",
    "Statement",
    "Person",
    "Point",
    "DOCUMENT_KINDS",
    "parse_memo",
    "parse_swedish_date",
]

DOCUMENT_KINDS = ("PM", "tjänsteutlåtande", "utlåtande", "protokollsutdrag")
MAX_CHARACTERS = 5_000_000
HEADER_LINES = 25

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_LONG_DATE = re.compile(r"\b(?P<day>[0-9]{1,2})\s+(?P<month>[a-zåäö]+)\.?\s+(?P<year>[0-9]{4})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9])")
_SIGNED = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*\s+den\s+(?P<date>[0-9]{1,2}\s+[a-zåäö]+\.?\s+[0-9]{4})\b")
_KIND = (
    ("tjänsteutlåtande", re.compile(r"^Tjänsteutlåtande\b", re.IGNORECASE)),
    ("protokollsutdrag", re.compile(r"^(?:Protokollsutdrag|Utdrag\s+ur\s+protokoll)\b", re.IGNORECASE)),
    ("utlåtande", re.compile(r"^Utlåtande\b", re.IGNORECASE)),
    ("PM", re.compile(r"^PM\b")),
)
_LABELLED_REFERENCE = re.compile(r"\b(?:Dnr|dnr|DNR|Diarienummer|diarienummer)\.?:?[\s\u00a0]*")
_ROTEL = re.compile(r"\bRotel\s+(?P<roman>[IVX]{1,5})\b|\b[0-9]{4}:[0-9]+\s+R(?P<short>[IVX]{1,5})\b")
_RAPPORTEUR = re.compile(r"^Föredragande\s+(?P<role>[a-zåäö]+)\s+(?P<rest>[A-ZÅÄÖ].*)$")
_PREPARED = re.compile(r"\b(?:Ärendet|Ärendena)\s+har\s+beretts\s+av\s+(?P<by>[^.]{1,200}?)\s*\.")
_REPORT = re.compile(
    r"(?P<author>\b[A-ZÅÄÖ][\wåäö-]{0,60}?s)\s+tjänsteutlåtande\s+(?:daterat|daterad|dat\.)\s+"
    r"(?:den\s+)?(?P<date>[0-9]{1,2}\s+[a-zåäö]+\.?\s+[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
_OFFICE = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*(?:kontoret|förvaltningen|nämnden|kansliet|styrelsen)$")
_PROPOSES = re.compile(r"\bföreslå[rs]\b", re.IGNORECASE)
_TO_DECIDE = re.compile(r"\b(?:besluta|beslutar|fatta|fattar)\b", re.IGNORECASE)
_DECIDES = re.compile(r"^\S+(?:\s+\S+)?\s+beslutar\s+(?:följande|enligt)", re.IGNORECASE)
_BODY = (
    r"(?:Borgarrådsberedningen|Kommunstyrelsen|Kommunfullmäktige|Regionstyrelsen|Regionfullmäktige"
    r"|Kommunstyrelsens\s+arbetsutskott|[A-ZÅÄÖ][a-zåäö]*(?:nämnden|beredningen|utskottet))"
)
_BODY_HEADING = re.compile(rf"^(?P<body>{_BODY}):?$")
_BODY_ACTION = re.compile(rf"^(?P<body>{_BODY})\s+(?:tillstyrker|föreslår|beslutar|beslöt|beslutade)\b")
_BODY_ENDORSES = re.compile(rf"^(?P<body>{_BODY})\s+tillstyrker\b")
_PARAGRAPH = re.compile(r"^§\s*[0-9]+\s*(?P<title>.*)$")
_FIELD = re.compile(
    r"^(?:Sida\s|Dnr\b|Diarienummer|Handläggare|Telefon|Tel\.?\s|E-post|Till\b|Datum|Sammanträde"
    r"|Kopia|Bilaga\b|[0-9]{4}-[0-9]{2}-[0-9]{2})",
    re.IGNORECASE,
)
_HEADINGS = {
    "förslag till beslut", "sammanfattning av ärendet", "sammanfattning", "beredning",
    "föredragande borgarrådets synpunkter", "bilagor", "bilaga", "ärendet", "bakgrund",
    "remissammanställningen", "remissammanställning", "remissvar", "ärendets beredning",
    "beslut", "yrkanden", "reservationer", "särskilda uttalanden", "ekonomiska konsekvenser",
    "analys", "synpunkter och förslag", "förvaltningens synpunkter", "kontorets synpunkter",
}
_END_OF_STATEMENTS = {
    "ärendet", "bakgrund", "remissammanställningen", "remissammanställning", "remissvar",
    "ärendets beredning", "beredning", "sammanfattning av ärendet", "bilagor",
}
_END_OF_QUOTE = {"bilagor", "bilaga", "reservationer", "särskilda uttalanden", "yrkanden", "beslut"}
_MINUTES_END = re.compile(
    r"^(?:Protokollet\s+justera|Justera[dt]|Vid\s+protokollet|Justerandes\s+sign|Utdragsbestyrkande)",
    re.IGNORECASE,
)
_DEFAULT_BODY = {"PM": "borgarrådsberedningen", "utlåtande": "kommunstyrelsen"}
_ATTACHMENT = re.compile(r"^(?P<title>.*?)[,;]?\s*\b(?:dnr|Dnr|diarienummer)\.?:?\s*(?P<reference>.+)$")


@dataclass(frozen=True)
class Rapporteur:
    """The föredragande: ``name`` and ``role`` in base form ("borgarråd", "kommunalråd")."""

    name: str
    role: str

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class OfficialReport:
    """The tjänsteutlåtande the case rests on: ``author`` (lower-case office, e.g.
    "stadsledningskontoret") and ``date``; either may be ``None``."""

    author: str | None
    date: dt.date | None

    def to_json(self) -> dict:
        return {"author": self.author, "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True)
class Proposal:
    """A numbered point of the förslag till beslut; ``amount_sek`` the first amount in the
    text in kronor ("746,2 mnkr" → Decimal("746200000")) or ``None``."""

    number: int
    text: str
    amount_sek: Decimal | None = None

    def to_json(self) -> dict:
        return {"number": self.number, "text": self.text, "amount_sek": _json_amount(self.amount_sek)}


@dataclass(frozen=True)
class Attachment:
    """A bilaga: ``number``, ``title`` and its :class:`Reference` ("KS 2023/1237-1.1")."""

    number: int
    title: str
    reference: Reference | None

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "reference": str(self.reference) if self.reference else None,
        }


@dataclass(frozen=True)
class ParsedCase:
    """A case as read from one memo. Lists are tuples; see :meth:`to_json` for the shape."""

    reference: Reference
    kind: str
    title: str
    rotel: str | None = None
    date: dt.date | None = None
    summary: str | None = None
    rapporteur: Rapporteur | None = None
    prepared_by: str | None = None
    official_report: OfficialReport | None = None
    rapporteur_views: str | None = None
    official_report_text: str | None = None
    proposals: tuple[Proposal, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    statements: tuple[Statement, ...] = ()

    def to_json(self) -> dict:
        """The documented import JSON (``docs/case-import-json.md``): dates ISO 8601,
        amounts kronor as numbers (int when whole), ``kind``/``stance`` in Swedish,
        ``rapporteur``/``official_report`` null when the memo names none."""
        return {
            "reference": str(self.reference),
            "kind": self.kind,
            "rotel": self.rotel,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "summary": self.summary,
            "rapporteur": self.rapporteur.to_json() if self.rapporteur else None,
            "prepared_by": self.prepared_by,
            "official_report": self.official_report.to_json() if self.official_report else None,
            "rapporteur_views": self.rapporteur_views,
            "official_report_text": self.official_report_text,
            "proposals": [proposal.to_json() for proposal in self.proposals],
            "attachments": [attachment.to_json() for attachment in self.attachments],
            "statements": [statement.to_json() for statement in self.statements],
        }


def _json_amount(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def parse_swedish_date(text: str) -> dt.date | None:
    """"10 januari 2024", "den 10 jan. 2024" or "2024-01-10" → ``date(2024, 1, 10)``; the
    first date found in ``text``; ``None`` when there is none or it does not exist."""
    for pattern in (_LONG_DATE, _ISO_DATE):
        for match in pattern.finditer(text):
            month = match.group("month").lower()
            month_number = MONTHS.get(month) if not month.isdigit() else int(month)
            if month_number is None:
                continue
            try:
                return dt.date(int(match.group("year")), month_number, int(match.group("day")))
            except ValueError:
                continue
    return None


def _heading(line: Line) -> str | None:
    key = line.text.rstrip(":").strip().lower()
    if key in _HEADINGS or re.fullmatch(r"(?:föredragande\s+)?[\wåäö]+s synpunkter", key):
        return key
    return None


class _Memo:
    """The lines of one memo and the facts read from them, step by step."""

    def __init__(self, text: str):
        self.lines = split_lines(clean_text(text))
        if not self.lines:
            raise MemoParseError("Dokumentet är tomt – det finns ingen text att läsa in.")
        self.width = typical_width(self.lines)
        self.head = self.lines[:HEADER_LINES]

    # --- header -------------------------------------------------------------------------
    def reference(self) -> tuple[Reference, int]:
        head_text = "\n".join(line.text for line in self.head)
        label = _LABELLED_REFERENCE.search(head_text)
        candidates = []
        if label:
            candidates.append(REFERENCE_IN_TEXT.match(head_text, label.end()))
        candidates.append(REFERENCE_IN_TEXT.search(head_text))
        for match in candidates:
            if not match:
                continue
            try:
                reference = parse_reference(match.group(0))
            except InvalidReference:
                continue
            index = head_text.count("\n", 0, match.start())
            return reference, index
        raise MemoParseError(
            "Hittar inget diarienummer i dokumentets huvud (väntat t.ex. ”Dnr KS 2023/1237” "
            "eller ”Dnr 111-47/2016” bland de första raderna)."
        )

    def kind(self) -> tuple[str, int]:
        for index, line in enumerate(self.head):
            for kind, pattern in _KIND:
                if pattern.match(line.text):
                    return kind, index
        raise MemoParseError(
            "Känner inte igen dokumenttypen: dokumentets huvud ska börja med PM, "
            "Tjänsteutlåtande, Utlåtande eller Protokollsutdrag."
        )

    def rotel(self) -> str | None:
        for line in self.head[:5]:
            match = _ROTEL.search(line.text)
            if match:
                return f"Rotel {match.group('roman') or match.group('short')}"
        return None

    def title(self, after: int) -> str:
        for line in self.head:
            match = _PARAGRAPH.match(line.text)
            if match and match.group("title"):
                return match.group("title")
        headings = [i for i, line in enumerate(self.head) if _heading(line) == "förslag till beslut"]
        if headings and headings[0] > after:
            end = headings[0]
            start = end - 1
            while start > after + 1 and self.head[start].text[:1].islower():
                start -= 1
            title = join_lines([line.text for line in self.head[start:end]])
            if start > after and not _FIELD.match(self.head[start].text) and title:
                return title
        for index in range(after + 1, len(self.head)):
            line = self.head[index]
            if _FIELD.match(line.text) or _heading(line) or _OFFICE.match(line.text):
                continue
            if _BODY_HEADING.match(line.text) or re.fullmatch(r"[0-9 ()/.:-]+", line.text):
                continue
            parts = [line.text]
            for following in self.head[index + 1 : index + 3]:
                if not following.text[:1].islower():
                    break
                parts.append(following.text)
            if join_lines(parts):
                return join_lines(parts)
        raise MemoParseError("Hittar ingen rubrik efter dokumentets huvud.")

    def date(self) -> dt.date | None:
        for line in self.lines:
            match = _SIGNED.match(line.text)
            if match:
                signed = parse_swedish_date(match.group("date"))
                if signed:
                    return signed
        for line in self.head:
            found = parse_swedish_date(line.text)
            if found:
                return found
        return None

    def rapporteur(self) -> Rapporteur | None:
        for line in self.lines:
            match = _RAPPORTEUR.match(line.text)
            if not match:
                continue
            name = re.sub(r"\s+anför(?:\s+följande)?\s*[.:]?$", "", match.group("rest")).strip(" .:")
            words = name.split()
            if 1 < len(words) <= 4 and all(word[:1].isupper() for word in words):
                role = match.group("role")
                role = role[:-2] if role.endswith("rådet") else role
                role = {"ordföranden": "ordförande", "ledamoten": "ledamot"}.get(role, role)
                return Rapporteur(name, role)
        return None

    # --- body text ----------------------------------------------------------------------
    def full_text(self) -> str:
        return join_lines([line.text for line in self.lines])

    def summary(self) -> str | None:
        for index, line in enumerate(self.lines):
            if _heading(line) not in ("sammanfattning av ärendet", "sammanfattning"):
                continue
            texts = []
            for following in self.lines[index + 1 :]:
                if _heading(following) or statement_kind(following.text) or _looks_like_heading(following, texts):
                    break
                texts.append(following.text)
            return "\n\n".join(paragraphs(texts, self.width)) or None
        return None

    def official_report(self, full: str, kind: str, date: dt.date | None) -> OfficialReport | None:
        match = _REPORT.search(full)
        if match:
            author = match.group("author")[:-1]
            return OfficialReport(author[:1].lower() + author[1:], parse_swedish_date(match.group("date")))
        if kind == "tjänsteutlåtande":
            office = next((line.text for line in self.head if _OFFICE.match(line.text)), None)
            return OfficialReport(office[:1].lower() + office[1:] if office else None, date)
        return None

    def rapporteur_views(self) -> str | None:
        """The text under "Föredragande borgarrådets synpunkter" (any "Föredragande …s
        synpunkter"), paragraphs joined by a blank line. The lead-in "Borgarrådsberedningen
        föreslår …" and the numbered förslag till beslut inside it are left out (they are the
        proposals); running text that extraction placed after the list belongs to the views. Ends
        at the date line ("Stockholm den 10 januari 2024"), a heading, a body's heading or a
        statement."""
        for index, line in enumerate(self.lines):
            key = _heading(line)
            if not key or not key.startswith("föredragande ") or not key.endswith("synpunkter"):
                continue
            texts: list[str] = []
            position = index + 1
            while position < len(self.lines):
                following = self.lines[position]
                if _is_leadin(following.text):
                    _, after = numbered_items(self.lines, position + 1, self._stop)
                    position = max(after, position + 1)
                    continue
                if self._stop(following) or _BODY_ENDORSES.match(following.text):
                    break
                texts.append(following.text)
                position += 1
            return "\n\n".join(paragraphs(texts, self.width)) or None
        return None

    def official_report_text(self) -> str | None:
        """The tjänsteutlåtande as the memo quotes it after "Stadsledningskontorets
        tjänsteutlåtande daterat den 11 december 2023 har i huvudsak följande lydelse.": the
        paragraphs that follow, up to a statement, the end of the minutes, a body's heading or
        the end of the text. None when the memo does not quote it ("… lydelse" missing)."""
        for index, line in enumerate(self.lines):
            window = join_lines([l.text for l in self.lines[index:index + 3]])
            if not _REPORT.match(window) or "lydelse" not in window.lower():
                continue
            position = index
            while position < len(self.lines) and "lydelse" not in self.lines[position].text.lower():
                position += 1
            texts: list[str] = []
            for following in self.lines[position + 1:]:
                if (statement_kind(following.text) or _MINUTES_END.match(following.text)
                        or _BODY_HEADING.match(following.text) or _heading(following) in _END_OF_QUOTE):
                    break
                texts.append(following.text)
            return "\n\n".join(paragraphs(texts, self.width)) or None
        return None

    # --- lists --------------------------------------------------------------------------
    def _stop(self, line: Line) -> bool:
        return bool(
            _heading(line) or statement_kind(line.text) or _SIGNED.match(line.text)
            or _BODY_HEADING.match(line.text)
        )

    def proposals(self, first_statement: int, kind: str) -> list[Proposal]:
        for index, line in enumerate(self.lines[:first_statement]):
            leads = _is_leadin(line.text) or _heading(line) in ("förslag till beslut", "beslut")
            leads = leads or (kind == "protokollsutdrag" and bool(_DECIDES.match(line.text)))
            if not leads:
                continue
            for start in range(index + 1, min(index + 3, len(self.lines))):
                if not ITEM.match(self.lines[start].text):
                    continue
                items, _ = numbered_items(self.lines, start, self._stop)
                if items:
                    return [Proposal(number, text, _first_amount(text)) for number, text, _ in items]
        return []

    def attachments(self) -> list[Attachment]:
        for index, line in enumerate(self.lines):
            if _heading(line) not in ("bilagor", "bilaga") or index + 1 >= len(self.lines):
                continue
            items, _ = numbered_items(self.lines, index + 1, self._stop)
            if items:
                return [_attachment(number, text) for number, text, _ in items]
        return []

    # --- statements ---------------------------------------------------------------------
    def first_statement(self) -> int:
        return next(
            (index for index, line in enumerate(self.lines) if statement_kind(line.text)), len(self.lines)
        )

    def statements(self, first: int, kind: str) -> list[Statement]:
        if first >= len(self.lines):
            return []
        body = _DEFAULT_BODY.get(kind)
        for line in self.lines[:first]:
            match = _BODY_ACTION.match(line.text) or _BODY_HEADING.match(line.text)
            if match:
                body = match.group("body").lower()
        end = next(
            (
                index
                for index in range(first, len(self.lines))
                if _heading(self.lines[index]) in _END_OF_STATEMENTS
                or _MINUTES_END.match(self.lines[index].text)
            ),
            len(self.lines),
        )

        def body_heading(line: Line) -> str | None:
            match = _BODY_HEADING.match(line.text) or _BODY_ENDORSES.match(line.text)
            return match.group("body").lower() if match else None

        return parse_statements(self.lines[first:end], body, body_heading, self.width)


def _looks_like_heading(line: Line, previous: Sequence[str]) -> bool:
    text = line.text
    return (
        len(text.split()) <= 6
        and text[:1].isupper()
        and not text.rstrip().endswith((".", ",", ";", ":", "!", "?"))
        and (not previous or previous[-1].rstrip().endswith((".", ":", "!", "?")))
    )


def _is_leadin(text: str) -> bool:
    """ "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande." and the like."""
    proposes = _PROPOSES.search(text)
    return bool(proposes and _TO_DECIDE.search(text, proposes.end()))


def _first_amount(text: str) -> Decimal | None:
    for match in AMOUNT_IN_TEXT.finditer(text):
        try:
            return parse_amount_sek(match.group("amount"))
        except SwedishNumberError:
            continue
    return None


def _attachment(number: int, text: str) -> Attachment:
    match = _ATTACHMENT.match(text)
    if match:
        try:
            return Attachment(number, match.group("title").strip(" ,;"), parse_reference(match.group("reference")))
        except InvalidReference:
            pass
    return Attachment(number, text, None)


def _parse(text: str) -> ParsedCase:
    """The parser proper; raises MemoParseError for documents it cannot read."""
    memo = _Memo(text)
    reference, reference_index = memo.reference()
    kind, kind_index = memo.kind()
    title = memo.title(max(reference_index, kind_index))
    date = memo.date()
    first_statement = memo.first_statement()
    proposals = memo.proposals(first_statement, kind)
    full = memo.full_text()
    prepared = _PREPARED.search(full)
    return ParsedCase(
        reference=reference,
        kind=kind,
        title=title,
        rotel=memo.rotel(),
        date=date,
        summary=memo.summary(),
        rapporteur=memo.rapporteur(),
        prepared_by=prepared.group("by") if prepared else None,
        official_report=memo.official_report(full, kind, date),
        rapporteur_views=memo.rapporteur_views(),
        official_report_text=memo.official_report_text() if kind != "tjänsteutlåtande" else None,
        proposals=tuple(proposals),
        attachments=tuple(memo.attachments()),
        statements=tuple(memo.statements(first_statement, kind)),
    )


def parse_memo(text: str) -> ParsedCase:
    """Parse the text of one memo (plain text or a PDF's text layer) into a :class:`ParsedCase`.

    ``text`` is a ``str`` (``bytes`` are decoded as UTF-8). Required in the document's head
    (its first 25 non-blank lines): a diarienummer ("Dnr KS 2023/1237" or the older
    "111-47/2016"), the document kind (PM, Tjänsteutlåtande, Utlåtande, Protokollsutdrag)
    and a title. Everything else is optional and ``None``/empty when absent.

    Raises :class:`MemoParseError` — and nothing else, whatever the input — with a Swedish
    message, e.g. "Hittar inget diarienummer i dokumentets huvud …". Source: issue 3, the
    seed memo ``shared/seeds/000_af22ac8c55b35c9f.txt`` (PM Rotel I, KS 2023/1237).
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise MemoParseError("Texten är inte kodad som UTF-8 och kan inte läsas in.") from exc
    if not isinstance(text, str):
        raise MemoParseError(f"Väntade text att läsa in, fick {type(text).__name__}.")
    if len(text) > MAX_CHARACTERS:
        raise MemoParseError(
            f"Dokumentet är för stort för att läsas in ({len(text)} tecken, högst {MAX_CHARACTERS})."
        )
    try:
        return _parse(text)
    except MemoParseError:
        raise
    except Exception as exc:  # last-resort net: the contract is "MemoParseError or a case"
        raise MemoParseError(
            f"Dokumentet kunde inte tolkas (internt fel: {type(exc).__name__}). "
            "Kontrollera att det är ett PM, utlåtande, tjänsteutlåtande eller protokollsutdrag."
        ) from exc
