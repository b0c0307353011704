"""A case in Popolo terms (popoloproject.com): organizations, persons, memberships, motions and
statements — the open format for who proposed what and who disagreed.

Documented field by field in ``docs/popolo-export.md``. In short:

* ``organizations``: the bodies of the case (borgarrådsberedningen, kommunstyrelsen — from its
  handling steps and statements; ``classification`` the unit kind) and the parties of the
  persons (``classification`` "party", the abbreviation as an identifier);
* ``persons``: the rapporteur and every person behind a statement, each once;
* ``memberships``: person ↔ party (``role`` "member"), from the party stated in the memo and,
  for the rapporteur, the person's party in the organisation;
* ``motions``: the proposal's decision points (``classification`` "förslag till beslut", in the
  deciding body, ``creator_id`` the rapporteur) and, for every reservation, its alternative
  points (``classification`` "reservation", in the statement's body, ``creator_id`` its first
  person and ``signatory_ids`` all of them — an identical statement repeats its original's
  points in its own body);
* ``statements``: kind, body, persons with party, stance, ``same_as``, points, text, proposed
  activities and the ids of its motions.

Ids are strings: "person/12", "party/M", "unit/3" (a body in the organisation), "body/<slug>"
(a body known only by name), "motion/KS-2023-1237/1", "motion/KS-2023-1237/statement-1/2",
"statement/KS-2023-1237/1". Constant number of queries.
"""

from __future__ import annotations

import re
import unicodedata

from django.urls import reverse

from verksam.cases.models import Case, Stage
from verksam.cases.queries import case_detail, json_amount
from verksam.cases.queries_comparison import StatementSummary, load_case, statement_summaries, upper_first
from verksam.documents.case_memo import filename_stem

#: Popolo organization classification of a body known only from a handling step.
STAGE_CLASSIFICATION = {
    Stage.ADMINISTRATION: "administration", Stage.PREPARATION: "preparatory_body",
    Stage.EXECUTIVE: "executive_board", Stage.COUNCIL: "council", Stage.BOARD: "board",
}

#: Stages whose bodies are exported as organizations (political bodies, not the förvaltning).
POLITICAL_STAGES = (Stage.PREPARATION, Stage.EXECUTIVE, Stage.COUNCIL, Stage.BOARD)


