"""Positions on a case, read for comparison and output (jämförelse per beslutspunkt).

One read model serves the comparison page, the PDF/DOCX memo and the Popolo export:

* ``statement_summaries(statements)`` turns the case's statements (reservation, särskilt
  uttalande, ersättaryttrande) into ``StatementSummary`` objects: persons with their party as
  stated, the body where the statement was made, the stance (bifall, delvis bifall, avslag,
  delvis avslag), and — for a statement "likalydande med" another — the statement it repeats,
  resolved so that its points, text and proposed activities are the original's.
* ``case_comparison(case)`` gives, for every decision point (beslutspunkt), the proposal, who
  supports it (the rapporteur's side: the persons of the case who did not reserve themselves),
  and per body who reserved and who made other statements; for every party what it proposes
  instead; and the activities of the plan the case adopts, to set beside the parties'.

Rule (DESIGN.md, "Decision summaries"): a decision is never called unanimous when a
reservation exists — ``is_unanimous`` is the one implementation; and every count shown equals
the persons listed (``BodyPositions.reserving_persons`` is the list its count is taken from).
Memos state a stance on the proposal as a whole, not per point, so every point carries the same
statements; the page says so.

Reads a constant number of queries (``case_detail`` plus the case and the plan's activities);
tests assert it at two sizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verksam.cases.models import (
    Case, Proposal, Stance, STANCE_NAME_BY_VALUE, Statement, StatementKind, STATEMENT_NAME_BY_KIND,
)
from verksam.cases.queries import CaseDetail, case_detail
from verksam.documents.formatting import format_amount_sek

#: Kinds of statement in Swedish, capitalised as they open a sentence ("Reservation av …").
KIND_TITLES = {
    StatementKind.RESERVATION: "Reservation",
    StatementKind.SPECIAL: "Särskilt uttalande",
    StatementKind.SUBSTITUTE: "Ersättaryttrande",
}


def is_unanimous(statements) -> bool:
    """True only when none of ``statements`` (Statement or StatementSummary) is a reservation.

    DESIGN.md "Decision summaries": never call a decision unanimous when a reservation exists —
    whatever its stance (a reservation with an unstated stance still counts).
    """
    return not any(getattr(s, "kind", None) == StatementKind.RESERVATION for s in statements)


@dataclass
class BodyReservationCount:
    """How many reservations were made in one body: ``body`` as the memo names it in running
    text ("kommunstyrelsen", lower case) and ``count``."""

    body: str
    count: int


def reservations_by_body(statements) -> list[BodyReservationCount]:
    """The reservations among ``statements`` (Statement or StatementSummary, memo order) counted
    per body, bodies in order of first appearance — the one count the case page and the
    comparison page show ("2 reservationer i borgarrådsberedningen, 4 i kommunstyrelsen"), so a
    count never adds up dissents of different bodies. A reservation without a body counts under
    "okänt organ". No queries."""
    counts: dict[str, BodyReservationCount] = {}
    for item in statements:
        statement = getattr(item, "statement", item)
        if statement.kind != StatementKind.RESERVATION:
            continue
        name = statement.body.name if statement.body_id and statement.body else (statement.body_name or "")
        name = lower_first(name.strip()) or "okänt organ"
        entry = counts.setdefault(name.casefold(), BodyReservationCount(body=name, count=0))
        entry.count += 1
    return list(counts.values())


def join_names(items: list[str]) -> str:
    """Swedish enumeration: "A", "A och B", "A, B och C"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


def party_genitive(name: str) -> str:
    """The genitive of a party name: "Moderaterna" → "Moderaternas", "Centerpartiet" →
    "Centerpartiets"; names already ending in s, x or z are unchanged."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def lower_first(text: str) -> str:
    """"Kommunstyrelsen" → "kommunstyrelsen" (only the first letter)."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """"borgarrådsberedningen" → "Borgarrådsberedningen" (only the first letter)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Signatory:
    """A person behind a statement with the party as stated in the memo ("M"); ``party_name``
    is the party's full name when the party is known ("Moderaterna"), else the abbreviation."""

    person_id: int
    name: str
    party_abbreviation: str = ""
    party_name: str = ""
    party_id: int | None = None

    @property
    def label(self) -> str:
        """"Christofer Fjellner (M)", or the name alone without a party."""
        return f"{self.name} ({self.party_abbreviation})" if self.party_abbreviation else self.name


