"""Import of a case (inläsning av ärende): a memo file or its parsed JSON dict → the database.

The parser (``verksam.cases.memo_parser``, pure Python) turns a memo into the import JSON
documented in issue 3 (``ParsedCase.to_json()``)::

    {reference, kind, rotel, title, date, summary, rapporteur: {name, role}, prepared_by,
     official_report: {author, date}, rapporteur_views, official_report_text,
     proposals: [{number, text, amount_sek}],
     attachments: [{number, title, reference}],
     statements: [{kind, body, persons: [{name, party}], stance, points: [{number, text}],
                   same_as, proposed_activities: [text], text}]}

This module is the database side. ``import_case(data, …)`` validates the whole dict first
(Swedish ``CaseImportError`` naming the field, e.g. ``proposals[4].amount_sek``), then writes
everything in one transaction — all or nothing. It is idempotent by reference: importing the
same memo again updates the case in place and, when nothing differs, records nothing. A
decided case is only "re-imported" when nothing would change; otherwise it is refused with
``CaseLockedError``.

Persons are matched by name within the municipality and created when missing, with their
party found by abbreviation (parties created when missing). Bodies, offices and the
responsible board are matched against the organisation's units by name (or the reference's
registry prefix: "KS" → kommunstyrelsen); unknown bodies are kept by name. The plan the case
adopts is found by reference (``Plan.reference``) or by title, year and unit.

``acting_user`` None means a trusted caller (the command line, the demo); a user needs the
``decide_plan`` permission (controller, administratör) on the case's unit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verksam.cases.memo_parser import parse_memo
from verksam.cases.memo_text import MemoParseError
from verksam.cases.models import (
    Case, CaseAttachment, CaseLockedError, Document, DocumentKind, DOCUMENT_KIND_BY_NAME,
    HandlingStep, Proposal, ProposedActivity, Stage, STANCE_BY_NAME, Statement, STATEMENT_KIND_BY_NAME,
    StatementPerson, StatementPoint,
)
from verksam.cases.import_schema import CaseImportError, clean_case_data
from verksam.cases.pdf_text import read_memo_source
from verksam.cases.references import InvalidReference, parse_reference
from verksam.core import permissions as perms
from verksam.core.audit import delete_audited, save_audited
from verksam.core.errors import NotAllowedError
from verksam.organisation.models import Party, Person, Unit, UnitKind
from verksam.planning.models import Plan, PlanKind, PlanStatus

#: Permission needed to import a case on its unit: held by controllers and administrators.
IMPORT_PERMISSION = perms.DECIDE_PLAN

#: Party names by the abbreviation memos use (Swedish parliamentary and common local parties).
PARTY_NAMES = {
    "S": "Socialdemokraterna", "M": "Moderaterna", "SD": "Sverigedemokraterna", "C": "Centerpartiet",
    "V": "Vänsterpartiet", "KD": "Kristdemokraterna", "L": "Liberalerna", "MP": "Miljöpartiet de gröna",
    "FI": "Feministiskt initiativ",
}



@dataclass
class ImportResult:
    """What ``import_case`` did: the ``case``, whether it was ``created`` and whether anything
    ``changed`` (False for a re-import of the same memo)."""

    case: Case
    created: bool
    changed: bool


# --- reading files -------------------------------------------------------------------------

def read_memo(source, *, filename: str = "") -> str:
    """The text of a memo given as a path, bytes or file object — plain text (UTF-8) or PDF
    (text layer). Raises ``CaseImportError`` in Swedish for an empty file, binary junk, a file
    named .pdf that is not a PDF, a damaged or scanned PDF."""
    name = _source_name(source, filename)
    try:
        text = read_memo_source(source)
    except MemoParseError as exc:
        message = str(exc)
        if name and message.startswith("filen "):  # pdf_text names bytes "filen"; name the file
            message = f"{name} {message[len('filen '):]}"
        raise CaseImportError(message, field="file") from exc
    if name.lower().endswith(".pdf") and not _looks_like_pdf_source(source):
        raise CaseImportError(_("%(name)s är inte en PDF-fil (filhuvudet %%PDF saknas).") % {"name": name},
                              field="file")
    if not text.strip():
        raise CaseImportError(_("Filen är tom – det finns ingen text att läsa in."), field="file")
    return text


def _source_name(source, filename: str = "") -> str:
    """The file's base name for messages and ``Case.source_filename`` ("" for bytes)."""
    if filename:
        name = filename
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
    else:
        name = str(getattr(source, "name", "") or "")
    return name.replace("\\", "/").rsplit("/", 1)[-1][:255]


