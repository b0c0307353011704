"""``verksam demo`` — the follow-up of 2024: example outcomes in T1, T2 and VB, assessments rolled
up to the KF goals, locked tertials and KS's approved verksamhetsberättelse as PDF and DOCX."""

from __future__ import annotations

import io
from decimal import Decimal
from io import StringIO

import docx
import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from verksam.followup.models import (
    GoalAssessment, IndicatorAssessment, Outcome, OutcomeSource, Period, Report, ReportStatus,
)
from verksam.planning.models import Goal, PlanKind
from verksam.portal.demo.followup import KOLADA_NOTE

D = Decimal
KS_INDICATORS = {
    "sick": "Sjukfrånvaro bland kommunens anställda",
    "vab": "Andel VAB-dagar som tas ut av män",
    "residents": "Invånare totalt",
    "fulltime": "Andel medarbetare med heltidsanställning",
    "safety": "Andel invånare som känner sig trygga i sitt bostadsområde",
    "emissions": "Växthusgasutsläpp per invånare",
    "balance": "Andel nämnder och bolag med en ekonomi i balans",
}
# (indicator key, period) → (value, kvinnor, män, helårsprognos)
KS_OUTCOMES = {
    ("sick", "T1"): (D("7.0"), D("8.1"), D("5.0"), D("6.7")),
    ("sick", "T2"): (D("6.2"), D("7.2"), D("4.4"), D("6.5")),
    ("sick", "VB"): (D("6.4"), D("7.4"), D("4.6"), None),
    ("vab", "T1"): (D("40.9"), None, None, D("41.5")),
    ("vab", "T2"): (D("41.2"), None, None, D("41.6")),
    ("vab", "VB"): (D("41.4"), None, None, None),
    ("residents", "T1"): (D("986210"), None, None, D("989000")),
    ("residents", "T2"): (D("988460"), None, None, D("989500")),
    ("residents", "VB"): (D("988950"), None, None, None),
    ("fulltime", "T1"): (D("88.1"), None, None, D("89.6")),
    ("fulltime", "T2"): (D("88.9"), None, None, D("90.0")),
    ("fulltime", "VB"): (D("90.2"), None, None, None),
    ("safety", "T1"): (None, None, None, D("79.0")),
    ("safety", "T2"): (None, None, None, D("80.0")),
    ("safety", "VB"): (D("80.3"), D("77.6"), D("83.1"), None),
    ("emissions", "T1"): (None, None, None, D("1.6")),
    ("emissions", "T2"): (None, None, None, D("1.6")),
    ("emissions", "VB"): (D("1.62"), None, None, None),
    ("balance", "T1"): (D("93"), None, None, D("97")),
    ("balance", "T2"): (D("95"), None, None, D("97")),
    ("balance", "VB"): (D("97"), None, None, None),
}
# KS's nämndmål in VB: code → (proposal by the rule, verdict given)
KS_GOALS = {
    "1.1.1": ("delvis", "helt"),
    "1.1.2": ("ej", "delvis"),
    "1.3.1": ("delvis", "delvis"),
    "2.1.1": ("delvis", "delvis"),
    "2.3.1": ("ej", "delvis"),
    "3.1.1": ("delvis", "delvis"),
    "3.4.1": ("ej", "delvis"),
    "3.5.1": ("delvis", "delvis"),
}
SENTENCE_1_1 = "3 av 5 nämnder bedömer att målet uppfylls helt och 2 att det uppfylls delvis."


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    """Row counts of every model, history models included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def vb() -> Period:
    return Period.objects.get(year=2024, kind="VB")


@pytest.fixture
def demo(db) -> str:
    return run_demo()


def test_ks_has_example_outcomes_in_t1_t2_and_vb_with_forecasts_in_the_tertials(demo):
    names = {name: key for key, name in KS_INDICATORS.items()}
    stored = Outcome.objects.filter(unit__name="Kommunstyrelsen").select_related("indicator", "period")
    assert {(names[o.indicator.name], o.period.kind): (o.value, o.value_women, o.value_men, o.forecast)
            for o in stored} == KS_OUTCOMES
    assert {(o.is_example, o.source, o.period.year, o.entered_by.username) for o in stored} == \
        {(True, OutcomeSource.MANUAL, 2024, "admin")}
    assert {o.as_of.isoformat() for o in stored} == {"2024-04-30", "2024-08-31", "2024-12-31"}


def test_the_other_plans_get_example_outcomes_in_vb(demo):
    others = {(o.unit.name, o.indicator.name, o.period.kind): (o.value, o.value_women, o.value_men, o.is_example)
              for o in Outcome.objects.exclude(unit__name="Kommunstyrelsen").select_related("unit", "indicator",
                                                                                           "period")}
    assert others == {
        ("Utbildningsnämnden", "Andel elever i årskurs 9 med godtagbara kunskaper i alla ämnen", "VB"):
            (D("77.9"), D("80.6"), D("75.3"), True),
        ("Stadsledningskontoret", "Sjukfrånvaro på stadsledningskontoret", "VB"):
            (D("4.3"), D("5.0"), D("3.2"), True),
    }


def test_no_invented_value_is_presented_as_real(demo):
    assert not Outcome.objects.filter(is_example=False).exists()
    assert not Outcome.objects.exclude(period__year=2024).exists()  # the 2018–2020 Kolada figures need plans
    kolada_vb = Outcome.objects.filter(period__kind="VB", indicator__kolada_kpi__gt="")
    assert sorted(kolada_vb.values_list("indicator__kolada_kpi", flat=True)) == ["N00090", "N00945", "N01951"]
    for outcome in kolada_vb:
        assert outcome.source == OutcomeSource.MANUAL
        assert outcome.source_note == KOLADA_NOTE
        assert outcome.comment.startswith("Exempelvärde (demodata) tills verksam kolada sync --year 2024")
    assert all(o.comment.startswith("Exempelvärde (demodata)") for o in Outcome.objects.all())
    assert "verksam kolada sync --year 2024 hämtar de verkliga när nätet tillåter." in demo


def test_t1_and_t2_are_locked_and_vb_stays_open(demo):
    assert dict(Period.objects.filter(year=2024).values_list("kind", "status")) == \
        {"T1": "locked", "T2": "locked", "VB": "open"}


def test_ks_indicator_verdicts_follow_the_forecast_in_the_tertials(demo):
    stored = {(a.indicator.name, a.period.kind): (a.verdict, a.based_on_forecast)
              for a in IndicatorAssessment.objects.filter(unit__name="Kommunstyrelsen")
              .select_related("indicator", "period")}
    assert stored[(KS_INDICATORS["sick"], "T1")] == ("delvis", True)
    assert stored[(KS_INDICATORS["sick"], "T2")] == ("helt", True)
    assert stored[(KS_INDICATORS["sick"], "VB")] == ("helt", False)
    assert stored[(KS_INDICATORS["residents"], "VB")] == ("no_verdict", False)
    assert stored[(KS_INDICATORS["vab"], "VB")] == ("delvis", False)
    assert len(stored) == 21


def test_ks_assesses_its_namndmal_in_vb_with_the_rule_and_approval(demo):
    stored = {a.goal.code: a for a in GoalAssessment.objects.filter(
        unit__name="Kommunstyrelsen", period=vb(), goal__plan__kind=PlanKind.OPERATIONAL_PLAN).select_related("goal")}
    assert {code: (a.proposed, a.verdict) for code, a in stored.items()} == KS_GOALS
    assert {(a.rule_id, a.is_example, a.approved_by.username) for a in stored.values()} == \
        {("weighted_score_v1", True, "admin")}
    assert all(a.approved_at is not None and a.analysis for a in stored.values())
    assert {code for code, a in stored.items() if a.reason} == {"1.1.1", "1.1.2", "2.3.1", "3.4.1"}
    assert stored["1.1.1"].proposal["counts"] == [
        {"kind": "indicator", "measured": 1, "counted": 1}, {"kind": "activity", "measured": 2, "counted": 2}]


def test_the_assessments_roll_up_to_the_kf_goals(demo):
    given = dict(GoalAssessment.objects.filter(period=vb(), goal__plan__kind=PlanKind.COUNCIL_BUDGET,
                                               goal__code="1.1").values_list("unit__name", "verdict"))
    assert given == {"Kommunstyrelsen": "helt", "Socialnämnden": "helt", "Utbildningsnämnden": "helt",
                     "Trafiknämnden": "delvis", "Spånga-Tensta stadsdelsnämnd": "delvis"}
    ks_kf = dict(GoalAssessment.objects.filter(period=vb(), unit__name="Kommunstyrelsen",
                                               goal__plan__kind=PlanKind.COUNCIL_BUDGET)
                 .values_list("goal__code", "verdict"))
    assert ks_kf == {"1": "helt", "1.1": "helt", "1.3": "delvis", "2": "delvis", "2.1": "delvis",
                     "2.3": "delvis", "3": "delvis", "3.1": "delvis", "3.4": "delvis", "3.5": "delvis"}


def test_the_kf_goal_rollup_page_shows_how_five_boards_assessed_goal_1_1(demo, client):
    goal = Goal.objects.get(plan__kind=PlanKind.COUNCIL_BUDGET, plan__year=2024, code="1.1")
    response = client.get(reverse("followup_rollup:kf_rollup", args=[vb().pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="board-sentence" id="kf-goal-{goal.pk}-sentence">{SENTENCE_1_1}</p>' in html
    for board in ("Socialnämnden", "Trafiknämnden", "Spånga-Tensta stadsdelsnämnd", "Utbildningsnämnden"):
        assert board in html


def test_the_ks_verksamhetsberattelse_is_approved_with_pdf_and_docx(demo):
    report = Report.objects.get(unit__name="Kommunstyrelsen", period=vb())
    assert (report.status, report.is_example, report.approved_by.username) == (ReportStatus.APPROVED, True, "admin")
    assert list(report.sections.order_by("unit__path").values_list("unit__name", "is_ready")) == \
        [("Kommunstyrelsen", True), ("Stadsledningskontoret", True)]
    assert bytes(report.pdf).startswith(b"%PDF")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(bytes(report.docx))).paragraphs)
    assert "Verksamhetsplan 2024 för kommunstyrelsen" in text
    assert report.snapshot["report"]["status"] == "approved"
    assert Report.objects.count() == 1


def test_a_second_run_changes_nothing_in_the_followup(demo):
    before = snapshot()
    output = run_demo()
    assert snapshot() == before
    assert "Uppföljning 2024: 0 nya utfall (exempeldata), 0 nya målbedömningar" in output
    assert "Klart: 0 nya och 0 ändrade poster." in output


def test_the_example_flag_is_written_with_the_data_not_afterwards(demo):
    # one history row per outcome and per non-approved assessment, already marked as example data
    outcome_rows = list(Outcome.history.values_list("id", "history_type", "is_example"))
    assert len(outcome_rows) == Outcome.objects.count() == 23
    assert {(kind, flag) for _id, kind, flag in outcome_rows} == {("+", True)}
    boards = GoalAssessment.history.filter(period_id=vb().pk, unit__name="Trafiknämnden")
    assert list(boards.values_list("history_type", "is_example")) == [("+", True)]
    report = Report.objects.get(unit__name="Kommunstyrelsen", period=vb())
    assert report.history.order_by("history_id").first().is_example is True