def persons_phrase(signatories: list[Signatory]) -> str:
    """The persons as a memo names them: "Gabriel Kroon (SD)", "Christofer Fjellner och Dennis
    Wedin (båda M)", "A, B och C (alla M)"; mixed parties "A (M) och B (L)"."""
    if not signatories:
        return ""
    parties = [s.party_abbreviation for s in signatories]
    names = [s.name for s in signatories]
    if all(parties) and len(set(parties)) == 1:
        if len(names) == 1:
            return f"{names[0]} ({parties[0]})"
        word = "båda" if len(names) == 2 else "alla"
        return f"{join_names(names)} ({word} {parties[0]})"
    return join_names([s.label for s in signatories])


@dataclass(frozen=True)
class TextBlock:
    """A block of a statement's argument: ``kind`` "paragraph" (``text``) or "bullets" (``items``)."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()


def text_blocks(text: str, activities: list[str]) -> list[TextBlock]:
    """Split a statement's text (paragraphs separated by blank lines, bullets as "• …" lines)
    into blocks. The first bullet block is replaced by ``activities`` (the structured proposed
    activities are the authority; the parser takes every bullet into them) and later bullet
    blocks are dropped; with no bullet block in the text the activities follow at the end."""
    blocks: list[TextBlock] = []
    placed = False
    for chunk in re.split(r"\n\s*\n", text or ""):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("•", "–", "-", "*")) for line in lines):
            if not placed and activities:
                blocks.append(TextBlock(kind="bullets", items=tuple(activities)))
            placed = True
            continue
        blocks.append(TextBlock(kind="paragraph", text=" ".join(lines)))
    if activities and not placed:
        blocks.append(TextBlock(kind="bullets", items=tuple(activities)))
    return blocks


@dataclass
class StatementSummary:
    """A statement read for display and export. ``number`` is its 1-based place in the memo;
    ``same_as`` the statement it is identical to ("likalydande med"), if any; ``original`` the
    statement whose content it carries (itself, or the end of the ``same_as`` chain)."""

    statement: Statement
    number: int
    body_label: str
    signatories: list[Signatory]
    same_as: StatementSummary | None = None
    original: StatementSummary | None = None

    @property
    def pk(self) -> int:
        """The statement's primary key."""
        return self.statement.pk

    @property
    def kind(self) -> str:
        """The StatementKind value ("reservation", "special", "substitute")."""
        return self.statement.kind

    @property
    def kind_name(self) -> str:
        """The kind in Swedish as in the import JSON ("reservation", "ersättaryttrande")."""
        return STATEMENT_NAME_BY_KIND.get(self.kind, self.kind)

    @property
    def kind_title(self) -> str:
        """The kind capitalised to open a sentence ("Reservation", "Ersättaryttrande")."""
        return KIND_TITLES.get(self.kind, upper_first(self.kind_name))

    @property
    def is_reservation(self) -> bool:
        """True for a reservation (not a särskilt uttalande or an ersättaryttrande)."""
        return self.kind == StatementKind.RESERVATION

    @property
    def stance(self) -> str:
        """The Stance value, or "" when not stated (an identical statement takes its original's)."""
        return self.statement.stance or (self.original.statement.stance if self.original else "")

    @property
    def stance_name(self) -> str:
        """The stance in Swedish ("delvis bifall") as in the import JSON, or ""."""
        return STANCE_NAME_BY_VALUE.get(self.stance, "") if self.stance else ""

    @property
    def stance_label(self) -> str:
        """The stance's (translatable) label for pages, or ""."""
        return str(Stance(self.stance).label) if self.stance else ""

    @property
    def opposes(self) -> bool:
        """True for a stance against the proposal wholly or in part (all but bifall)."""
        return self.stance in {Stance.APPROVE_IN_PART, Stance.REJECT, Stance.REJECT_IN_PART}

    @property
    def body_name(self) -> str:
        """The body in running text ("borgarrådsberedningen")."""
        return lower_first(self.body_label)

    @property
    def parties(self) -> list[tuple[str, str]]:
        """Distinct (abbreviation, name) of the signatories' parties, in order."""
        seen: dict[str, str] = {}
        for s in self.signatories:
            if s.party_abbreviation and s.party_abbreviation not in seen:
                seen[s.party_abbreviation] = s.party_name or s.party_abbreviation
        return list(seen.items())

    @property
    def persons_phrase(self) -> str:
        """The persons as the memo names them (``persons_phrase``)."""
        return persons_phrase(self.signatories)

    @property
    def points(self) -> list:
        """The numbered points (StatementPoint) — the original's for an identical statement."""
        return list(self._source.statement.point_list)

    @property
    def proposed_activities(self) -> list[str]:
        """The activities proposed instead — the original's for an identical statement."""
        return [a.text for a in self._source.statement.activity_list]

    @property
    def text(self) -> str:
        """The argument text — the original's for an identical statement."""
        return self._source.statement.text

    @property
    def blocks(self) -> list[TextBlock]:
        """The argument as paragraphs and the bulleted list of proposed activities."""
        return text_blocks(self.text, self.proposed_activities)

    @property
    def _source(self) -> StatementSummary:
        return self.original or self

    @property
    def same_as_phrase(self) -> str:
        """What an identical statement repeats, as the memo says it: "Moderaternas reservation i
        borgarrådsberedningen" ("" when not identical to another)."""
        target = self.same_as
        if target is None:
            return ""
        parties = target.parties
        if len(parties) == 1:
            who = f"{party_genitive(parties[0][1])} {target.kind_name}"
        else:
            who = f"{target.kind_name}en av {target.persons_phrase}" if target.signatories else target.kind_name
        return f"{who} i {target.body_name}" if target.body_label else who

    @property
    def intro(self) -> str:
        """The sentence that opens the statement in a memo: "Reservation av Gabriel Kroon (SD)
        enligt följande." or, when identical to another, "Reservation av … (alla M), som är
        likalydande med Moderaternas reservation i borgarrådsberedningen." """
        persons = self.persons_phrase
        opening = f"{self.kind_title} av {persons}" if persons else self.kind_title
        if self.same_as is not None:
            return f"{opening}, som är likalydande med {self.same_as_phrase}."
        return f"{opening} enligt följande."


