"""The comparison page per decision point (/arenden/<id>/jamforelse/) and its query."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.cases.models import Stance, Statement, StatementKind
from verksam.cases.queries_comparison import (
    case_comparison, is_unanimous, persons_phrase, Signatory, statement_summaries, text_blocks,
)
from verksam.cases.queries import case_detail

from tests.cases.output_fixtures import build_case, flat, seed_output_case  # noqa: F401


def _text(response) -> str:
    html = response.content.decode()
    return flat(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_point_1_lists_every_reservation_with_body_persons_and_stance(seed_output_case):
    comparison = case_comparison(seed_output_case)
    point = comparison.points[0]
    assert point.proposal.number == 1
    assert not point.unanimous
    assert [s.label for s in point.supporters] == ["Karin Wanngård (S)"]
    brb, ks = point.bodies
    assert brb.body_label == "Borgarrådsberedningen"
    assert [(s.persons_phrase, s.stance_name) for s in brb.reservations] == [
        ("Christofer Fjellner och Dennis Wedin (båda M)", "delvis bifall"),
        ("Jan Jönsson (L)", "delvis bifall"),
    ]
    assert [p.label for p in brb.reserving_persons] == [
        "Christofer Fjellner (M)", "Dennis Wedin (M)", "Jan Jönsson (L)"]
    assert brb.reserving_count == 3
    assert ks.body_label == "Kommunstyrelsen"
    assert [(s.persons_phrase, s.stance_name) for s in ks.reservations] == [
        ("Christofer Fjellner, Annika Friberg och Johan Paccamonti (alla M)", "delvis bifall"),
        ("Gabriel Kroon (SD)", "avslag"),
        ("Jan Jönsson (L)", "delvis bifall"),
        ("Kristin Jacobsson (C)", "delvis bifall"),
    ]
    assert ks.reserving_count == len(ks.reserving_persons) == 6
    assert [(s.kind_name, s.persons_phrase, s.stance_name) for s in ks.others] == [
        ("ersättaryttrande", "Nike Örbrink (KD)", "delvis avslag")]


@pytest.mark.django_db
def test_likalydande_statements_resolve_to_the_one_they_repeat(seed_output_case):
    statements = case_comparison(seed_output_case).statements
    ks_m, ks_l = statements[2], statements[4]
    assert ks_m.same_as is statements[0] and ks_l.same_as is statements[1]
    assert ks_m.same_as_phrase == "Moderaternas reservation i borgarrådsberedningen"
    assert ks_l.same_as_phrase == "Liberalernas reservation i borgarrådsberedningen"
    assert ks_m.intro == ("Reservation av Christofer Fjellner, Annika Friberg och Johan Paccamonti (alla M), "
                          "som är likalydande med Moderaternas reservation i borgarrådsberedningen.")
    assert [p.text for p in ks_m.points] == [
        "Att föredragande borgarrådets förslag till beslut godkänns delvis", "Att därutöver anföra"]
    assert ks_m.text.startswith("Verksamhetsplanen för kommunstyrelsen har sin utgångspunkt i Moderaternas")


@pytest.mark.django_db
def test_parties_propose_instead_with_c_s_19_activities_beside_the_plan(city, seed_output_case):
    comparison = case_comparison(seed_output_case)
    parties = {p.abbreviation: p for p in comparison.parties}
    assert list(parties) == ["M", "L", "SD", "C", "KD"]
    assert [s.name for s in parties["M"].persons] == [
        "Christofer Fjellner", "Dennis Wedin", "Annika Friberg", "Johan Paccamonti"]
    assert parties["SD"].stance_labels == ["avslag"]
    assert parties["KD"].stance_labels == ["delvis avslag"]
    centre = parties["C"].proposed_activities
    assert len(centre) == 19
    assert centre[0] == ("prioritera, samordna och leda stadens arbete för en sammanhållen och stärkt "
                         "krisberedskap och förmåga i det civila försvaret")
    assert centre[-1].startswith("bidra till stärkt livsmedelsproduktion i hela länet")
    assert [p.name for p in comparison.parties_without_activities] == [
        "Moderaterna", "Liberalerna", "Sverigedemokraterna", "Kristdemokraterna"]
    assert [(a.goal_code, a.title) for a in comparison.plan_activities] == [
        ("1.1.1", "Leda stadens trygghetssatsning")]


@pytest.mark.django_db
def test_the_page_shows_point_1_with_reservations_and_the_activities(client, city, seed_output_case):
    client.force_login(city.users.ks_reader)
    response = client.get(f"/arenden/{seed_output_case.pk}/jamforelse/")
    assert response.status_code == 200
    text = _text(response)
    point_1 = text.split("Punkt 2")[0]
    assert ("Punkt 1 Verksamhetsplan 2024 för kommunstyrelsen, i enlighet med bilaga 1-7 till promemorian, "
            "godkänns.") in point_1
    assert "Förslaget stöds av Karin Wanngård (S), föredragande borgarråd" in point_1
    assert ("Borgarrådsberedningen Reserverade sig (3 personer): Christofer Fjellner (M), Dennis Wedin (M), "
            "Jan Jönsson (L)") in point_1
    assert "Reservation Christofer Fjellner (M) Dennis Wedin (M) delvis bifall" in point_1
    assert ("Kommunstyrelsen Reserverade sig (6 personer): Christofer Fjellner (M), Annika Friberg (M), "
            "Johan Paccamonti (M), Gabriel Kroon (SD), Jan Jönsson (L), Kristin Jacobsson (C)") in point_1
    assert "Reservation Gabriel Kroon (SD) avslag" in point_1
    assert "Ersättaryttrande Nike Örbrink (KD) delvis avslag" in point_1
    assert "Likalydande med Moderaternas reservation i borgarrådsberedningen." in point_1
    assert "Reservation Kristin Jacobsson (C) delvis bifall" in point_1
    assert "19 föreslagna aktiviteter" in point_1
    assert "enhällig" not in text.replace("Inte enhälligt", "")
    assert ("Inte enhälligt: 2 reservationer i borgarrådsberedningen, 4 reservationer i kommunstyrelsen.") in text
    assert "6 reservationer" not in text
    assert "Punkt 4 Redovisade omslutningsförändringar om 746,2 mnkr godkänns. Belopp: 746,2 mnkr" in text
    assert "Planens aktivitet (1) Verksamhetsplan 2024 för kommunstyrelsen 1.1.1 Leda stadens trygghetssatsning" in text
    assert "Centerpartiet (19 aktiviteter)" in text
    assert "krisberedskap och förmåga i det civila försvaret" in text


@pytest.mark.django_db
def test_a_case_under_preparation_is_not_found_for_an_anonymous_visitor(client, seed_output_case):
    assert client.get(f"/arenden/{seed_output_case.pk}/jamforelse/").status_code == 404


def test_a_reservation_without_a_stated_stance_still_makes_it_not_unanimous():
    reservation = Statement(kind=StatementKind.RESERVATION, stance="")
    special = Statement(kind=StatementKind.SPECIAL, stance=Stance.APPROVE)
    assert is_unanimous([special])
    assert not is_unanimous([special, reservation])


def test_persons_are_named_with_their_parties_as_in_a_memo():
    a, b, c = (Signatory(i, n, p) for i, n, p in [(1, "Anna A", "M"), (2, "Bo B", "M"), (3, "Cia C", "L")])
    assert persons_phrase([a]) == "Anna A (M)"
    assert persons_phrase([a, b]) == "Anna A och Bo B (båda M)"
    assert persons_phrase([a, b, Signatory(4, "Dan D", "M")]) == "Anna A, Bo B och Dan D (alla M)"
    assert persons_phrase([a, c]) == "Anna A (M) och Cia C (L)"
    assert persons_phrase([Signatory(5, "Eva E")]) == "Eva E"


def test_bullets_in_the_text_give_way_to_the_structured_activities():
    blocks = text_blocks("Första stycket.\n\nUnder 2024 ska:\n\n• gammal a\n• gammal b\n\nSista.", ["ny a", "ny b"])
    assert [(b.kind, b.text, b.items) for b in blocks] == [
        ("paragraph", "Första stycket.", ()), ("paragraph", "Under 2024 ska:", ()),
        ("bullets", "", ("ny a", "ny b")), ("paragraph", "Sista.", ())]
    assert [b.kind for b in text_blocks("Bara text.", ["a"])] == ["paragraph", "bullets"]


def _queries(func, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func(case)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_comparison_reads_in_a_constant_number_of_queries(city):
    small = build_case(city, points=1, statements=2, persons_each=1, activities_each=1, plan_activities=1,
                       reference="KS 2024/1")
    small_count = _queries(case_comparison, small)
    large = build_case(city, points=8, statements=12, persons_each=4, activities_each=9, plan_activities=25,
                       reference="KS 2024/2")
    assert _queries(case_comparison, large) == small_count
    comparison = case_comparison(large)
    assert len(comparison.points) == 8 and len(comparison.statements) == 12
    assert len(comparison.plan_activities) == 1 + 1 + 25


@pytest.mark.django_db
def test_the_comparison_page_reads_in_a_constant_number_of_queries(client, city):
    client.force_login(city.users.ks_reader)
    counts = []
    for size, reference in ((1, "KS 2024/1"), (8, "KS 2024/2")):
        case = build_case(city, points=size, statements=2 * size, persons_each=size, activities_each=size,
                          plan_activities=3 * size, reference=reference)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/arenden/{case.pk}/jamforelse/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_statement_summaries_need_no_queries_of_their_own(city):
    case = build_case(city, points=2, statements=6, persons_each=2, activities_each=2, plan_activities=0)
    statements = case_detail(case).statements
    with CaptureQueriesContext(connection) as ctx:
        summaries = statement_summaries(statements)
        _ = [(s.intro, s.blocks, s.points, s.parties) for s in summaries]
    assert len(ctx.captured_queries) == 0
    assert summaries[2].same_as is summaries[0]
    assert reverse("cases_output:comparison", kwargs={"pk": case.pk}) == f"/arenden/{case.pk}/jamforelse/"


@pytest.mark.django_db
def test_reservations_are_counted_per_body_as_in_the_seed(seed_output_case):
    seed_case = seed_output_case
    from verksam.cases.queries import case_detail
    from verksam.cases.queries_comparison import reservations_by_body

    counts = reservations_by_body(case_detail(seed_case).statements)
    assert [(c.body, c.count) for c in counts] == [("borgarrådsberedningen", 2), ("kommunstyrelsen", 4)]
    # the ersättaryttrande (Nike Örbrink, KD) is not a reservation
    assert sum(c.count for c in counts) == 6 == case_detail(seed_case).reservation_count


def test_one_reservation_is_singular_and_a_body_less_one_is_named():
    from types import SimpleNamespace

    from verksam.cases.queries_comparison import reservations_by_body

    rows = [SimpleNamespace(kind="reservation", body_id=None, body=None, body_name="Kommunstyrelsen"),
            SimpleNamespace(kind="special", body_id=None, body=None, body_name="kommunstyrelsen"),
            SimpleNamespace(kind="reservation", body_id=None, body=None, body_name="")]
    assert [(c.body, c.count) for c in reservations_by_body(rows)] == [("kommunstyrelsen", 1), ("okänt organ", 1)]
