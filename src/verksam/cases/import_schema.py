"""Validation of the case import JSON (importformatet): ``clean_case_data`` and ``CaseImportError``.

The shape is documented in ``verksam.cases.importer`` and issue 3. Every problem is reported as
a ``CaseImportError`` with a Swedish message naming the field by its Swedish label
(``field_label``: "Förslag 4: belopp") and ``field`` set to the JSON path of the field
("proposals[3].amount_sek"), before anything is written. Pure Python apart from the gettext
call: the importer, the web review form and the tests share it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from verksam.cases.models import DOCUMENT_KIND_BY_NAME, STANCE_BY_NAME, STATEMENT_KIND_BY_NAME
from verksam.cases.references import InvalidReference, parse_reference
from verksam.core.errors import DomainError

MAX_AMOUNT = Decimal("1e15")
MAX_NUMBER = 999


class CaseImportError(DomainError):
    """A memo or import dict that cannot be imported; Swedish message, ``field`` names the part
    of the import JSON ("reference", "statements[2].same_as") when known. Nothing is written."""

    default_message = "Ärendet kunde inte läsas in."


#: Swedish labels of the import JSON's fields (top level, and the attributes inside lists).
TOP_LABELS = {
    "data": "Importdata", "file": "Fil", "reference": "Diarienummer", "kind": "Handlingstyp", "title": "Rubrik",
    "rotel": "Rotel", "date": "Datum", "summary": "Sammanfattning", "rapporteur": "Föredragande",
    "prepared_by": "Beredning", "official_report": "Tjänsteutlåtande", "rapporteur_views": "Föredragandes synpunkter",
    "official_report_text": "Tjänsteutlåtandets text",
    "proposals": "Förslag till beslut", "attachments": "Bilagor", "statements": "Reservationer och yttranden",
}
ITEM_LABELS = {"proposals": "Förslag", "attachments": "Bilaga", "statements": "Yttrande", "persons": "person",
               "points": "punkt", "proposed_activities": "föreslagen aktivitet"}
ATTRIBUTE_LABELS = {
    "name": "namn", "role": "roll", "author": "upprättat av", "date": "datum", "text": "text", "number": "nummer",
    "amount_sek": "belopp", "title": "rubrik", "reference": "diarienummer", "kind": "typ", "body": "organ",
    "stance": "ställningstagande", "same_as": "likalydande med", "party": "parti", "persons": "personer",
    "points": "punkter", "proposed_activities": "föreslagna aktiviteter",
}


def field_label(path: str) -> str:
    """A Swedish label for a path in the import JSON, for messages shown to people:
    "proposals[3].amount_sek" → "Förslag 4: belopp", "statements[2].persons[1].name" →
    "Yttrande 3, person 2: namn", "rapporteur.name" → "Föredragande: namn". Items are counted
    from 1 (the fourth proposal in the list). Unknown parts are kept as written."""
    parts = [p for p in (path or "").split(".") if p]
    if not parts:
        return ""
    items, attribute = [], ""
    for position, part in enumerate(parts):
        name, _, index = part.partition("[")
        if index:
            number = int(index.rstrip("]")) + 1 if index.rstrip("]").isdigit() else index.rstrip("]")
            label = ITEM_LABELS.get(name, name)
            items.append(f"{label[:1].upper() + label[1:] if not items else label} {number}")
        elif position == 0:
            items.append(TOP_LABELS.get(name, name))
        else:
            attribute = ATTRIBUTE_LABELS.get(name, name)
    label = ", ".join(items)
    return f"{label}: {attribute}" if attribute else label


def _fail(message: str, field: str):
    raise CaseImportError(message, field=field)


def _q(field: str) -> str:
    """The field's Swedish label in quotation marks for a message: ”Förslag 4: belopp”."""
    return f"”{field_label(field)}”"