def _signatories(statement: Statement) -> list[Signatory]:
    result = []
    for sp in statement.signatory_list:
        party = sp.party if sp.party_id else None
        result.append(Signatory(
            person_id=sp.person_id, name=sp.person.name, party_abbreviation=sp.party_abbreviation,
            party_name=party.name if party is not None else sp.party_abbreviation,
            party_id=sp.party_id,
        ))
    return result


def _body_label(statement: Statement) -> str:
    name = statement.body.name if statement.body_id and statement.body else (statement.body_name or "")
    return upper_first(name)


def statement_summaries(statements: list[Statement]) -> list[StatementSummary]:
    """Summaries of ``statements`` (loaded as ``verksam.cases.queries.case_detail`` loads them:
    ``signatory_list``, ``point_list``, ``activity_list``, ``body``), in the given order, with
    "likalydande" links resolved. No queries."""
    summaries = [StatementSummary(statement=s, number=i + 1, body_label=_body_label(s), signatories=_signatories(s))
                 for i, s in enumerate(statements)]
    by_pk = {s.pk: s for s in summaries}
    for summary in summaries:
        summary.same_as = by_pk.get(summary.statement.same_as_id) if summary.statement.same_as_id else None
        original, seen = summary, {summary.pk}
        while original.statement.same_as_id and original.statement.same_as_id in by_pk:
            original = by_pk[original.statement.same_as_id]
            if original.pk in seen:  # a cycle: keep the statement's own content
                original = summary
                break
            seen.add(original.pk)
        summary.original = original if original is not summary else None
    return summaries


