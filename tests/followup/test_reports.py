"""Report actions: sections per unit, ready, approval (permission, frozen snapshot), corrections."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup import actions, reports
from verksam.followup.models import PeriodStatus, ReportCorrection, ReportStatus
from verksam.followup.report_data import report_data

from tests.followup.report_helpers import make_report_data

FROZEN = "Rapporten är godkänd och kan inte ändras. En senare ändring registreras som en rättelse med skäl."


@pytest.fixture
def follow(city):
    return make_report_data(city)


def _ready_all(report, user):
    for section in report.sections.all():
        reports.mark_section_ready(section, acting_user=user)


def _approved(city, follow):
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    _ready_all(report, city.users.ks_editor)
    return reports.approve_report(report, acting_user=city.users.ks_controller)


@pytest.mark.django_db
def test_it_creates_a_report_with_a_section_for_the_unit_and_each_unit_beneath_taking_part(city, follow):
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    assert report.plan == city.ks_plan and report.status == ReportStatus.DRAFT
    assert [s.unit.name for s in report.sections.order_by("unit__path")] == [
        "Kommunstyrelsen", "Stadsledningskontoret"]
    # T1: Stadsledningskontoret has no outcomes, plans or assessments then
    t1 = reports.create_report(city.ks, follow.t1, acting_user=city.users.ks_editor)
    assert [s.unit.name for s in t1.sections.all()] == ["Kommunstyrelsen"]


@pytest.mark.django_db
def test_creating_again_adds_new_units_and_turns_a_ready_report_back_into_a_draft(city, follow):
    report = reports.create_report(city.ks, follow.t1, acting_user=city.users.ks_editor)
    reports.edit_section(report.sections.get(), text="Arbetet går enligt plan.", acting_user=city.users.ks_editor)
    _ready_all(report, city.users.ks_editor)
    report = reports.mark_report_ready(report, acting_user=city.users.ks_editor)
    assert report.status == ReportStatus.READY
    actions.enter_outcome(city.sick_leave, city.slk, follow.t1, value=Decimal("5.3"), acting_user=city.users.ks_editor)
    again = reports.create_report(city.ks, follow.t1, acting_user=city.users.ks_editor)
    assert again.pk == report.pk and again.status == ReportStatus.DRAFT
    assert [(s.unit.short_name, s.text, s.is_ready) for s in again.sections.order_by("unit__path")] == [
        ("KS", "Arbetet går enligt plan.", True), ("SLK", "", False)]


@pytest.mark.django_db
def test_only_users_who_enter_outcomes_for_the_unit_create_and_write_reports(city, follow):
    with pytest.raises(NotAllowedError):
        reports.create_report(city.ks, follow.t2, acting_user=city.users.utb_editor)
    with pytest.raises(NotAllowedError):
        reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_reader)
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    with pytest.raises(NotAllowedError):
        reports.edit_report(report, summary="Hej", acting_user=city.users.ks_politician)


@pytest.mark.django_db
def test_a_unit_without_a_plan_that_year_gets_a_swedish_error_at_the_unit(city, follow):
    with pytest.raises(DomainError) as err:
        reports.create_report(city.utn, follow.t2, acting_user=city.users.admin)
    assert err.value.field == "unit"
    assert err.value.message == "Utbildningsnämnden har ingen plan för 2024 att följa upp."


@pytest.mark.django_db
def test_approval_needs_every_section_ready_first(city, follow):
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    reports.mark_section_ready(report.sections.get(unit=city.ks), acting_user=city.users.ks_editor)
    with pytest.raises(DomainError) as err:
        reports.approve_report(report, acting_user=city.users.ks_controller)
    assert err.value.field == "sections"
    assert err.value.message == "Alla avsnitt måste vara klara först. Inte klara: Stadsledningskontoret."
    with pytest.raises(DomainError):
        reports.mark_report_ready(report, acting_user=city.users.ks_editor)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.snapshot is None and report.pdf is None


@pytest.mark.django_db
def test_approval_needs_approve_followup(city, follow):
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    _ready_all(report, city.users.ks_editor)
    for user in (city.users.ks_editor, city.users.ks_reader, city.users.utb_editor):
        with pytest.raises(NotAllowedError):
            reports.approve_report(report, acting_user=user)
    approved = reports.approve_report(report, acting_user=city.users.ks_controller)
    approved.refresh_from_db()
    assert approved.status == ReportStatus.APPROVED and approved.approved_by == city.users.ks_controller
    assert bytes(approved.pdf).startswith(b"%PDF-") and bytes(approved.docx).startswith(b"PK")
    snapshot = approved.snapshot
    assert snapshot["report"]["approved_by"] == "ks_controller"
    assert snapshot["report"]["status"] == "approved"
    assert snapshot["heading"] == "Tertialrapport 2 2024 – Kommunstyrelsen"


@pytest.mark.django_db
def test_the_snapshot_holds_goals_indicators_activities_and_texts(city, follow):
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    reports.edit_report(report, summary="Kommunstyrelsen når de flesta årsmålen.", acting_user=city.users.ks_editor)
    reports.edit_section(report.sections.get(unit=city.slk), text="Förvaltningen arbetar med rehabilitering.",
                         acting_user=city.users.ks_editor)
    _ready_all(report, city.users.ks_editor)
    snap = reports.approve_report(report, acting_user=city.users.ks_controller).snapshot
    assert snap["period"]["as_of_text"] == "31 augusti 2024" and snap["plan"]["reference"] == "KS 2023/1237"
    assert snap["report"]["summary"] == "Kommunstyrelsen når de flesta årsmålen."
    ks, slk = snap["sections"]
    assert slk["text"] == "Förvaltningen arbetar med rehabilitering."
    goals = {g["code"]: g for b in ks["blocks"] for g in b["goals"]}
    assert goals["3.5.1"]["verdict_label"] == "Uppfyllt delvis"
    assert goals["3.5.1"]["assessment"]["analysis"] == "Sjukfrånvaron minskar men når inte årsmålet i år."
    # no stored assessment of 1.1.1: the rule's proposal, marked as such
    assert goals["1.1.1"]["verdict_label"] == "Uppfyllt helt"
    assert goals["1.1.1"]["assessment"]["is_proposal_only"] is True
    sick = goals["3.5.1"]["indicators"][0]
    assert (sick["outcome"]["text"], sick["outcome"]["forecast_text"], sick["target"]["text"]) == (
        "4,8\u00a0%", "4,6\u00a0%", "4,5\u00a0%")
    assert (sick["verdict_label"], sick["based_on_forecast"]) == ("Årsmålet uppnås delvis", True)
    assert [(p["label"], p["text"]) for p in sick["series"]] == [("T1 2024", "4,9\u00a0%"), ("T2 2024", "4,8\u00a0%")]
    assert goals["1.1.1"]["activities"] == [{"id": city.activity.pk, "title": "Leda stadens trygghetssatsning",
                                             "status": "planned", "status_label": "Planerad", "owner": "SLK",
                                             "end_text": "", "is_example": False}]
    slk_sick = slk["other_indicators"][0]
    assert (slk_sick["name"], slk_sick["outcome"]["text"], slk_sick["verdict_label"]) == (
        "Sjukfrånvaro", "5,1\u00a0%", "Ingen bedömning")


@pytest.mark.django_db
def test_an_approved_report_refuses_every_change(city, follow):
    report = _approved(city, follow)
    section = report.sections.first()
    attempts = [
        lambda: reports.edit_report(report, summary="Ny text", acting_user=city.users.ks_editor),
        lambda: reports.edit_section(section, text="Ny text", acting_user=city.users.ks_editor),
        lambda: reports.mark_section_ready(section, acting_user=city.users.ks_editor, ready=False),
        lambda: reports.mark_report_ready(report, acting_user=city.users.ks_editor),
        lambda: reports.approve_report(report, acting_user=city.users.ks_controller),
        lambda: reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor),
    ]
    for attempt in attempts:
        with pytest.raises(reports.ReportApprovedError) as err:
            attempt()
        assert str(err.value.message) == FROZEN
    section.refresh_from_db()
    assert section.is_ready is True and section.text == ""


@pytest.mark.django_db
def test_outcome_corrections_after_approval_leave_the_snapshot_and_files_unchanged(city, follow):
    report = _approved(city, follow)
    snapshot, pdf, docx = report.snapshot, bytes(report.pdf), bytes(report.docx)
    follow.t2.status = PeriodStatus.LOCKED
    follow.t2.save()
    actions.enter_outcome(city.sick_leave, city.ks, follow.t2, value=Decimal("4.4"), forecast=Decimal("4.3"),
                          value_women=Decimal("5.0"), value_men=Decimal("3.5"),
                          correction_reason="Felaktigt underlag från lönesystemet", acting_user=city.users.ks_controller)
    report.refresh_from_db()
    assert report.snapshot == snapshot and bytes(report.pdf) == pdf and bytes(report.docx) == docx
    frozen = [r for b in report.snapshot["sections"][0]["blocks"] for g in b["goals"] for r in g["indicators"]
              if r["name"] == "Sjukfrånvaro"][0]
    assert frozen["outcome"]["text"] == "4,8\u00a0%"
    live = [r for b in report_data(report)["sections"][0]["blocks"] for g in b["goals"] for r in g["indicators"]
            if r["name"] == "Sjukfrånvaro"][0]
    assert live["outcome"]["text"] == "4,4\u00a0%"


@pytest.mark.django_db
def test_a_correction_is_recorded_with_its_reason_and_the_snapshot_stays(city, follow):
    report = _approved(city, follow)
    snapshot = report.snapshot
    correction = reports.correct_report(
        report, reason="Lönesystemet rapporterade fel antal sjukdagar.",
        change={"indicator": "Sjukfrånvaro", "from": "4,8 %", "to": "4,4 %"}, acting_user=city.users.ks_controller)
    stored = ReportCorrection.objects.get(pk=correction.pk)
    assert (stored.reason, stored.change, stored.created_by) == (
        "Lönesystemet rapporterade fel antal sjukdagar.",
        {"indicator": "Sjukfrånvaro", "from": "4,8 %", "to": "4,4 %"}, city.users.ks_controller)
    text = reports.correct_report(report, reason="Stavfel", change="Rubriken ska vara ”Trygghet”.",
                                  acting_user=city.users.admin)
    assert text.change == {"text": "Rubriken ska vara ”Trygghet”."}
    report.refresh_from_db()
    assert report.snapshot == snapshot and report.corrections.count() == 2


@pytest.mark.django_db
def test_a_correction_needs_a_reason_a_change_an_approved_report_and_approve_followup(city, follow):
    draft = reports.create_report(city.ks, follow.t1, acting_user=city.users.ks_editor)
    with pytest.raises(DomainError) as err:
        reports.correct_report(draft, reason="Fel", change="x", acting_user=city.users.ks_controller)
    assert err.value.message == ("Bara en godkänd rapport rättas. "
                                 "Ändra rapporten direkt så länge den inte är godkänd.")
    report = _approved(city, follow)
    with pytest.raises(DomainError) as err:
        reports.correct_report(report, reason="  ", change="x", acting_user=city.users.ks_controller)
    assert (err.value.field, err.value.message) == ("reason", "Ange skälet till rättelsen.")
    with pytest.raises(DomainError) as err:
        reports.correct_report(report, reason="Fel", change=" ", acting_user=city.users.ks_controller)
    assert (err.value.field, err.value.message) == ("change", "Beskriv vad som rättas.")
    with pytest.raises(NotAllowedError):
        reports.correct_report(report, reason="Fel", change="x", acting_user=city.users.ks_editor)
    assert report.corrections.count() == 0


@pytest.mark.django_db
def test_a_ready_section_keeps_its_text_until_reopened_and_reopening_makes_the_report_a_draft(city, follow):
    report = reports.create_report(city.ks, follow.t1, acting_user=city.users.ks_editor)
    section = report.sections.get()
    reports.edit_section(section, text="Första versionen.", acting_user=city.users.ks_editor)
    reports.mark_section_ready(section, acting_user=city.users.ks_editor)
    with pytest.raises(DomainError) as err:
        reports.edit_section(section, text="Andra versionen.", acting_user=city.users.ks_editor)
    assert err.value.field == "text"
    reports.mark_report_ready(report, acting_user=city.users.ks_editor)
    reports.mark_section_ready(section, acting_user=city.users.ks_editor, ready=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert reports.edit_section(section, text="Andra versionen.", acting_user=city.users.ks_editor).text == (
        "Andra versionen.")


@pytest.mark.django_db
def test_each_change_is_in_the_history_with_the_acting_user(city, follow):
    report = _approved(city, follow)
    rows = list(report.history.order_by("history_date").values_list("status", "history_user__username"))
    assert rows[0] == ("draft", "ks_editor") and rows[-1] == ("approved", "ks_controller")
    assert report.history.first().history_change_reason == "Godkänd"
