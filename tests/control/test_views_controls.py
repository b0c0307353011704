"""The internkontrollplan page and the control forms: controls per risk with their occasions and
statuses, the page without a plan, creating, editing (frequency change keeps results, optimistic
lock, reason) and deleting a kontrollmoment."""

from __future__ import annotations

import re

import pytest

from tests.control.plan_helpers import (
    D, control_post, control_url, deviation_on, fix_today, monthly_control, occasions, plan_url,
)
from verksam.control import actions
from verksam.control.models import Control, ControlPlan, ResultOutcome
from verksam.organisation.models import Unit

pytestmark = pytest.mark.django_db

NEW_URL = "/internkontroll/{}/2024/kontrollplan/kontrollmoment/nytt/"


def html_of(response) -> str:
    return response.content.decode()


def occasion_cells(html: str, control) -> list[tuple[str, str]]:
    """(ISO date, status label) of every occasion of ``control`` in the page."""
    row = html.split(f'id="control-{control.pk}"', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<time datetime="([\d-]+)">[^<]*</time>: <span class="occ-label">([^<]+)</span>', row)


def test_the_plan_shows_each_control_under_its_risk_with_occasions_and_their_status(client, ic, city, monkeypatch):
    fix_today(monkeypatch, D(2024, 6, 1))
    first, second, _vb = occasions(ic.control)
    actions.record_result(first, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS)
    loose = monthly_control(ic.control_plan, city.users.ks_editor, start=D(2024, 3, 31), end=D(2024, 7, 31))
    deviation_on(occasions(loose)[0], city.users.ks_editor)
    client.force_login(city.users.ks_reader)

    response = client.get(plan_url(city.ks))

    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>Internkontrollplan 2024: Kommunstyrelsen</h1>" in html
    risk_section = html.split(f'id="risk-{ic.risk.pk}"', 1)[1].split("</section>", 1)[0]
    assert "<h2>Bristande samordning av trygghetsarbetet</h2>" in risk_section
    assert "Mål: 1.1.1 Kommunstyrelsen leder stadens trygghetsarbete" in risk_section
    assert f'id="control-{ic.control.pk}"' in risk_section
    row = risk_section.split(f'id="control-{ic.control.pk}"', 1)[1]
    assert '<td class="method">Genomgång</td>' in row
    assert '<td class="frequency">Per tertial</td>' in row
    assert '<td class="range">1 jan–31 dec 2024</td>' in row
    assert '<td class="responsible">Avdelningschef trygghet</td>' in row
    assert '<abbr title="Tertialrapport 2">T2</abbr>' in row
    assert occasion_cells(html, ic.control) == [
        ("2024-04-30", "Utan anmärkning"), ("2024-08-31", "Ej registrerat"), ("2024-12-31", "Ej registrerat")]
    # the control without a risk comes last, under its own heading; March–May are due, June on ahead
    assert html.index(f'id="risk-{ic.risk.pk}"') < html.index('id="no-risk"')
    assert "Kontrollmoment utan koppling till en risk" in html
    assert occasion_cells(html, loose) == [
        ("2024-03-31", "Avvikelse"), ("2024-04-30", "Förfallet, ej registrerat"),
        ("2024-05-31", "Förfallet, ej registrerat"), ("2024-06-30", "Ej registrerat"),
        ("2024-07-31", "Ej registrerat")]
    assert "(1 öppen avvikelse)" in html
    summary = html.split('id="occasion-summary">', 1)[1].split("</p>", 1)[0]
    assert re.sub(r"<[^>]+>|\s+", " ", summary).split() == (
        "2 kontrollmoment: Utan anmärkning 1 · Avvikelse 1 · Förfallet, ej registrerat 2 · "
        "Ej registrerat 4").split()
    # a reader sees no edit buttons
    assert 'id="new-control"' not in html and "/andra/" not in html and 'id="read-only"' in html


def test_an_editor_gets_the_edit_links(client, ic, city):
    client.force_login(city.users.ks_editor)
    html = html_of(client.get(plan_url(city.ks)))
    assert 'id="new-control"' in html
    assert control_url("control_edit", ic.control) in html and control_url("control_delete", ic.control) in html
    assert 'id="read-only"' not in html


def test_without_a_plan_the_page_says_so_and_links_to_the_board(client, ic, city):
    client.force_login(city.users.ks_reader)
    response = client.get(plan_url(city.ks, 2025))
    assert response.status_code == 404
    html = html_of(response)
    assert "Kommunstyrelsen har ingen internkontrollplan för 2025 ännu." in html
    assert f'href="/internkontroll/{city.ks.pk}/2025/" id="board-link"' in html
    assert "Skapa internkontrollplan för 2025" not in html


def test_an_editor_creates_the_missing_plan(client, ic, city):
    client.force_login(city.users.ks_editor)
    assert "Skapa internkontrollplan för 2025" in html_of(client.get(plan_url(city.ks, 2025)))
    response = client.post(f"/internkontroll/{city.ks.pk}/2025/kontrollplan/skapa/")
    assert response.status_code == 302 and response["Location"] == plan_url(city.ks, 2025)
    plan = ControlPlan.objects.get(unit=city.ks, year=2025)
    assert plan.title == "Internkontrollplan 2025"
    assert client.get(plan_url(city.ks, 2025)).status_code == 200


def test_unknown_unit_and_year_are_404(client, ic, city):
    client.force_login(city.users.admin)
    assert client.get(plan_url(Unit(pk=99999), 2024)).status_code == 404
    assert client.get(f"/internkontroll/{city.ks.pk}/1999/kontrollplan/").status_code == 404


def test_a_new_control_gets_its_occasions(client, ic, city):
    client.force_login(city.users.ks_editor)
    response = client.post(NEW_URL.format(city.ks.pk), control_post(risk=ic.risk.pk), follow=True)
    control = Control.objects.get(title="Stickprov på attester")
    assert response.redirect_chain == [(plan_url(city.ks) + f"#control-{control.pk}", 302)]
    assert "Kontrollmomentet har skapats med 3 tillfällen." in html_of(response)
    assert (control.risk, control.method, control.responsible, control.reported_in) == (
        ic.risk, "sample", "Controller", "T2")
    assert [o.due for o in occasions(control)] == [D(2024, 4, 30), D(2024, 8, 31), D(2024, 12, 31)]
    assert control.history.first().history_user == city.users.ks_editor


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"responsible": "  "}, "responsible", "Ange vem som är ansvarig för kontrollmomentet."),
    ({"start": "2023-12-01"}, "start", "Datumet ska ligga inom 2024."),
    ({"end": "2024-01-01", "start": "2024-03-01"}, "end", "Slutdatum kan inte ligga före startdatum."),
    ({"start": "1 mars"}, "start", "Fyll i ett giltigt datum."),
    ({"method": ""}, "method", "Detta fält måste fyllas i."),
])
def test_a_refused_control_is_shown_at_its_field_and_nothing_is_saved(client, ic, city, overrides, field, message):
    client.force_login(city.users.ks_editor)
    response = client.post(NEW_URL.format(city.ks.pk), control_post(**overrides))
    assert response.status_code == 200
    html = html_of(response)
    assert f'<small class="error field-error" id="id_{field}_error" role="alert">{message}</small>' in html
    assert "Inget sparades." in html
    assert Control.objects.count() == 1