def _looks_like_pdf_source(source) -> bool:
    if isinstance(source, (bytes, bytearray)):
        head = bytes(source[:1024])
    elif hasattr(source, "read"):
        position = source.tell() if hasattr(source, "tell") else None
        if hasattr(source, "seek"):
            source.seek(0)
        head = source.read(1024)
        if position is not None:
            source.seek(position)
        head = head.encode() if isinstance(head, str) else head
    else:
        with open(source, "rb") as handle:
            head = handle.read(1024)
    return b"%PDF-" in head


def parse_text(text: str) -> dict:
    """Parse memo text into the import JSON dict; ``CaseImportError`` (Swedish) when the parser
    cannot read it."""
    try:
        return parse_memo(text).to_json()
    except MemoParseError as exc:
        raise CaseImportError(str(exc), field="file") from exc


def import_file(source, *, municipality, acting_user=None, filename: str = "", **options) -> tuple[ImportResult, dict]:
    """Read, parse and import one memo file. Returns (result, parsed dict). ``options`` go to
    ``import_case``. Raises ``CaseImportError``, ``CaseLockedError`` or ``NotAllowedError``."""
    text = read_memo(source, filename=filename)
    data = parse_text(text)
    result = import_case(data, municipality=municipality, acting_user=acting_user, source_text=text,
                         source_filename=_source_name(source, filename), **options)
    return result, data


# --- matching against the organisation ----------------------------------------------------

class OrganisationDirectory:
    """The municipality's units, parties and persons, loaded once per import (three queries)."""

    def __init__(self, municipality, acting_user):
        self.municipality = municipality
        self.acting_user = acting_user
        self.units = list(Unit.objects.filter(municipality=municipality).order_by("path"))
        self.parties = {p.abbreviation.upper(): p for p in Party.objects.filter(municipality=municipality)}
        self.persons: dict[str, list[Person]] = {}
        for person in Person.objects.filter(municipality=municipality).order_by("pk"):
            self.persons.setdefault(person.name.casefold(), []).append(person)

    def unit(self, name: str) -> Unit | None:
        """The unit called ``name`` (case-insensitive, also by short name), or None."""
        key = (name or "").strip().casefold()
        if not key:
            return None
        for unit in self.units:
            if key in {unit.name.casefold(), (unit.short_name or "").casefold()}:
                return unit
        return None

    def unit_by_prefix(self, prefix: str) -> Unit | None:
        for unit in self.units:
            if unit.registry_prefix and unit.registry_prefix.upper() == prefix.upper():
                return unit
        return None

    def root(self) -> Unit | None:
        roots = [u for u in self.units if u.parent_id is None]
        return roots[0] if roots else None

    def party(self, abbreviation: str) -> Party | None:
        """The party with ``abbreviation``; created (named from ``PARTY_NAMES``) when missing."""
        if not abbreviation:
            return None
        party = self.parties.get(abbreviation.upper())
        if party is None:
            party = Party(municipality=self.municipality, abbreviation=abbreviation.upper(),
                          name=PARTY_NAMES.get(abbreviation.upper(), abbreviation.upper()))
            save_audited(party, acting_user=self.acting_user, reason="Ärendeinläsning", created=True)
            self.parties[party.abbreviation] = party
        return party

    def person(self, name: str, party: Party | None) -> Person:
        """The person called ``name`` (preferring one of ``party``); created when missing."""
        candidates = self.persons.get(name.casefold(), [])
        for person in candidates:
            if party is not None and person.party_id == party.pk:
                return person
        if candidates:
            return candidates[0]
        person = Person(municipality=self.municipality, name=name, party=party)
        save_audited(person, acting_user=self.acting_user, reason="Ärendeinläsning", created=True)
        self.persons.setdefault(name.casefold(), []).append(person)
        return person


