"""The roll-up: how every board assessed a KF goal (board_rollup, kf_rollup), the whole-city
roll-up against the naive baseline and the single path, and the two pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.followup.rollup_helpers import add_board, add_indicator, assess, decide, periods_of
from verksam.followup import actions
from verksam.followup.models import GoalAssessment
from verksam.followup.queries_rollup import (
    board_rollup, kf_rollup, propose_goal_assessment, rollup, rollup_naive,
)
from verksam.followup.rules import GoalVerdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def four(city):
    """KS, Utbildningsnämnden, Socialnämnden and Miljö- och hälsoskyddsnämnden, each with a
    nämndmål under KF 3.5; a KF indicator under 3.5; the KF budget decided."""
    p = periods_of(city)
    utn = add_board(city, "Utbildningsnämnden", "UTN", unit=city.utn)
    soc = add_board(city, "Socialnämnden", "SN")
    miljo = add_board(city, "Miljö- och hälsoskyddsnämnden", "MHN")
    recommend = add_indicator(city.kf_budget, city.area_3_5, city.kf, "Andel medarbetare som rekommenderar staden",
                              Decimal("75"))
    decide(city.kf_budget)
    return p, utn, soc, miljo, recommend


def _assess_kf_35(city, p, verdicts):
    for (unit, verdict) in verdicts:
        if verdict:
            assess(city, city.area_3_5, unit, p.vb, verdict)


def test_the_board_count_sentence_for_four_boards(city, four):
    p, utn, soc, miljo, _ = four
    _assess_kf_35(city, p, [(city.ks, "helt"), (utn.unit, "helt"), (soc.unit, "delvis"), (miljo.unit, "ej")])
    result = board_rollup(city.area_3_5, p.vb)
    assert result.count.sentence == ("2 av 4 nämnder bedömer att målet uppfylls helt, 1 att det uppfylls delvis "
                                     "och 1 att det inte uppfylls.")
    assert [(row.board.name, row.result.verdict) for row in result.boards] == [
        ("Kommunstyrelsen", "helt"), ("Utbildningsnämnden", "helt"), ("Socialnämnden", "delvis"),
        ("Miljö- och hälsoskyddsnämnden", "ej")]
    assert [[(g.code, a) for g, a in row.goals] for row in result.boards] == [[("3.5.1", None)]] * 4


def test_a_board_that_has_not_assessed_the_goal_is_still_counted(city, four):
    p, utn, soc, miljo, _ = four
    _assess_kf_35(city, p, [(city.ks, "helt"), (utn.unit, "helt"), (soc.unit, "delvis"), (miljo.unit, None)])
    result = board_rollup(city.area_3_5, p.vb)
    assert result.count.sentence == ("2 av 4 nämnder bedömer att målet uppfylls helt och 1 att det uppfylls delvis. "
                                     "1 nämnd har inte bedömt målet.")
    assert (result.count.total, result.count.counts[GoalVerdict.NOT_ASSESSED]) == (4, 1)


def test_the_city_proposal_weighs_the_kf_indicators_and_every_boards_own_assessment(city, four):
    p, utn, soc, miljo, recommend = four
    actions.enter_outcome(recommend, city.kf, p.vb, value=Decimal("76"), acting_user=city.users.admin)
    _assess_kf_35(city, p, [(city.ks, "helt"), (utn.unit, "helt"), (soc.unit, "delvis"), (miljo.unit, "ej")])
    result = board_rollup(city.area_3_5, p.vb)
    # indicator helt 1 + boards 1 + 1 + 0,5 + 0 → 3,5 / 5 = 0,7
    assert (result.city.proposal.verdict, result.city.proposal.score, result.city.proposal.measured_text) == (
        GoalVerdict.DELVIS, Decimal("0.7"), "1 av 1 indikator mätt, 4 av 4 mål bedömda")
    assert [(line.unit.name, line.result.value, line.result.target.value, line.result.verdict)
            for line in result.indicators] == [("Kommunfullmäktige", Decimal("76"), Decimal("75"), "helt")]


def test_a_boards_proposal_for_a_kf_goal_comes_from_its_own_nämndmål(city, four):
    p, utn, soc, miljo, _ = four
    assess(city, soc.goal, soc.unit, p.vb, "delvis")
    result = board_rollup(city.area_3_5, p.vb)
    rows = {row.board.name: row for row in result.boards}
    assert (rows["Socialnämnden"].result.proposal.verdict, rows["Socialnämnden"].result.verdict) == (
        GoalVerdict.DELVIS, "")
    assert [(g.code, a.verdict) for g, a in rows["Socialnämnden"].goals] == [("3.5.1", "delvis")]
    assert rows["Miljö- och hälsoskyddsnämnden"].result.proposal.verdict == GoalVerdict.NOT_ASSESSED
    assert result.count.sentence == "0 av 4 nämnder har bedömt målet."


def test_an_inriktningsmal_lists_every_board_serving_it_through_its_verksamhetsomradesmal(city, four):
    p, utn, soc, miljo, _ = four
    _assess_kf_35(city, p, [(city.ks, "helt"), (utn.unit, "ej")])
    result = board_rollup(city.directions[2], p.vb)
    assert [(row.board.short_name, row.result.proposal.verdict) for row in result.boards] == [
        ("KS", GoalVerdict.HELT), ("UTN", GoalVerdict.EJ), ("SN", GoalVerdict.NOT_ASSESSED),
        ("MHN", GoalVerdict.NOT_ASSESSED)]
    # the city's proposal for inriktningsmål 3 weighs KF's own assessment of 3.5 (none yet)
    assert result.city.proposal.measured_text == "0 av 1 mål bedömt"


def test_kf_rollup_lists_the_kf_goals_in_cascade_order(city, four):
    p, *_ = four
    assert [g.goal.code for g in kf_rollup(p.vb)] == ["1", "1.1", "2", "3", "3.5"]


def test_drafts_are_shown_only_to_those_who_may_read_them(city, four, django_user_model):
    p, utn, soc, miljo, _ = four
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    result = board_rollup(city.area_3_5, p.vb, user=anonymous)
    assert [row.goals for row in result.boards] == [[], [], [], []]  # the boards' plans are drafts
    assert [g for g, _a in board_rollup(city.area_3_5, p.vb, user=city.users.ks_reader).boards[0].goals] == [
        g for g, _a in board_rollup(city.area_3_5, p.vb).boards[0].goals]
    city.kf_budget.__class__.objects.filter(pk=city.kf_budget.pk).update(status="draft")
    assert board_rollup(city.area_3_5, p.vb, user=anonymous) is None
    assert kf_rollup(p.vb, user=anonymous) == []


def test_the_bulk_rollup_equals_the_naive_loop_and_the_single_path(city, four):
    p, utn, soc, miljo, recommend = four
    actions.enter_outcome(recommend, city.kf, p.t2, value=Decimal("70"), acting_user=city.users.admin)
    actions.enter_outcome(city.sick_leave, city.ks, p.t2, value=Decimal("4.6"), forecast=Decimal("4.4"),
                          acting_user=city.users.admin)
    assess(city, city.board_goal_2, city.ks, p.t2, "helt")
    assess(city, soc.goal, soc.unit, p.t2, "ej")
    assess(city, city.area_3_5, city.ks, p.t2, "delvis")
    bulk, naive = rollup(p.t2), rollup_naive(p.t2)
    assert set(bulk.goals) == set(naive.goals)
    assert {k: (r.proposal, r.items, r.verdict) for k, r in bulk.goals.items()} == {
        k: (r.proposal, r.items, r.verdict) for k, r in naive.goals.items()}
    assert {k: (r.computed, r.verdict, r.value) for k, r in bulk.indicators.items()} == {
        k: (r.computed, r.verdict, r.value) for k, r in naive.indicators.items()}
    from verksam.organisation.models import Unit as U
    from verksam.planning.models import Goal

    for (goal_id, unit_id), result in bulk.goals.items():
        single = propose_goal_assessment(Goal.objects.get(pk=goal_id), U.objects.get(pk=unit_id), p.t2)
        assert (single.proposal, single.items) == (result.proposal, result.items)
    assert bulk.goals[(city.area_3_5.pk, city.kf.pk)].proposal.measured_text == (
        "1 av 1 indikator mätt, 1 av 4 mål bedömda")  # the boards assess 3.5: only KS has
    assert bulk.indicators[(city.sick_leave.pk, city.ks.pk)].based_on_forecast is True
    assert GoalAssessment.objects.count() == 3


# --- pages ------------------------------------------------------------------------------------

def test_the_kf_page_shows_the_sentence_the_boards_and_the_kf_indicators(client, city, four):
    p, utn, soc, miljo, recommend = four
    actions.enter_outcome(recommend, city.kf, p.vb, value=Decimal("76"), acting_user=city.users.admin)
    _assess_kf_35(city, p, [(city.ks, "helt"), (utn.unit, "helt"), (soc.unit, "delvis"), (miljo.unit, "ej")])
    response = client.get(f"/uppfoljning/{p.vb.pk}/kf-mal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ('<p class="board-sentence" id="kf-goal-%d-sentence">2 av 4 nämnder bedömer att målet uppfylls helt, '
            '1 att det uppfylls delvis och 1 att det inte uppfylls.</p>' % city.area_3_5.pk) in html
    soc_row = html.split(f'id="kf-goal-{city.area_3_5.pk}-board-{soc.unit.pk}"')[1].split("</tr>")[0]
    assert '<span class="verdict verdict-delvis"><span aria-hidden="true">◐</span> uppfyllt delvis</span>' in soc_row
    assert "ej godkänd" in soc_row
    kf_row = html.split(f'id="kf-indicator-{recommend.pk}-{city.kf.pk}"')[1].split("</tr>")[0]
    assert "76&nbsp;%" in kf_row and "75&nbsp;%" in kf_row and "Årsmålet uppnås helt" in kf_row
    assert client.get("/uppfoljning/999999/kf-mal/").status_code == 404


def test_the_assessment_page_saves_refuses_and_approves(client, city):
    p = periods_of(city)
    actions.enter_outcome(city.sick_leave, city.ks, p.t1, value=Decimal("4.4"), acting_user=city.users.admin)
    page = f"/uppfoljning/{p.t1.pk}/bedomning/{city.ks.pk}/"
    goal = city.board_goal_2.pk
    post = f"{page}mal/{goal}/"
    assert client.post(post, {f"g{goal}-verdict": "helt"}).status_code == 302  # anonymous → login
    client.force_login(city.users.ks_editor)
    html = client.get(page).content.decode()
    assert f'id="goal-{goal}-form"' in html and f'id="goal-{goal}-approve"' not in html
    response = client.post(post, {f"g{goal}-verdict": "delvis", f"g{goal}-analysis": "Bra men inte klart."})
    assert response.status_code == 200
    assert (f'<small class="error field-error" role="alert" id="goal-{goal}-reason-error">Skriv ett skäl när '
            'bedömningen (uppfyllt delvis) avviker från förslaget (uppfyllt helt).</small>') in response.content.decode()
    assert GoalAssessment.objects.count() == 0
    response = client.post(post, {f"g{goal}-verdict": "helt", f"g{goal}-analysis": "Sjukfrånvaron minskar."})
    assert response.status_code == 302 and response["Location"] == f"{page}#goal-{goal}"
    assert client.post(f"{post}godkann/", {"lock_version": "0"}).status_code == 403
    client.force_login(city.users.ks_controller)
    assert client.post(f"{post}godkann/", {"lock_version": "0"}).status_code == 302
    response = client.post(post, {f"g{goal}-verdict": "helt", f"g{goal}-analysis": "Ändrad"})
    assert response.status_code == 409 and "Bedömningen är godkänd och kan inte ändras." in response.content.decode()
    html = client.get(page).content.decode()
    assert f'id="goal-{goal}-approved">Godkänd av ks_controller' in html
    assert GoalAssessment.objects.get().approved_by == city.users.ks_controller


def test_the_assessment_page_stores_indicator_verdicts_with_reasons(client, city):
    p = periods_of(city)
    actions.enter_outcome(city.safety, city.ks, p.t1, value=Decimal("60"), acting_user=city.users.admin)
    client.force_login(city.users.ks_editor)
    url = f"/uppfoljning/{p.t1.pk}/bedomning/{city.ks.pk}/indikatorer/"
    response = client.post(url, {f"verdict-{city.safety.pk}": "delvis", f"verdict-{city.sick_leave.pk}": "not_measured"})
    assert response.status_code == 200
    assert (f'id="indicator-{city.safety.pk}-error">Indikatorn ”Andel invånare som känner sig trygga”: skriv ett skäl '
            'när bedömningen (Årsmålet uppnås delvis) avviker från förslaget (Årsmålet uppnås ej).</small>'
            ) in response.content.decode()
    response = client.post(url, {f"verdict-{city.safety.pk}": "delvis", f"reason-{city.safety.pk}": "Ny mätmetod",
                                 f"verdict-{city.sick_leave.pk}": "not_measured"})
    assert response.status_code == 302
    from verksam.followup.models import IndicatorAssessment

    assert sorted(IndicatorAssessment.objects.values_list("indicator__name", "proposed", "verdict", "reason")) == [
        ("Andel invånare som känner sig trygga", "ej", "delvis", "Ny mätmetod"),
        ("Sjukfrånvaro", "not_measured", "not_measured", "")]
