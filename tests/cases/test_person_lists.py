"""Person lists in statements read "A (M), B och C (L)" — no space before a comma — on the case
page, the comparison page and the upload review, with and without parties."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from verksam.cases.importer import import_case, parse_text

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords  # noqa: F401
from tests.cases.test_upload import upload
from tests.cases.test_views import text_of


def _case_with_partyless_persons(city):
    data = parse_text(SMALL_MEMO)
    data["statements"] = [
        {"kind": "reservation", "body": "kommunstyrelsen", "stance": "avslag", "same_as": None, "points": [],
         "proposed_activities": [], "text": "",
         "persons": [{"name": "Anna Ek", "party": ""}, {"name": "Bo Ek", "party": "S"}, {"name": "Cia Ek", "party": ""}]},
        {"kind": "särskilt uttalande", "body": "kommunstyrelsen", "stance": None, "same_as": 0, "points": [],
         "proposed_activities": [], "text": "",
         "persons": [{"name": "Dan Ek", "party": "L"}, {"name": "Eva Ek", "party": ""}]},
    ]
    return import_case(data, municipality=city.municipality).case


@pytest.mark.django_db
def test_no_space_before_commas_on_the_case_page(client, city):
    case = _case_with_partyless_persons(city)
    client.force_login(city.users.ks_controller)
    text = text_of(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert "Reservation av Anna Ek, Bo Ek (S) och Cia Ek – avslag" in text
    assert "Likalydande med reservation av Anna Ek, Bo Ek (S), Cia Ek i kommunstyrelsen." in text
    assert "Särskilt uttalande av Dan Ek (L) och Eva Ek" in text
    assert not re.search(r"\s,", text)


@pytest.mark.django_db
def test_no_space_before_commas_on_the_comparison_page_and_the_review(client, city, seed_memo_text):
    case = _case_with_partyless_persons(city)
    client.force_login(city.users.ks_controller)
    text = text_of(client.get(reverse("cases_output:comparison", args=[case.pk])))
    assert "Reserverade sig (3 personer): Anna Ek, Bo Ek (S), Cia Ek" in text
    assert not re.search(r"\s,", text)
    review = text_of(client.get(upload(client, "pm.txt", seed_memo_text.encode("utf-8")).url))
    section = review[review.index("7 reservationer och yttranden"):review.index("Spara ärendet")]
    assert "Reservation i kommunstyrelsen: Christofer Fjellner (M), Annika Friberg (M), Johan Paccamonti (M) " in section
    assert not re.search(r"\s,", section)