def responsible_unit_for(data: dict, directory: OrganisationDirectory) -> Unit | None:
    """The board responsible for the case: the unit with the reference's registry prefix
    ("KS" → kommunstyrelsen), else the unit named after "för" in the title
    ("Verksamhetsplan 2024 för kommunstyrelsen")."""
    try:
        reference = parse_reference(data["reference"])
    except (InvalidReference, KeyError):
        reference = None
    if reference is not None and not reference.is_older_form:
        unit = directory.unit_by_prefix(reference.prefix)
        if unit is not None:
            return unit
    match = re.search(r"\bför\s+(.+?)\s*$", data.get("title") or "")
    return directory.unit(match.group(1)) if match else None


@dataclass
class PlanMatch:
    """What the plan lookup found: ``plan`` (the plan the case will adopt, or None) and
    ``skipped`` — plans that matched by reference, title or year but are already decided by
    another case (another diarienummer), so they are not linked."""

    plan: Plan | None
    skipped: list[Plan]


def _decided_elsewhere(plan: Plan, reference: str) -> bool:
    """True when ``plan`` is decided under another diarienummer than ``reference``."""
    return plan.status == PlanStatus.DECIDED and plan.decision_reference != reference


def match_plan(municipality, *, reference: str, title: str, unit: Unit | None) -> PlanMatch:
    """The plan a case adopts: by ``Plan.reference`` equal to the case reference, else an
    operational plan of ``unit`` with the same title, else one of ``unit`` for the year the
    title names ("Verksamhetsplan 2024 …"). A plan already decided by another case (its
    ``decision_reference`` differs) is never linked: it is reported in ``skipped`` and the
    search goes on. When nothing is left the case is linked to no plan (none is created)."""
    plans = Plan.objects.filter(unit__municipality=municipality).order_by("pk")
    candidates = list(plans.filter(reference=reference))
    if unit is not None:
        candidates += list(plans.filter(unit=unit, title__iexact=title))
        year = re.search(r"\b(20[0-9]{2})\b", title or "")
        if year and re.search(r"verksamhetsplan", title or "", re.IGNORECASE):
            candidates += list(plans.filter(unit=unit, year=int(year.group(1)), kind=PlanKind.OPERATIONAL_PLAN))
    skipped: list[Plan] = []
    for plan in candidates:
        if not _decided_elsewhere(plan, reference):
            return PlanMatch(plan=plan, skipped=skipped)
        if plan not in skipped:
            skipped.append(plan)
    return PlanMatch(plan=None, skipped=skipped)


def find_plan(municipality, *, reference: str, title: str, unit: Unit | None) -> Plan | None:
    """The plan a case adopts, or None (``match_plan`` — plans decided by another case are
    skipped)."""
    return match_plan(municipality, reference=reference, title=title, unit=unit).plan


# --- writing -------------------------------------------------------------------------------

def import_case(data: Any, *, municipality, acting_user=None, source_text: str = "", source_filename: str = "",
                is_example: bool = False, responsible_unit: Unit | None = None, notes: str | None = None,
                plan: Plan | None = None) -> ImportResult:
    """Create or update the case described by ``data`` (the import JSON) in ``municipality``.

    All or nothing in one transaction; idempotent by reference (see the module docstring).
    ``responsible_unit`` overrides the unit found from the reference/title. ``notes`` (when
    given) replaces the case's note on example data. ``plan`` overrides the plan found by
    reference or title.

    Raises ``CaseImportError`` for invalid data, ``NotAllowedError`` when ``acting_user`` may
    not import on the unit, ``CaseLockedError`` when a decided case would change.
    """
    cleaned = clean_case_data(data)
    source_text = (source_text or "").replace("\x00", "")
    try:
        with transaction.atomic():
            return _write(cleaned, municipality=municipality, acting_user=acting_user, source_text=source_text,
                          source_filename=source_filename, is_example=is_example,
                          responsible_unit=responsible_unit, notes=notes, plan=plan)
    except IntegrityError as exc:
        raise CaseImportError(_("Ärendet kunde inte sparas: uppgifterna krockar med befintliga data (%(e)s).")
                              % {"e": exc}) from exc


