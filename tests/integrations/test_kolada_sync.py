"""Kolada sync: outcomes of indicators bound to a KPI, against recorded v3 responses.

No test touches the network (``httpx.MockTransport``). Real figures: N00945 for Stockholm
0180 — 2019 39.3, 2020 40.8. The N00090/N01951 figures for 2024 are made up for the tests
(fixtures/kolada/README.md). The clock is fixed at 2025-03-03 13:05 UTC (14:05 in Stockholm).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.loader import render_to_string

from verksam.core.models import Role, RoleAssignment
from verksam.followup import actions
from verksam.followup.models import Outcome, OutcomeSource, Period, PeriodStatus
from verksam.integrations import kolada_sync
from verksam.integrations.kolada import KoladaClient, KoladaError
from verksam.integrations.kolada_sync import SYSTEM_USERNAME, sync_year
from verksam.planning.models import Direction, Indicator, Plan, PlanKind

FIXTURES = Path(__file__).parent / "fixtures" / "kolada"
BASE = "https://api.kolada.se/v3"
URL_2024 = f"{BASE}/data/kpi/N00090,N01951/municipality/0180/year/2024"
NOW = dt.datetime(2025, 3, 3, 13, 5, tzinfo=dt.timezone.utc)
CREDIT_N00090 = "Källa: Kolada (N00090), hämtad 2025-03-03 14:05"
MALFORMED_N01951 = ("Nyckeltal N01951, kommun 0180, år 2024: värdet 'abc' (kön T) är inte ett tal. "
                    "Posten hoppades över; tidigare värden lämnas orörda.")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeKolada:
    """Answers by full URL from ``routes`` (bytes → 200 JSON, or a callable) and records URLs."""

    def __init__(self, routes: dict):
        self.routes = routes
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        answer = self.routes.get(url)
        if answer is None:
            return httpx.Response(404, json={"error": f"no fixture for {url}"})
        if callable(answer):
            return answer(request)
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    def client(self) -> KoladaClient:
        return KoladaClient(http=httpx.Client(transport=httpx.MockTransport(self)))


def raise_timeout(request):
    raise httpx.ReadTimeout("timed out", request=request)


def n00945_year(year: int) -> bytes:
    """The real N00945 fixture (2018–2020) cut to one year, as Kolada answers for that year."""
    page = json.loads(fixture("n00945_0180_2018-2020.json"))
    page["values"] = [record for record in page["values"] if record["period"] == year]
    page["count"] = len(page["values"])
    return json.dumps(page).encode()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


@pytest.fixture
def population(city):
    """A second KPI-bound indicator on the KS plan: N01951 invånare totalt (antal, not by sex)."""
    return Indicator.objects.create(plan=city.ks_plan, goal=city.board_goal_1, name="Invånare totalt",
                                    unit_of_measure="antal", direction=Direction.NEUTRAL, additive=True,
                                    kolada_kpi="N01951", responsible_unit=city.ks)


def vb(city, year=2024) -> Period:
    return Period.objects.get(municipality=city.municipality, year=year, kind="VB")


def history_rows() -> int:
    return Outcome.history.count()


@pytest.mark.django_db
def test_it_writes_vb_outcomes_with_kolada_as_source_and_the_credit(city, population):
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert (report.created, report.changed, report.unchanged, report.problems) == (2, 0, 0, [])
    assert kolada.requested == [URL_2024]
    sick = Outcome.objects.get(indicator=city.sick_leave)
    assert (sick.value, sick.value_women, sick.value_men) == (Decimal("6.2"), Decimal("6.9"), Decimal("4.1"))
    assert sick.period == vb(city) and sick.unit == city.ks and sick.as_of == dt.date(2024, 12, 31)
    assert sick.source == OutcomeSource.KOLADA and sick.fetched_at == NOW
    assert sick.source_note == CREDIT_N00090
    people = Outcome.objects.get(indicator=population)
    assert (people.value, people.value_women, people.value_men) == (Decimal("990000"), None, None)
    assert people.source_note == "Källa: Kolada (N01951), hämtad 2025-03-03 14:05"
    system = get_user_model().objects.get(username=SYSTEM_USERNAME)
    assert sick.entered_by == system and sick.history.get().history_user == system
    assert not system.has_usable_password() and not system.is_superuser
    assert list(RoleAssignment.objects.filter(user=system).values_list("unit__name", "role")) == [
        ("Kommunfullmäktige", Role.EDITOR)]


@pytest.mark.django_db
def test_an_indicator_without_a_kpi_is_left_untouched(city, population):
    periods = {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}
    actions.enter_outcome(city.safety, city.ks, periods["VB"], value=Decimal("78"), comment="Enkät",
                          acting_user=city.users.ks_editor)
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert report.indicators == 2
    safety = Outcome.objects.get(indicator=city.safety)
    assert (safety.value, safety.source, safety.comment, safety.source_note) == (
        Decimal("78"), OutcomeSource.MANUAL, "Enkät", "")
    assert safety.history.count() == 1


@pytest.mark.django_db
def test_a_second_sync_changes_nothing_and_records_no_history(city, population):
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})
    sync_year(2024, client=kolada.client(), acting_user=None)
    rows = history_rows()
    versions = dict(Outcome.objects.values_list("indicator_id", "lock_version"))

    again = sync_year(2024, client=kolada.client(), acting_user=None)

    assert (again.created, again.changed, again.unchanged, again.problems) == (0, 0, 2, [])
    assert history_rows() == rows == 2
    assert dict(Outcome.objects.values_list("indicator_id", "lock_version")) == versions


@pytest.mark.django_db
def test_a_timeout_gives_a_clear_message_and_changes_nothing(city, population):
    periods = {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}
    actions.enter_outcome(city.sick_leave, city.ks, periods["VB"], value=Decimal("7.0"),
                          value_women=Decimal("7.5"), value_men=Decimal("5.0"), acting_user=city.users.ks_editor)
    rows, period_count = history_rows(), Period.objects.count()
    kolada = FakeKolada({URL_2024: raise_timeout})

    with pytest.raises(KoladaError) as err:
        sync_year(2024, client=kolada.client(), acting_user=None)

    assert err.value.message == "Kolada svarar inte (tidsgräns 20 s). Inget har ändrats."
    sick = Outcome.objects.get()
    assert (sick.value, sick.value_women, sick.value_men, sick.source) == (
        Decimal("7.0"), Decimal("7.5"), Decimal("5.0"), OutcomeSource.MANUAL)
    assert (history_rows(), Period.objects.count()) == (rows, period_count)
    assert not get_user_model().objects.filter(username=SYSTEM_USERNAME).exists()


@pytest.mark.django_db
def test_a_malformed_record_is_reported_keeps_its_old_value_and_the_others_are_written(city, population):
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})
    sync_year(2024, client=kolada.client(), acting_user=None)
    kolada.routes[URL_2024] = fixture("n00090_n01951_0180_2024_malformed.json")

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert (report.created, report.changed, report.unchanged) == (0, 1, 0)
    assert [(p.kpi, p.year, p.text) for p in report.problems] == [("N01951", 2024, MALFORMED_N01951)]
    sick = Outcome.objects.get(indicator=city.sick_leave)
    assert (sick.value, sick.value_women, sick.value_men) == (Decimal("6.3"), Decimal("7.0"), Decimal("4.2"))
    people = Outcome.objects.get(indicator=population)
    assert people.value == Decimal("990000") and people.history.count() == 1


@pytest.mark.django_db
def test_a_write_refused_by_a_rule_is_reported_and_the_others_are_written(city, population):
    population.responsible_unit = city.utn  # ks_editor may not enter outcomes for Utbildningsnämnden
    population.save()
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})

    report = sync_year(2024, client=kolada.client(), acting_user=city.users.ks_editor)

    assert (report.created, report.changed, report.unchanged) == (1, 0, 0)
    assert [p.text for p in report.problems] == [
        "Nyckeltal N01951, år 2024: Invånare totalt (Utbildningsnämnden): Du har inte behörighet att göra "
        "detta för Utbildningsnämnden. Tidigare värden lämnas orörda."]
    assert Outcome.objects.get().entered_by == city.users.ks_editor
    assert not get_user_model().objects.filter(username=SYSTEM_USERNAME).exists()


@pytest.mark.django_db
def test_a_locked_period_keeps_the_old_values_and_reports_each_record(city, population):
    kolada = FakeKolada({URL_2024: fixture("n00090_n01951_0180_2024.json")})
    sync_year(2024, client=kolada.client(), acting_user=None)
    Period.objects.filter(pk=vb(city).pk).update(status=PeriodStatus.LOCKED)
    rows = history_rows()
    kolada.routes[URL_2024] = fixture("n00090_n01951_0180_2024_malformed.json")

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert (report.created, report.changed, report.unchanged) == (0, 0, 0)
    assert [p.text for p in report.problems] == [
        MALFORMED_N01951,
        "Nyckeltal N00090, år 2024: Sjukfrånvaro (Kommunstyrelsen): Perioden är låst. Ett nytt värde kan "
        "bara registreras som rättelse med ett skäl. Tidigare värden lämnas orörda."]
    assert Outcome.objects.get(indicator=city.sick_leave).value == Decimal("6.2")
    assert history_rows() == rows


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "expected"), [(2019, Decimal("39.3")), (2020, Decimal("40.8"))])
def test_the_real_n00945_figures_land_as_outcomes_exactly(city, year, expected):
    plan = Plan.objects.create(unit=city.ks, year=year, kind=PlanKind.OPERATIONAL_PLAN,
                               title=f"Verksamhetsplan {year} för kommunstyrelsen")
    vab = Indicator.objects.create(plan=plan, name="Andel VAB-dagar som tas ut av män", unit_of_measure="%",
                                   kolada_kpi="N00945", responsible_unit=city.ks)
    url = f"{BASE}/data/kpi/N00945/municipality/0180/year/{year}"
    kolada = FakeKolada({url: n00945_year(year)})

    report = sync_year(year, client=kolada.client(), acting_user=None, municipality="0180")

    assert (report.created, report.problems, kolada.requested) == (1, [], [url])
    outcome = Outcome.objects.get(indicator=vab)
    assert outcome.value == expected and str(outcome.value) == f"{expected}000"
    assert (outcome.period.kind, outcome.as_of) == ("VB", dt.date(year, 12, 31))
    assert outcome.source_note == f"Källa: Kolada (N00945), hämtad 2025-03-03 14:05"


@pytest.mark.django_db
def test_a_kpi_without_a_value_in_kolada_is_reported_and_nothing_is_written(city):
    kolada = FakeKolada({f"{BASE}/data/kpi/N00090/municipality/0180/year/2024": fixture("empty.json")})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert (report.created, report.changed, report.unchanged) == (0, 0, 0)
    assert [p.text for p in report.problems] == [
        "Nyckeltal N00090, år 2024: Sjukfrånvaro (Kommunstyrelsen): Kolada har inget värde för kommun 0180. "
        "Utfallet lämnas orört."]
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_an_invalid_kpi_id_is_reported_without_a_request(city):
    Indicator.objects.filter(pk=city.sick_leave.pk).update(kolada_kpi="n0009")
    kolada = FakeKolada({})

    report = sync_year(2024, client=kolada.client(), acting_user=None)

    assert kolada.requested == [] and not Outcome.objects.exists()
    assert [p.text for p in report.problems] == [
        "Nyckeltal n0009, år 2024: Sjukfrånvaro (Kommunstyrelsen): ogiltigt nyckeltals-id; ett Kolada-id är "
        "en stor bokstav och fem siffror, t.ex. N00945. Utfallet lämnas orört."]


@pytest.mark.django_db
def test_a_year_that_has_not_ended_is_refused_before_any_request(city):
    kolada = FakeKolada({})
    with pytest.raises(kolada_sync.DomainError) as err:
        sync_year(2025, client=kolada.client(), acting_user=None)
    assert err.value.message == ("År 2025 är inte slut. Kolada redovisar årsvärden per 31 december; "
                                 "hämta dem när året är slut.")
    assert kolada.requested == []


@pytest.mark.django_db
def test_an_additive_total_that_differs_from_women_and_men_is_kept_with_a_reason(city):
    city.sick_leave.additive = True  # pretend N00090 were a count, to reach the by-sex rule
    city.sick_leave.save()
    page = {"values": [{"kpi": "N00090", "municipality": "0180", "period": 2024, "values": [
        {"gender": "T", "value": 12}, {"gender": "K", "value": 7}, {"gender": "M", "value": 4}]}]}
    kolada = FakeKolada({f"{BASE}/data/kpi/N00090/municipality/0180/year/2024": json.dumps(page).encode()})

    sync_year(2024, client=kolada.client(), acting_user=None)

    sick = Outcome.objects.get()
    assert (sick.value, sick.value_women, sick.value_men) == (Decimal("12"), Decimal("7"), Decimal("4"))
    assert sick.total_reason == "Totalen enligt Kolada; den skiljer sig från summan av kvinnor och män."


@pytest.mark.django_db
def test_the_partial_shows_the_kolada_credit_and_nothing_for_a_manual_outcome(city):
    kolada = FakeKolada({f"{BASE}/data/kpi/N00090/municipality/0180/year/2024": fixture(
        "n00090_n01951_0180_2024.json")})
    sync_year(2024, client=kolada.client(), acting_user=None)
    synced = Outcome.objects.get()
    manual = actions.enter_outcome(city.safety, city.ks, vb(city), value=Decimal("78"),
                                   acting_user=city.users.ks_editor)

    html = render_to_string("integrations/_kolada_source.html", {"outcome": synced})

    assert html.strip() == f'<small class="kolada-source">{CREDIT_N00090}</small>'
    assert render_to_string("integrations/_kolada_source.html", {"outcome": manual}).strip() == ""


# --- the command -------------------------------------------------------------------------------


def run_command(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("kolada", "sync", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def fake_kolada(monkeypatch):
    """The command's Kolada: a FakeKolada with no routes yet."""
    kolada = FakeKolada({})
    monkeypatch.setattr(kolada_sync, "KoladaClient", kolada.client)
    return kolada


