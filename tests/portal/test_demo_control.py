"""``verksam demo`` — internal control 2024 (issue 5 "Done when"): KS's approved system för
internkontroll, its risk analysis in the 4 × 4 matrix tied to its nämndmål, its
internkontrollplan with results through T2 including an open and a closed deviation, two more
boards for the oversight page, all example data, idempotent, and in KS's approved VB snapshot."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from verksam.control.models import (
    Control, ControlOccasion, ControlPlan, ControlResult, ControlSystem, Deviation, Risk, RiskAnalysis, RiskMatrix,
)

from verksam.followup.models import Report

KS = "Kommunstyrelsen"
# risk title → (category, goal code, inherent L×C=score, residual L×C=score, treatment)
KS_RISKS = {
    "Stadens trygghetsinsatser samordnas inte och når inte de mest utsatta områdena":
        ("operational", "1.1.1", (3, 4, 12), (2, 3, 6), "control"),
    "Krisledningen kan inte upprätthållas vid ett längre avbrott i el eller it":
        ("external", "1.1.2", (2, 4, 8), (2, 3, 6), "action"),
    "Jämställdhetsanalyser saknas i beslutsunderlagen": ("operational", "1.3.1", (2, 2, 4), (2, 2, 4), "accept"),
    "Fakturor betalas utan attest enligt delegationsordningen": ("financial", "3.1.1", (3, 3, 9), (2, 2, 4), "control"),
    "Nämndernas prognoser i tertialrapporterna är för osäkra för att styra ekonomin":
        ("reporting", "3.1.1", (3, 3, 9), (2, 3, 6), "control"),
    "Direktupphandlingar görs i strid med lagen om offentlig upphandling":
        ("legal", "3.1.1", (2, 4, 8), (1, 4, 4), "control"),
    "Obehöriga kommer åt personuppgifter i stadens gemensamma it-system":
        ("information_security", "1.1.2", (2, 4, 8), (2, 3, 6), "control"),
    "Nyckelkompetenser kan inte rekryteras eller behållas": ("staff", "3.5.1", (3, 3, 9), (2, 3, 6), "action"),
}
# control title → (frequency, reported in, occasions in the year, results through T2)
KS_CONTROLS = {
    "Avstämning av leverantörsfakturor mot attest": ("monthly", "T2", 12, 8),
    "Stickprov på representationskostnader": ("quarterly", "VB", 4, 2),
    "Genomgång av nämndernas prognoser i tertialrapporterna": ("tertial", "VB", 3, 2),
    "Uppföljning av trygghetsinsatser i utsatta områden": ("tertial", "T2", 3, 2),
    "Stickprov på direktupphandlingar": ("yearly", "T2", 1, 1),
    "Behörighetsgenomgång i stadens gemensamma it-system": ("yearly", "VB", 1, 0),
}
OPEN_FINDING = "Två av sex trygghetsinsatser saknade dokumenterad uppföljning."
CLOSED_FINDING = "Tre av 40 fakturor i stickprovet saknade attest enligt delegationsordningen."


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    """Row counts of every model, history models included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo(db) -> str:
    return run_demo()


def test_the_4_by_4_matrix_on_kf_and_ks_approved_system_for_internkontroll(demo):
    matrix = RiskMatrix.objects.get()
    version = matrix.latest_version()
    assert (matrix.name, matrix.unit.name, matrix.is_example, version.number, version.size_label, version.in_use) == (
        "Stadens riskmatris", "Kommunfullmäktige", True, 1, "4 × 4", True)
    assert [s["label"] for s in version.likelihood_scale] == ["osannolik", "mindre sannolik", "möjlig", "sannolik"]
    assert [s["label"] for s in version.consequence_scale] == ["försumbar", "lindrig", "kännbar", "allvarlig"]
    # KS's approved system för internkontroll quotes the memo where it says something
    system = ControlSystem.objects.get(unit__name=KS, year=2024)
    assert (system.version, system.status, system.is_example, system.approved_by.username, system.plan.reference) == (
        1, "approved", True, "admin", "KS 2023/1237")
    assert system.organisation.startswith("Ur stadsledningskontorets tjänsteutlåtande i KS 2023/1237: "
                                          "\"Kommunstyrelsen har ett övergripande ansvar för styrning")
    assert all(getattr(system, name).startswith("Exempeldata: ") for name in ("roles", "routines", "systems"))
    assert "bilaga 7, KS 2023/1237-1.7" in system.systems


