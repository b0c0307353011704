"""The history page (historik) of plans, goals, activities, indicators, årsmål and units: who,
when, what kind, the reason and each changed field before → after, written the Swedish way;
read access as the object's plan; a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.planning.edit_helpers import fast_passwords, set_status  # noqa: F401
from verksam.planning import actions
from verksam.planning.models import PlanStatus

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def history(client, kind: str, pk: int):
    return client.get(reverse("core:history", args=[kind, pk]))


def change(label: str, old: str, new: str, field: str) -> str:
    return f'<li data-field="{field}"><strong>{label}</strong>: <del>{old}</del> → <ins>{new}</ins></li>'


def test_it_lists_each_change_of_an_arsmal_newest_first_with_user_and_reason(client, city):
    editor, controller = city.users.ks_editor, city.users.ks_controller
    # a unit without plausibility limits (planning.plausibility), so 1 234,5 and −2 are accepted
    type(city.sick_leave).objects.filter(pk=city.sick_leave.pk).update(unit_of_measure="kr")
    city.sick_leave.unit_of_measure = "kr"
    actions.set_target(city.sick_leave, acting_user=editor, value=Decimal("4.2"), reason="Ny ambition")
    actions.set_target(city.sick_leave, acting_user=controller, value=Decimal("1234.5"), baseline=Decimal("-2"))
    client.force_login(city.users.ks_reader)

    response = history(client, "arsmal", city.sick_target.pk)

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(e.kind_label, e.user, e.reason) for e in entries] == [
        ("ändrad", "ks_controller", ""), ("ändrad", "ks_editor", "Ny ambition"), ("skapad", "(systemet)", "")]
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("Årsmål", "4,2", f"1{NBSP}234,5"), ("Startvärde", "–", "−2")]
    assert [(c.label, c.old, c.new) for c in entries[1].changes] == [("Årsmål", "4,5", "4,2")]
    html = response.content.decode()
    assert "Sjukfrånvaro, årsmål 2024 för Kommunstyrelsen" in html
    assert change("Årsmål", "4,5", "4,2", "value") in html


def test_a_goals_new_parent_is_named_not_numbered(client, city):
    actions.update_goal(city.board_goal_1, acting_user=city.users.ks_editor, parent=city.area_3_5, code="3.5.2")
    client.force_login(city.users.ks_reader)
    html = history(client, "mal", city.board_goal_1.pk).content.decode()
    assert change("Överordnat mål", "1.1 Stockholm är en tryggare stad", "3.5 Stockholms stad är en attraktiv "
                  "arbetsgivare", "parent") in html
    assert change("Nummer", "1.1.1", "3.5.2", "code") in html


def test_activity_dates_and_choices_read_in_swedish(client, city):
    actions.update_activity(city.activity, acting_user=city.users.ks_editor, start=dt.date(2024, 2, 1),
                            status="ongoing")
    client.force_login(city.users.ks_reader)
    html = history(client, "aktivitet", city.activity.pk).content.decode()
    assert change("Start", "–", "2024-02-01", "start") in html
    assert change("Status", "Planerad", "Pågående", "status") in html


def test_the_plan_history_shows_the_status_changes(client, city):
    actions.submit_plan(city.ks_plan, acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_reader)
    html = history(client, "plan", city.ks_plan.pk).content.decode()
    assert change("Status", "Utkast", "Inskickad", "status") in html
    assert '<td class="history-user">ks_editor</td>' in html


def test_a_deleted_activity_keeps_its_history(client, city):
    pk = city.activity.pk
    actions.delete_activity(city.activity, acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_reader)
    response = history(client, "aktivitet", pk)
    assert response.status_code == 200
    assert [(e.kind_label, e.user) for e in response.context["entries"]] == [
        ("borttagen", "ks_editor"), ("skapad", "(systemet)")]
    assert '<span class="status-badge">borttagen</span>' in response.content.decode()


def test_indicator_history_is_reachable_from_the_plan_page(client, city):
    client.force_login(city.users.ks_reader)
    page = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    for kind, pk in [("plan", city.ks_plan.pk), ("mal", city.board_goal_2.pk), ("indikator", city.sick_leave.pk),
                     ("aktivitet", city.activity.pk), ("arsmal", city.sick_target.pk)]:
        assert f'href="/historik/{kind}/{pk}/"' in page
        assert history(client, kind, pk).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "nobody", "utb_editor"])
def test_a_drafts_history_is_hidden_from_those_who_cannot_read_drafts(client, city, who):
    if who != "anonymous":
        client.force_login(getattr(city.users, who))
    for kind, pk in [("plan", city.ks_plan.pk), ("mal", city.board_goal_1.pk), ("arsmal", city.sick_target.pk)]:
        assert history(client, kind, pk).status_code == 404


def test_a_decided_plans_history_is_public(client, city):
    set_status(city.ks_plan, PlanStatus.DECIDED)
    assert history(client, "arsmal", city.sick_target.pk).status_code == 200
    assert history(client, "mal", city.board_goal_1.pk).status_code == 200


def test_a_units_history_is_public_and_linked_from_its_page(client, city):
    unit = city.slk
    unit.name = "Stadsledningskontoret (SLK)"
    unit._history_user = city.users.admin
    unit.save()
    assert f'href="/historik/enhet/{unit.pk}/"' in client.get(
        reverse("organisation:unit_detail", args=[unit.pk])).content.decode()
    html = history(client, "enhet", unit.pk).content.decode()
    assert change("Namn", "Stadsledningskontoret", "Stadsledningskontoret (SLK)", "name") in html
    assert '<td class="history-user">admin</td>' in html


def test_an_unknown_kind_or_object_is_404(client, city):
    client.force_login(city.users.admin)
    assert history(client, "budget", 1).status_code == 404
    assert history(client, "mal", 999999).status_code == 404


def test_the_history_page_needs_the_same_number_of_queries_for_2_and_30_changes(client, city):
    client.force_login(city.users.ks_reader)

    def count_queries(pk: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert history(client, "arsmal", pk).status_code == 200
        return len(ctx.captured_queries)

    actions.set_target(city.sick_leave, acting_user=city.users.ks_editor, value=Decimal("4.4"))
    few = count_queries(city.sick_target.pk)
    for i in range(29):
        actions.set_target(city.sick_leave, acting_user=city.users.ks_editor if i % 2 else city.users.ks_controller,
                           value=Decimal("4.3") - Decimal(i) / 100, baseline=Decimal(i))
    many = count_queries(city.sick_target.pk)
    assert len(history(client, "arsmal", city.sick_target.pk).context["entries"]) == 31
    assert many == few
