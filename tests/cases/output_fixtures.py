"""Fixtures for the output tests (comparison, PDF, DOCX, Popolo): the seed memo imported with
Karin Wanngård known as S (as the demo has her), and cases of any size built from the models."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from verksam.cases.importer import import_case, parse_text
from verksam.cases.models import (
    Case, CaseAttachment, HandlingStep, Proposal, ProposedActivity, Stage, Stance, Statement, StatementKind,
    StatementPerson, StatementPoint,
)
from verksam.organisation.models import Party, Person
from verksam.planning.models import Activity

#: The persons the seed memo names, with their parties.
SEED_PERSONS = {
    "Karin Wanngård": "S", "Christofer Fjellner": "M", "Dennis Wedin": "M", "Jan Jönsson": "L",
    "Annika Friberg": "M", "Johan Paccamonti": "M", "Gabriel Kroon": "SD", "Kristin Jacobsson": "C",
    "Nike Örbrink": "KD",
}


def flat(text: str) -> str:
    """Whitespace (also U+00A0 and line breaks from PDF extraction) folded to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def seed_output_case(city, seed_memo_text):
    """The seed memo KS 2023/1237 imported into ``city``; Karin Wanngård exists beforehand as a
    member of S, as in the demo (the memo itself does not state her party)."""
    Person.objects.create(municipality=city.municipality, name="Karin Wanngård",
                          party=Party.objects.get(municipality=city.municipality, abbreviation="S"))
    result = import_case(parse_text(seed_memo_text), municipality=city.municipality, source_text=seed_memo_text,
                         source_filename="000_af22ac8c55b35c9f.txt")
    return result.case


def build_case(city, *, points: int, statements: int, persons_each: int, activities_each: int,
               plan_activities: int, reference: str = "KS 2024/1") -> Case:
    """A case of the given size built directly with the models: ``points`` decision points,
    ``statements`` reservations in two bodies (every third one "likalydande" with the first)
    each with ``persons_each`` persons (parties M, L, C in turn), two own points and
    ``activities_each`` proposed activities, and ``plan_activities`` more activities in the
    city's KS plan."""
    muni = city.municipality
    parties = {abbr: Party.objects.get_or_create(municipality=muni, abbreviation=abbr,
                                                 defaults={"name": name})[0]
               for abbr, name in [("M", "Moderaterna"), ("L", "Liberalerna"), ("C", "Centerpartiet")]}
    rapporteur = Person.objects.create(municipality=muni, name="Föredragande Person",
                                       party=Party.objects.get(municipality=muni, abbreviation="S"))
    case = Case.objects.create(municipality=muni, reference=reference, title="Verksamhetsplan 2024 för kommunstyrelsen",
                               responsible_unit=city.ks, rotel="Rotel I", rapporteur=rapporteur,
                               rapporteur_role="borgarråd", prepared_by="stadsledningskontoret",
                               plan=city.ks_plan, date="2024-01-10", summary="En sammanfattning.")
    HandlingStep.objects.create(case=case, order=1, stage=Stage.PREPARATION, body_name="Borgarrådsberedningen")
    HandlingStep.objects.create(case=case, order=2, stage=Stage.EXECUTIVE, body=city.ks, body_name="Kommunstyrelsen")
    for n in range(1, points + 1):
        Proposal.objects.create(case=case, number=n, text=f"Punkt {n} godkänns.",
                                amount_sek=Decimal("746200000") if n == points else None)
    for n in range(1, 3):
        CaseAttachment.objects.create(case=case, number=n, title=f"Bilaga {n}", reference=f"{reference}-1.{n}")
    first = None
    abbreviations = list(parties)
    for i in range(statements):
        same_as = first if first is not None and i % 3 == 2 else None
        body = "borgarrådsberedningen" if i < statements // 2 else "kommunstyrelsen"
        statement = Statement.objects.create(
            case=case, order=i, kind=StatementKind.RESERVATION, body_name=body,
            body=city.ks if body == "kommunstyrelsen" else None, stance=Stance.APPROVE_IN_PART,
            text="" if same_as else f"Text {i}.", same_as=same_as)
        first = first or statement
        abbr = abbreviations[i % 3]
        for j in range(persons_each):
            person = Person.objects.create(municipality=muni, name=f"Person {i}-{j}", party=parties[abbr])
            StatementPerson.objects.create(statement=statement, person=person, party=parties[abbr],
                                           party_abbreviation=abbr, order=j)
        if same_as is None:
            for k in (1, 2):
                StatementPoint.objects.create(statement=statement, number=k, text=f"Att {i}.{k}")
            for k in range(activities_each):
                ProposedActivity.objects.create(statement=statement, order=k, text=f"Aktivitet {i}.{k}")
    for k in range(plan_activities):
        Activity.objects.create(plan=city.ks_plan, goal=city.board_goal_2, title=f"Planaktivitet {k}",
                                owner_unit=city.slk)
    return case
