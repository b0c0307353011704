"""Recording a control result per occasion: utan anmärkning, avvikelse with its deviation in the
same form (all or nothing), locked periods (409 for editors, a correction with a reason for
controllers), the optimistic lock and future dates."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.control.plan_helpers import D, deviation_on, fix_today, occasion_url, occasions, plan_url
from verksam.control import actions
from verksam.control.models import ControlResult, Deviation
from verksam.followup.actions import set_period_status
from verksam.followup.models import PeriodStatus

pytestmark = pytest.mark.django_db

LOCKED = "Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl."


def html_of(response) -> str:
    return response.content.decode()


def field_error(field: str, message: str) -> str:
    return f'<small class="error field-error" id="id_{field}_error" role="alert">{message}</small>'


def deviation_post(**overrides) -> dict:
    return {"outcome": "deviation", "finding": "Två insatser saknade uppföljning", "as_of": "",
            "actions": "Rutin för uppföljning tas fram", "responsible": "Avdelningschef trygghet",
            "due": "2024-10-31", **overrides}


def lock(ic, city, period):
    set_period_status(period, PeriodStatus.LOCKED, unit=city.kf, acting_user=city.users.admin)


def test_the_occasion_page_shows_the_form_and_the_period(client, ic, city):
    client.force_login(city.users.ks_editor)
    response = client.get(occasion_url(occasions(ic.control)[0]))
    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>Uppföljning av trygghetsinsatser</h1>" in html
    assert "Kontrolltillfälle 30 april 2024" in html
    assert ('Resultatet hör till Tertialrapport 1 2024: <span class="status-badge period-status-open">Öppen</span>'
            in html)
    assert 'id="result-form"' in html and 'id="deviation-fields"' in html
    assert 'name="correction_reason"' not in html


def test_a_result_utan_anmarkning_is_saved(client, ic, city):
    first = occasions(ic.control)[0]
    client.force_login(city.users.ks_editor)
    response = client.post(occasion_url(first), {"outcome": "no_remarks", "finding": "", "as_of": ""}, follow=True)
    assert response.redirect_chain == [(plan_url(city.ks) + f"#control-{ic.control.pk}", 302)]
    assert "Resultatet har sparats." in html_of(response)
    result = ControlResult.objects.get(occasion=first)
    assert (result.outcome, result.as_of, result.period, result.entered_by) == (
        "no_remarks", D(2024, 4, 30), ic.t1, city.users.ks_editor)
    assert not Deviation.objects.exists()


def test_an_avvikelse_opens_its_deviation_in_the_same_form(client, ic, city):
    second = occasions(ic.control)[1]
    client.force_login(city.users.ks_editor)
    response = client.post(occasion_url(second), deviation_post(as_of="2024-08-30"), follow=True)
    assert "Resultatet och avvikelsen har sparats." in html_of(response)
    result = ControlResult.objects.get(occasion=second)
    assert (result.outcome, result.finding, result.as_of, result.period) == (
        "deviation", "Två insatser saknade uppföljning", D(2024, 8, 30), ic.t2)
    deviation = Deviation.objects.get()
    assert (deviation.result, deviation.finding, deviation.actions, deviation.responsible, deviation.due,
            deviation.status) == (result, "Två insatser saknade uppföljning", "Rutin för uppföljning tas fram",
                                  "Avdelningschef trygghet", D(2024, 10, 31), "open")
    # the plan shows it, and the occasion page no longer offers a second deviation
    html = html_of(client.get(plan_url(city.ks)))
    assert 'Avvikelse</span> <span class="open-deviations">(1 öppen avvikelse)</span>' in html
    html = html_of(client.get(occasion_url(second)))
    assert 'id="deviation-fields"' not in html
    assert "Avvikelse: Två insatser saknade uppföljning</a> – Öppen" in html


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"finding": "  "}, "finding", "Beskriv avvikelsen som kontrollen fann."),
    ({"responsible": ""}, "responsible", "Ange vem som är ansvarig för åtgärderna."),
    ({"outcome": ""}, "outcome", None),
    ({"due": "31/10"}, "due", "Fyll i ett giltigt datum."),
])
def test_a_refused_result_or_deviation_saves_nothing(client, ic, city, overrides, field, message):
    client.force_login(city.users.ks_editor)
    response = client.post(occasion_url(occasions(ic.control)[1]), deviation_post(**overrides))
    assert response.status_code == 200
    html = html_of(response)
    assert "Inget sparades." in html
    if message:
        assert field_error(field, message) in html
    else:
        assert "Detta fält måste fyllas i." in html
    assert not ControlResult.objects.exists() and not Deviation.objects.exists()


def test_a_future_date_is_refused_at_the_field(client, ic, city, monkeypatch):
    fix_today(monkeypatch, D(2024, 5, 10))
    client.force_login(city.users.ks_editor)
    response = client.post(occasion_url(occasions(ic.control)[0]),
                           {"outcome": "no_remarks", "as_of": "2024-05-11"})
    assert response.status_code == 200
    assert field_error("as_of", "Datumet 2024-05-11 ligger i framtiden.") in html_of(response)
    assert not ControlResult.objects.exists()


def test_an_editor_in_a_locked_period_gets_409_and_nothing_is_saved(client, ic, city):
    lock(ic, city, ic.t1)
    first = occasions(ic.control)[0]
    client.force_login(city.users.ks_editor)
    html = html_of(client.get(occasion_url(first)))
    assert "Perioden är inte öppen. Resultatet visas skrivskyddat; rättelser görs av en controller." in html
    assert 'id="result-form"' not in html
    response = client.post(occasion_url(first), deviation_post())
    assert response.status_code == 409
    assert LOCKED in html_of(response)
    assert not ControlResult.objects.exists() and not Deviation.objects.exists()


def test_a_controller_corrects_a_locked_period_only_with_a_reason(client, ic, city):
    first = occasions(ic.control)[0]
    actions.record_result(first, acting_user=city.users.ks_editor, outcome="no_remarks")
    lock(ic, city, ic.t1)
    client.force_login(city.users.ks_controller)
    html = html_of(client.get(occasion_url(first)))
    assert "Perioden är inte öppen. Ett resultat registreras som rättelse och kräver ett skäl." in html
    assert 'name="correction_reason"' in html
    data = deviation_post(lock_version="0", correction_reason="")

    response = client.post(occasion_url(first), data)
    assert response.status_code == 200
    assert field_error("correction_reason", LOCKED) in html_of(response)
    assert ControlResult.objects.get().outcome == "no_remarks" and not Deviation.objects.exists()

    response = client.post(occasion_url(first), {**data, "correction_reason": "Attesterna kontrollerades fel"})
    assert response.status_code == 302
    result = ControlResult.objects.get()
    assert (result.outcome, result.correction_reason, result.entered_by, result.lock_version) == (
        "deviation", "Attesterna kontrollerades fel", city.users.ks_controller, 1)
    assert result.history.first().history_change_reason == "Attesterna kontrollerades fel"
    assert Deviation.objects.get().result == result


def test_a_result_changed_meanwhile_is_refused_with_409(client, ic, city):
    first = occasions(ic.control)[0]
    actions.record_result(first, acting_user=city.users.ks_editor, outcome="no_remarks")
    actions.record_result(first, acting_user=city.users.ks_controller, outcome="no_remarks", finding="Allt i ordning")
    client.force_login(city.users.ks_editor)
    response = client.post(occasion_url(first), deviation_post(lock_version="0"))
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgiften sedan du öppnade den." in html_of(response)
    assert ControlResult.objects.get().finding == "Allt i ordning" and not Deviation.objects.exists()


def test_a_result_with_deviations_cannot_become_utan_anmarkning(client, ic, city):
    deviation = deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    response = client.post(occasion_url(occasions(ic.control)[0]),
                           {"outcome": "no_remarks", "lock_version": str(deviation.result.lock_version)})
    assert response.status_code == 200
    assert field_error("outcome", "Resultatet har registrerade avvikelser och kan inte ändras till utan "
                                  "anmärkning.").replace('id="id_outcome_error" ', "") in html_of(response)
    assert ControlResult.objects.get().outcome == "deviation"


def test_an_unchanged_result_records_nothing(client, ic, city):
    first = occasions(ic.control)[0]
    result = actions.record_result(first, acting_user=city.users.ks_editor, outcome="no_remarks")
    client.force_login(city.users.ks_controller)
    response = client.post(occasion_url(first), {"outcome": "no_remarks", "lock_version": "0"}, follow=True)
    assert "Inget ändrades, så inget sparades." in html_of(response)
    assert result.history.count() == 1 and ControlResult.objects.get().entered_by == city.users.ks_editor


def test_a_reader_sees_the_result_without_a_form(client, ic, city):
    deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    client.force_login(city.users.ks_reader)
    html = html_of(client.get(occasion_url(occasions(ic.control)[0])))
    assert "<strong>Registrerat resultat:</strong> Avvikelse" in html
    assert "Attest saknades på 3 av 20 fakturor" in html
    assert "Avser 30 april 2024" in html and "av ks_editor" in html
    assert 'id="result-form"' not in html
    assert "Du kan se resultatet men inte registrera det för den här nämnden." in html


def test_an_occasion_of_another_board_or_year_is_404(client, ic, city):
    client.force_login(city.users.admin)
    occasion = occasions(ic.control)[0]
    assert client.get(f"/internkontroll/{city.utn.pk}/2024/kontrollplan/tillfalle/{occasion.pk}/").status_code == 404
    assert client.get(f"/internkontroll/{city.ks.pk}/2025/kontrollplan/tillfalle/{occasion.pk}/").status_code == 404
    assert dt.date(2024, 4, 30) == occasion.due