def _require(acting_user, unit: Unit | None, directory: OrganisationDirectory) -> None:
    if acting_user is None:
        return
    target = unit or directory.root()
    if target is None:
        if not getattr(acting_user, "is_superuser", False):
            raise NotAllowedError()
        return
    perms.require(acting_user, IMPORT_PERMISSION, target)


def _write(cleaned: dict, *, municipality, acting_user, source_text, source_filename, is_example,
           responsible_unit, notes, plan=None) -> ImportResult:
    from verksam.cases.queries import case_to_dict, normalise_case_dict

    directory = OrganisationDirectory(municipality, acting_user)
    unit = responsible_unit or responsible_unit_for(cleaned, directory)
    case = Case.objects.select_for_update().filter(municipality=municipality, reference=cleaned["reference"]).first()
    _require(acting_user, unit, directory)
    created = case is None
    if case is not None:
        if case.responsible_unit_id and case.responsible_unit_id != getattr(unit, "pk", None):
            _require(acting_user, case.responsible_unit, directory)
        if case.is_decided:
            if case_to_dict(case) == normalise_case_dict(cleaned):
                return ImportResult(case=case, created=False, changed=False)
            raise CaseLockedError(_("Ärendet %(ref)s är beslutat och kan inte ändras genom en ny inläsning.")
                                  % {"ref": case.reference})
    else:
        case = Case(municipality=municipality, reference=cleaned["reference"])
    rapporteur = cleaned["rapporteur"]
    values = {
        "kind": DOCUMENT_KIND_BY_NAME[cleaned["kind"]],
        "title": cleaned["title"],
        "summary": cleaned["summary"],
        "responsible_unit": unit,
        "rotel": cleaned["rotel"],
        "rapporteur": directory.person(rapporteur["name"], None) if rapporteur else None,
        "rapporteur_role": rapporteur["role"] if rapporteur else "",
        "prepared_by": cleaned["prepared_by"],
        "prepared_by_unit": directory.unit(cleaned["prepared_by"]),
        "rapporteur_views": cleaned["rapporteur_views"],
        "date": cleaned["date"],
        "plan": plan or find_plan(municipality, reference=cleaned["reference"], title=cleaned["title"], unit=unit),
    }
    if source_text:
        values.update(source_text=source_text, source_filename=source_filename)
    if created:
        values["is_example"] = is_example
    if notes is not None:
        values["notes"] = notes
    for name, value in values.items():
        setattr(case, name, value)
    changed = save_audited(case, acting_user=acting_user, reason="Ärendeinläsning", created=created)
    changed |= _write_content(case, cleaned, directory)
    return ImportResult(case=case, created=created, changed=changed or created)


def _sync(existing: list, wanted: list[dict], make, acting_user) -> tuple[list, bool]:
    """Make ``existing`` rows (in order) carry ``wanted`` values: update by position, create
    the missing, delete the extra. Returns (rows, changed)."""
    rows, changed = [], False
    for i, values in enumerate(wanted):
        if i < len(existing):
            row = existing[i]
            for name, value in values.items():
                setattr(row, name, value)
            changed |= save_audited(row, acting_user=acting_user, reason="Ärendeinläsning")
        else:
            row = make(**values)
            save_audited(row, acting_user=acting_user, reason="Ärendeinläsning", created=True)
            changed = True
        rows.append(row)
    for row in existing[len(wanted):]:
        delete_audited(row, acting_user=acting_user, reason="Ärendeinläsning")
        changed = True
    return rows, changed


