"""The entry page of a unit in a period: what is shown beside each input, saving all-or-nothing
through ``enter_outcomes``, Swedish errors at the row and field, concurrent edits, and locked
periods (read-only; corrections with a reason for controllers)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.followup.entry_helpers import (  # noqa: F401
    earlier_year, entry_url, periods, safety_row, set_period_status, sick_leave_row,
)
from verksam.followup import actions
from verksam.followup.models import Outcome, OutcomeSource, PeriodStatus
from verksam.planning.models import Indicator

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def text(html: str) -> str:
    """The page's text: tags dropped, whitespace collapsed (no-break spaces kept)."""
    return re.sub(r"[ \t\n\r]+", " ", re.sub(r"<[^>]+>", " ", html))


def row_html(html: str, indicator) -> str:
    """The fieldset of ``indicator``'s row."""
    match = re.search(rf'<fieldset class="entry-row[^"]*" id="row-{indicator.pk}">(.*?)</fieldset>', html, re.S)
    assert match, f"no row for {indicator}"
    return match.group(1)


def test_it_lists_the_units_indicators_with_target_and_no_value_yet(client, city, periods):
    client.force_login(city.users.ks_editor)
    response = client.get(entry_url(city.ks))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tertialrapport 1 2024: Kommunstyrelsen</h1>" in html
    sick = text(row_html(html, city.sick_leave))
    assert "Årsmål 2024 4,5" + NBSP + "% · lägre är bättre" in sick
    assert "Föregående värde –" in sick
    assert "Ej mätt" in sick
    safety = text(row_html(html, city.safety))
    assert "Årsmål 2024 80" + NBSP + "%" in safety
    # by sex: kvinnor and män inputs for sjukfrånvaro only; forecast at T1 for both
    assert f'name="i{city.sick_leave.pk}-value_women"' in html
    assert f'name="i{city.safety.pk}-value_women"' not in html
    assert f'name="i{city.safety.pk}-forecast"' in html
    # goals in code order: 1.1.1 (trygghet) before 3.5.1 (sjukfrånvaro)
    assert html.index(f'id="row-{city.safety.pk}"') < html.index(f'id="row-{city.sick_leave.pk}"')


def test_an_editor_saves_all_rows_at_once_and_sees_values_and_proposals(client, city, periods):
    client.force_login(city.users.ks_editor)
    response = client.post(entry_url(city.ks), {**sick_leave_row(city), **safety_row(city)})
    assert response.status_code == 302 and response["Location"] == entry_url(city.ks)

    sick = Outcome.objects.get(indicator=city.sick_leave, unit=city.ks, period=periods["T1"])
    assert (sick.value, sick.value_women, sick.value_men, sick.forecast) == (
        Decimal("4.8"), Decimal("5.6"), Decimal("3.7"), Decimal("4.6"))
    assert sick.as_of == dt.date(2024, 4, 30) and sick.entered_by == city.users.ks_editor
    assert sick.source == OutcomeSource.MANUAL
    assert Outcome.objects.get(indicator=city.safety).value == Decimal("78")

    html = client.get(entry_url(city.ks)).content.decode()
    assert "Utfallen har sparats: 2 nya." in html
    assert f'name="i{city.sick_leave.pk}-value" value="4,8"' in html
    assert f'name="i{city.sick_leave.pk}-forecast" value="4,6"' in html
    sick_text = text(row_html(html, city.sick_leave))
    # lower is better, årsmål 4,5, 10 % band = 0,45: prognos 4,6 is within the band
    assert "Årsmålet uppnås delvis (utifrån prognosen)" in sick_text
    assert "Avser 30 april 2024 · registrerat " in sick_text and " av ks_editor" in sick_text
    # 78 against 80 (higher is better, band 8): delvis, judged on the value (no prognos given)
    assert "Årsmålet uppnås delvis" in text(row_html(html, city.safety))
    assert "utifrån prognosen" not in text(row_html(html, city.safety))


def test_a_second_save_counts_changed_rows_and_an_unchanged_form_saves_nothing(client, city, periods):
    client.force_login(city.users.ks_editor)
    client.post(entry_url(city.ks), {**sick_leave_row(city), **safety_row(city)})
    sick = Outcome.objects.get(indicator=city.sick_leave)
    safety = Outcome.objects.get(indicator=city.safety)
    versions = {"lock_version": 0}
    response = client.post(entry_url(city.ks), {
        **sick_leave_row(city, **versions), **safety_row(city, value="79", **versions)}, follow=True)
    assert "Utfallen har sparats: 1 ändrat." in response.content.decode()
    assert Outcome.objects.get(pk=safety.pk).value == Decimal("79")
    history_rows = sick.history.count()
    response = client.post(entry_url(city.ks), {
        **sick_leave_row(city, **versions), **safety_row(city, value="79", lock_version=1)}, follow=True)
    assert "Inget ändrades, så inget sparades." in response.content.decode()
    assert sick.history.count() == history_rows


