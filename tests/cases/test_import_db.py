"""The seed memo KS 2023/1237 imported into the database, and re-imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verksam.cases.importer import CaseImportError, import_case, parse_text
from verksam.cases.models import Case, DocumentKind, Stance, StatementKind
from verksam.cases.queries import case_to_dict
from verksam.organisation.models import Party, Person

from tests.cases.case_fixtures import SMALL_MEMO, case_rows, fast_passwords, row_counts, seed_case  # noqa: F401


@pytest.mark.django_db
def test_it_imports_the_seed_with_reference_date_title_and_rapporteur(city, seed_case):
    case = Case.objects.get()
    assert case.reference == "KS 2023/1237"
    assert case.date == dt.date(2024, 1, 10)
    assert case.title == "Verksamhetsplan 2024 för kommunstyrelsen"
    assert case.kind == DocumentKind.PM
    assert case.rotel == "Rotel I"
    assert case.rapporteur.name == "Karin Wanngård"
    assert case.rapporteur_role == "borgarråd"
    assert case.responsible_unit == city.ks
    assert case.prepared_by == "stadsledningskontoret"
    assert case.prepared_by_unit == city.slk
    assert case.plan == city.ks_plan
    assert case.source_filename == "000_af22ac8c55b35c9f.txt"
    assert case.source_text.startswith(" PM Rotel I (Dnr KS 2023/1237)")


@pytest.mark.django_db
def test_it_keeps_the_four_decision_points_with_746_2_mnkr_on_point_4(seed_case):
    proposals = list(seed_case.proposals.order_by("number"))
    assert [p.number for p in proposals] == [1, 2, 3, 4]
    assert proposals[0].text == ("Verksamhetsplan 2024 för kommunstyrelsen, i enlighet med bilaga 1-7 "
                                 "till promemorian, godkänns.")
    assert proposals[1].text == "Visningsenheten får utgöra en resultatenhet."
    assert proposals[2].text == "Stadens gemensamma och centrala it-prislista får utgöra en resultatenhet."
    assert proposals[3].text == "Redovisade omslutningsförändringar om 746,2 mnkr godkänns."
    assert [p.amount_sek for p in proposals] == [None, None, None, Decimal("746200000")]


@pytest.mark.django_db
def test_it_keeps_the_seven_attachments_with_their_references(seed_case):
    attachments = [(a.number, a.title, a.reference) for a in seed_case.attachments.order_by("number")]
    assert attachments == [
        (1, "Verksamhetsplan KS 2024", "KS 2023/1237-1.1"),
        (2, "Blankettset VP KS 2024", "KS 2023/1237-1.2"),
        (3, "Plan för upphandling VP KS 2024", "KS 2023/1237-1.3"),
        (4, "Kompetensförsörjningsplan VP KS 2024", "KS 2023/1237-1.4"),
        (5, "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024", "KS 2023/1237-1.5"),
        (6, "System för internkontroll VP KS 2024", "KS 2023/1237-1.6"),
        (7, "Ledningens genomgång – informationssäkerhetsplan VP KS 2024", "KS 2023/1237-1.7"),
    ]


@pytest.mark.django_db
def test_it_keeps_every_statement_with_persons_parties_body_stance_and_likalydande(city, seed_case):
    statements = list(seed_case.statements.order_by("order"))
    got = []
    for s in statements:
        persons = [(sp.person.name, sp.party_abbreviation, sp.party.abbreviation if sp.party else None)
                   for sp in s.signatories.order_by("order")]
        same_as = statements.index(s.same_as) if s.same_as else None
        got.append((s.kind, s.body_name, s.body, s.stance, same_as, persons))
    assert got == [
        (StatementKind.RESERVATION, "borgarrådsberedningen", None, Stance.APPROVE_IN_PART, None,
         [("Christofer Fjellner", "M", "M"), ("Dennis Wedin", "M", "M")]),
        (StatementKind.RESERVATION, "borgarrådsberedningen", None, Stance.APPROVE_IN_PART, None,
         [("Jan Jönsson", "L", "L")]),
        (StatementKind.RESERVATION, "kommunstyrelsen", city.ks, Stance.APPROVE_IN_PART, 0,
         [("Christofer Fjellner", "M", "M"), ("Annika Friberg", "M", "M"), ("Johan Paccamonti", "M", "M")]),
        (StatementKind.RESERVATION, "kommunstyrelsen", city.ks, Stance.REJECT, None,
         [("Gabriel Kroon", "SD", "SD")]),
        (StatementKind.RESERVATION, "kommunstyrelsen", city.ks, Stance.APPROVE_IN_PART, 1,
         [("Jan Jönsson", "L", "L")]),
        (StatementKind.RESERVATION, "kommunstyrelsen", city.ks, Stance.APPROVE_IN_PART, None,
         [("Kristin Jacobsson", "C", "C")]),
        (StatementKind.SUBSTITUTE, "kommunstyrelsen", city.ks, Stance.REJECT_IN_PART, None,
         [("Nike Örbrink", "KD", "KD")]),
    ]


@pytest.mark.django_db
def test_it_splits_the_19_activities_of_the_centre_party_reservation(seed_case):
    centre = seed_case.statements.get(signatories__person__name="Kristin Jacobsson")
    activities = [a.text for a in centre.proposed_activities.order_by("order")]
    assert len(activities) == 19
    assert activities[0] == ("prioritera, samordna och leda stadens arbete för en sammanhållen och stärkt "
                             "krisberedskap och förmåga i det civila försvaret")
    assert activities[-1].startswith("bidra till stärkt livsmedelsproduktion i hela länet")
    assert all(not s.proposed_activities.exists() for s in seed_case.statements.exclude(pk=centre.pk))


@pytest.mark.django_db
def test_it_creates_persons_once_and_the_missing_parties_by_abbreviation(city, seed_case):
    assert Person.objects.filter(name="Christofer Fjellner").count() == 1
    assert Person.objects.filter(name="Jan Jönsson").count() == 1
    assert Person.objects.get(name="Kristin Jacobsson").party.name == "Centerpartiet"
    assert Person.objects.get(name="Karin Wanngård").party is None
    assert sorted(Party.objects.values_list("abbreviation", flat=True)) == ["C", "KD", "L", "M", "S", "SD"]
    assert Party.objects.get(abbreviation="M").name == "Moderaterna"  # the existing party, not a new one


@pytest.mark.django_db
def test_it_reads_back_exactly_the_parsers_dict(seed_case, seed_memo_text):
    assert case_to_dict(seed_case) == parse_text(seed_memo_text)


@pytest.mark.django_db
def test_it_records_the_handling_from_the_office_through_the_preparation_to_the_board(city, seed_case):
    steps = [(s.stage, s.body_name, s.date, s.document.kind if s.document else None)
             for s in seed_case.steps.order_by("order")]
    assert steps == [
        ("administration", "Stadsledningskontoret", dt.date(2023, 12, 11), DocumentKind.OFFICIAL_REPORT),
        ("preparation", "Borgarrådsberedningen", dt.date(2024, 1, 10), DocumentKind.PM),
        ("executive", "Kommunstyrelsen", None, None),
    ]
    report = seed_case.documents.get(kind=DocumentKind.OFFICIAL_REPORT)
    assert (report.author, report.author_unit, report.date) == ("stadsledningskontoret", city.slk,
                                                                dt.date(2023, 12, 11))


@pytest.mark.django_db
def test_importing_the_same_memo_twice_updates_instead_of_duplicating(city, seed_case, seed_memo_text):
    before = row_counts()
    result = import_case(parse_text(seed_memo_text), municipality=city.municipality, source_text=seed_memo_text,
                         source_filename="000_af22ac8c55b35c9f.txt")
    assert (result.case.pk, result.created, result.changed) == (seed_case.pk, False, False)
    assert row_counts() == before  # same rows, and no history rows either: nothing changed


@pytest.mark.django_db
def test_a_changed_memo_updates_the_case_in_place(city, seed_case, seed_memo_text):
    data = parse_text(seed_memo_text)
    data["proposals"][3]["amount_sek"] = 750000000
    data["statements"] = data["statements"][:3]
    before = case_rows()
    result = import_case(data, municipality=city.municipality)
    assert (result.created, result.changed) == (False, True)
    assert seed_case.proposals.get(number=4).amount_sek == Decimal("750000000")
    assert seed_case.statements.count() == 3
    assert case_rows()["Case"] == before["Case"]
    assert case_to_dict(seed_case)["statements"] == data["statements"]


@pytest.mark.django_db
def test_an_invalid_dict_is_refused_in_swedish_naming_the_field_and_writes_nothing(city, seed_memo_text):
    data = parse_text(seed_memo_text)
    data["statements"][4]["same_as"] = 12
    before = row_counts()
    with pytest.raises(CaseImportError) as error:
        import_case(data, municipality=city.municipality)
    assert error.value.field == "statements[4].same_as"
    assert str(error.value.message) == "Fältet ”Yttrande 5: likalydande med” pekar inte på ett annat yttrande i ärendet."
    assert row_counts() == before


@pytest.mark.django_db
def test_a_failure_late_in_the_import_leaves_no_persons_or_parties_behind(city, seed_memo_text, monkeypatch):
    from verksam.cases import importer

    def explode(*args, **kwargs):
        raise CaseImportError("Avbrutet i testet.")

    monkeypatch.setattr(importer, "ProposedActivity", explode)
    before = row_counts()
    with pytest.raises(CaseImportError):
        import_case(parse_text(seed_memo_text), municipality=city.municipality)
    assert row_counts() == before


@pytest.mark.django_db
def test_an_older_reference_form_is_kept_canonical(city):
    text = SMALL_MEMO.replace("KS 2023/99-1.1", "111-47/2016").replace("(Dnr KS 2023/99)", "(Dnr 111-47/2016)")
    result = import_case(parse_text(text), municipality=city.municipality)
    assert result.case.reference == "111-47/2016"
    assert result.case.responsible_unit == city.ks  # from "för kommunstyrelsen" in the title