def _write_content(case: Case, cleaned: dict, directory: OrganisationDirectory) -> bool:
    user = directory.acting_user
    documents = _document_values(case, cleaned, directory)
    docs, changed = _sync(list(case.documents.order_by("order", "pk")), documents,
                          lambda **v: Document(case=case, **v), user)
    steps = _step_values(case, cleaned, directory, docs)
    _, step_changed = _sync(list(case.steps.order_by("order", "pk")), steps,
                            lambda **v: HandlingStep(case=case, **v), user)
    changed |= step_changed
    _, c = _sync(list(case.proposals.order_by("pk")), cleaned["proposals"],
                 lambda **v: Proposal(case=case, **v), user)
    changed |= c
    _, c = _sync(list(case.attachments.order_by("pk")), cleaned["attachments"],
                 lambda **v: CaseAttachment(case=case, **v), user)
    changed |= c
    return _write_statements(case, cleaned["statements"], directory) or changed


def _document_values(case: Case, cleaned: dict, directory: OrganisationDirectory) -> list[dict]:
    kind = DOCUMENT_KIND_BY_NAME[cleaned["kind"]]
    rapporteur = cleaned["rapporteur"]
    main = {
        "kind": kind,
        "title": " ".join(p for p in [cleaned["kind"], cleaned["rotel"]] if p),
        "author": rapporteur["name"] if rapporteur else "",
        "author_unit": None,
        "date": cleaned["date"],
        "reference": cleaned["reference"],
        "order": 1,
        "text": "",
    }
    documents = []
    report = cleaned["official_report"]
    if report is not None:
        documents.append({
            "kind": DocumentKind.OFFICIAL_REPORT, "title": "Tjänsteutlåtande", "author": report["author"],
            "author_unit": directory.unit(report["author"]), "date": report["date"],
            "reference": cleaned["reference"], "order": 0, "text": cleaned["official_report_text"],
        })
    documents.append(main)
    return documents


def _step_values(case: Case, cleaned: dict, directory: OrganisationDirectory, docs: list[Document]) -> list[dict]:
    """The case's way: the förvaltning's tjänsteutlåtande, then the bodies the kind implies
    (PM: borgarrådsberedningen → kommunstyrelsen; utlåtande: kommunstyrelsen → kommunfullmäktige;
    tjänsteutlåtande: the board; protokollsutdrag: the body of its statements or the board)."""
    kind = cleaned["kind"]
    report = cleaned["official_report"]
    main_doc = docs[-1]
    steps: list[dict] = []

    def add(stage, name, *, unit=None, date=None, document=None):
        unit = unit or directory.unit(name)
        steps.append({"order": len(steps) + 1, "stage": stage, "body": unit,
                      "body_name": (unit.name if unit else name)[:200], "date": date, "document": document,
                      "date_is_example": False, "meeting": None, "item_number": ""})

    if report is not None and kind != "tjänsteutlåtande":
        author = report["author"] or cleaned["prepared_by"] or "förvaltningen"
        add(Stage.ADMINISTRATION, author[:1].upper() + author[1:], date=report["date"], document=docs[0])
    executive = _executive(directory, case)
    if kind == "PM":
        add(Stage.PREPARATION, "Borgarrådsberedningen", date=cleaned["date"], document=main_doc)
        add(Stage.EXECUTIVE, executive.name if executive else "Kommunstyrelsen", unit=executive)
    elif kind == "utlåtande":
        add(Stage.EXECUTIVE, executive.name if executive else "Kommunstyrelsen", unit=executive,
            document=main_doc)
        council = next((u for u in directory.units if u.kind == UnitKind.COUNCIL), None)
        add(Stage.COUNCIL, council.name if council else "Kommunfullmäktige", unit=council)
    elif kind == "tjänsteutlåtande":
        add(Stage.ADMINISTRATION, cleaned["prepared_by"] or "Förvaltningen", date=cleaned["date"],
            document=main_doc)
        board = case.responsible_unit
        add(Stage.BOARD, board.name if board else "Nämnden", unit=board)
    else:
        bodies = [s["body"] for s in cleaned["statements"] if s["body"]]
        name = bodies[0] if bodies else (case.responsible_unit.name if case.responsible_unit else "Nämnden")
        unit = directory.unit(name)
        add(_stage_of(unit), name[:1].upper() + name[1:], unit=unit, date=cleaned["date"], document=main_doc)
    return steps


