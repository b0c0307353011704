"""The periods page of a year: T1/T2/VB with their dates, status and deadlines per organisation
level (lowest level first); administrators create periods, open/close/lock them and set the
deadlines; the rule that lower levels report first is enforced with a Swedish message."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.followup.entry_helpers import entry_url, followup_state, periods  # noqa: F401
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.actions_periods import check_deadlines, set_deadlines
from verksam.followup.models import Period, PeriodDeadline, PeriodStatus

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def period_block(html: str, period) -> str:
    match = re.search(rf'<article class="period" id="period-{period.pk}">(.*?)</article>', html, re.S)
    assert match, f"no block for {period}"
    return match.group(1)


def test_it_lists_the_years_periods_with_dates_status_and_levels_lowest_first(client, city, periods):
    PeriodDeadline.objects.create(period=periods["T1"], unit_kind="administration", due=dt.date(2024, 5, 8))
    PeriodDeadline.objects.create(period=periods["T1"], unit_kind="board", due=dt.date(2024, 5, 15))
    PeriodDeadline.objects.create(period=periods["T1"], unit_kind="executive_board", due=dt.date(2024, 5, 22))
    response = client.get("/uppfoljning/2024/")
    assert response.status_code == 200
    html = response.content.decode()
    t1 = text(period_block(html, periods["T1"]))
    assert "Tertialrapport 1 2024 Per 30 april 2024 · med helårsprognos · Öppen" in t1
    # the city has förvaltningar, nämnder, KS and KF: lowest level first, KF without a date
    assert ("Förvaltning 8 maj 2024 Nämnd 15 maj 2024 Kommunstyrelse 22 maj 2024 Kommunfullmäktige –"
            in t1)
    vb = text(period_block(html, periods["VB"]))
    assert "Verksamhetsberättelse 2024 Per 31 december 2024 · Öppen" in vb
    assert "Öppna" not in html and "Spara sista dagar" not in html  # anonymous: no controls


def test_an_editor_gets_links_to_the_entry_pages_of_their_units_only(client, city, periods):
    client.force_login(city.users.ks_editor)
    html = client.get("/uppfoljning/2024/").content.decode()
    assert f'href="{entry_url(city.ks, "t1")}"' in html
    assert f'href="{entry_url(city.ks, "vb")}"' in html
    assert f"/enhet/{city.utn.pk}/" not in html
    assert "Låst" not in html and "Spara sista dagar" not in html


def test_an_administrator_creates_the_periods_of_a_year(client, city):
    client.force_login(city.users.admin)
    html = client.get("/uppfoljning/2025/").content.decode()
    assert "Inga uppföljningsperioder är upprättade för 2025." in html
    assert "Upprätta perioderna för 2025" in html
    response = client.post("/uppfoljning/2025/skapa-perioder/")
    assert response.status_code == 302 and response["Location"] == "/uppfoljning/2025/"
    assert list(Period.objects.filter(year=2025).values_list("kind", "as_of", "status")) == [
        ("T1", dt.date(2025, 4, 30), "open"), ("T2", dt.date(2025, 8, 31), "open"),
        ("VB", dt.date(2025, 12, 31), "open")]


def test_an_administrator_locks_and_reopens_a_period(client, city, periods):
    client.force_login(city.users.admin)
    response = client.post(f"/uppfoljning/perioder/{periods['T1'].pk}/status/", {"status": "locked"}, follow=True)
    assert "Tertialrapport 1 2024 är nu låst." in response.content.decode()
    assert Period.objects.get(pk=periods["T1"].pk).status == PeriodStatus.LOCKED
    assert Period.objects.get(pk=periods["T1"].pk).history.first().history_user == city.users.admin
    client.post(f"/uppfoljning/perioder/{periods['T1'].pk}/status/", {"status": "open"})
    assert Period.objects.get(pk=periods["T1"].pk).status == PeriodStatus.OPEN


def test_an_unknown_status_is_refused_and_nothing_changes(client, city, periods):
    client.force_login(city.users.admin)
    response = client.post(f"/uppfoljning/perioder/{periods['T1'].pk}/status/", {"status": "frozen"})
    assert response.status_code == 200
    assert "Tertialrapport 1 2024: Välj ett giltigt alternativ. frozen finns inte bland tillgängliga alternativ." in \
        response.content.decode()
    assert Period.objects.get(pk=periods["T1"].pk).status == PeriodStatus.OPEN


def test_a_controller_may_not_change_a_periods_status(client, city, periods):
    client.force_login(city.users.ks_controller)
    response = client.post(f"/uppfoljning/perioder/{periods['T1'].pk}/status/", {"status": "locked"})
    assert response.status_code == 403
    assert "Du har inte behörighet att göra detta för Kommunfullmäktige." in response.content.decode()
    assert Period.objects.get(pk=periods["T1"].pk).status == PeriodStatus.OPEN


def test_an_administrator_sets_deadlines_lowest_level_first(client, city, periods):
    client.force_login(city.users.admin)
    p = f"p{periods['T2'].pk}"
    response = client.post(f"/uppfoljning/perioder/{periods['T2'].pk}/sista-dagar/", {
        f"{p}-administration": "2024-09-06", f"{p}-board": "2024-09-13", f"{p}-executive_board": "2024-09-20",
        f"{p}-council": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/uppfoljning/2024/#period-{periods['T2'].pk}"
    assert sorted(PeriodDeadline.objects.filter(period=periods["T2"]).values_list("unit_kind", "due")) == [
        ("administration", dt.date(2024, 9, 6)), ("board", dt.date(2024, 9, 13)),
        ("executive_board", dt.date(2024, 9, 20))]
    html = client.get("/uppfoljning/2024/").content.decode()
    assert f'name="{p}-board" value="2024-09-13"' in html


def test_a_higher_level_due_before_a_lower_level_is_refused_at_its_field(client, city, periods):
    client.force_login(city.users.admin)
    p = f"p{periods['T2'].pk}"
    before = followup_state()
    response = client.post(f"/uppfoljning/perioder/{periods['T2'].pk}/sista-dagar/", {
        f"{p}-administration": "2024-09-13", f"{p}-board": "2024-09-06", f"{p}-executive_board": "",
        f"{p}-council": ""})
    assert response.status_code == 200
    block = period_block(response.content.decode(), periods["T2"])
    assert ("Sista dag för nämnd (6 september 2024) ligger före sista dag för förvaltning (13 september 2024). "
            "Lägre nivåer rapporterar först.") in block
    assert f'name="{p}-board" value="2024-09-06"' in block  # the input is kept
    assert followup_state() == before


def test_a_deadline_before_the_period_date_is_refused(city, periods):
    with pytest.raises(DomainError) as err:
        check_deadlines(periods["T1"], {"board": dt.date(2024, 4, 29)})
    assert err.value.field == "board"
    assert err.value.message == "Sista dag för nämnd kan inte ligga före 30 april 2024, som perioden avser."


def test_set_deadlines_needs_manage_periods_and_keeps_kinds_not_named(city, periods):
    with pytest.raises(NotAllowedError):
        set_deadlines(periods["VB"], {"board": dt.date(2025, 2, 1)}, unit=city.kf, acting_user=city.users.ks_controller)
    set_deadlines(periods["VB"], {"board": dt.date(2025, 2, 1)}, unit=city.kf, acting_user=city.users.admin)
    rows = set_deadlines(periods["VB"], {"executive_board": dt.date(2025, 2, 15)}, unit=city.kf,
                         acting_user=city.users.admin)
    assert [(d.unit_kind, d.due) for d in rows] == [("board", dt.date(2025, 2, 1)),
                                                    ("executive_board", dt.date(2025, 2, 15))]
    with pytest.raises(DomainError) as err:  # checked against the deadlines that remain
        set_deadlines(periods["VB"], {"administration": dt.date(2025, 2, 10)}, unit=city.kf,
                      acting_user=city.users.admin)
    assert err.value.field == "board"
    assert set_deadlines(periods["VB"], {"board": None}, unit=city.kf, acting_user=city.users.admin)[0].unit_kind \
        == "executive_board"


def test_the_index_redirects_to_the_latest_year_with_periods(client, city, periods):
    response = client.get("/uppfoljning/")
    assert response.status_code == 302 and response["Location"] == "/uppfoljning/2024/"