def slug(text: str) -> str:
    """"Borgarrådsberedningen" → "borgarradsberedningen" (ASCII, lower case, "-" between words)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "organ"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


class _Registry:
    """Collects organizations, persons and memberships once each, in order of first mention."""

    def __init__(self):
        self.organizations: dict[str, dict] = {}
        self.body_ids: dict[str, str] = {}
        self.persons: dict[str, dict] = {}
        self.memberships: dict[str, dict] = {}

    def body(self, name: str, unit=None, classification: str = "body") -> str | None:
        """The organization id of a body (by name, case-insensitive; a unit when known)."""
        name = (unit.name if unit is not None else name or "").strip()
        if not name:
            return None
        key = name.casefold()
        if key in self.body_ids:  # the same body named again (first mention wins)
            return self.body_ids[key]
        org_id = f"unit/{unit.pk}" if unit is not None else f"body/{slug(name)}"
        self.body_ids[key] = org_id
        self.organizations[org_id] = {
            "id": org_id, "name": upper_first(name),
            "classification": unit.kind if unit is not None else classification,
        }
        return org_id

    def party(self, abbreviation: str, name: str) -> str | None:
        if not abbreviation:
            return None
        org_id = f"party/{abbreviation}"
        self.organizations.setdefault(org_id, {
            "id": org_id, "name": name or abbreviation, "classification": "party",
            "identifiers": [{"identifier": abbreviation, "scheme": "partiförkortning"}],
        })
        return org_id

    def person(self, pk: int, name: str, party_id: str | None) -> str:
        person_id = f"person/{pk}"
        self.persons.setdefault(person_id, {"id": person_id, "name": name})
        if party_id:
            membership_id = f"membership/{pk}/{party_id.split('/', 1)[1]}"
            self.memberships.setdefault(membership_id, {
                "id": membership_id, "person_id": person_id, "organization_id": party_id, "role": "member",
            })
        return person_id


def _statement_persons(registry: _Registry, summary: StatementSummary) -> list[dict]:
    result = []
    for s in summary.signatories:
        party_id = registry.party(s.party_abbreviation, s.party_name)
        person_id = registry.person(s.person_id, s.name, party_id)
        result.append({"person_id": person_id, "name": s.name, "party": s.party_abbreviation or None,
                       "party_id": party_id})
    return result


def case_popolo(case: Case, *, base_url: str = "") -> dict:
    """``case`` as a Popolo dict (see the module docstring and docs/popolo-export.md).

    ``base_url`` ("https://verksam.example") makes ``sources`` absolute; without it they are
    paths. Constant number of queries.
    """
    case = load_case(case)
    detail = case_detail(case)
    stem = filename_stem(case.reference)
    registry = _Registry()

    steps = detail.steps
    step_date: dict[str, str | None] = {}
    for step in steps:
        if step.stage in POLITICAL_STAGES:
            org_id = registry.body(step.body_name, step.body if step.body_id else None,
                                   STAGE_CLASSIFICATION.get(step.stage, "body"))
            step_date.setdefault(org_id, _iso(step.date))
    decider_id = (registry.body("", case.responsible_unit) if case.responsible_unit_id
                  else next((registry.body(s.body_name, s.body if s.body_id else None)
                             for s in steps if s.stage == Stage.EXECUTIVE), None))

    rapporteur_id = None
    if case.rapporteur_id:
        person = case.rapporteur
        party = person.party if person.party_id else None
        party_id = registry.party(party.abbreviation, party.name) if party else None
        rapporteur_id = registry.person(person.pk, person.name, party_id)

    source = reverse("cases_output:pdf", kwargs={"pk": case.pk})
    sources = [{"url": f"{base_url}{source}", "note": f"{case.kind_name} {case.rotel} (Dnr {case.reference})"
                .replace("  ", " ")}]
    decisions: dict[int, list] = {}
    for decision in detail.decisions:
        decisions.setdefault(decision.proposal_id, []).append(decision)

    motions = []
    for p in detail.proposals:
        taken = decisions.get(p.pk, [])
        motions.append({
            "id": f"motion/{stem}/{p.number}", "organization_id": decider_id, "creator_id": rapporteur_id,
            "text": p.text, "classification": "förslag till beslut", "date": _iso(case.date),
            "result": " ".join(d.outcome for d in taken) or None,
            "number": p.number, "amount_sek": json_amount(p.amount_sek), "sources": sources,
        })

    statements = []
    summaries = statement_summaries(detail.statements)
    ids = {s.pk: f"statement/{stem}/{s.number}" for s in summaries}
    for summary in summaries:
        body_id = registry.body(summary.body_label, summary.statement.body if summary.statement.body_id else None)
        persons = _statement_persons(registry, summary)
        person_ids = [p["person_id"] for p in persons]
        motion_ids = []
        if summary.is_reservation:
            for point in summary.points:
                motion_id = f"motion/{stem}/statement-{summary.number}/{point.number}"
                motion_ids.append(motion_id)
                motions.append({
                    "id": motion_id, "organization_id": body_id,
                    "creator_id": person_ids[0] if person_ids else None, "signatory_ids": person_ids,
                    "text": point.text, "classification": "reservation", "date": step_date.get(body_id),
                    "result": None, "number": point.number, "statement_id": ids[summary.pk],
                    "sources": sources,
                })
        own = summary.statement
        statements.append({
            "id": ids[summary.pk], "kind": summary.kind_name, "organization_id": body_id,
            "person_ids": person_ids, "persons": persons, "stance": summary.stance_name or None,
            "same_as": ids.get(own.same_as_id) if own.same_as_id else None,
            "points": [{"number": p.number, "text": p.text} for p in own.point_list],
            "text": own.text or None,
            "proposed_activities": [a.text for a in own.activity_list],
            "motion_ids": motion_ids, "date": step_date.get(body_id),
        })

    return {
        "meta": {
            "format": "Popolo",
            "specification": "https://www.popoloproject.com/specs/",
            "documentation": "docs/popolo-export.md",
            "filename": f"{stem}.popolo.json",
            "case": {"id": f"case/{stem}", "reference": case.reference, "kind": case.kind_name,
                     "rotel": case.rotel or None, "title": case.title, "date": _iso(case.date),
                     "status": case.status, "organization_id": decider_id},
        },
        "organizations": list(registry.organizations.values()),
        "persons": list(registry.persons.values()),
        "memberships": list(registry.memberships.values()),
        "motions": motions,
        "statements": statements,
    }
