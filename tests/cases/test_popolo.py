"""The case in Popolo terms (/arenden/<id>/popolo.json; docs/popolo-export.md)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.cases.queries_popolo import case_popolo
from verksam.documents.case_memo import memo_outline

from tests.cases.output_fixtures import SEED_PERSONS, build_case, seed_output_case  # noqa: F401


@pytest.fixture
def popolo(client, city, seed_output_case) -> dict:
    client.force_login(city.users.ks_reader)
    response = client.get(f"/arenden/{seed_output_case.pk}/popolo.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="KS-2023-1237.popolo.json"'
    return json.loads(response.content.decode("utf-8"))


@pytest.mark.django_db
def test_it_names_exactly_the_nine_persons_of_the_memo_with_their_parties(popolo):
    persons = {p["id"]: p["name"] for p in popolo["persons"]}
    assert sorted(persons.values()) == sorted(SEED_PERSONS)
    parties = {o["id"]: o for o in popolo["organizations"] if o["classification"] == "party"}
    memberships = {(persons[m["person_id"]], parties[m["organization_id"]]["identifiers"][0]["identifier"])
                   for m in popolo["memberships"]}
    assert memberships == set(SEED_PERSONS.items())
    assert all(m["role"] == "member" for m in popolo["memberships"])
    assert len(popolo["memberships"]) == 9
    assert {o["name"] for o in parties.values()} == {
        "Socialdemokraterna", "Moderaterna", "Liberalerna", "Sverigedemokraterna", "Centerpartiet",
        "Kristdemokraterna"}


@pytest.mark.django_db
def test_it_has_the_two_bodies_as_organizations(city, popolo):
    bodies = [(o["id"], o["name"], o["classification"]) for o in popolo["organizations"]
              if o["classification"] != "party"]
    assert bodies == [("body/borgarradsberedningen", "Borgarrådsberedningen", "preparatory_body"),
                      (f"unit/{city.ks.pk}", "Kommunstyrelsen", "executive_board")]
    assert popolo["meta"]["case"]["reference"] == "KS 2023/1237"
    assert popolo["meta"]["case"]["organization_id"] == f"unit/{city.ks.pk}"


@pytest.mark.django_db
def test_it_has_the_seven_statements_with_kind_persons_stance_and_same_as(popolo):
    persons = {p["id"]: p["name"] for p in popolo["persons"]}
    statements = popolo["statements"]
    assert len(statements) == 7
    summary = [(s["kind"], s["organization_id"].split("/")[0], [persons[i] for i in s["person_ids"]], s["stance"],
                s["same_as"]) for s in statements]
    assert summary == [
        ("reservation", "body", ["Christofer Fjellner", "Dennis Wedin"], "delvis bifall", None),
        ("reservation", "body", ["Jan Jönsson"], "delvis bifall", None),
        ("reservation", "unit", ["Christofer Fjellner", "Annika Friberg", "Johan Paccamonti"], "delvis bifall",
         "statement/KS-2023-1237/1"),
        ("reservation", "unit", ["Gabriel Kroon"], "avslag", None),
        ("reservation", "unit", ["Jan Jönsson"], "delvis bifall", "statement/KS-2023-1237/2"),
        ("reservation", "unit", ["Kristin Jacobsson"], "delvis bifall", None),
        ("ersättaryttrande", "unit", ["Nike Örbrink"], "delvis avslag", None),
    ]
    assert [p["party"] for p in statements[2]["persons"]] == ["M", "M", "M"]
    assert statements[2]["persons"][0]["party_id"] == "party/M"
    assert len(statements[5]["proposed_activities"]) == 19
    assert statements[6]["points"][0] == {"number": 1, "text": "Att delvis avslå förslag till verksamhetsplan,"}
    assert statements[6]["motion_ids"] == []


@pytest.mark.django_db
def test_motions_are_the_decision_points_and_the_reservations_alternative_points(popolo):
    persons = {p["id"]: p["name"] for p in popolo["persons"]}
    motions = popolo["motions"]
    proposals = [m for m in motions if m["classification"] == "förslag till beslut"]
    assert [(m["id"], m["number"], persons[m["creator_id"]]) for m in proposals] == [
        (f"motion/KS-2023-1237/{n}", n, "Karin Wanngård") for n in (1, 2, 3, 4)]
    assert proposals[3]["text"] == "Redovisade omslutningsförändringar om 746,2 mnkr godkänns."
    assert proposals[3]["amount_sek"] == 746200000
    assert proposals[0]["date"] == "2024-01-10"
    alternatives = [m for m in motions if m["classification"] == "reservation"]
    assert len(alternatives) == 12  # six reservations with two points each (identical ones repeat theirs)
    kroon = [m for m in alternatives if m["statement_id"] == "statement/KS-2023-1237/4"]
    assert [(m["text"], persons[m["creator_id"]]) for m in kroon] == [
        ("Att avslå förvaltningens förslag till beslut.", "Gabriel Kroon"),
        ("Därutöver anföra följande:", "Gabriel Kroon")]
    repeated = [m for m in alternatives if m["statement_id"] == "statement/KS-2023-1237/3"]
    assert [persons[i] for i in repeated[0]["signatory_ids"]] == [
        "Christofer Fjellner", "Annika Friberg", "Johan Paccamonti"]
    assert repeated[0]["text"] == "Att föredragande borgarrådets förslag till beslut godkänns delvis"
    ids = {m["id"] for m in motions}
    assert all(set(s["motion_ids"]) <= ids for s in popolo["statements"])
    assert len(ids) == len(motions)


def _count(func, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func(case)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_popolo_and_the_memo_outline_read_in_a_constant_number_of_queries(city):
    small = build_case(city, points=1, statements=2, persons_each=1, activities_each=1, plan_activities=0,
                       reference="KS 2024/1")
    large = build_case(city, points=9, statements=15, persons_each=4, activities_each=7, plan_activities=0,
                       reference="KS 2024/2")
    assert _count(case_popolo, small) == _count(case_popolo, large)
    assert _count(memo_outline, small) == _count(memo_outline, large)
    assert len(case_popolo(large)["persons"]) == 1 + 15 * 4
