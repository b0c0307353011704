"""Reporting an activity's status from the plan page — also in a decided plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verksam.planning import actions
from verksam.planning.models import Activity


def _decide(city):
    actions.submit_plan(city.ks_plan, acting_user=city.users.ks_editor)
    actions.decide_plan(city.ks_plan, decided_on=dt.date(2024, 1, 17), decided_by=city.ks,
                        decision_reference="KS 2023/1237", decision_point="1", acting_user=city.users.ks_controller)


@pytest.mark.django_db
def test_an_editor_marks_an_activity_done_in_a_decided_plan(client, city):
    _decide(city)
    client.force_login(city.users.ks_editor)
    page = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert reverse("planning:activity_status", args=[city.activity.pk]) in page
    response = client.post(reverse("planning:activity_status", args=[city.activity.pk]), {"status": "done"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{city.activity.pk}")
    assert Activity.objects.get(pk=city.activity.pk).status == "done"


@pytest.mark.parametrize("user, expected", [("ks_reader", 403), ("utb_editor", 403), ("ks_politician", 403)])
@pytest.mark.django_db
def test_others_cannot_report_the_status(client, city, user, expected):
    _decide(city)
    client.force_login(getattr(city.users, user))
    response = client.post(reverse("planning:activity_status", args=[city.activity.pk]), {"status": "done"})
    assert response.status_code == expected
    assert Activity.objects.get(pk=city.activity.pk).status == "planned"


@pytest.mark.django_db
def test_an_unknown_status_is_refused(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:activity_status", args=[city.activity.pk]), {"status": "klar"})
    assert response.status_code == 400
    assert "Välj en giltig status." in response.content.decode()
    assert Activity.objects.get(pk=city.activity.pk).status == "planned"