def test_an_unreadable_number_is_shown_at_its_field_and_nothing_is_saved(client, city, periods):
    client.force_login(city.users.ks_editor)
    response = client.post(entry_url(city.ks), {**sick_leave_row(city, value="4.8"), **safety_row(city)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inget sparades." in html
    row = row_html(html, city.sick_leave)
    error = re.search(rf'id="id_i{city.sick_leave.pk}-value_error" role="alert">(.*?)</small>', row).group(1)
    assert error == "”4.8” går inte att läsa som ett tal: decimaltecknet ska vara komma, inte punkt."
    assert f'name="i{city.safety.pk}-value" value="78"' in html  # the other row keeps its input
    assert not Outcome.objects.exists()


def test_a_refusal_of_the_action_lands_at_its_row_and_field_and_nothing_is_saved(client, city, periods):
    city.safety.by_sex = True
    city.safety.additive = True
    city.safety.unit_of_measure = "antal"  # an additive total is a count, not a % level
    city.safety.save()
    client.force_login(city.users.ks_editor)
    response = client.post(entry_url(city.ks), {
        **sick_leave_row(city),
        **safety_row(city, value="260", value_women="140", value_men="110", total_reason="")})
    assert response.status_code == 200
    row = row_html(response.content.decode(), city.safety)
    error = re.search(rf'id="id_i{city.safety.pk}-value_error" role="alert">(.*?)</small>', row).group(1)
    assert "summan av kvinnor och män (250)" in error
    assert not Outcome.objects.exists()  # the valid sjukfrånvaro row was not saved either


def test_a_row_changed_by_someone_else_is_refused_and_the_input_kept(client, city, periods):
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                          acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    page = client.get(entry_url(city.ks)).content.decode()
    assert f'name="i{city.sick_leave.pk}-lock_version" value="0"' in page
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("5.0"),
                          acting_user=city.users.ks_controller)
    response = client.post(entry_url(city.ks), sick_leave_row(city, value="4,9", lock_version="0"))
    assert response.status_code == 409
    row = row_html(response.content.decode(), city.sick_leave)
    assert ("Någon annan har ändrat uppgiften sedan du öppnade den. Ladda om sidan och gör om ändringen."
            in row)
    assert f'value="4,9"' in row
    assert Outcome.objects.get(indicator=city.sick_leave).value == Decimal("5.0")


def test_previous_value_and_trend_come_from_last_years_plan_matched_by_kolada_kpi(client, city, periods):
    earlier_year(city, 2022, vb_value="5.3")
    earlier_year(city, 2023, vb_value="5.1", t1_value="5.4")
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                          acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_editor)
    html = client.get(entry_url(city.ks)).content.decode()
    row = row_html(html, city.sick_leave)
    assert "Föregående värde 5,1" + NBSP + "% (VB 2023)" in text(row)
    label = re.search(r'<svg class="sparkline"[^>]*aria-label="([^"]*)"', row).group(1)
    assert label == (f"Trend: VB 2022 5,3{NBSP}%, T1 2023 5,4{NBSP}%, VB 2023 5,1{NBSP}%, T1 2024 4,8{NBSP}%")
    assert "↘</span> bättre" in row  # 5,1 → 4,8 and lower is better

    # at T2 the previous value is this year's T1
    html = client.get(entry_url(city.ks, "t2")).content.decode()
    assert "Föregående värde 4,8" + NBSP + "% (T1 2024)" in text(row_html(html, city.sick_leave))


def test_a_kolada_value_shows_its_source_and_when_it_was_fetched(client, city, periods):
    fetched = timezone.make_aware(dt.datetime(2025, 2, 3, 10, 15))
    actions.enter_outcome(city.sick_leave, city.ks, periods["VB"], value=Decimal("4.7"),
                          source=OutcomeSource.KOLADA, fetched_at=fetched, acting_user=city.users.admin)
    client.force_login(city.users.ks_reader)
    html = client.get(entry_url(city.ks, "vb")).content.decode()
    row = text(row_html(html, city.sick_leave))
    assert "Källa: Kolada, hämtad 3 februari 2025 10:15" in row
    assert "Avser 31 december 2024" in row


def test_a_reader_sees_values_read_only(client, city, periods):
    actions.enter_outcome(city.sick_leave, city.ks, periods["VB"], value=Decimal("4.4"),
                          acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_reader)
    html = client.get(entry_url(city.ks, "vb")).content.decode()
    assert "Du kan se utfallen men inte registrera dem för den här enheten." in html
    assert "<form method=\"post\" action=\"/uppfoljning" not in html
    row = row_html(html, city.sick_leave)
    assert 'class="value num">4,4' + NBSP + "%</dd>" in row
    assert "Årsmålet uppnås helt" in text(row)  # VB: the value itself, 4,4 ≤ 4,5
    assert "Helårsprognos" not in row  # no forecast in the verksamhetsberättelse


@pytest.mark.parametrize("status", [PeriodStatus.CLOSED, PeriodStatus.LOCKED])
def test_a_closed_or_locked_period_is_read_only_for_editors(client, city, periods, status):
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                          acting_user=city.users.ks_editor)
    set_period_status(periods["T1"], status)
    client.force_login(city.users.ks_editor)
    html = client.get(entry_url(city.ks)).content.decode()
    assert "Perioden är inte öppen. Utfallen visas skrivskyddade; rättelser görs av en controller." in html
    assert 'name="i' not in html
    response = client.post(entry_url(city.ks), sick_leave_row(city, value="4,9", lock_version="0"))
    assert response.status_code == 409
    assert "Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl." in \
        response.content.decode()
    assert Outcome.objects.get().value == Decimal("4.8")