def test_ks_risk_analysis_ties_eight_risks_to_its_namndmal(demo):
    analysis = RiskAnalysis.objects.get(unit__name=KS, year=2024)
    assert (analysis.plan.reference, analysis.matrix.name, analysis.is_example) == (
        "KS 2023/1237", "Stadens riskmatris", True)
    risks = {r.title: r for r in Risk.objects.filter(analysis=analysis).select_related("goal__plan", "action_activity")}
    assert {title: (r.category, r.goal.code,
                    (r.inherent_likelihood, r.inherent_consequence, r.inherent_score),
                    (r.residual_likelihood, r.residual_consequence, r.residual_score), r.treatment)
            for title, r in risks.items()} == KS_RISKS
    assert {r.goal.plan.reference for r in risks.values()} == {"KS 2023/1237"}  # KS's own nämndmål
    assert len({r.category for r in risks.values()}) == 7
    assert {r.is_example for r in risks.values()} == {True}
    action = risks["Nyckelkompetenser kan inte rekryteras eller behållas"]
    assert action.action_activity.title == "Främja heltid som norm"
    assert risks["Jämställdhetsanalyser saknas i beslutsunderlagen"].treatment_motivation.startswith("Risken är låg")
    for risk in risks.values():
        assert risk.controls.exists() == (risk.treatment == "control"), risk.title


def test_ks_control_plan_has_results_through_t2_and_one_open_one_closed_deviation(demo):
    plan = ControlPlan.objects.get(unit__name=KS, year=2024)
    controls = {c.title: c for c in Control.objects.filter(control_plan=plan)}
    assert {title: (c.frequency, c.reported_in, c.occasions.count(),
                    ControlResult.objects.filter(occasion__control=c).count())
            for title, c in controls.items()} == KS_CONTROLS
    assert ControlOccasion.objects.filter(control__control_plan=plan).count() == 24
    results = ControlResult.objects.filter(occasion__control__control_plan=plan)
    assert results.count() == 15
    assert max(r.occasion.due for r in results).isoformat() == "2024-08-31"
    assert dict((k, results.filter(period__kind=k).count()) for k in ("T1", "T2", "VB")) == {"T1": 7, "T2": 8, "VB": 0}
    assert sorted(results.filter(outcome="deviation").values_list("occasion__due", flat=True)) == [
        dt.date(2024, 3, 31), dt.date(2024, 8, 31)]
    assert {(r.is_example, r.entered_by.username) for r in results} == {(True, "admin")}
    assert {c.is_example for c in controls.values()} == {True} and plan.is_example
    # one deviation is closed and one is still open
    deviations = {d.finding: d for d in Deviation.objects.filter(
        result__occasion__control__control_plan__unit__name=KS)}
    assert set(deviations) == {OPEN_FINDING, CLOSED_FINDING}
    closed, still_open = deviations[CLOSED_FINDING], deviations[OPEN_FINDING]
    assert (closed.status, closed.closed_by.username, closed.due.isoformat(), closed.is_example) == (
        "closed", "admin", "2024-05-31", True)
    assert closed.closing_note.startswith("Attestflödet är ändrat")
    assert (still_open.status, still_open.responsible, still_open.due.isoformat(), still_open.closed_at) == (
        "open", "Avdelningschef trygghet", "2024-10-31", None)


