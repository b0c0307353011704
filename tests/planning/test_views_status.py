"""The plan's status workflow in the web UI, and a decided plan's refusal of every edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.planning.edit_helpers import (  # noqa: F401
    ENDPOINTS, LOCKED_MESSAGE, db_state, fast_passwords, set_status,
)
from verksam.planning.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db


def plan_page(client, plan) -> str:
    return client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()


def test_an_editor_submits_a_draft_and_takes_it_back(client, city):
    client.force_login(city.users.ks_editor)
    assert "Skicka in" in plan_page(client, city.ks_plan)

    response = client.post(reverse("planning:plan_submit", args=[city.ks_plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"/planer/{city.ks_plan.pk}/"
    html = response.content.decode()
    assert "Planen har skickats in." in html
    assert '<span class="status-badge status-submitted" id="plan-status">Inskickad</span>' in html
    assert "Återgå till utkast" in html
    assert ">Besluta</a>" not in html  # editors do not decide

    client.post(reverse("planning:plan_return_to_draft", args=[city.ks_plan.pk]), {"reason": "Komplettering av mål"})
    city.ks_plan.refresh_from_db()
    assert city.ks_plan.status == PlanStatus.DRAFT
    last = city.ks_plan.history.order_by("-history_date").first()
    assert (last.history_user, last.history_change_reason) == (city.users.ks_editor, "Komplettering av mål")


def test_it_refuses_to_submit_a_plan_that_is_already_submitted(client, city):
    set_status(city.ks_plan, PlanStatus.SUBMITTED)
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:plan_submit", args=[city.ks_plan.pk]))
    assert response.status_code == 409
    assert "Bara ett utkast kan skickas in." in response.content.decode()


def test_a_controller_records_the_decision_and_the_plan_locks(client, city):
    set_status(city.ks_plan, PlanStatus.SUBMITTED)
    client.force_login(city.users.ks_controller)
    form = client.get(reverse("planning:plan_decide", args=[city.ks_plan.pk]))
    assert form.status_code == 200
    assert 'value="KS 2023/1237"' in form.content.decode()  # the plan's reference is proposed

    response = client.post(reverse("planning:plan_decide", args=[city.ks_plan.pk]), {
        "decided_on": "2024-01-24", "decided_by": city.ks.pk, "decision_reference": "KS 2023/1237",
        "decision_point": "1"}, follow=True)

    plan = Plan.objects.get(pk=city.ks_plan.pk)
    assert (plan.status, plan.decided_on, plan.decided_by, plan.decision_reference, plan.decision_point) == (
        PlanStatus.DECIDED, dt.date(2024, 1, 24), city.ks, "KS 2023/1237", "1")
    html = response.content.decode()
    assert "Beslutet har registrerats. Planen är beslutad." in html
    assert "Beslutad av kommunstyrelsen 24 januari 2024, KS 2023/1237, punkt 1." in html
    assert LOCKED_MESSAGE in html


def test_it_refuses_a_decision_dated_in_the_future_at_the_date_field(client, city):
    set_status(city.ks_plan, PlanStatus.SUBMITTED)
    client.force_login(city.users.ks_controller)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client.post(reverse("planning:plan_decide", args=[city.ks_plan.pk]), {
        "decided_on": tomorrow.isoformat(), "decided_by": city.ks.pk, "decision_reference": "KS 2023/1237"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"decided_on": ["Beslutsdatum kan inte ligga i framtiden."]}
    assert 'id="id_decided_on_error"' in response.content.decode()
    assert Plan.objects.get(pk=city.ks_plan.pk).status == PlanStatus.SUBMITTED


def test_it_refuses_to_decide_a_draft_with_the_reason_on_top_of_the_form(client, city):
    client.force_login(city.users.ks_controller)
    response = client.post(reverse("planning:plan_decide", args=[city.ks_plan.pk]), {
        "decided_on": "2024-01-24", "decided_by": city.ks.pk, "decision_reference": "KS 2023/1237"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Planen måste vara inskickad innan den kan beslutas."]
    assert Plan.objects.get(pk=city.ks_plan.pk).status == PlanStatus.DRAFT


def test_a_decided_plan_shows_no_edit_controls_to_its_editor(client, city):
    set_status(city.ks_plan, PlanStatus.DECIDED)
    client.force_login(city.users.ks_editor)
    html = plan_page(client, city.ks_plan)
    assert LOCKED_MESSAGE in html
    assert 'id="plan-actions"' not in html
    for control in ("Nytt mål", "Ny indikator", "Ny aktivitet", "Skicka in", "Återgå till utkast", ">Besluta<",
                    "/andra/", "/ta-bort/", "Ange årsmål", "Revidera"):
        assert control not in html
    assert html.count(">Historik</a>") == 1 + 2 + 2 + 1 + 2  # plan, goals, indicators, activity, targets


def test_a_decided_plan_offers_its_controller_to_revise_the_targets_only(client, city):
    set_status(city.ks_plan, PlanStatus.DECIDED)
    client.force_login(city.users.ks_controller)
    html = plan_page(client, city.ks_plan)
    assert "Årsmål kan revideras genom ett nytt beslut." in html
    assert html.count(">Revidera</a>") == 2
    assert "Nytt mål" not in html and "/ta-bort/" not in html


REFUSED_ON_DECIDED = [name for name in ENDPOINTS if name != "revise target"]


@pytest.mark.parametrize("endpoint", REFUSED_ON_DECIDED)
def test_a_decided_plan_refuses_every_edit_endpoint(client, city, endpoint):
    url, data = ENDPOINTS[endpoint].request(city)
    set_status(city.ks_plan, PlanStatus.DECIDED)
    # The editor may do everything here on an undecided plan except decide; the controller decides.
    client.force_login(city.users.ks_controller if endpoint == "decide" else city.users.ks_editor)
    before = db_state(city.ks_plan)

    response = client.post(url, data)

    assert response.status_code == 409
    assert f'<p role="alert" class="error" id="refusal">{LOCKED_MESSAGE}</p>' in response.content.decode()
    assert db_state(city.ks_plan) == before


@pytest.mark.parametrize("url_name", ["goal_edit", "goal_delete"])
def test_a_decided_plan_refuses_the_edit_forms_themselves(client, city, url_name):
    set_status(city.ks_plan, PlanStatus.DECIDED)
    client.force_login(city.users.ks_editor)
    response = client.get(reverse(f"planning:{url_name}", args=[city.board_goal_1.pk]))
    assert response.status_code == 409
    assert LOCKED_MESSAGE in response.content.decode()