def _executive(directory: OrganisationDirectory, case: Case) -> Unit | None:
    if case.responsible_unit is not None and case.responsible_unit.kind == UnitKind.EXECUTIVE_BOARD:
        return case.responsible_unit
    return next((u for u in directory.units if u.kind == UnitKind.EXECUTIVE_BOARD), None)


def _stage_of(unit: Unit | None) -> str:
    if unit is None:
        return Stage.BOARD
    return {UnitKind.COUNCIL: Stage.COUNCIL, UnitKind.EXECUTIVE_BOARD: Stage.EXECUTIVE,
            UnitKind.ADMINISTRATION: Stage.ADMINISTRATION, UnitKind.PREPARATORY_BODY: Stage.PREPARATION,
            }.get(unit.kind, Stage.BOARD)


def _write_statements(case: Case, statements: list[dict], directory: OrganisationDirectory) -> bool:
    user = directory.acting_user
    wanted = []
    for i, s in enumerate(statements):
        body = directory.unit(s["body"])
        wanted.append({"order": i, "kind": STATEMENT_KIND_BY_NAME[s["kind"]], "body": body,
                       "body_name": s["body"], "stance": STANCE_BY_NAME.get(s["stance"], ""), "text": s["text"]})
    existing = list(case.statements.order_by("order", "pk"))
    # same_as is set below once every statement exists; keep backward links in the first pass
    # so that an unchanged re-import saves nothing.
    for i, values in enumerate(wanted):
        target = statements[i]["same_as"]
        values["same_as"] = existing[target] if target is not None and target < min(i, len(existing)) else None
    rows, changed = _sync(existing, wanted, lambda **v: Statement(case=case, **v), user)
    for i, s in enumerate(statements):
        target = rows[s["same_as"]] if s["same_as"] is not None else None
        if rows[i].same_as_id != getattr(target, "pk", None):
            rows[i].same_as = target
            changed |= save_audited(rows[i], acting_user=user, reason="Ärendeinläsning")
    by_statement = {}
    for sp in StatementPerson.objects.filter(statement__in=rows).order_by("order", "pk"):
        by_statement.setdefault(sp.statement_id, []).append(
            (sp.person_id, sp.party_id, sp.party_abbreviation, sp.order))
    for row, s in zip(rows, statements):
        desired = []
        for order, p in enumerate(s["persons"]):
            party = directory.party(p["party"])
            person = directory.person(p["name"], party)
            desired.append((person, party, p["party"], order))
        if [(p.pk, getattr(pa, "pk", None), ab, o) for p, pa, ab, o in desired] != by_statement.get(row.pk, []):
            row._history_user = user
            row._change_reason = "Ärendeinläsning"
            if by_statement.get(row.pk):
                row.persons.clear()
            for person, party, abbreviation, order in desired:
                row.persons.add(person, through_defaults={"party": party, "party_abbreviation": abbreviation,
                                                          "order": order})
            changed = True
        _, c = _sync(list(row.points.order_by("pk")), s["points"],
                     lambda row=row, **v: StatementPoint(statement=row, **v), user)
        changed |= c
        activities = [{"text": text, "order": k} for k, text in enumerate(s["proposed_activities"])]
        _, c = _sync(list(row.proposed_activities.order_by("order", "pk")), activities,
                     lambda row=row, **v: ProposedActivity(statement=row, **v), user)
        changed |= c
    return changed
