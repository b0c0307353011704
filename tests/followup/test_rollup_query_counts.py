"""The roll-up reads, the KF page, the assessment page and the API answer in the same number of
queries at any size (two sizes: 2 boards × 2 goals × 2 indicators and 8 × 6 × 5)."""

from __future__ import annotations

import pytest

from tests.followup.rollup_helpers import decide, grow_city, periods_of
from verksam.followup.queries_rollup import board_rollup, kf_rollup, rollup, unit_assessments

pytestmark = pytest.mark.django_db

SMALL = dict(boards=2, goals=2, indicators=2)
LARGE = dict(boards=8, goals=6, indicators=5)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["2x2x2", "8x6x5"])

LOAD = 8  # period_data.load_period_data: units, goals, indicators, årsmål, outcomes, indicator and goal assessments, activities
PAGE = 2  # the period and the periods of its year
SESSION = 3  # session, user, the user's role assignments


@pytest.fixture
def grown(city):
    def grow(size):
        period = periods_of(city).t2
        units = grow_city(city, period, **size)
        decide(city.kf_budget)
        return period, units
    return grow


@SIZES
def test_the_reads_load_in_eight_queries(city, grown, django_assert_num_queries, size):
    period, units = grown(size)
    with django_assert_num_queries(LOAD):
        result = rollup(period)
    # each goal by its owner (5 KF, 2 KS, boards × goals) and KF 1, 1.1, 3 and 3.5 by KS and every board
    assert len(result.goals) == 5 + 2 + size["boards"] * size["goals"] + 4 * (size["boards"] + 1)
    with django_assert_num_queries(LOAD):
        assert len(board_rollup(city.area_3_5, period).boards) == size["boards"] + 1
    with django_assert_num_queries(LOAD):
        assert len(kf_rollup(period)) == 5
    with django_assert_num_queries(LOAD):
        page = unit_assessments(units[0], period)
    assert (len(page.goals), page.indicator_count) == (size["goals"] + 4, size["goals"] * size["indicators"])


@SIZES
def test_the_kf_page_answers_in_the_same_number_of_queries(client, city, grown, django_assert_num_queries, size):
    period, units = grown(size)
    with django_assert_num_queries(PAGE + LOAD):
        response = client.get(f"/uppfoljning/{period.pk}/kf-mal/")
    assert response.status_code == 200
    assert response.content.decode().count('rollup-boards"') == 4  # 1, 1.1, 3, 3.5 (2 has no board)
    client.force_login(city.users.ks_reader)
    with django_assert_num_queries(SESSION + PAGE + LOAD):
        assert client.get(f"/uppfoljning/{period.pk}/kf-mal/").status_code == 200


@SIZES
def test_the_assessment_page_answers_in_the_same_number_of_queries(client, city, grown, django_assert_num_queries,
                                                                   size):
    period, units = grown(size)
    client.force_login(city.users.admin)
    with django_assert_num_queries(SESSION + PAGE + 1 + LOAD):  # + the unit
        response = client.get(f"/uppfoljning/{period.pk}/bedomning/{units[-1].pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="assessment-card') == size["goals"] + 4


@SIZES
def test_the_api_answers_in_the_same_number_of_queries(client, city, grown, django_assert_num_queries, size):
    period, units = grown(size)
    client.force_login(city.users.ks_reader)
    # session, user, period, goal with the roles for visible_plans, then the load
    with django_assert_num_queries(SESSION + 2 + LOAD):
        response = client.get(f"/api/rollup?goal={city.area_3_5.pk}&period={period.pk}")
    assert len(response.json()["boards"]) == size["boards"] + 1
    with django_assert_num_queries(SESSION + 2 + LOAD):  # + period, unit
        response = client.get(f"/api/assessments?unit={units[0].pk}&period={period.pk}")
    assert len(response.json()["goals"]) == 4  # the KF goals it serves; its own plan is a draft
    with django_assert_num_queries(SESSION + 2):  # outcomes (drafts filtered in the query), årsmål
        response = client.get(f"/api/outcomes?period={period.pk}")
    assert len(response.json()) == size["boards"]  # the KF indicators' outcomes
