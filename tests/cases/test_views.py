"""The case page and the case list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.cases.actions import decide_case
from verksam.cases.importer import import_case, parse_text
from verksam.cases.queries import case_detail

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords, seed_case  # noqa: F401


def text_of(response) -> str:
    """The page's visible text with whitespace collapsed (U+00A0 kept)."""
    html = response.content.decode()
    html = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(span|a|strong|em|small|abbr)\b[^>]*>", "", html)  # inline tags join their text
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def decided_seed(city, seed_case):
    decide_case(seed_case, body=city.ks, decided_on=dt.date(2024, 1, 17), acting_user=city.users.ks_controller,
                is_example=True)
    seed_case.refresh_from_db()
    return seed_case


@pytest.mark.django_db
def test_a_decided_case_is_readable_by_anonymous_visitors_with_everything(client, decided_seed):
    response = client.get(reverse("cases:case_detail", args=[decided_seed.pk]))
    assert response.status_code == 200
    text = text_of(response)
    assert "PM Rotel I · Dnr KS 2023/1237 · 10 januari 2024 · Beslutat" in text
    assert "Föredragande Karin Wanngård (borgarråd)" in text
    assert "Ärendet har beretts av stadsledningskontoret." in text
    assert "Redovisade omslutningsförändringar om 746,2 mnkr godkänns. [746,2 mnkr = 746\u00a0200\u00a0000 kr]" in text
    assert "Kommunstyrelsen 17 januari 2024, punkt 1: Bifall till förslaget. exempeldatum" in text
    assert "Resultatenhet: Visningsenheten (Kommunstyrelsen, budgetår 2024)" in text
    assert "Omslutningsförändringar för Kommunstyrelsen 2024: 746,2 mnkr (746\u00a0200\u00a0000 kr)" in text
    assert ("Beslutet är inte enhälligt: 2 reservationer i borgarrådsberedningen, 4 reservationer i "
            "kommunstyrelsen.") in text
    assert "6 reservationer" not in text
    assert "Ledningens genomgång – informationssäkerhetsplan VP KS 2024, dnr KS 2023/1237-1.7" in text
    assert "Kommunstyrelsens sammanträdesdatum 17 januari 2024 är exempeldata" not in text  # seed imported without note


@pytest.mark.django_db
def test_statements_are_grouped_by_body_with_persons_parties_stances_and_likalydande(client, decided_seed):
    text = text_of(client.get(reverse("cases:case_detail", args=[decided_seed.pk])))
    assert text.index(" Borgarrådsberedningen Reservation av Christofer Fjellner (M) och Dennis Wedin (M) – delvis bifall") \
        < text.index(" Kommunstyrelsen Reservation av Christofer Fjellner (M), Annika Friberg (M) och Johan Paccamonti (M)")
    assert ("Likalydande med reservation av Christofer Fjellner (M), Dennis Wedin (M) i borgarrådsberedningen."
            in text)
    assert "Likalydande med reservation av Jan Jönsson (L) i borgarrådsberedningen." in text
    assert "Reservation av Gabriel Kroon (SD) – avslag" in text
    assert "Ersättaryttrande av Nike Örbrink (KD) – delvis avslag" in text
    assert "19 föreslagna aktiviteter" in text
    assert "prioritera, samordna och leda stadens arbete för en sammanhållen och stärkt krisberedskap" in text


@pytest.mark.django_db
def test_a_case_under_preparation_is_hidden_from_visitors_but_shown_to_the_unit(client, city, seed_case):
    url = reverse("cases:case_detail", args=[seed_case.pk])
    assert client.get(url).status_code == 404
    client.force_login(city.users.utb_editor)
    assert client.get(url).status_code == 404
    client.force_login(city.users.ks_reader)
    response = client.get(url)
    assert response.status_code == 200
    assert "Under beredning" in text_of(response)


@pytest.mark.django_db
def test_the_case_list_shows_decided_cases_to_everyone(client, city, decided_seed):
    import_case(parse_text(SMALL_MEMO), municipality=city.municipality)
    text = text_of(client.get(reverse("cases:case_list")))
    assert "KS 2023/1237 Verksamhetsplan 2024 för kommunstyrelsen 10 januari 2024 Beslutat" in text
    assert "KS 2023/99" not in text
    assert "Läs in ett ärende" not in text


@pytest.mark.django_db
def test_the_case_page_reads_in_the_same_number_of_queries_for_small_and_large_cases(city, seed_case, seed_memo_text):
    data = parse_text(seed_memo_text)
    doubled = [dict(s, same_as=None if s["same_as"] is None else s["same_as"] + 7) for s in data["statements"]]
    data.update(reference="KS 2023/1238", statements=data["statements"] + doubled,
                proposals=data["proposals"] + [dict(p, number=p["number"] + 4) for p in data["proposals"]])
    large = import_case(data, municipality=city.municipality).case
    with CaptureQueriesContext(connection) as small_queries:
        case_detail(seed_case)
    with CaptureQueriesContext(connection) as large_queries:
        detail = case_detail(large)
    assert (len(detail.statements), len(detail.proposals)) == (14, 8)
    assert len(small_queries) == len(large_queries) == 11