@pytest.mark.django_db
def test_the_command_prints_the_counts_problems_and_credit(city, population, fake_kolada):
    fake_kolada.routes[URL_2024] = fixture("n00090_n01951_0180_2024.json")
    out, err = run_command("--year", "2024")
    assert out.splitlines() == [
        "Kolada 2024, Stockholms stad (0180): 2 indikatorer med nyckeltal.",
        "Utfall: 2 nya, 0 ändrade, 0 oförändrade, 0 problem.",
        "Källa: Kolada, hämtad 2025-03-03 14:05",
    ] and err == ""

    fake_kolada.routes[URL_2024] = fixture("n00090_n01951_0180_2024_malformed.json")
    out, _err = run_command("--year", "2024", "--municipality", "0180")
    assert out.splitlines() == [
        "Kolada 2024, Stockholms stad (0180): 2 indikatorer med nyckeltal.",
        "Utfall: 0 nya, 1 ändrade, 0 oförändrade, 1 problem.",
        MALFORMED_N01951,
        "Källa: Kolada, hämtad 2025-03-03 14:05",
    ]


@pytest.mark.django_db
def test_the_command_dry_run_reports_but_saves_nothing(city, population, fake_kolada):
    fake_kolada.routes[URL_2024] = fixture("n00090_n01951_0180_2024.json")
    out, _err = run_command("--year", "2024", "--dry-run")
    assert out.splitlines()[1:] == [
        "Utfall: 2 nya, 0 ändrade, 0 oförändrade, 0 problem.",
        "Källa: Kolada, hämtad 2025-03-03 14:05",
        "Provkörning: inget sparades.",
    ]
    assert not Outcome.objects.exists() and not Period.objects.exists()
    assert not get_user_model().objects.filter(username=SYSTEM_USERNAME).exists()


