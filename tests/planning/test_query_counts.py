"""The plan page reads the plan in a constant number of queries, whatever its size (DESIGN:
"Page and API reads come from query functions with a constant number of queries; tests check
the count at two data sizes")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.planning.plan_sizes import LARGE, SMALL, grow_plan
from verksam.planning.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db

# session, user, role assignments, plan, own goals, KF inriktningsmål, KF verksamhetsområdesmål,
# indicators, targets, activities, attachments
READER_QUERIES = 12
# no session or user for an anonymous visitor, no roles: plan + the seven plan_tree queries
ANONYMOUS_QUERIES = 9


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["3x2x2", "30x10x10"])
def test_it_renders_the_plan_page_for_a_reader_in_the_same_number_of_queries_at_any_size(
        client, city, django_assert_num_queries, size):
    plan = grow_plan(city, **size)
    client.force_login(city.users.ks_reader)
    with django_assert_num_queries(READER_QUERIES):
        response = client.get(reverse("planning:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="target"') == 2 + size["goals"] * size["indicators"] * 2


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["3x2x2", "30x10x10"])
def test_it_renders_a_decided_plan_page_for_anyone_in_the_same_number_of_queries_at_any_size(
        client, city, django_assert_num_queries, size):
    plan = grow_plan(city, **size)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DECIDED)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        response = client.get(reverse("planning:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('id="activity-') == 1 + size["goals"] * size["activities"]
