"""Internal control in the follow-up reports (issue 5 items 3 and 8: results appear in T1, T2 and
VB; deviations flow into the T2 report) and exempeldata in every report output (issue 4).

On top of ``ic`` (KS's tertial control "Uppföljning av trygghetsinsatser", reported in T2):

* a monthly control "Avstämning av leverantörsfakturor" from 31 January, reported in T1:
  January–March utan anmärkning, April not recorded;
* a yearly control "Genomgång av delegationsordningen" on 15 November, reported in VB;
* the tertial control: 30 April utan anmärkning (T1); 31 August avvikelse with an open
  deviation (T2).

Utbildningsnämnden has its own plan with a deviation that must never show in KS's reports.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from verksam.control import actions
from verksam.control.models import ControlMethod, ControlOccasion
from verksam.control.queries_report import summary_text
from verksam.documents.formatting import format_long_date
from verksam.followup import reports
from verksam.followup.models import GoalAssessment, Outcome
from verksam.followup.report_data import report_data
from verksam.followup.report_output import render_report_docx, render_report_pdf
from verksam.planning.models import Goal

from tests.conftest import PASSWORD

FINDING = "Två av fem trygghetsinsatser saknade dokumenterad uppföljning."
ACTIONS = "Rutinen för uppföljning ses över och insatserna följs upp i efterhand."
UTN_FINDING = "Skolskjutsavtalet saknade underskrift."


def _occasion(control, day):
    return ControlOccasion.objects.get(control=control, due=day)


@pytest.fixture
def results(ic, city):
    editor = city.users.ks_editor
    invoices = actions.create_control(
        ic.control_plan, acting_user=editor, title="Avstämning av leverantörsfakturor",
        method=ControlMethod.RECONCILIATION, frequency="monthly", start=dt.date(2024, 1, 31),
        responsible="Ekonomichef", reported_in="T1", sort_order=1)
    delegation = actions.create_control(
        ic.control_plan, acting_user=editor, title="Genomgång av delegationsordningen",
        method=ControlMethod.REVIEW, frequency="yearly", start=dt.date(2024, 11, 15),
        responsible="Kanslichef", reported_in="VB", sort_order=2)
    for day in (dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31)):
        actions.record_result(_occasion(invoices, day), outcome="no_remarks", acting_user=editor)
    actions.record_result(_occasion(ic.control, dt.date(2024, 4, 30)), outcome="no_remarks", acting_user=editor)
    result = actions.record_result(_occasion(ic.control, dt.date(2024, 8, 31)), outcome="deviation",
                                   finding=FINDING, acting_user=editor)
    deviation = actions.open_deviation(result, acting_user=editor, finding=FINDING, actions=ACTIONS,
                                       responsible="Avdelningschef trygghet", due=dt.date(2024, 10, 31))
    # another board's plan and deviation (never in KS's reports)
    utn_plan = actions.create_control_plan(city.utn, 2024, title="Internkontrollplan 2024 UTN",
                                           acting_user=city.users.utb_editor)
    utn_control = actions.create_control(
        utn_plan, acting_user=city.users.utb_editor, title="Kontroll av skolskjutsavtal",
        method=ControlMethod.SAMPLE, frequency="once", start=dt.date(2024, 6, 1), responsible="Avtalsansvarig")
    utn_result = actions.record_result(_occasion(utn_control, dt.date(2024, 6, 1)), outcome="deviation",
                                       finding=UTN_FINDING, acting_user=city.users.utb_editor)
    actions.open_deviation(utn_result, acting_user=city.users.utb_editor, finding=UTN_FINDING,
                           responsible="Avtalsansvarig")
    return ic, invoices, delegation, deviation


def _report(city, period):
    return reports.create_report(city.ks, period, acting_user=city.users.ks_editor)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\u00a0", " ").split())  # table cells wrap: compare words


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return "\n".join(parts).replace("\u00a0", " ")


def _brief(ic_data: dict) -> list:
    return [(c["title"], c["status_label"], [(o["due"], o["outcome_label"]) for o in c["occasions"]])
            for plan in ic_data["plans"] for c in plan["controls"]]


@pytest.mark.django_db
def test_t1_shows_the_controls_due_by_30_april_and_not_the_t2_deviation(results, city):
    ic, *_ = results
    data = report_data(_report(city, ic.t1))["internal_control"]
    assert data["summary"] == {"controls": 2, "no_remarks": 1, "deviation": 0, "missing": 1, "not_due": 0,
                               "deviations_open": 0, "deviations_closed": 0,
                               "text": "2 kontroller: 1 utan anmärkning, 1 ej registrerad"}
    assert [(p["title"], p["unit"]["name"]) for p in data["plans"]] == [("Internkontrollplan 2024", "Kommunstyrelsen")]
    assert _brief(data) == [
        ("Uppföljning av trygghetsinsatser", "Utan anmärkning", [("2024-04-30", "Utan anmärkning")]),
        ("Avstämning av leverantörsfakturor", "Ej registrerat", [
            ("2024-01-31", "Utan anmärkning"), ("2024-02-29", "Utan anmärkning"), ("2024-03-31", "Utan anmärkning"),
            ("2024-04-30", "Ej registrerat")]),
    ]
    assert FINDING not in str(data) and UTN_FINDING not in str(data)


@pytest.mark.django_db
def test_the_t2_deviation_flows_into_the_t2_report_data(results, city):
    ic, _invoices, _delegation, deviation = results
    data = report_data(_report(city, ic.t2))["internal_control"]
    assert data["summary"]["text"] == "2 kontroller: 1 med avvikelse, 1 ej registrerad; 1 öppen avvikelse"
    safety = data["plans"][0]["controls"][0]
    assert (safety["title"], safety["status"], safety["status_class"], safety["reported_in"], safety["risk"]) == (
        "Uppföljning av trygghetsinsatser", "deviation", "ej", "T2",
        {"title": "Bristande samordning av trygghetsarbetet", "is_example": False})
    august = safety["occasions"][1]
    assert (august["due_text"], august["outcome_label"], august["finding"], august["as_of_text"]) == (
        "31 augusti 2024", "Avvikelse", FINDING, "31 augusti 2024")
    assert august["deviations"] == [{
        "id": deviation.pk, "finding": FINDING, "actions": ACTIONS, "responsible": "Avdelningschef trygghet",
        "due_text": "31 oktober 2024", "status": "open", "status_label": "Öppen", "closed_at_text": "",
        "closing_note": "", "is_example": False}]
    invoices = data["plans"][0]["controls"][1]
    assert [o["outcome"] for o in invoices["occasions"]] == ["no_remarks"] * 3 + [""] * 5
    assert UTN_FINDING not in str(data)


@pytest.mark.django_db
def test_vb_adds_the_yearly_control_and_counts_a_closed_deviation(results, city):
    ic, _invoices, _delegation, deviation = results
    actions.close_deviation(deviation, acting_user=city.users.ks_editor, note="Rutinen är uppdaterad.")
    data = report_data(_report(city, ic.vb))["internal_control"]
    assert data["summary"]["text"] == "3 kontroller: 1 med avvikelse, 2 ej registrerade; 1 stängd avvikelse"
    assert [c["title"] for c in data["plans"][0]["controls"]] == [
        "Uppföljning av trygghetsinsatser", "Avstämning av leverantörsfakturor", "Genomgång av delegationsordningen"]
    closed = data["plans"][0]["controls"][0]["occasions"][1]["deviations"][0]
    assert (closed["status_label"], closed["closing_note"]) == ("Stängd", "Rutinen är uppdaterad.")
    assert closed["closed_at_text"].startswith(format_long_date(timezone.localdate()) + " ")


@pytest.mark.django_db
def test_a_control_reported_in_the_period_with_nothing_due_yet_says_so(ic, city):
    actions.create_control(ic.control_plan, acting_user=city.users.ks_editor, title="Kontroll av attestlistor",
                           method=ControlMethod.SAMPLE, frequency="once", start=dt.date(2024, 6, 15),
                           responsible="Ekonomichef", reported_in="T1")
    data = report_data(_report(city, ic.t1))["internal_control"]
    assert _brief(data) == [
        ("Uppföljning av trygghetsinsatser", "Ej registrerat", [("2024-04-30", "Ej registrerat")]),
        ("Kontroll av attestlistor", "Inget tillfälle ännu", []),
    ]
    assert data["summary"]["text"] == "2 kontroller: 1 ej registrerad, 1 utan tillfälle ännu"


@pytest.mark.django_db
def test_a_board_without_a_control_plan_gets_an_empty_section(city):
    from verksam.followup.actions import ensure_periods

    _t1, t2, _vb = ensure_periods(city.municipality, 2024)
    data = report_data(_report(city, t2))["internal_control"]
    assert (data["has_plans"], data["plans"], data["summary"]["text"]) == (
        False, [], "Inga kontrollmoment att rapportera.")


def test_the_summary_uses_singular_and_plural():
    counts = {"controls": 1, "no_remarks": 1, "deviation": 0, "missing": 0, "not_due": 0,
              "deviations_open": 2, "deviations_closed": 0}
    assert summary_text(counts) == "1 kontroll: 1 utan anmärkning; 2 öppna avvikelser"


@pytest.mark.django_db
def test_the_t2_deviation_is_in_the_page_the_pdf_and_the_docx_and_not_in_t1(results, city, client):
    ic, *_ = results
    t1, t2 = _report(city, ic.t1), _report(city, ic.t2)
    client.login(username="ks_controller", password=PASSWORD)
    html = client.get(reverse("followup_reports:detail", args=[t2.pk])).content.decode()
    assert 'id="internal-control-heading">Intern kontroll</h2>' in html
    assert "<strong>2 kontroller: 1 med avvikelse, 1 ej registrerad; 1 öppen avvikelse</strong>" in html
    assert FINDING in html and ACTIONS in html and "31 oktober 2024" in html and UTN_FINDING not in html
    t1_html = client.get(reverse("followup_reports:detail", args=[t1.pk])).content.decode()
    assert "Intern kontroll" in t1_html and FINDING not in t1_html
    pdf = _pdf_text(render_report_pdf(report_data(t2)))
    for fact in ("Intern kontroll", "2 kontroller: 1 med avvikelse, 1 ej registrerad; 1 öppen avvikelse",
                 "Uppföljning av trygghetsinsatser", "Avstämning av leverantörsfakturor", "Avvikelse",
                 "Två av fem trygghetsinsatser", "Avdelningschef trygghet", "31 oktober 2024", "Öppen"):
        assert fact in pdf, fact
    assert "Två av fem trygghetsinsatser" not in _pdf_text(render_report_pdf(report_data(t1)))
    docx = _docx_text(render_report_docx(report_data(t2)))
    for fact in ("Intern kontroll", "2 kontroller: 1 med avvikelse, 1 ej registrerad; 1 öppen avvikelse",
                 "31 augusti 2024: Avvikelse (" + FINDING + ")", "Åtgärder: " + ACTIONS,
                 "Ansvarig: Avdelningschef trygghet, klart senast 31 oktober 2024",
                 "Avvikelse: Uppföljning av trygghetsinsatser, 31 augusti 2024 – Öppen"):
        assert fact in docx, fact
    assert FINDING not in _docx_text(render_report_docx(report_data(t1)))


@pytest.mark.django_db
def test_the_approved_t2_snapshot_keeps_the_deviation_as_it_was(results, city):
    ic, _invoices, _delegation, deviation = results
    report = _report(city, ic.t2)
    for section in report.sections.all():
        reports.mark_section_ready(section, acting_user=city.users.ks_editor)
    approved = reports.approve_report(report, acting_user=city.users.ks_controller)
    actions.close_deviation(deviation, acting_user=city.users.ks_editor, note="Klart.")
    approved.refresh_from_db()
    frozen = approved.snapshot["internal_control"]
    assert frozen["summary"]["deviations_open"] == 1
    assert frozen["plans"][0]["controls"][0]["occasions"][1]["deviations"][0]["status"] == "open"
    assert "1 öppen avvikelse" in _pdf_text(bytes(approved.pdf))
    assert report_data(approved)["internal_control"]["summary"]["deviations_closed"] == 1  # live data moved on


def _grow(ic, city, n: int) -> None:
    """n more monthly controls with results through June and a deviation each in May."""
    editor = city.users.ks_editor
    for i in range(n):
        control = actions.create_control(
            ic.control_plan, acting_user=editor, title=f"Kontroll {i}", method=ControlMethod.SAMPLE,
            frequency="monthly", start=dt.date(2024, 1, 31), responsible=f"Ansvarig {i}", reported_in="T2")
        for occasion in control.occasions.filter(due__lte=dt.date(2024, 6, 30)):
            outcome = "deviation" if occasion.due.month == 5 else "no_remarks"
            result = actions.record_result(occasion, outcome=outcome, finding="Fel" if outcome == "deviation" else "",
                                           acting_user=editor)
            if outcome == "deviation":
                actions.open_deviation(result, acting_user=editor, finding="Fel", responsible="Någon")


@pytest.mark.django_db
def test_report_data_reads_internal_control_in_the_same_number_of_queries_at_two_sizes(results, city):
    ic, *_ = results
    _grow(ic, city, 1)
    report = _report(city, ic.t2)
    with CaptureQueriesContext(connection) as small:
        small_data = report_data(report)
    _grow(ic, city, 5)
    with CaptureQueriesContext(connection) as large:
        large_data = report_data(report)
    assert small_data["internal_control"]["summary"]["controls"] == 3
    assert large_data["internal_control"]["summary"]["text"] == \
        "8 kontroller: 7 med avvikelse, 1 ej registrerad; 7 öppna avvikelser"
    assert len(small) == len(large) == 24


@pytest.mark.django_db
def test_example_data_is_marked_in_the_page_the_pdf_and_the_docx(city, client):
    """Issue 4: outputs say "exempeldata" where the goal, assessment, outcome or target is example
    data, like the web pages do — and say nothing of the kind when nothing is."""
    from decimal import Decimal

    from verksam.followup import actions as followup_actions

    t1, t2, _vb = followup_actions.ensure_periods(city.municipality, 2024)
    followup_actions.enter_outcome(city.sick_leave, city.ks, t2, value=Decimal("4.8"),
                                   acting_user=city.users.ks_editor)
    plain = _report(city, t2)
    assert "exempeldata" not in _pdf_text(render_report_pdf(report_data(plain))).lower()
    assert "exempeldata" not in _docx_text(render_report_docx(report_data(plain))).lower()
    Outcome.objects.filter(indicator=city.sick_leave).update(is_example=True)
    Goal.objects.filter(pk=city.board_goal_1.pk).update(is_example=True)
    GoalAssessment.objects.create(goal=city.board_goal_2, unit=city.ks, period=t2, rule_id="weighted_score_v1",
                                  proposed="delvis", verdict="delvis", is_example=True)
    data = report_data(plain)
    goals = {g["code"]: g for b in data["sections"][0]["blocks"] for g in b["goals"]}
    assert (goals["1.1.1"]["is_example"], goals["3.5.1"]["is_example"], goals["3.5.1"]["assessment"]["is_example"]) \
        == (True, False, True)
    rows = {r["name"]: r for r in goals["3.5.1"]["indicators"] + goals["1.1.1"]["indicators"]}
    assert (rows["Sjukfrånvaro"]["is_example"], rows["Andel invånare som känner sig trygga"]["is_example"]) == (
        True, False)
    pdf = _pdf_text(render_report_pdf(data))
    assert pdf.count("exempeldata") == 3  # goal 1.1.1, goal 3.5.1 (its assessment), the sick-leave row
    docx = _docx_text(render_report_docx(data))
    assert "Sjukfrånvaro (exempeldata)" in docx
    assert "Nämndmål 3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap (exempeldata)" in docx
    assert "Andel invånare som känner sig trygga (exempeldata)" not in docx
    client.login(username="ks_controller", password=PASSWORD)
    html = client.get(reverse("followup_reports:detail", args=[plain.pk])).content.decode()
    assert html.count('<span class="example-badge">exempeldata</span>') == 3