@pytest.mark.django_db
def test_the_command_exits_1_with_the_message_when_kolada_cannot_be_read(city, fake_kolada):
    fake_kolada.routes[f"{BASE}/data/kpi/N00090/municipality/0180/year/2024"] = raise_timeout
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("kolada", "sync", "--year", "2024", stdout=out, stderr=err)
    assert exit_.value.code == 1 and out.getvalue() == ""
    assert err.getvalue() == "Fel: Kolada svarar inte (tidsgräns 20 s). Inget har ändrats.\n"
    assert not Outcome.objects.exists() and not Period.objects.exists()


@pytest.mark.django_db
def test_the_command_runs_as_a_named_user_and_refuses_an_unknown_one(city, fake_kolada):
    fake_kolada.routes[f"{BASE}/data/kpi/N00090/municipality/0180/year/2024"] = fixture(
        "n00090_n01951_0180_2024.json")
    run_command("--year", "2024", "--user", "ks_controller")
    assert Outcome.objects.get().entered_by == city.users.ks_controller

    with pytest.raises(SystemExit):
        call_command("kolada", "sync", "--year", "2024", "--user", "okänd", stdout=StringIO(),
                     stderr=(err := StringIO()))
    assert err.getvalue() == "Fel: Användaren okänd finns inte.\n"
