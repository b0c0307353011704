"""Assessments: indicator verdicts and goal proposals at the edges, storing, reasons, approval,
locked periods — ``verksam.followup.assessments`` and ``queries_rollup.propose_goal_assessment``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.followup.rollup_helpers import add_indicator, assess, periods_of
from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError
from verksam.followup import actions
from verksam.followup.actions import PeriodLockedError
from verksam.followup.assessments import (
    AssessmentApprovedError, accept_proposals, approve_goal_assessment, assess_goal, assess_indicators,
)
from verksam.followup.models import GoalAssessment, IndicatorAssessment, PeriodStatus
from verksam.followup.proposals import activity_done
from verksam.followup.queries_rollup import propose_goal_assessment, unit_assessments
from verksam.followup.rules import GoalVerdict
from verksam.planning.models import Activity, ActivityStatus, Direction, Goal, GoalLevel, ToleranceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(city):
    return periods_of(city)


def enter(city, indicator, period, unit=None, **values):
    return actions.enter_outcome(indicator, unit or city.ks, period, acting_user=city.users.admin, **values)


def stored(city, period, unit=None):
    """Indicator name → (proposed, verdict, based_on_forecast, reason) of the stored assessments."""
    return {a.indicator.name: (a.proposed, a.verdict, a.based_on_forecast, a.reason)
            for a in IndicatorAssessment.objects.filter(unit=unit or city.ks, period=period).select_related("indicator")}


# --- indicator verdicts -----------------------------------------------------------------------

def test_indicator_verdicts_follow_the_direction_and_the_delvis_band(city, p):
    enter(city, city.sick_leave, p.t1, value=Decimal("4.8"))  # lower is better, 4,5 ± 10 % → band 0,45
    enter(city, city.safety, p.t1, value=Decimal("71.99"))  # higher is better, 80 − 10 % → 72 is the edge
    assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor)
    assert stored(city, p.t1) == {"Sjukfrånvaro": ("delvis", "delvis", False, ""),
                                  "Andel invånare som känner sig trygga": ("ej", "ej", False, "")}
    enter(city, city.sick_leave, p.t2, value=Decimal("4.95"))  # exactly on the edge: delvis
    enter(city, city.safety, p.t2, value=Decimal("72"))
    assess_indicators(city.ks, p.t2, acting_user=city.users.ks_editor)
    assert stored(city, p.t2) == {"Sjukfrånvaro": ("delvis", "delvis", False, ""),
                                  "Andel invånare som känner sig trygga": ("delvis", "delvis", False, "")}


def test_at_t1_the_full_year_forecast_is_judged_when_given(city, p):
    enter(city, city.sick_leave, p.t1, value=Decimal("5.5"), forecast=Decimal("4.4"))
    enter(city, city.sick_leave, p.t2, value=Decimal("5.5"))
    assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor)
    assess_indicators(city.ks, p.t2, acting_user=city.users.ks_editor)
    assert stored(city, p.t1)["Sjukfrånvaro"] == ("helt", "helt", True, "")
    assert stored(city, p.t2)["Sjukfrånvaro"] == ("ej", "ej", False, "")


def test_an_indicator_without_a_value_is_ej_matt_never_ej(city, p):
    assess_indicators(city.ks, p.vb, acting_user=city.users.ks_editor)
    assert stored(city, p.vb) == {"Sjukfrånvaro": ("not_measured", "not_measured", False, ""),
                                  "Andel invånare som känner sig trygga": ("not_measured", "not_measured", False, "")}


def test_a_zero_target_uses_only_an_absolute_tolerance_and_never_divides(city, p):
    accidents = add_indicator(city.ks_plan, city.board_goal_2, city.ks, "Allvarliga arbetsolyckor", Decimal("0"),
                              direction=Direction.LOWER, tolerance_kind=ToleranceKind.ABSOLUTE, tolerance=Decimal("2"),
                              unit_of_measure="antal")
    complaints = add_indicator(city.ks_plan, city.board_goal_2, city.ks, "Klagomål", Decimal("0"),
                               direction=Direction.LOWER, tolerance_kind=ToleranceKind.RELATIVE, unit_of_measure="antal")
    for period, accident, complaint in ((p.t1, "0", "0"), (p.t2, "2", "0.01"), (p.vb, "2.1", "0")):
        enter(city, accidents, period, value=Decimal(accident))
        enter(city, complaints, period, value=Decimal(complaint))
        assess_indicators(city.ks, period, acting_user=city.users.ks_editor)
    assert [stored(city, x)["Allvarliga arbetsolyckor"][0] for x in (p.t1, p.t2, p.vb)] == ["helt", "delvis", "ej"]
    assert [stored(city, x)["Klagomål"][0] for x in (p.t1, p.t2, p.vb)] == ["helt", "ej", "helt"]


def test_by_sex_an_additive_total_is_the_sum_and_each_sex_is_judged_against_its_own_target(city, p):
    staff = add_indicator(city.ks_plan, city.board_goal_2, city.ks, "Antal tillsvidareanställda", Decimal("250"),
                          value_women=Decimal("140"), value_men=Decimal("110"), by_sex=True, additive=True,
                          unit_of_measure="antal")
    enter(city, staff, p.vb, value_women=Decimal("150"), value_men=Decimal("90"))
    enter(city, city.sick_leave, p.vb, value_women=Decimal("5.6"), value_men=Decimal("3.7"))  # a rate: no total
    page = unit_assessments(city.ks, p.vb)
    [staff_result, sick_result] = sorted(page.indicators_of(city.board_goal_2.pk), key=lambda r: r.indicator.name)
    assert (staff_result.value, staff_result.computed, staff_result.verdict_women, staff_result.verdict_men) == (
        Decimal("240"), "delvis", "helt", "ej")  # 240 of 250 within 25; kvinnor 150 ≥ 140; män 90 < 110 − 11
    assert (sick_result.value, sick_result.computed, sick_result.verdict_women) == (None, "not_measured", None)


def test_a_verdict_other_than_the_proposal_needs_a_reason_and_then_stays(city, p):
    enter(city, city.safety, p.t1, value=Decimal("71.99"))
    with pytest.raises(DomainError) as err:
        assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor, verdicts={city.safety.pk: ("helt", " ")})
    assert (err.value.field, err.value.indicator_id, err.value.message) == (
        "reason", city.safety.pk, "Indikatorn ”Andel invånare som känner sig trygga”: skriv ett skäl när bedömningen "
                                  "(Årsmålet uppnås helt) avviker från förslaget (Årsmålet uppnås ej).")
    assert IndicatorAssessment.objects.count() == 0
    assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor,
                      verdicts={city.safety.pk: ("helt", "Mätningen gjordes före trygghetssatsningen")})
    assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor)  # a rerun keeps the given verdict
    assert stored(city, p.t1)["Andel invånare som känner sig trygga"] == (
        "ej", "helt", False, "Mätningen gjordes före trygghetssatsningen")
    proposal = propose_goal_assessment(city.board_goal_1, city.ks, p.t1).proposal
    assert (proposal.verdict, proposal.measured_text) == (GoalVerdict.HELT, "1 av 1 indikator mätt, 0 av 1 aktivitet redovisad")
    enter(city, city.safety, p.t1, value=Decimal("81"))  # the proposal catches up: no reason any more
    assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor)
    assert stored(city, p.t1)["Andel invånare som känner sig trygga"] == ("helt", "helt", False, "")


def test_an_unknown_indicator_verdict_is_refused_at_the_field(city, p):
    with pytest.raises(DomainError) as err:
        assess_indicators(city.ks, p.t1, acting_user=city.users.ks_editor, verdicts={city.safety.pk: ("bra", "x")})
    assert (err.value.field, err.value.message) == ("verdict", "Okänd bedömning: bra.")
    with pytest.raises(DomainError) as err:
        assess_indicators(city.utn, p.t1, acting_user=city.users.admin, verdicts={city.safety.pk: ("helt", "x")})
    assert err.value.message == f"Utbildningsnämnden följer inte upp indikatorn med id {city.safety.pk} i Tertialrapport 1 2024."


# --- goal proposals ---------------------------------------------------------------------------

def test_missing_indicator_values_are_left_out_and_counted(city, p):
    add_indicator(city.ks_plan, city.board_goal_2, city.ks, "Andel som rekommenderar arbetsplatsen", Decimal("75"))
    turnover = add_indicator(city.ks_plan, city.board_goal_2, city.ks, "Personalomsättning", Decimal("10"),
                             direction=Direction.LOWER)
    enter(city, city.sick_leave, p.vb, value=Decimal("4.4"))  # helt
    enter(city, turnover, p.vb, value=Decimal("12"))  # 10 + 1 is the edge: ej
    result = propose_goal_assessment(city.board_goal_2, city.ks, p.vb)
    assert (result.proposal.verdict, result.proposal.score, result.proposal.measured_text) == (
        GoalVerdict.DELVIS, Decimal("0.5"), "2 av 3 indikatorer mätta")
    assert [(i.kind, i.verdict) for i in result.items] == [
        ("indicator", "helt"), ("indicator", "not_measured"), ("indicator", "ej")]


def test_a_goal_whose_indicators_all_lack_values_is_ej_bedomd_never_ej(city, p):
    proposal = propose_goal_assessment(city.board_goal_2, city.ks, p.t2).proposal
    assert (proposal.verdict, proposal.score, proposal.measured_text) == (
        GoalVerdict.NOT_ASSESSED, None, "0 av 1 indikator mätt")


def test_a_goal_without_indicators_goals_or_activities_is_ej_beraknad(city, p):
    empty = Goal.objects.create(plan=city.ks_plan, parent=city.area_3_5, level=GoalLevel.BOARD, code="3.5.2",
                                title="Kommunstyrelsen har en god arbetsmiljö", owner_unit=city.ks)
    add_indicator(city.ks_plan, empty, city.ks, "Antal anställda", None, direction=Direction.NEUTRAL)
    proposal = propose_goal_assessment(empty, city.ks, p.t1).proposal
    assert (proposal.verdict, proposal.measured_text, proposal.without_verdict) == (
        GoalVerdict.NOT_COMPUTED, "inget underlag", 1)


@pytest.mark.parametrize("status, end, kind, done", [
    (ActivityStatus.DONE, None, "T1", True),
    (ActivityStatus.CANCELLED, None, "T1", False),
    (ActivityStatus.POSTPONED, None, "T2", False),
    (ActivityStatus.ONGOING, None, "T1", None),
    (ActivityStatus.PLANNED, dt.date(2024, 4, 30), "T1", False),  # due by the period's date
    (ActivityStatus.PLANNED, dt.date(2024, 5, 1), "T1", None),
    (ActivityStatus.ONGOING, None, "VB", False),  # the year is over
])
def test_an_activity_counts_as_done_not_done_or_not_yet_reportable(status, end, kind, done):
    period = SimpleNamespace(kind=kind, as_of={"T1": dt.date(2024, 4, 30), "T2": dt.date(2024, 8, 31),
                                               "VB": dt.date(2024, 12, 31)}[kind])
    assert activity_done(SimpleNamespace(status=status, end=end), period) is done


def test_activities_weigh_in_the_goal_proposal(city, p):
    enter(city, city.safety, p.vb, value=Decimal("80"))
    Activity.objects.create(plan=city.ks_plan, goal=city.board_goal_1, title="Trygghetsvandringar", owner_unit=city.ks,
                            status=ActivityStatus.DONE)
    proposal = propose_goal_assessment(city.board_goal_1, city.ks, p.vb).proposal
    # indicator helt (1), activity done (1), the planned activity not done at VB (0): 2/3
    assert (proposal.verdict, proposal.score.quantize(Decimal("0.001")), proposal.measured_text) == (
        GoalVerdict.DELVIS, Decimal("0.667"), "1 av 1 indikator mätt, 2 av 2 aktiviteter redovisade")


def test_a_board_goal_under_a_kf_goal_counts_its_missing_children(city, p):
    second = Goal.objects.create(plan=city.ks_plan, parent=city.area_3_5, level=GoalLevel.BOARD, code="3.5.2",
                                 title="Kommunstyrelsen har en god arbetsmiljö", owner_unit=city.ks)
    unit_goal = Goal.objects.create(plan=city.ks_plan, parent=city.board_goal_2, level=GoalLevel.UNIT, code="3.5.1.1",
                                    title="Stadsledningskontoret sänker sjukfrånvaron", owner_unit=city.slk)
    enter(city, city.sick_leave, p.vb, value=Decimal("4.4"))
    assess(city, city.board_goal_2, city.ks, p.vb, "helt")
    result = propose_goal_assessment(city.area_3_5, city.ks, p.vb)  # KS's own assessment of KF 3.5
    assert (result.proposal.verdict, result.proposal.measured_text) == (GoalVerdict.HELT, "1 av 2 mål bedömda")
    assert [(i.id, i.unit_id, i.verdict) for i in result.items] == [
        (city.board_goal_2.pk, city.ks.pk, "helt"), (second.pk, city.ks.pk, None)]
    # the nämndmål weighs its enhetsmål as assessed by SLK: not yet → counted as missing
    result = propose_goal_assessment(city.board_goal_2, city.ks, p.vb)
    assert result.proposal.measured_text == "1 av 1 indikator mätt, 0 av 1 mål bedömt"
    assess(city, unit_goal, city.slk, p.vb, "ej")
    result = propose_goal_assessment(city.board_goal_2, city.ks, p.vb)
    assert (result.proposal.verdict, result.proposal.measured_text) == (
        GoalVerdict.DELVIS, "1 av 1 indikator mätt, 1 av 1 mål bedömt")


# --- storing, reasons, approval ---------------------------------------------------------------

def test_it_stores_the_rule_the_proposal_the_verdict_the_analysis_and_the_reason(city, p):
    enter(city, city.sick_leave, p.t2, value=Decimal("4.4"))
    saved = assess_goal(city.board_goal_2, city.ks, p.t2, verdict="delvis", analysis="Sjukfrånvaron minskar.",
                        reason="Korttidsfrånvaron ökar igen under hösten.", acting_user=city.users.ks_editor)
    saved.refresh_from_db()
    assert (saved.rule_id, saved.proposed, saved.verdict, saved.analysis, saved.reason, saved.approved_at) == (
        "weighted_score_v1", "helt", "delvis", "Sjukfrånvaron minskar.", "Korttidsfrånvaron ökar igen under hösten.",
        None)
    assert saved.proposal == {
        "rule": "weighted_score_v1", "verdict": "helt", "score": "1", "measured": 1, "counted": 1, "left_out": 0,
        "without_verdict": 0, "counts": [{"kind": "indicator", "measured": 1, "counted": 1}],
        "items": [{"kind": "indicator", "id": city.sick_leave.pk, "unit": city.ks.pk, "verdict": "helt"}]}
    again = assess_goal(city.board_goal_2, city.ks, p.t2, verdict="helt", analysis="Sjukfrånvaron minskar.",
                        reason="Inte längre något skäl", acting_user=city.users.ks_editor)
    assert (again.verdict, again.reason) == ("helt", "")  # a reason is kept only while they differ


def test_a_verdict_other_than_the_proposal_without_a_reason_is_refused_and_nothing_is_written(city, p):
    enter(city, city.sick_leave, p.t2, value=Decimal("4.4"))
    with pytest.raises(DomainError) as err:
        assess_goal(city.board_goal_2, city.ks, p.t2, verdict="delvis", reason="  ", acting_user=city.users.ks_editor)
    assert (err.value.field, err.value.message) == (
        "reason", "Skriv ett skäl när bedömningen (uppfyllt delvis) avviker från förslaget (uppfyllt helt).")
    assert GoalAssessment.objects.count() == 0


def test_it_takes_a_named_rule_and_refuses_unknown_rules_and_verdicts(city, p):
    enter(city, city.safety, p.vb, value=Decimal("80"))  # helt; the planned activity is not done at VB
    saved = assess_goal(city.board_goal_1, city.ks, p.vb, verdict="ej", rule_id="worst_of_v1",
                        acting_user=city.users.ks_editor)
    assert (saved.rule_id, saved.proposed, saved.reason) == ("worst_of_v1", "ej", "")
    with pytest.raises(DomainError) as err:
        assess_goal(city.board_goal_1, city.ks, p.vb, verdict="ej", rule_id="best_of", acting_user=city.users.ks_editor)
    assert (err.value.field, err.value.message) == ("rule_id", "Okänd bedömningsregel: best_of.")
    with pytest.raises(DomainError) as err:
        assess_goal(city.board_goal_1, city.ks, p.vb, verdict="not_computed", acting_user=city.users.ks_editor)
    assert err.value.field == "verdict"


def test_a_unit_assesses_its_own_goals_and_kf_goals_only(city, p):
    with pytest.raises(DomainError) as err:
        assess_goal(city.board_goal_2, city.utn, p.t1, verdict="", acting_user=city.users.utb_editor)
    assert (err.value.field, err.value.message) == (
        "goal", "Utbildningsnämnden bedömer inte målet ”3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap”; "
                "det gör Kommunstyrelsen.")
    with pytest.raises(NotAllowedError):
        assess_goal(city.board_goal_2, city.ks, p.t1, verdict="", acting_user=city.users.utb_editor)
    saved = assess_goal(city.area_3_5, city.utn, p.t1, verdict="", analysis="Vi bidrar genom kompetensförsörjning.",
                        acting_user=city.users.utb_editor)
    assert (saved.proposed, saved.verdict) == ("not_computed", "")


def test_an_approved_assessment_does_not_change(city, p):
    enter(city, city.sick_leave, p.t2, value=Decimal("4.4"))
    with pytest.raises(DomainError) as err:
        approve_goal_assessment(city.board_goal_2, city.ks, p.t2, acting_user=city.users.ks_controller)
    assert (err.value.field, err.value.message) == ("verdict", "Ge målet en bedömning innan den godkänns.")
    assess_goal(city.board_goal_2, city.ks, p.t2, verdict="helt", acting_user=city.users.ks_editor)
    with pytest.raises(NotAllowedError):
        approve_goal_assessment(city.board_goal_2, city.ks, p.t2, acting_user=city.users.ks_editor)
    approved = approve_goal_assessment(city.board_goal_2, city.ks, p.t2, acting_user=city.users.ks_controller)
    assert approved.approved_by == city.users.ks_controller and approved.approved_at is not None
    for attempt in (
        lambda: assess_goal(city.board_goal_2, city.ks, p.t2, verdict="helt", analysis="Ny text",
                            acting_user=city.users.admin),
        lambda: approve_goal_assessment(city.board_goal_2, city.ks, p.t2, acting_user=city.users.admin),
    ):
        with pytest.raises(AssessmentApprovedError) as err:
            attempt()
        assert err.value.message == "Bedömningen är godkänd och kan inte ändras."
    assert GoalAssessment.objects.get().analysis == ""


def test_a_locked_period_takes_only_a_correction_with_a_reason_from_an_approver(city, p):
    enter(city, city.sick_leave, p.t1, value=Decimal("4.4"))
    actions.set_period_status(p.t1, PeriodStatus.LOCKED, unit=city.kf, acting_user=city.users.admin)
    p.t1.refresh_from_db()
    with pytest.raises(PeriodLockedError) as err:
        assess_goal(city.board_goal_2, city.ks, p.t1, verdict="helt", acting_user=city.users.ks_controller)
    assert (err.value.field, err.value.message) == (
        "correction_reason", "Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl.")
    with pytest.raises(PeriodLockedError):
        assess_indicators(city.ks, p.t1, acting_user=city.users.ks_controller)
    with pytest.raises(NotAllowedError):
        assess_goal(city.board_goal_2, city.ks, p.t1, verdict="helt", correction_reason="Glömd bedömning",
                    acting_user=city.users.ks_editor)
    saved = assess_goal(city.board_goal_2, city.ks, p.t1, verdict="helt", correction_reason="Glömd bedömning",
                        acting_user=city.users.ks_controller)
    assert saved.history.first().history_change_reason == "Glömd bedömning"
    assert GoalAssessment.objects.count() == 1


def test_a_save_that_changes_nothing_records_nothing_and_a_stale_form_is_refused(city, p):
    first = assess_goal(city.board_goal_2, city.ks, p.t1, verdict="", analysis="Utkast", acting_user=city.users.ks_editor)
    assess_goal(city.board_goal_2, city.ks, p.t1, verdict="", analysis="Utkast", acting_user=city.users.ks_editor)
    assert first.history.count() == 1
    assess_goal(city.board_goal_2, city.ks, p.t1, verdict="", analysis="Andra utkastet", expected_version=0,
                acting_user=city.users.ks_editor)
    with pytest.raises(ConcurrentEditError):
        assess_goal(city.board_goal_2, city.ks, p.t1, verdict="", analysis="Tredje", expected_version=0,
                    acting_user=city.users.ks_editor)


def test_accepting_the_proposals_goes_from_the_lowest_goal_up(city, p):
    enter(city, city.sick_leave, p.vb, value=Decimal("4.4"))
    written = accept_proposals(city.ks, p.vb, acting_user=city.users.ks_editor)
    # 1.1.1: the trygghet indicator is ej mätt and its activity was not done by VB → ej
    assert [(a.goal.code, a.verdict) for a in written] == [
        ("1.1.1", "ej"), ("3.5.1", "helt"), ("1.1", "ej"), ("3.5", "helt"), ("1", "ej"), ("3", "helt")]
    assert accept_proposals(city.ks, p.vb, acting_user=city.users.ks_editor) == []