# --- the comparison -----------------------------------------------------------------------------

@dataclass
class BodyPositions:
    """The statements made in one body, reservations apart from the others (särskilda
    uttalanden, ersättaryttranden). ``reserving_persons`` lists each reserving person once; its
    length is the count shown."""

    body_label: str
    reservations: list[StatementSummary] = field(default_factory=list)
    others: list[StatementSummary] = field(default_factory=list)

    @property
    def reserving_persons(self) -> list[Signatory]:
        """The persons behind the body's reservations, each once, in memo order."""
        seen, result = set(), []
        for statement in self.reservations:
            for s in statement.signatories:
                if s.person_id not in seen:
                    seen.add(s.person_id)
                    result.append(s)
        return result

    @property
    def reserving_count(self) -> int:
        """The number of persons in ``reserving_persons`` (DESIGN: counts equal the list)."""
        return len(self.reserving_persons)


@dataclass
class Supporter:
    """A person on the proposal's side: the rapporteur (föredragande) with role and party."""

    person_id: int
    name: str
    role: str
    party_abbreviation: str = ""
    party_name: str = ""

    @property
    def label(self) -> str:
        """"Karin Wanngård (S)", or the name alone without a known party."""
        return f"{self.name} ({self.party_abbreviation})" if self.party_abbreviation else self.name


@dataclass
class PointComparison:
    """One decision point: the proposal (``amount_label`` "746,2 mnkr" when it names an amount),
    the decisions taken on it, its supporters, and the statements per body in memo order."""

    proposal: Proposal
    amount_label: str
    decisions: list
    supporters: list[Supporter]
    bodies: list[BodyPositions]

    @property
    def reservations(self) -> list[StatementSummary]:
        """Every reservation on the point, body by body."""
        return [s for body in self.bodies for s in body.reservations]

    @property
    def unanimous(self) -> bool:
        """Never true when a reservation exists (``is_unanimous``)."""
        return is_unanimous(self.reservations)


@dataclass
class PartyAlternative:
    """What one party proposes instead: its statements in memo order, the distinct stances,
    the persons, its own points and proposed activities (an identical statement contributes
    its original's, counted once)."""

    abbreviation: str
    name: str
    statements: list[StatementSummary] = field(default_factory=list)
    persons: list[Signatory] = field(default_factory=list)

    @property
    def stance_labels(self) -> list[str]:
        """The distinct stances of the party's statements ("delvis bifall"), in order."""
        labels: list[str] = []
        for s in self.statements:
            if s.stance_label and s.stance_label not in labels:
                labels.append(s.stance_label)
        return labels

    @property
    def originals(self) -> list[StatementSummary]:
        """The statements whose content this party's statements carry, each once, in order."""
        seen, result = set(), []
        for s in self.statements:
            source = s.original or s
            if source.pk not in seen:
                seen.add(source.pk)
                result.append(source)
        return result

    @property
    def proposed_activities(self) -> list[str]:
        """The activities the party proposes instead, each once, in memo order."""
        result: list[str] = []
        for s in self.originals:
            for text in s.proposed_activities:
                if text not in result:
                    result.append(text)
        return result


@dataclass
class PlanActivityRow:
    """An activity of the adopted plan with the code and title of its goal ("1.1.1")."""

    pk: int
    title: str
    goal_code: str
    goal_title: str
    owner: str


@dataclass
class CaseComparison:
    """The comparison page's data (see the module docstring)."""

    case: Case
    detail: CaseDetail
    statements: list[StatementSummary]
    points: list[PointComparison]
    parties: list[PartyAlternative]
    supporters: list[Supporter]
    plan_activities: list[PlanActivityRow]

    @property
    def unanimous(self) -> bool:
        """Never true when a reservation exists (``is_unanimous``)."""
        return is_unanimous(self.statements)

    @property
    def reservation_statements(self) -> list[StatementSummary]:
        """The case's reservations in memo order (the count the page shows)."""
        return [s for s in self.statements if s.is_reservation]

    @property
    def reservations_by_body(self) -> list[BodyReservationCount]:
        """The reservations counted per body (``reservations_by_body``)."""
        return reservations_by_body(self.statements)

    @property
    def parties_without_activities(self) -> list[PartyAlternative]:
        """Parties that made statements but propose no activities of their own."""
        return [p for p in self.parties if not p.proposed_activities]


