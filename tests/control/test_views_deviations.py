"""The deviations page (avvikelser) and changing, closing and reopening a deviation: open first
with the overdue highlighted, earlier years' open deviations followed until closed."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.control.plan_helpers import D, deviation_on, deviation_url, deviations_url, fix_today, occasions
from verksam.control import actions
from verksam.control.models import ControlMethod, Deviation

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def row_of(html: str, deviation) -> str:
    return html.split(f'id="deviation-{deviation.pk}"', 1)[1].split("</tr>", 1)[0]


@pytest.fixture
def year_2023(ic, city):
    """KS's plan 2023 with a control whose VB occasion found a deviation still open and one
    closed."""
    plan = actions.create_control_plan(city.ks, 2023, acting_user=city.users.ks_editor)
    control = actions.create_control(plan, acting_user=city.users.ks_editor, title="Kontroll av delegation",
                                     method=ControlMethod.SAMPLE, frequency="tertial", start=D(2023, 1, 1),
                                     responsible="Kanslichef")
    still_open = deviation_on(occasions(control)[2], city.users.ks_editor, finding="Delegationsbeslut ej anmälda",
                              due=D(2024, 3, 31))
    closed = deviation_on(occasions(control)[1], city.users.ks_editor, finding="Gammal brist", due=D(2023, 10, 1))
    actions.close_deviation(closed, acting_user=city.users.ks_editor, note="Åtgärdat")
    return still_open, closed


def test_the_page_lists_open_first_overdue_highlighted_and_earlier_years_open(client, ic, city, year_2023,
                                                                             monkeypatch):
    fix_today(monkeypatch, D(2024, 9, 15))
    first, second, _vb = occasions(ic.control)
    overdue = deviation_on(first, city.users.ks_editor, finding="Insats utan uppföljning", due=D(2024, 6, 30))
    later = deviation_on(second, city.users.ks_editor, finding="Saknad rapport", due=D(2024, 12, 1),
                         actions="Rapportmall införs", responsible="Utredare")
    closed = deviation_on(occasions(ic.control)[2], city.users.ks_editor, finding="Avslutad brist")
    actions.close_deviation(closed, acting_user=city.users.ks_controller, note="Rutinen är på plats")
    earlier_open, earlier_closed = year_2023
    client.force_login(city.users.ks_reader)

    response = client.get(deviations_url(city.ks))

    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>Avvikelser 2024: Kommunstyrelsen</h1>" in html
    summary = html.split('id="deviation-summary">', 1)[1].split("</p>", 1)[0]
    assert summary == '3 öppna, <strong class="error">2 försenade</strong> · 1 stängd'
    open_table = html.split('id="open-deviations"', 1)[1].split("</table>", 1)[0]
    order = [open_table.index(f'id="deviation-{d.pk}"') for d in (earlier_open, overdue, later)]
    assert order == sorted(order)  # overdue first (by due date), then the rest
    assert f'<tr id="deviation-{overdue.pk}" class="deviation-row dev-overdue">' in open_table
    assert f'<tr id="deviation-{earlier_open.pk}" class="deviation-row dev-overdue">' in open_table
    assert f'<tr id="deviation-{later.pk}" class="deviation-row">' in open_table
    later_row = row_of(html, later)
    assert '<td class="control">Uppföljning av trygghetsinsatser</td>' in later_row
    assert '<time datetime="2024-08-31">31 aug 2024</time>' in later_row
    assert "Saknad rapport</a>" in later_row
    assert '<td class="actions">Rapportmall införs</td>' in later_row
    assert '<td class="responsible">Utredare</td>' in later_row
    assert '<td class="due">1 dec 2024</td>' in later_row
    assert '<td class="status">Öppen</td>' in later_row
    assert '<td class="due">30 jun 2024 <strong class="error overdue">försenad</strong></td>' in row_of(html, overdue)
    assert 'Kontroll av delegation <span class="status-badge">2023</span>' in row_of(html, earlier_open)
    closed_table = html.split('id="closed-deviations"', 1)[1].split("</table>", 1)[0]
    assert f'id="deviation-{closed.pk}"' in closed_table
    assert "av ks_controller" in closed_table and "Rutinen är på plats" in closed_table
    assert f'id="deviation-{earlier_closed.pk}"' not in html  # closed in an earlier year: not followed
    assert "/stang/" not in html  # the list itself offers no changes


def test_the_open_and_overdue_counts(client, ic, city, monkeypatch):
    fix_today(monkeypatch, D(2024, 9, 15))
    deviation_on(occasions(ic.control)[0], city.users.ks_editor, due=D(2024, 6, 30))
    deviation_on(occasions(ic.control)[1], city.users.ks_editor, due=None)
    client.force_login(city.users.ks_editor)
    html = html_of(client.get(deviations_url(city.ks)))
    summary = html.split('id="deviation-summary">', 1)[1].split("</p>", 1)[0]
    assert summary == '2 öppna, <strong class="error">1 försenad</strong> · 0 stängda'
    assert "Inga stängda avvikelser." in html


def test_an_editor_changes_a_deviation(client, ic, city):
    deviation = deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    html = html_of(client.get(deviation_url("deviation", deviation, city.ks)))
    assert 'id="update"' in html and 'id="close"' in html and 'id="reopen"' not in html
    response = client.post(deviation_url("deviation", deviation, city.ks), {
        "finding": deviation.finding, "actions": "Ny attestrutin", "responsible": "Redovisningschef",
        "due": "2024-11-30", "lock_version": "0"})
    assert response.status_code == 302
    assert response["Location"] == deviations_url(city.ks) + f"#deviation-{deviation.pk}"
    deviation.refresh_from_db()
    assert (deviation.actions, deviation.responsible, deviation.due, deviation.lock_version) == (
        "Ny attestrutin", "Redovisningschef", D(2024, 11, 30), 1)


def test_a_stale_change_is_409_and_a_blank_responsible_200(client, ic, city):
    deviation = deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    data = {"finding": deviation.finding, "actions": "", "responsible": "", "due": "", "lock_version": "0"}
    response = client.post(deviation_url("deviation", deviation, city.ks), data)
    assert response.status_code == 200
    assert ('<small class="error field-error" id="id_responsible_error" role="alert">'
            "Ange vem som är ansvarig för åtgärderna.</small>") in html_of(response)
    actions.update_deviation(deviation, acting_user=city.users.ks_controller, actions="Ändrat av controller")
    response = client.post(deviation_url("deviation", deviation, city.ks), {**data, "responsible": "X"})
    assert response.status_code == 409
    deviation.refresh_from_db()
    assert (deviation.actions, deviation.responsible) == ("Ändrat av controller", "Ekonomichef")


def test_close_with_a_note_and_reopen_with_a_reason(client, ic, city):
    deviation = deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    response = client.post(deviation_url("deviation_close", deviation, city.ks), {"note": "Attesterna är gjorda"},
                           follow=True)
    assert "Avvikelsen har stängts." in html_of(response)
    deviation.refresh_from_db()
    assert (deviation.status, deviation.closing_note, deviation.closed_by) == (
        "closed", "Attesterna är gjorda", city.users.ks_editor)
    response = client.post(deviation_url("deviation_close", deviation, city.ks), {"note": "igen"})
    assert response.status_code == 409 and "Avvikelsen är redan stängd." in html_of(response)

    html = html_of(client.get(deviation_url("deviation", deviation, city.ks)))
    assert 'id="reopen"' in html and 'id="update"' not in html and 'id="close"' not in html
    response = client.post(deviation_url("deviation_reopen", deviation, city.ks), {"reason": " "})
    assert response.status_code == 200
    assert ('<small class="error field-error" id="id_reason_error" role="alert">'
            "Ange varför avvikelsen öppnas igen.</small>") in html_of(response)
    assert Deviation.objects.get().status == "closed"
    response = client.post(deviation_url("deviation_reopen", deviation, city.ks),
                           {"reason": "Stickprov visar nya brister"})
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert (deviation.status, deviation.closed_at, deviation.closed_by) == ("open", None, None)
    assert deviation.history.first().history_change_reason == "Stickprov visar nya brister"
    response = client.post(deviation_url("deviation_reopen", deviation, city.ks), {"reason": "igen"})
    assert response.status_code == 409 and "Avvikelsen är redan öppen." in html_of(response)


def test_a_changed_closed_deviation_is_refused_with_409(client, ic, city):
    deviation = deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    actions.close_deviation(deviation, acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    response = client.post(deviation_url("deviation", deviation, city.ks), {
        "finding": "x", "actions": "", "responsible": "y", "due": "", "lock_version": "1"})
    assert response.status_code == 409
    assert "Avvikelsen är stängd och kan inte ändras." in html_of(response)


def test_an_earlier_years_deviation_is_reached_from_this_year_but_not_the_other_way(client, ic, city, year_2023):
    earlier_open, _closed = year_2023
    deviation = deviation_on(occasions(ic.control)[0], city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    assert client.get(deviation_url("deviation", earlier_open, city.ks, 2024)).status_code == 200
    assert client.get(deviation_url("deviation", deviation, city.ks, 2023)).status_code == 404
    client.force_login(city.users.admin)
    assert client.get(deviation_url("deviation", deviation, city.utn, 2024)).status_code == 404
    assert dt.date(2024, 3, 31) == earlier_open.due


# session, user, unit with municipality, role assignments, deviations with result, occasion,
# control, plan and closing user
DEVIATIONS_QUERIES = 5


@pytest.mark.parametrize("count", [1, 15], ids=["1 per year", "15 per year"])
def test_the_deviations_page_reads_in_the_same_number_of_queries_at_any_size(
        client, ic, city, django_assert_num_queries, count):
    plan_2023 = actions.create_control_plan(city.ks, 2023, acting_user=city.users.ks_editor)
    for year, plan in ((2023, plan_2023), (2024, ic.control_plan)):
        for n in range(count):
            control = actions.create_control(plan, acting_user=city.users.ks_editor, title=f"Kontroll {year}/{n}",
                                             method=ControlMethod.SAMPLE, frequency="once", start=D(year, 3, 1),
                                             responsible="Controller")
            deviation = deviation_on(occasions(control)[0], city.users.ks_editor, due=D(year, 6, 1))
            if n % 3 == 0:
                actions.close_deviation(deviation, acting_user=city.users.ks_controller, note="Klart")
    client.force_login(city.users.ks_reader)
    with django_assert_num_queries(DEVIATIONS_QUERIES):
        response = client.get(deviations_url(city.ks))
    assert response.status_code == 200
    html = html_of(response)
    closed_per_year = len(range(0, count, 3))
    assert html.count('class="deviation-row') == 2 * count - closed_per_year  # 2023's closed ones left out
    assert html.count("deviation-row dev-overdue\"") == 2 * (count - closed_per_year)
