"""The Kolada page: the sync of a year started from the web as a background task (run at once
in tests, VERKSAM_TASKS_SYNC), its result and Kolada's failure message, and who may start it.
Recorded responses only (no network); the clock is fixed at 2025-03-03 as in test_kolada_sync."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup.models import BackgroundTask, Outcome, OutcomeSource, Period
from verksam.integrations import kolada_sync
from verksam.integrations.kolada_tasks import KOLADA_TASK_KIND, start_kolada_sync
from verksam.planning.models import Indicator

from .test_kolada_sync import (  # noqa: F401
    CREDIT_N00090, URL_2024, FakeKolada, fixed_clock, fixture, population, raise_timeout,
)

PAGE = reverse("integrations:kolada_sync", args=[2024])


@pytest.fixture
def fake_kolada(monkeypatch):
    """Kolada for the page and the command alike: ``kolada_sync.KoladaClient`` answers from routes."""
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})
    monkeypatch.setattr(kolada_sync, "KoladaClient", kolada.client)
    return kolada


def task_url(task) -> str:
    return reverse("integrations:kolada_task", args=[task.pk])


@pytest.mark.django_db
def test_a_controller_starts_the_sync_and_sees_the_result(city, population, fake_kolada, client):
    client.force_login(city.users.ks_controller)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 indikatorer i årets planer är kopplade till ett nyckeltal i Kolada." in html
    assert 'id="kolada-start"' in html

    response = client.post(PAGE)

    task = BackgroundTask.objects.get(kind=KOLADA_TASK_KIND)
    assert response.status_code == 302 and response["Location"] == task_url(task)
    assert (task.status, task.created_by, task.params) == (
        "done", city.users.ks_controller, {"year": 2024, "municipality": "0180", "dry_run": False})
    assert task.message == "2 värden hämtade: 2 nya, 0 ändrade, 0 oförändrade, 0 problem."
    assert (task.result["created"], task.result["changed"], task.result["problems"]) == (2, 0, 0)
    assert fake_kolada.requested == [URL_2024]
    sick = Outcome.objects.get(indicator=city.sick_leave)
    assert (sick.value, sick.source, sick.source_note, sick.entered_by.username) == (
        Decimal("6.2"), OutcomeSource.KOLADA, CREDIT_N00090, "kolada")

    shown = client.get(task_url(task)).content.decode()
    assert "<strong>Hämtningen är klar:</strong> 2 värden hämtade: 2 nya, 0 ändrade, 0 oförändrade, 0 problem." in shown
    assert "<li>Utfall: 2 nya, 0 ändrade, 0 oförändrade, 0 problem.</li>" in shown
    assert "<li>Källa: Kolada, hämtad 2025-03-03 14:05</li>" in shown
    assert "hx-trigger" not in shown  # finished: no more polling
    fragment = client.get(task_url(task), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="task-status">') and "<html" not in fragment

    again = client.post(PAGE)
    assert BackgroundTask.objects.get(pk=again["Location"].rstrip("/").split("/")[-1]).message == \
        "2 värden hämtade: 0 nya, 0 ändrade, 2 oförändrade, 0 problem."
    listed = client.get(PAGE).content.decode()
    assert listed.count("/uppfoljning/kolada/jobb/") == 2


@pytest.mark.django_db
def test_a_network_failure_fails_the_task_with_the_message_and_changes_nothing(city, population, fake_kolada,
                                                                              client):
    fake_kolada.routes[URL_2024] = raise_timeout
    client.force_login(city.users.admin)

    response = client.post(PAGE)

    task = BackgroundTask.objects.get(kind=KOLADA_TASK_KIND)
    assert (task.status, task.message) == ("failed", "Kolada svarar inte (tidsgräns 20 s). Inget har ändrats.")
    assert not Outcome.objects.exists() and not Period.objects.exists()
    shown = client.get(response["Location"]).content.decode()
    assert ("<strong>Hämtningen misslyckades.</strong> Kolada svarar inte (tidsgräns 20 s). Inget har ändrats."
            in shown)


@pytest.mark.django_db
def test_a_dry_run_from_the_page_saves_nothing(city, population, fake_kolada, client):
    client.force_login(city.users.admin)
    client.post(PAGE, {"dry_run": "on"})
    task = BackgroundTask.objects.get()
    assert task.message == ("2 värden hämtade: 2 nya, 0 ändrade, 0 oförändrade, 0 problem. "
                            "Provkörning: inget sparades.")
    assert not Outcome.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["ks_editor", "ks_reader", "utb_editor", "nobody"])
def test_others_may_not_start_it_and_do_not_see_the_form_or_the_tasks(city, population, fake_kolada, client, user):
    start_kolada_sync(2024, acting_user=city.users.ks_controller)
    task = BackgroundTask.objects.get()
    client.force_login(getattr(city.users, user))

    page = client.get(PAGE).content.decode()
    assert 'id="kolada-start"' not in page and 'id="kolada-not-allowed"' in page
    assert "/uppfoljning/kolada/jobb/" not in page
    refused = client.post(PAGE)
    assert refused.status_code == 403 and BackgroundTask.objects.count() == 1
    assert client.get(task_url(task)).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(city, client):
    for response in (client.get(PAGE), client.post(PAGE)):
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


@pytest.mark.django_db
def test_a_year_that_has_not_ended_is_refused_on_the_page_and_nothing_starts(city, fake_kolada, client):
    client.force_login(city.users.admin)
    response = client.post(reverse("integrations:kolada_sync", args=[2025]))
    assert response.status_code == 200
    assert ("År 2025 är inte slut. Kolada redovisar årsvärden per 31 december; hämta dem när året är slut."
            in response.content.decode())
    assert not BackgroundTask.objects.exists() and fake_kolada.requested == []


@pytest.mark.django_db
def test_the_page_takes_the_same_number_of_queries_with_more_indicators_and_tasks(city, population, fake_kolada,
                                                                                client):
    client.force_login(city.users.admin)
    start_kolada_sync(2024, acting_user=city.users.admin)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PAGE).status_code == 200
    for n in range(3):
        Indicator.objects.create(plan=city.ks_plan, name=f"Extra {n}", kolada_kpi=f"N0100{n}",
                                 responsible_unit=city.ks)
        start_kolada_sync(2024, acting_user=city.users.ks_controller, dry_run=True)
    with CaptureQueriesContext(connection) as large:
        html = client.get(PAGE).content.decode()
    assert "5 indikatorer i årets planer" in html and html.count("/uppfoljning/kolada/jobb/") == 4
    assert len(large) == len(small)
