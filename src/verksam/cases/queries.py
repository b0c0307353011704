"""Read queries for cases (ärenden): the case page, the import JSON, positions per point.

Every function reads in a number of queries that does not grow with the size of the case
(tests assert it at two sizes). The per-point comparison page, the PDF/DOCX rendering and
the Popolo export read from ``case_detail``, ``case_to_dict``, ``positions_by_point`` and
``party_positions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q

from verksam.cases.models import (
    Case, CaseAttachment, CaseStatus, Decision, Document, DocumentKind, DOCUMENT_NAME_BY_KIND, HandlingStep,
    ProfitCentre, Proposal, ProposedActivity, Stance, STANCE_NAME_BY_VALUE, Statement, STATEMENT_NAME_BY_KIND,
    StatementPerson, StatementPoint, TurnoverChange,
)
from verksam.core import permissions as perms


def visible_cases(user):
    """Cases ``user`` may read: decided cases for everyone, cases under preparation only in
    units where the user holds a role with ``view_drafts`` (superusers: all)."""
    return Case.objects.filter(
        Q(status=CaseStatus.DECIDED) | perms.scope_q(user, perms.VIEW_DRAFTS, unit_field="responsible_unit")
    )


def latest_cases(user, limit: int = 50) -> list[Case]:
    """The most recent cases ``user`` may read, newest first (one query)."""
    return list(visible_cases(user).select_related("responsible_unit").order_by("-date", "-pk")[:limit])


def cases_for_plan(plan) -> list[Case]:
    """The cases that adopt ``plan`` (one query). Each carries ``adopted_on_example_date``: True
    when the decision that adopted the plan is marked as example data (an invented meeting
    date, as in the demo's KS meeting 17 januari 2024)."""
    example = Decision.objects.filter(case=OuterRef("pk"), plan=plan, is_example=True)
    return list(Case.objects.filter(plan=plan).annotate(adopted_on_example_date=Exists(example))
                .order_by("-date", "pk"))


def plan_decision_is_example(cases: list[Case]) -> bool:
    """True when ``cases`` (from ``cases_for_plan``) mark the plan's decision date as example data."""
    return any(getattr(case, "adopted_on_example_date", False) for case in cases)


@dataclass
class StatementGroup:
    """The statements made in one body ("borgarrådsberedningen", "kommunstyrelsen")."""

    body_name: str
    statements: list[Statement]


@dataclass
class CaseDetail:
    """Everything the case page shows. Statements carry ``signatory_list`` (StatementPerson with
    person and party), ``point_list``, ``activity_list`` and ``same_as_loaded`` (the identical
    statement, itself with those lists)."""

    case: Case
    documents: list[Document]
    steps: list[HandlingStep]
    proposals: list[Proposal]
    attachments: list[CaseAttachment]
    decisions: list[Decision]
    statements: list[Statement]
    groups: list[StatementGroup]
    profit_centres: list[ProfitCentre]
    turnover_changes: list[TurnoverChange]
    example_dates: bool = False

    @property
    def reservation_count(self) -> int:
        """Number of reservations (a decision with one is never called unanimous)."""
        return sum(1 for s in self.statements if s.kind == "reservation")

    @property
    def reservations_by_body(self):
        """The reservations counted per body in memo order
        (``queries_comparison.reservations_by_body``)."""
        from verksam.cases.queries_comparison import reservations_by_body

        return reservations_by_body(self.statements)


def _statements(case_id: int) -> list[Statement]:
    return list(
        Statement.objects.filter(case_id=case_id).select_related("body", "same_as").prefetch_related(
            Prefetch("signatories", queryset=StatementPerson.objects.select_related("person", "party")
                     .order_by("order", "pk"), to_attr="signatory_list"),
            Prefetch("points", queryset=StatementPoint.objects.order_by("pk"), to_attr="point_list"),
            Prefetch("proposed_activities", queryset=ProposedActivity.objects.order_by("order", "pk"),
                     to_attr="activity_list"),
        ).order_by("order", "pk")
    )


def case_detail(case: Case) -> CaseDetail:
    """Load the case page: documents, handling steps, proposals, attachments, decisions (with
    profit centres and turnover changes), and statements grouped by body in memo order."""
    statements = _statements(case.pk)
    by_pk = {s.pk: s for s in statements}
    for statement in statements:
        statement.same_as_loaded = by_pk.get(statement.same_as_id)
    groups: list[StatementGroup] = []
    for statement in statements:
        name = statement.body.name if statement.body_id else (statement.body_name or "")
        name = name[:1].upper() + name[1:]
        if not groups or groups[-1].body_name != name:
            groups.append(StatementGroup(body_name=name, statements=[]))
        groups[-1].statements.append(statement)
    decisions = list(Decision.objects.filter(case=case).select_related("body", "plan", "meeting")
                     .order_by("decided_on", "pk"))
    steps = list(HandlingStep.objects.filter(case=case).select_related("body", "meeting", "document")
                 .order_by("order", "pk"))
    return CaseDetail(
        case=case,
        documents=list(Document.objects.filter(case=case).order_by("order", "pk")),
        steps=steps,
        proposals=list(Proposal.objects.filter(case=case).order_by("number", "pk")),
        attachments=list(CaseAttachment.objects.filter(case=case).order_by("number", "pk")),
        decisions=decisions,
        statements=statements,
        groups=groups,
        profit_centres=list(ProfitCentre.objects.filter(decision__case=case).select_related("unit")
                            .order_by("name")),
        turnover_changes=list(TurnoverChange.objects.filter(decision__case=case).select_related("unit")),
        example_dates=any(s.date_is_example for s in steps) or any(d.is_example for d in decisions),
    )


# --- the import JSON -------------------------------------------------------------------------

def json_amount(amount) -> int | float | None:
    """An amount in kronor as in the import JSON: int when whole, else float; None stays."""
    if amount is None:
        return None
    amount = Decimal(amount)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _iso(value) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _opt(value) -> str | None:
    return value or None


def normalise_case_dict(cleaned: dict) -> dict:
    """The import JSON of a dict cleaned by ``importer.clean_case_data``: dates ISO, amounts as
    numbers, empty optional texts as None — the same shape ``case_to_dict`` gives."""
    rapporteur = cleaned.get("rapporteur")
    report = cleaned.get("official_report")
    return {
        "reference": cleaned["reference"],
        "kind": cleaned["kind"],
        "rotel": _opt(cleaned.get("rotel")),
        "title": cleaned["title"],
        "date": _iso(cleaned.get("date")),
        "summary": _opt(cleaned.get("summary")),
        "rapporteur": {"name": rapporteur["name"], "role": rapporteur.get("role") or ""} if rapporteur else None,
        "prepared_by": _opt(cleaned.get("prepared_by")),
        "official_report": ({"author": _opt(report.get("author")), "date": _iso(report.get("date"))}
                            if report is not None else None),
        "rapporteur_views": _opt(cleaned.get("rapporteur_views")),
        "official_report_text": _opt(cleaned.get("official_report_text")) if report is not None else None,
        "proposals": [{"number": p["number"], "text": p["text"], "amount_sek": json_amount(p["amount_sek"])}
                      for p in cleaned["proposals"]],
        "attachments": [{"number": a["number"], "title": a["title"], "reference": _opt(a["reference"])}
                        for a in cleaned["attachments"]],
        "statements": [{
            "kind": s["kind"], "body": _opt(s["body"]),
            "persons": [{"name": p["name"], "party": _opt(p["party"])} for p in s["persons"]],
            "stance": _opt(s["stance"]),
            "points": [{"number": p["number"], "text": p["text"]} for p in s["points"]],
            "same_as": s["same_as"], "proposed_activities": list(s["proposed_activities"]), "text": s["text"],
        } for s in cleaned["statements"]],
    }


def case_to_dict(case: Case) -> dict:
    """The case in the import JSON shape (issue 3; ``ParsedCase.to_json()``): importing a memo
    and reading the case back gives the parser's dict. Constant number of queries."""
    # The official report the case rests on is the document of order 0 (the main document is 1).
    report = Document.objects.filter(case=case, kind=DocumentKind.OFFICIAL_REPORT, order=0).first()
    statements = _statements(case.pk)
    index = {s.pk: i for i, s in enumerate(statements)}
    rapporteur = case.rapporteur if case.rapporteur_id else None
    return {
        "reference": case.reference,
        "kind": DOCUMENT_NAME_BY_KIND.get(case.kind, case.kind),
        "rotel": _opt(case.rotel),
        "title": case.title,
        "date": _iso(case.date),
        "summary": _opt(case.summary),
        "rapporteur": {"name": rapporteur.name, "role": case.rapporteur_role} if rapporteur else None,
        "prepared_by": _opt(case.prepared_by),
        "official_report": {"author": _opt(report.author), "date": _iso(report.date)} if report else None,
        "rapporteur_views": _opt(case.rapporteur_views),
        "official_report_text": _opt(report.text) if report else None,
        "proposals": [{"number": p.number, "text": p.text, "amount_sek": json_amount(p.amount_sek)}
                      for p in Proposal.objects.filter(case=case).order_by("pk")],
        "attachments": [{"number": a.number, "title": a.title, "reference": _opt(a.reference)}
                        for a in CaseAttachment.objects.filter(case=case).order_by("pk")],
        "statements": [{
            "kind": STATEMENT_NAME_BY_KIND.get(s.kind, s.kind),
            "body": _opt(s.body_name),
            "persons": [{"name": sp.person.name, "party": _opt(sp.party_abbreviation)} for sp in s.signatory_list],
            "stance": STANCE_NAME_BY_VALUE.get(s.stance) if s.stance else None,
            "points": [{"number": p.number, "text": p.text} for p in s.point_list],
            "same_as": index.get(s.same_as_id) if s.same_as_id else None,
            "proposed_activities": [a.text for a in s.activity_list],
            "text": s.text,
        } for s in statements],
    }


# --- positions (for the comparison page and exports) ----------------------------------------

@dataclass
class PartyPosition:
    """One party's position on the case: its statements (in memo order, identical ones
    included), its stance, the persons who signed and the activities it proposes instead."""

    abbreviation: str
    name: str
    stance: str = ""
    statements: list[Statement] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    proposed_activities: list[str] = field(default_factory=list)

    @property
    def stance_label(self) -> str:
        """The stance in Swedish ("delvis bifall") or ""."""
        return Stance(self.stance).label if self.stance else ""


def party_positions(case: Case) -> list[PartyPosition]:
    """Each party that made a statement, with its stance and proposed activities (identical
    statements — "likalydande" — contribute their original's activities). Ordered by first
    appearance in the memo. Constant number of queries."""
    statements = _statements(case.pk)
    by_pk = {s.pk: s for s in statements}
    positions: dict[str, PartyPosition] = {}
    for statement in statements:
        original = by_pk.get(statement.same_as_id, statement) if statement.same_as_id else statement
        for sp in statement.signatory_list:
            key = sp.party_abbreviation or "–"
            position = positions.get(key)
            if position is None:
                position = positions[key] = PartyPosition(
                    abbreviation=key, name=sp.party.name if sp.party_id else key)
            if statement not in position.statements:
                position.statements.append(statement)
            if sp.person.name not in position.persons:
                position.persons.append(sp.person.name)
            position.stance = position.stance or statement.stance or original.stance
            for activity in original.activity_list:
                if activity.text not in position.proposed_activities:
                    position.proposed_activities.append(activity.text)
    return list(positions.values())


@dataclass
class PointPositions:
    """One decision point: the proposal, its decisions, and every party's stance on the
    proposal as a whole (memos state stances on the whole proposal, not per point)."""

    proposal: Proposal
    decisions: list[Decision]
    positions: list[PartyPosition]

    @property
    def opposing(self) -> list[PartyPosition]:
        """Parties that reserved against the proposal wholly or in part."""
        return [p for p in self.positions if p.stance in {Stance.REJECT, Stance.REJECT_IN_PART, Stance.APPROVE_IN_PART}]

    @property
    def unanimous(self) -> bool:
        """Never true when any reservation exists, whatever its stance (DESIGN: decision
        summaries); the rule itself is ``queries_comparison.is_unanimous``."""
        from verksam.cases.queries_comparison import is_unanimous

        return is_unanimous([s for p in self.positions for s in p.statements])


def positions_by_point(case: Case) -> list[PointPositions]:
    """For each decision point: the proposal, the decisions taken on it and the parties'
    positions. Constant number of queries."""
    positions = party_positions(case)
    decisions: dict[int, list[Decision]] = {}
    for decision in Decision.objects.filter(case=case).select_related("body").order_by("decided_on", "pk"):
        decisions.setdefault(decision.proposal_id, []).append(decision)
    return [PointPositions(proposal=p, decisions=decisions.get(p.pk, []), positions=positions)
            for p in Proposal.objects.filter(case=case).order_by("number", "pk")]