def amount_label(amount) -> str:
    """A proposal's amount in a memo's words ("746,2 mnkr"), "" when there is none."""
    return format_amount_sek(amount) if amount is not None else ""


def group_by_body(statements: list[StatementSummary]) -> list[BodyPositions]:
    """Statements grouped by body in memo order (a body reappearing later continues its group)."""
    bodies: dict[str, BodyPositions] = {}
    for s in statements:
        key = s.body_label.casefold()
        body = bodies.setdefault(key, BodyPositions(body_label=s.body_label))
        (body.reservations if s.is_reservation else body.others).append(s)
    return list(bodies.values())


def party_alternatives(statements: list[StatementSummary]) -> list[PartyAlternative]:
    """Each party that made a statement, in order of first appearance (persons without a stated
    party are grouped under "–")."""
    parties: dict[str, PartyAlternative] = {}
    for statement in statements:
        for s in statement.signatories:
            key = s.party_abbreviation or "–"
            party = parties.setdefault(key, PartyAlternative(abbreviation=key, name=s.party_name or key))
            if statement not in party.statements:
                party.statements.append(statement)
            if all(p.person_id != s.person_id for p in party.persons):
                party.persons.append(s)
    return list(parties.values())


def _supporters(case: Case, statements: list[StatementSummary]) -> list[Supporter]:
    reserving = {s.person_id for st in statements if st.is_reservation for s in st.signatories}
    if not case.rapporteur_id or case.rapporteur_id in reserving:
        return []
    person = case.rapporteur
    party = person.party if person.party_id else None
    return [Supporter(person_id=person.pk, name=person.name, role=case.rapporteur_role,
                      party_abbreviation=party.abbreviation if party else "", party_name=party.name if party else "")]


def _code_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 10**6 for part in (code or "").split(".")) + (code or "",)


def plan_activities(plan) -> list[PlanActivityRow]:
    """The activities of ``plan`` ordered by their goal's code then their own order (one query);
    [] for no plan."""
    if plan is None:
        return []
    from verksam.planning.models import Activity

    rows = [
        PlanActivityRow(pk=a.pk, title=a.title, goal_code=a.goal.code if a.goal_id else "",
                        goal_title=a.goal.title if a.goal_id else "", owner=a.owner_unit.name)
        for a in Activity.objects.filter(plan=plan).select_related("goal", "owner_unit")
        .order_by("sort_order", "pk")
    ]
    return sorted(rows, key=lambda r: _code_key(r.goal_code))


def load_case(case_or_pk) -> Case:
    """The case with what the outputs read beside it (rapporteur and party, units, plan,
    municipality) in one query."""
    pk = case_or_pk.pk if isinstance(case_or_pk, Case) else case_or_pk
    return Case.objects.select_related(
        "rapporteur__party", "responsible_unit", "prepared_by_unit", "plan", "municipality",
    ).get(pk=pk)


def case_comparison(case: Case) -> CaseComparison:
    """The comparison of ``case`` (see the module docstring). Constant number of queries."""
    case = load_case(case)
    detail = case_detail(case)
    statements = statement_summaries(detail.statements)
    supporters = _supporters(case, statements)
    bodies = group_by_body(statements)
    decisions: dict[int, list] = {}
    for decision in detail.decisions:
        decisions.setdefault(decision.proposal_id, []).append(decision)
    points = [PointComparison(proposal=p, amount_label=amount_label(p.amount_sek),
                              decisions=decisions.get(p.pk, []), supporters=supporters, bodies=bodies)
              for p in detail.proposals]
    return CaseComparison(
        case=case, detail=detail, statements=statements, points=points,
        parties=party_alternatives(statements), supporters=supporters,
        plan_activities=plan_activities(case.plan if case.plan_id else None),
    )