def test_two_more_boards_one_without_a_control_plan_and_everything_marked_as_example(demo):
    assert sorted(RiskAnalysis.objects.values_list("unit__name", flat=True)) == [
        KS, "Socialnämnden", "Utbildningsnämnden"]
    assert sorted(ControlPlan.objects.values_list("unit__name", flat=True)) == [KS, "Utbildningsnämnden"]
    utn = Risk.objects.filter(analysis__unit__name="Utbildningsnämnden")
    assert sorted(utn.values_list("goal__code", flat=True)) == ["3.2.1", "3.2.1", "3.2.2"]
    assert ControlOccasion.objects.filter(control__control_plan__unit__name="Utbildningsnämnden").count() == 4
    assert ControlResult.objects.filter(occasion__control__control_plan__unit__name="Utbildningsnämnden").count() == 3
    assert ControlSystem.objects.get(unit__name="Utbildningsnämnden").status == "draft"
    son = Risk.objects.filter(analysis__unit__name="Socialnämnden")
    assert (son.count(), set(son.values_list("goal__code", "goal__plan__kind"))) == (2, {("1.1", "council_budget")})
    assert not ControlSystem.objects.filter(unit__name="Socialnämnden").exists()
    # nothing invented is presented as real
    for model in (RiskMatrix, ControlSystem, RiskAnalysis, Risk, ControlPlan, Control, ControlResult, Deviation):
        assert not model.objects.filter(is_example=False).exists(), model.__name__
    assert "Intern kontroll 2024: Kommunstyrelsen med godkänt system, 8 risker, 6 kontrollmoment" in demo


def test_the_ks_oversight_shows_the_three_boards_side_by_side(demo, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from verksam.control.queries_overview import oversight
    from verksam.organisation.models import Municipality
    from verksam.portal.demo import DEMO_PASSWORD

    controller = get_user_model().objects.get(username="controller")
    boards = {b.unit.name: b for b in oversight(Municipality.objects.get(), 2024, user=controller,
                                                  as_of=dt.date(2024, 8, 31))}
    ks, utn, son = boards[KS], boards["Utbildningsnämnden"], boards["Socialnämnden"]
    assert (ks.system_status, ks.risk_count, ks.control_count, ks.occasions_due, ks.results, ks.deviations,
            ks.open_deviations, ks.missing) == ("approved", 8, 6, 15, 15, 2, 1, [])
    assert (utn.system_status, utn.risk_count, utn.control_count, utn.occasions_due, utn.results, utn.missing) == (
        "draft", 3, 2, 3, 3, [])
    assert (son.has_analysis, son.has_control_plan, son.risk_count, son.missing) == (
        True, False, 2, ["Internkontrollplan saknas"])
    assert client.login(username="controller", password=DEMO_PASSWORD)
    html = client.get(reverse("control_oversight:index") + "?year=2024").content.decode()
    for name in (KS, "Utbildningsnämnden", "Socialnämnden", "Internkontrollplan saknas"):
        assert name in html, name


def test_the_approved_ks_verksamhetsberattelse_holds_the_internal_control_section(demo):
    import docx

    report = Report.objects.get(unit__name=KS, period__kind="VB")
    ic = report.snapshot["internal_control"]
    assert ic["summary"]["text"] == ("6 kontroller: 1 utan anmärkning, 2 med avvikelse, 3 ej registrerade; "
                                     "1 öppen avvikelse, 1 stängd avvikelse")
    assert [p["unit"]["name"] for p in ic["plans"]] == [KS]
    statuses = {c["title"]: c["status_label"] for c in ic["plans"][0]["controls"]}
    assert statuses == {
        "Avstämning av leverantörsfakturor mot attest": "Avvikelse",
        "Stickprov på representationskostnader": "Ej registrerat",
        "Genomgång av nämndernas prognoser i tertialrapporterna": "Ej registrerat",
        "Uppföljning av trygghetsinsatser i utsatta områden": "Avvikelse",
        "Stickprov på direktupphandlingar": "Utan anmärkning",
        "Behörighetsgenomgång i stadens gemensamma it-system": "Ej registrerat",
    }
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(bytes(report.docx))).paragraphs)
    assert "Intern kontroll" in text and OPEN_FINDING in text and CLOSED_FINDING in text


def test_a_second_run_changes_nothing_in_internal_control(demo):
    before = snapshot()
    output = run_demo()
    assert snapshot() == before
    assert "Klart: 0 nya och 0 ändrade poster." in output