def test_a_risk_of_another_board_is_not_offered(client, ic, city):
    client.force_login(city.users.ks_editor)
    from verksam.control.models import RiskCategory
    other = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.admin)
    risk = actions.create_risk(other, acting_user=city.users.admin, title="Lärarbrist", category=RiskCategory.STAFF,
                               inherent_likelihood=2, inherent_consequence=2)
    html = html_of(client.get(NEW_URL.format(city.ks.pk)))
    assert "Bristande samordning av trygghetsarbetet (1.1.1 Kommunstyrelsen leder stadens trygghetsarbete)" in html
    assert "Lärarbrist" not in html
    response = client.post(NEW_URL.format(city.ks.pk), control_post(risk=risk.pk))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ." in html_of(response)
    assert Control.objects.count() == 1


def test_changing_the_frequency_keeps_results_and_says_what_happened(client, ic, city, monkeypatch):
    fix_today(monkeypatch, D(2024, 6, 1))
    first = occasions(ic.control)[0]
    actions.record_result(first, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS)
    client.force_login(city.users.ks_editor)

    response = client.post(control_url("control_edit", ic.control),
                           control_post(ic.control, frequency="monthly", reason="Tätare kontroll efter revisionen"),
                           follow=True)

    html = html_of(response)
    assert "Kontrollmomentet har sparats." in html
    assert ("Tillfällena ändrades: 2 tillfällen togs bort och 7 nya tillfällen lades till. "
            "1 tillfälle med registrerat resultat behölls.") in html
    assert [o.due for o in occasions(ic.control)] == [D(2024, 4, 30)] + [D(2024, m, 1) for m in range(6, 13)]
    assert occasions(ic.control)[0].pk == first.pk and first.result.outcome == "no_remarks"
    ic.control.refresh_from_db()
    assert ic.control.frequency == "monthly" and ic.control.lock_version == 1
    assert ic.control.history.first().history_change_reason == "Tätare kontroll efter revisionen"