def test_a_controller_corrects_a_locked_period_only_with_a_reason(client, city, periods):
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                          acting_user=city.users.ks_editor)
    set_period_status(periods["T1"], PeriodStatus.LOCKED)
    client.force_login(city.users.ks_controller)
    html = client.get(entry_url(city.ks)).content.decode()
    assert "Ändringar registreras som rättelser och kräver ett skäl." in html
    assert 'name="correction_reason"' in html

    response = client.post(entry_url(city.ks), {**sick_leave_row(city, value="4,9", lock_version="0"),
                                                "correction_reason": ""})
    assert response.status_code == 200
    error = re.search(r'id="correction-error">(.*?)</small>', response.content.decode()).group(1)
    assert error == "Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl."
    assert Outcome.objects.get().value == Decimal("4.8")

    response = client.post(entry_url(city.ks), {**sick_leave_row(city, value="4,9", lock_version="0"),
                                                "correction_reason": "Felräknat i personalsystemet"})
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.value == Decimal("4.9") and outcome.correction_reason == "Felräknat i personalsystemet"
    assert outcome.history.first().history_change_reason == "Felräknat i personalsystemet"
    html = client.get(entry_url(city.ks)).content.decode()
    assert "rättat: Felräknat i personalsystemet" in text(row_html(html, city.sick_leave))


def test_unknown_periods_and_years_without_periods_are_404(client, city, periods):
    client.force_login(city.users.ks_editor)
    assert client.get(entry_url(city.ks, "t3")).status_code == 404
    assert client.get(entry_url(city.ks, "t1", 2031)).status_code == 404


def test_the_period_id_url_redirects_to_the_entry_page(client, city, periods):
    client.force_login(city.users.ks_editor)
    response = client.get(f"/uppfoljning/perioder/{periods['T2'].pk}/enhet/{city.ks.pk}/")
    assert response.status_code == 302 and response["Location"] == entry_url(city.ks, "t2")


def test_the_plan_and_unit_pages_link_to_the_units_follow_up(client, city, periods):
    client.force_login(city.users.ks_reader)
    plan_page = client.get(f"/planer/{city.ks_plan.pk}/").content.decode()
    assert f'<a href="{entry_url(city.ks, "t1")}">Tertialrapport 1</a>' in plan_page
    assert f'<a href="{entry_url(city.ks, "vb")}">Verksamhetsberättelse</a>' in plan_page
    unit_page = client.get(f"/organisation/{city.ks.pk}/").content.decode()
    assert f'<a href="{entry_url(city.ks, "t2")}">Tertialrapport 2</a>' in unit_page


def test_the_proposal_follows_the_typed_values_before_saving(client, city, periods):
    client.force_login(city.users.ks_editor)
    url = f"{entry_url(city.ks)}forslag/{city.sick_leave.pk}/"
    prefix = f"i{city.sick_leave.pk}"
    html = client.get(entry_url(city.ks)).content.decode()
    assert f'hx-get="{url}" hx-trigger="change from:closest fieldset"' in html
    assert text(client.get(url, {f"{prefix}-value": "4,8"}).content.decode()).strip() == "Årsmålet uppnås delvis"
    assert text(client.get(url, {f"{prefix}-value": "4,8", f"{prefix}-forecast": "4,4"}).content.decode()).strip() \
        == "Årsmålet uppnås helt (utifrån prognosen)"
    assert text(client.get(url, {f"{prefix}-value": "5,1"}).content.decode()).strip() == "Årsmålet uppnås ej"
    assert text(client.get(url, {f"{prefix}-value": "4.8"}).content.decode()).strip() == "Ej mätt"
    assert not Outcome.objects.exists()


def test_the_proposal_of_an_indicator_of_another_unit_is_404(client, city, periods):
    other = Indicator.objects.create(plan=city.ks_plan, name="Annan", responsible_unit=city.utn)
    client.force_login(city.users.utb_editor)
    assert client.get(f"{entry_url(city.utn)}forslag/{city.sick_leave.pk}/").status_code == 404
    assert client.get(f"{entry_url(city.utn)}forslag/{other.pk}/").status_code == 200


@pytest.mark.django_db
def test_an_outcome_whose_user_was_deleted_still_shows(client, city):
    from django.urls import reverse

    t1 = actions.ensure_periods(city.municipality, 2024)[0]
    actions.enter_outcome(city.sick_leave, city.ks, t1, value=Decimal("4.8"), acting_user=city.users.ks_editor)
    Outcome.objects.update(entered_by=None)
    client.force_login(city.users.ks_controller)
    response = client.get(reverse("followup:entry", args=[2024, "t1", city.ks.pk]))
    assert response.status_code == 200
    assert "av –" in " ".join(response.content.decode().split())
