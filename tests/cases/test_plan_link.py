"""The plan a case adopts: a plan already decided by another case is never linked — not on
import, not on upload review, not when the case is decided."""

from __future__ import annotations

import datetime as dt

import pytest

from verksam.cases.actions import decide_case
from verksam.cases.importer import find_plan, import_case, match_plan, parse_text
from verksam.cases.models import Case
from verksam.planning.models import PlanStatus

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords, seed_case  # noqa: F401
from tests.cases.test_upload import form_values, review_post, upload
from tests.cases.test_views import text_of


@pytest.fixture
def decided_seed(city, seed_case):
    decide_case(seed_case, body=city.ks, decided_on=dt.date(2024, 1, 17), acting_user=city.users.ks_controller)
    city.ks_plan.refresh_from_db()
    assert city.ks_plan.status == PlanStatus.DECIDED and city.ks_plan.decision_reference == "KS 2023/1237"
    return seed_case


@pytest.mark.django_db
def test_an_undecided_plan_is_still_found_by_title(city):
    assert find_plan(city.municipality, reference="KS 2023/99", title="Verksamhetsplan 2024 för kommunstyrelsen",
                     unit=city.ks) == city.ks_plan


@pytest.mark.django_db
def test_a_plan_decided_by_another_case_is_skipped(city, decided_seed):
    match = match_plan(city.municipality, reference="KS 2023/99", title="Verksamhetsplan 2024 för kommunstyrelsen",
                       unit=city.ks)
    assert match.plan is None
    assert match.skipped == [city.ks_plan]
    # the case that decided it still finds it
    assert find_plan(city.municipality, reference="KS 2023/1237", title="x", unit=city.ks) == city.ks_plan


@pytest.mark.django_db
def test_importing_another_memo_with_the_same_title_links_no_plan(city, decided_seed):
    result = import_case(parse_text(SMALL_MEMO), municipality=city.municipality)
    assert result.case.reference == "KS 2023/99"
    assert result.case.plan_id is None
    decisions = decide_case(result.case, body=city.ks, decided_on=dt.date(2024, 2, 1),
                            acting_user=city.users.ks_controller)
    assert [d.plan_id for d in decisions] == [None, None]
    city.ks_plan.refresh_from_db()
    assert (city.ks_plan.decision_reference, city.ks_plan.decided_on) == ("KS 2023/1237", dt.date(2024, 1, 17))


@pytest.mark.django_db
def test_the_review_says_which_plan_is_linked(client, city):
    client.force_login(city.users.ks_controller)
    review = client.get(upload(client, "pm.txt", SMALL_MEMO.encode()).url)
    assert "Ärendet kopplas till Verksamhetsplan 2024 för kommunstyrelsen (utkast)." in text_of(review)


@pytest.mark.django_db
def test_the_review_says_no_plan_is_linked_when_the_plan_is_decided_by_another_case(client, city, decided_seed):
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", SMALL_MEMO.encode()).url
    review = client.get(review_url)
    text = text_of(review)
    assert "Ingen plan kopplas till ärendet, och ingen ny plan skapas." in text
    assert ("Verksamhetsplan 2024 för kommunstyrelsen är redan beslutad i ärende KS 2023/1237 och kopplas inte "
            "till detta ärende.") in text
    response = client.post(review_url, review_post(form_values(review)))
    assert response.status_code == 302
    assert Case.objects.get(reference="KS 2023/99").plan_id is None