def _text(value: Any, field: str, *, max_length: int | None = None, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(_("Fältet %(field)s ska vara text.") % {"field": _q(field)}, field)
    value = value.replace("\x00", "").strip()
    if required and not value:
        _fail(_("Fältet %(field)s saknas eller är tomt.") % {"field": _q(field)}, field)
    if max_length is not None and len(value) > max_length:
        _fail(_("Fältet %(field)s är för långt (%(n)s tecken, högst %(max)s).")
              % {"field": _q(field), "n": len(value), "max": max_length}, field)
    return value


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        date = dt.date.fromisoformat(str(value))
    except ValueError:
        _fail(_("Fältet %(field)s är inte ett datum (ÅÅÅÅ-MM-DD): ”%(value)s”.")
              % {"field": _q(field), "value": value}, field)
    if not 1950 <= date.year <= 2100:
        _fail(_("Datumet i %(field)s är inte rimligt: %(value)s.") % {"field": _q(field), "value": value}, field)
    return date


def _number(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
        _fail(_("Fältet %(field)s ska vara ett heltal mellan 1 och %(max)s.") % {"field": _q(field), "max": MAX_NUMBER},
              field)
    return value


def _amount(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        _fail(_("Fältet %(field)s ska vara ett belopp i kronor.") % {"field": _q(field)}, field)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        _fail(_("Fältet %(field)s ska vara ett belopp i kronor.") % {"field": _q(field)}, field)
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        _fail(_("Beloppet i %(field)s är orimligt stort.") % {"field": _q(field)}, field)
    return amount.quantize(Decimal("0.01"))


def _list(value: Any, field: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(_("Fältet %(field)s ska vara en lista.") % {"field": _q(field)}, field)
    return value


def _dict(value: Any, field: str) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        _fail(_("Fältet %(field)s ska vara ett objekt.") % {"field": _q(field)}, field)
    return value


def _reference(value: Any, field: str, *, required: bool) -> str:
    text = _text(value, field, required=required)
    if not text:
        return ""
    try:
        parsed = parse_reference(text)
    except InvalidReference as exc:
        raise CaseImportError(str(exc), field=field) from exc
    result = str(parsed)
    if len(result) > 60:
        _fail(_("Diarienumret i %(field)s är för långt.") % {"field": _q(field)}, field)
    return result


def clean_case_data(data: Any) -> dict:
    """Validate and normalise an import dict (the shape in the module docstring).

    Returns the same shape with dates as ``datetime.date``, amounts as ``Decimal`` kronor,
    strings stripped and references canonical. Raises ``CaseImportError`` (Swedish, with the
    field) on the first problem; never writes anything.
    """
    if not isinstance(data, dict):
        _fail(_("Importdata ska vara ett objekt med ärendets fält."), "data")
    reference = _reference(data.get("reference"), "reference", required=True)
    if parse_reference(reference).attachment:
        _fail(_("Ärendets diarienummer får inte ha bilagenummer: %(ref)s.") % {"ref": reference}, "reference")
    kind = _text(data.get("kind"), "kind", required=True)
    if kind not in DOCUMENT_KIND_BY_NAME:
        _fail(_("Okänd handlingstyp ”%(kind)s” (väntat PM, tjänsteutlåtande, utlåtande, protokollsutdrag).")
              % {"kind": kind}, "kind")
    rapporteur = _dict(data.get("rapporteur"), "rapporteur")
    if rapporteur is not None:
        rapporteur = {"name": _text(rapporteur.get("name"), "rapporteur.name", max_length=200, required=True),
                      "role": _text(rapporteur.get("role"), "rapporteur.role", max_length=120)}
    report = _dict(data.get("official_report"), "official_report")
    if report is not None:
        report = {"author": _text(report.get("author"), "official_report.author", max_length=300),
                  "date": _date(report.get("date"), "official_report.date")}
    cleaned = {
        "reference": reference,
        "kind": kind,
        "rotel": _text(data.get("rotel"), "rotel", max_length=40),
        "title": _text(data.get("title"), "title", max_length=500, required=True),
        "date": _date(data.get("date"), "date"),
        "summary": _text(data.get("summary"), "summary"),
        "rapporteur": rapporteur,
        "prepared_by": _text(data.get("prepared_by"), "prepared_by", max_length=300),
        "official_report": report,
        "rapporteur_views": _text(data.get("rapporteur_views"), "rapporteur_views"),
        "official_report_text": _text(data.get("official_report_text"), "official_report_text") if report else "",
        "proposals": [],
        "attachments": [],
        "statements": [],
    }
    numbers = set()
    for i, item in enumerate(_list(data.get("proposals"), "proposals")):
        f = f"proposals[{i}]"
        item = _dict(item, f) or {}
        number = _number(item.get("number"), f"{f}.number")
        if number in numbers:
            _fail(_("Beslutspunkt %(n)s förekommer två gånger.") % {"n": number}, f"{f}.number")
        numbers.add(number)
        cleaned["proposals"].append({"number": number, "text": _text(item.get("text"), f"{f}.text", required=True),
                                     "amount_sek": _amount(item.get("amount_sek"), f"{f}.amount_sek")})
    for i, item in enumerate(_list(data.get("attachments"), "attachments")):
        f = f"attachments[{i}]"
        item = _dict(item, f) or {}
        cleaned["attachments"].append({
            "number": _number(item.get("number"), f"{f}.number"),
            "title": _text(item.get("title"), f"{f}.title", max_length=500, required=True),
            "reference": _reference(item.get("reference"), f"{f}.reference", required=False),
        })
    statements = _list(data.get("statements"), "statements")
    for i, item in enumerate(statements):
        cleaned["statements"].append(_clean_statement(item, i, len(statements)))
    return cleaned


def _clean_statement(item: Any, i: int, count: int) -> dict:
    f = f"statements[{i}]"
    item = _dict(item, f) or {}
    kind = _text(item.get("kind"), f"{f}.kind", required=True)
    if kind not in STATEMENT_KIND_BY_NAME:
        _fail(_("Okänd typ av yttrande ”%(kind)s” (väntat reservation, särskilt uttalande, ersättaryttrande).")
              % {"kind": kind}, f"{f}.kind")
    stance = _text(item.get("stance"), f"{f}.stance")
    if stance and stance not in STANCE_BY_NAME:
        _fail(_("Okänt ställningstagande ”%(s)s” (väntat bifall, delvis bifall, avslag, delvis avslag).")
              % {"s": stance}, f"{f}.stance")
    same_as = item.get("same_as")
    if same_as is not None and (isinstance(same_as, bool) or not isinstance(same_as, int)
                                or not 0 <= same_as < count or same_as == i):
        _fail(_("Fältet %(field)s pekar inte på ett annat yttrande i ärendet.") % {"field": _q(f"{f}.same_as")},
              f"{f}.same_as")
    persons, names = [], set()
    for j, person in enumerate(_list(item.get("persons"), f"{f}.persons")):
        pf = f"{f}.persons[{j}]"
        person = _dict(person, pf) or {}
        name = _text(person.get("name"), f"{pf}.name", max_length=200, required=True)
        if name in names:
            continue
        names.add(name)
        persons.append({"name": name, "party": _text(person.get("party"), f"{pf}.party", max_length=10).upper()})
    points = []
    for j, point in enumerate(_list(item.get("points"), f"{f}.points")):
        pf = f"{f}.points[{j}]"
        point = _dict(point, pf) or {}
        points.append({"number": _number(point.get("number"), f"{pf}.number"),
                       "text": _text(point.get("text"), f"{pf}.text")})
    activities = [_text(a, f"{f}.proposed_activities[{j}]", required=True)
                  for j, a in enumerate(_list(item.get("proposed_activities"), f"{f}.proposed_activities"))]
    return {
        "kind": kind, "body": _text(item.get("body"), f"{f}.body", max_length=200), "persons": persons,
        "stance": stance, "points": points, "same_as": same_as, "proposed_activities": activities,
        "text": _text(item.get("text"), f"{f}.text"),
    }
