"""Django admin: every model is registered with history; decided plans are read-only there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from verksam.core.models import RoleAssignment
from verksam.organisation.models import Membership, Municipality, Party, Person, Unit
from verksam.planning import actions
from verksam.planning.models import (
    Activity, Assignment, Goal, Indicator, Plan, PlanAttachment, Target,
)

MODELS = [RoleAssignment, Municipality, Unit, Party, Person, Membership,
          Plan, PlanAttachment, Goal, Activity, Assignment, Indicator, Target]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """The ``city`` fixture creates seven users; hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("superadmin", password="ett-langt-losenord-9")


@pytest.fixture
def decided(city):
    actions.submit_plan(city.ks_plan, acting_user=city.users.admin)
    actions.decide_plan(city.ks_plan, decided_on=dt.date(2024, 1, 17), decided_by=city.ks,
                        decision_reference="KS 2023/1237", decision_point="1", acting_user=city.users.admin)
    return city


def change_url(obj, view: str = "change") -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_every_model_is_registered_with_history():
    for model in MODELS:
        assert isinstance(admin.site._registry.get(model), SimpleHistoryAdmin), model.__name__


@pytest.mark.django_db
def test_every_changelist_and_history_page_opens(client, city, superuser):
    client.force_login(superuser)
    for model in MODELS:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model.__name__
    assert client.get(change_url(city.board_goal_1, "history")).status_code == 200


@pytest.mark.django_db
def test_an_undecided_plans_goal_can_be_changed(client, city, superuser):
    client.force_login(superuser)
    html = client.get(change_url(city.board_goal_1)).content.decode()
    assert 'name="_save"' in html


@pytest.mark.django_db
def test_a_decided_plan_and_its_content_are_read_only(client, decided, superuser):
    client.force_login(superuser)
    for obj in (decided.ks_plan, decided.board_goal_1, decided.sick_leave, decided.sick_target, decided.activity):
        response = client.get(change_url(obj))
        assert response.status_code == 200
        assert 'name="_save"' not in response.content.decode(), type(obj).__name__
        assert client.post(change_url(obj, "delete"), {"post": "yes"}).status_code == 403
    response = client.post(change_url(decided.board_goal_1), {"title": "Ändrad", "level": "board"})
    assert response.status_code == 403
    decided.board_goal_1.refresh_from_db()
    assert decided.board_goal_1.title == "Kommunstyrelsen leder stadens trygghetsarbete"


@pytest.mark.django_db
def test_bulk_delete_of_decided_content_is_refused(client, decided, superuser):
    client.force_login(superuser)
    url = reverse("admin:planning_activity_changelist")
    client.post(url, {"action": "delete_selected", "_selected_action": [decided.activity.pk], "post": "yes"})
    assert Activity.objects.filter(pk=decided.activity.pk).exists()


@pytest.mark.django_db
def test_plan_status_is_not_editable_in_the_admin(client, city, superuser):
    client.force_login(superuser)
    html = client.get(change_url(city.ks_plan)).content.decode()
    assert 'name="status"' not in html
    assert 'name="decided_on"' not in html
