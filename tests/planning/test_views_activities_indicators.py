"""Activities (aktiviteter) and indicators (indikatorer) in the web UI: create, edit, delete,
Swedish errors next to the field and nothing saved on error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.planning.edit_helpers import activity_data, fast_passwords, indicator_data  # noqa: F401
from verksam.core.swedish_numbers import SwedishNumberError, parse_swedish_number
from verksam.planning.models import Activity, ActivityStatus, Direction, Indicator, Origin, Target

pytestmark = pytest.mark.django_db


def test_an_editor_adds_an_activity_under_a_goal(client, city):
    client.force_login(city.users.ks_editor)
    form = client.get(reverse("planning:activity_create", args=[city.ks_plan.pk]) + f"?goal={city.board_goal_1.pk}")
    assert f'<option value="{city.board_goal_1.pk}" selected>1.1.1 Kommunstyrelsen leder stadens trygghetsarbete' \
        in form.content.decode()

    response = client.post(reverse("planning:activity_create", args=[city.ks_plan.pk]), activity_data(city), follow=True)

    activity = Activity.objects.get(title="Utbilda chefer i trygghetsarbete")
    assert (activity.plan, activity.goal, activity.owner_unit, activity.start, activity.end, activity.status,
            activity.origin) == (city.ks_plan, city.board_goal_1, city.slk, dt.date(2024, 2, 1), dt.date(2024, 11, 30),
                                 ActivityStatus.PLANNED, Origin.OWN)
    assert "Aktiviteten har skapats." in response.content.decode()


def test_it_refuses_an_activity_ending_before_it_starts_at_the_end_field(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:activity_create", args=[city.ks_plan.pk]),
                           activity_data(city, start="2024-06-01", end="2024-05-31"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"end": ["Slutdatum kan inte ligga före startdatum."]}
    assert '<small class="error field-error" id="id_end_error" role="alert">Slutdatum kan inte ligga före startdatum.' \
        in response.content.decode()
    assert Activity.objects.count() == 1


def test_an_editor_changes_an_activitys_status_and_deletes_it(client, city):
    client.force_login(city.users.ks_editor)
    client.post(reverse("planning:activity_edit", args=[city.activity.pk]),
                activity_data(city, title="Leda stadens trygghetssatsning", status="ongoing", origin="council",
                              start="", end="", lock_version=0))
    activity = Activity.objects.get(pk=city.activity.pk)
    assert (activity.status, activity.origin, activity.start, activity.lock_version) == (
        ActivityStatus.ONGOING, Origin.COUNCIL, None, 1)

    client.post(reverse("planning:activity_delete", args=[city.activity.pk]))
    assert not Activity.objects.filter(pk=city.activity.pk).exists()


def test_an_editor_creates_an_indicator_with_a_swedish_tolerance(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:indicator_create", args=[city.ks_plan.pk]),
                           indicator_data(city, tolerance="7,5", tolerance_kind="absolute", by_sex="on",
                                          kolada_kpi="N00945"))
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Andel medarbetare som arbetar heltid")
    assert (indicator.goal, indicator.tolerance, indicator.tolerance_kind, indicator.by_sex, indicator.kolada_kpi,
            indicator.direction, indicator.responsible_unit) == (
        city.board_goal_2, Decimal("7.5"), "absolute", True, "N00945", Direction.HIGHER, city.ks)


def test_the_indicator_form_shows_stored_numbers_the_swedish_way(client, city):
    Indicator.objects.filter(pk=city.sick_leave.pk).update(tolerance=Decimal("1234.5"))
    client.force_login(city.users.ks_editor)
    html = client.get(reverse("planning:indicator_edit", args=[city.sick_leave.pk])).content.decode()
    assert 'name="tolerance" value="1\u00a0234,5"' in html
    assert 'inputmode="decimal"' in html


@pytest.mark.parametrize("typed", ["1,234.5", "1.234"])
def test_it_refuses_an_ambiguous_tolerance_at_the_field(client, city, typed):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:indicator_edit", args=[city.sick_leave.pk]),
                           indicator_data(city, tolerance=typed, lock_version=0))
    with pytest.raises(SwedishNumberError) as caught:
        parse_swedish_number(typed)
    assert response.status_code == 200
    assert response.context["form"].errors == {"tolerance": [str(caught.value)]}
    assert Indicator.objects.get(pk=city.sick_leave.pk).name == "Sjukfrånvaro"  # nothing saved


def test_it_refuses_a_malformed_kolada_kpi_at_the_field(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:indicator_create", args=[city.ks_plan.pk]),
                           indicator_data(city, kolada_kpi="90"))
    assert response.context["form"].errors == {
        "kolada_kpi": ["Ett Kolada-KPI skrivs som en bokstav och fem siffror, t.ex. N00090."]}
    assert not Indicator.objects.filter(name="Andel medarbetare som arbetar heltid").exists()


def test_deleting_an_indicator_deletes_its_targets(client, city):
    client.force_login(city.users.ks_editor)
    confirm = client.get(reverse("planning:indicator_delete", args=[city.sick_leave.pk])).content.decode()
    assert "Vill du ta bort indikatorn och alla dess årsmål?" in confirm
    client.post(reverse("planning:indicator_delete", args=[city.sick_leave.pk]))
    assert not Indicator.objects.filter(pk=city.sick_leave.pk).exists()
    assert not Target.objects.filter(pk=city.sick_target.pk).exists()
