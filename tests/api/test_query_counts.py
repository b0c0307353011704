"""GET /api/plans/{plan_id} reads the plan in a constant number of queries, whatever its size —
the same queries as the plan page (both use ``verksam.planning.queries.plan_tree``)."""

from __future__ import annotations

import pytest

from tests.planning.plan_sizes import LARGE, SMALL, grow_plan
from verksam.planning.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db

# session, user, role assignments, plan, own goals, KF inriktningsmål, KF verksamhetsområdesmål,
# indicators, targets, activities, attachments
READER_QUERIES = 11
ANONYMOUS_QUERIES = 8  # no session, user or roles


def _walk(goals):
    for goal in goals:
        yield goal
        yield from _walk(goal["children"])


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["3x2x2", "30x10x10"])
def test_it_answers_a_reader_in_the_same_number_of_queries_at_any_size(
        client, city, django_assert_num_queries, size):
    plan = grow_plan(city, **size)
    client.force_login(city.users.ks_reader)
    with django_assert_num_queries(READER_QUERIES):
        response = client.get(f"/api/plans/{plan.pk}")
    assert response.status_code == 200
    goals = list(_walk(response.json()["goals"]))
    assert sum(len(i["targets"]) for g in goals for i in g["indicators"]) == 2 + size["goals"] * size["indicators"] * 2
    assert sum(len(g["activities"]) for g in goals) == 1 + size["goals"] * size["activities"]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["3x2x2", "30x10x10"])
def test_it_answers_anyone_about_a_decided_plan_in_the_same_number_of_queries_at_any_size(
        client, city, django_assert_num_queries, size):
    plan = grow_plan(city, **size)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DECIDED)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        response = client.get(f"/api/plans/{plan.pk}")
    assert response.status_code == 200
    assert len(list(_walk(response.json()["goals"]))) == 3 + 2 + 2 + size["goals"]
