"""Kolada sync for organisational units (``oudata``) and over example outcomes, against
recorded v3 responses — no network. The unit ids and their figures are made up
(fixtures/kolada/README.md); the clock is fixed as in test_kolada_sync."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from verksam.followup import actions
from verksam.followup.models import Outcome, OutcomeSource, Period
from verksam.integrations.kolada import KoladaError
from verksam.integrations.kolada_sync import sync_year
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import Target

from .test_kolada_sync import BASE, CREDIT_N00090, NOW, FakeKolada, fixed_clock, fixture, raise_timeout  # noqa: F401

SICK_0180 = f"{BASE}/data/kpi/N00090/municipality/0180/year/2024"
OU_1 = "V15E018000101"
OU_2 = "V15E018000202"
OU_URL = f"{BASE}/oudata/kpi/N00090/ou/{OU_1},{OU_2}/year/2024"
OU_PAGE_2 = f"{OU_URL}?page=2&per_page=1"


@pytest.fixture
def ou_units(city):
    """Stadsledningskontoret (OU_1) and a new enhet under it (OU_2) follow sjukfrånvaro up with
    their own årsmål; Utbildningsförvaltningen has an enhets-id but no årsmål for it."""
    city.slk.kolada_ou_id = OU_1
    city.slk.save()
    section = Unit.objects.create(municipality=city.municipality, parent=city.slk, kind=UnitKind.SECTION,
                                  name="HR-avdelningen", kolada_ou_id=OU_2)
    city.utf.kolada_ou_id = "V15E018000303"
    city.utf.save()
    for unit in (city.slk, section):
        Target.objects.create(plan=city.ks_plan, indicator=city.sick_leave, unit=unit, year=2024, value=Decimal("4"))
    return section


def routes() -> dict:
    return {SICK_0180: fixture("n00090_n01951_0180_2024.json"),
            OU_URL: fixture("oudata_n00090_2024_page1.json"),
            OU_PAGE_2: fixture("oudata_n00090_2024_page2.json")}


@pytest.mark.django_db
def test_units_with_a_kolada_id_get_their_own_figures_over_two_pages(city, ou_units):
    kolada = FakeKolada(routes())

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert kolada.requested == [SICK_0180, OU_URL, OU_PAGE_2]
    assert (report.created, report.changed, report.unchanged, report.units) == (2, 0, 0, 2)
    assert [p.text for p in report.problems] == [
        f"Nyckeltal N00090, år 2024: Sjukfrånvaro (HR-avdelningen): Kolada har inget värde för enhet {OU_2}. "
        "Utfallet lämnas orört."]
    stored = {o.unit.name: (o.value, o.value_women, o.value_men, o.source, o.source_note)
              for o in Outcome.objects.select_related("unit")}
    assert stored == {
        "Kommunstyrelsen": (Decimal("6.2"), Decimal("6.9"), Decimal("4.1"), OutcomeSource.KOLADA, CREDIT_N00090),
        "Stadsledningskontoret": (Decimal("5.1"), Decimal("5.9"), Decimal("3.8"), OutcomeSource.KOLADA,
                                  CREDIT_N00090),
    }
    assert report.summary_lines()[:3] == [
        "Kolada 2024, Stockholms stad (0180): 1 indikator med nyckeltal.",
        "2 enheter med eget Kolada-id.",
        "Utfall: 2 nya, 0 ändrade, 0 oförändrade, 1 problem.",
    ]
    again = sync_year(2024, client=kolada.client(), acting_user=None)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_twenty_six_units_are_asked_for_in_requests_of_25_and_1(city):
    ids = [f"V15E0180{n:05d}" for n in range(26)]
    for n, ou in enumerate(ids):
        unit = Unit.objects.create(municipality=city.municipality, parent=city.slk, kind=UnitKind.SECTION,
                                   name=f"Enhet {n:02d}", kolada_ou_id=ou)
        Target.objects.create(plan=city.ks_plan, indicator=city.sick_leave, unit=unit, year=2024, value=Decimal("4"))

    def answer(chunk):
        page = {"values": [{"kpi": "N00090", "ou": ou, "period": 2024, "values": [
            {"gender": "T", "value": 3}, {"gender": "K", "value": 4}, {"gender": "M", "value": int(ou[-2:]) % 10}]}
            for ou in chunk]}
        return json.dumps(page).encode()

    first, second = (f"{BASE}/oudata/kpi/N00090/ou/{','.join(ids[:25])}/year/2024",
                     f"{BASE}/oudata/kpi/N00090/ou/{ids[25]}/year/2024")
    kolada = FakeKolada({SICK_0180: fixture("n00090_n01951_0180_2024.json"),
                         first: answer(ids[:25]), second: answer(ids[25:])})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert kolada.requested == [SICK_0180, first, second]
    assert (report.created, report.problems, report.units) == (27, [], 26)
    last = Outcome.objects.get(unit__kolada_ou_id=ids[25])
    assert (last.value, last.value_women, last.value_men) == (Decimal("3"), Decimal("4"), Decimal("5"))


@pytest.mark.django_db
def test_a_failing_unit_request_changes_nothing_not_even_the_municipality_figure(city, ou_units):
    kolada = FakeKolada({**routes(), OU_URL: raise_timeout})

    with pytest.raises(KoladaError) as err:
        sync_year(2024, client=kolada.client(), acting_user=None)

    assert err.value.message == "Kolada svarar inte (tidsgräns 20 s). Inget har ändrats."
    assert not Outcome.objects.exists() and not Period.objects.exists()


@pytest.mark.django_db
def test_a_unit_with_an_invalid_kolada_id_is_reported_and_not_asked_for(city, ou_units):
    Unit.objects.filter(pk=ou_units.pk).update(kolada_ou_id="hr-avd")
    kolada = FakeKolada({SICK_0180: fixture("n00090_n01951_0180_2024.json"),
                         f"{BASE}/oudata/kpi/N00090/ou/{OU_1}/year/2024": fixture("oudata_n00090_2024_page2.json")
                         .replace(OU_2.encode(), OU_1.encode())})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert kolada.requested == [SICK_0180, f"{BASE}/oudata/kpi/N00090/ou/{OU_1}/year/2024"]
    assert [p.text for p in report.problems] == [
        "Nyckeltal N00090, år 2024: HR-avdelningen: ogiltigt Kolada-enhets-id hr-avd; ett enhets-id är versaler "
        "och siffror, t.ex. V15E144001301. Utfallet lämnas orört.",
        f"Nyckeltal N00090, år 2024: Sjukfrånvaro (Stadsledningskontoret): Kolada har inget värde för enhet {OU_1}. "
        "Utfallet lämnas orört."]
    assert list(Outcome.objects.values_list("unit__name", flat=True)) == ["Kommunstyrelsen"]


@pytest.mark.django_db
def test_a_synced_value_over_an_example_outcome_makes_it_real_data(city):
    vb = {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}["VB"]
    actions.enter_outcome(city.sick_leave, city.ks, vb, value=Decimal("6.4"), value_women=Decimal("7.4"),
                          value_men=Decimal("4.6"), comment="Exempelvärde (demodata) tills Kolada har hämtats.",
                          source_note="Exempelvärde (demodata).", is_example=True, acting_user=city.users.admin)
    kolada = FakeKolada({SICK_0180: fixture("n00090_n01951_0180_2024.json")})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert (report.created, report.changed, report.problems) == (0, 1, [])
    sick = Outcome.objects.get()
    assert (sick.value, sick.value_women, sick.value_men, sick.is_example, sick.comment, sick.source,
            sick.source_note, sick.fetched_at) == (
        Decimal("6.2"), Decimal("6.9"), Decimal("4.1"), False, "", OutcomeSource.KOLADA, CREDIT_N00090, NOW)
    assert sick.entered_by.username == "kolada" and sick.entered_at == NOW
    assert [(h.is_example, h.comment[:13]) for h in sick.history.order_by("history_id")] == [
        (True, "Exempelvärde "), (False, "")]
    # a real (non-example) comment stays when Kolada's value replaces a manual one
    Outcome.objects.filter(pk=sick.pk).update(source=OutcomeSource.MANUAL, comment="Egen analys")
    sync_year(2024, client=kolada.client(), acting_user=None)
    assert Outcome.objects.values_list("comment", "is_example").get() == ("Egen analys", False)
    assert dt.date(2024, 12, 31) == Outcome.objects.get().as_of