def test_a_save_without_changes_records_nothing(client, ic, city):
    client.force_login(city.users.ks_editor)
    response = client.post(control_url("control_edit", ic.control), control_post(ic.control), follow=True)
    assert "Inget ändrades, så inget sparades." in html_of(response)
    assert ic.control.history.count() == 1


def test_an_edit_on_a_stale_version_is_refused_with_409(client, ic, city):
    stale = control_post(ic.control, title="Uppföljning av trygghetsinsatser i stadsdelarna")
    actions.update_control(ic.control, acting_user=city.users.ks_controller, responsible="Stadsdirektören")
    client.force_login(city.users.ks_editor)
    response = client.post(control_url("control_edit", ic.control), stale)
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgiften sedan du öppnade den." in html_of(response)
    ic.control.refresh_from_db()
    assert (ic.control.title, ic.control.responsible) == ("Uppföljning av trygghetsinsatser", "Stadsdirektören")


def test_deleting_a_control_with_results_is_refused(client, ic, city):
    actions.record_result(occasions(ic.control)[0], acting_user=city.users.ks_editor, outcome="no_remarks")
    client.force_login(city.users.ks_editor)
    response = client.post(control_url("control_delete", ic.control), {"reason": "Dubblett"})
    assert response.status_code == 409
    assert "Kontrollmomentet har registrerade resultat och kan inte tas bort." in html_of(response)
    assert Control.objects.filter(pk=ic.control.pk).exists()


def test_a_control_is_deleted_with_its_occasions_and_the_reason(client, ic, city):
    control = monthly_control(ic.control_plan, city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    assert "Vill du ta bort kontrollmomentet och dess tillfällen?" in html_of(
        client.get(control_url("control_delete", control)))
    response = client.post(control_url("control_delete", control), {"reason": "Ersätts av stickprov"})
    assert response.status_code == 302 and response["Location"] == plan_url(city.ks)
    assert not Control.objects.filter(pk=control.pk).exists()
    assert Control.history.filter(id=control.pk, history_type="-").get().history_change_reason == "Ersätts av stickprov"


def grow(ic, city, controls: int) -> None:
    """``controls`` monthly controls (twelve occasions each), each with a result on every occasion
    through June and a deviation on March, and one more risk per control."""
    from verksam.control.models import RiskCategory
    for n in range(controls):
        risk = actions.create_risk(ic.analysis, acting_user=city.users.ks_editor, title=f"Risk {n}",
                                   category=RiskCategory.FINANCIAL, goal=city.board_goal_2,
                                   inherent_likelihood=2, inherent_consequence=3)
        control = monthly_control(ic.control_plan, city.users.ks_editor, risk=risk if n % 2 else None,
                                  title=f"Kontroll {n}")
        for occasion in occasions(control)[:6]:
            if occasion.due.month == 3:
                deviation_on(occasion, city.users.ks_editor)
            else:
                actions.record_result(occasion, acting_user=city.users.ks_editor, outcome="no_remarks")


# session, user, unit with municipality, role assignments, control plan, controls with risk and
# goal, occasions with results, open deviations, periods
PLAN_QUERIES = 9


@pytest.mark.parametrize("controls", [1, 12], ids=["1 control", "12 controls"])
def test_the_plan_page_reads_in_the_same_number_of_queries_at_any_size(
        client, ic, city, django_assert_num_queries, controls):
    grow(ic, city, controls)
    client.force_login(city.users.ks_controller)
    with django_assert_num_queries(PLAN_QUERIES):
        response = client.get(plan_url(city.ks))
    assert response.status_code == 200
    html = html_of(response)
    assert html.count('class="control-row"') == 1 + controls
    assert html.count("(1 öppen avvikelse)") == controls
    assert html.count('<li id="occasion-') == 3 + 12 * controls
