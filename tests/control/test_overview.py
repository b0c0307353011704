"""Heat map of a risk analysis and KS oversight figures per board, with constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.control import actions
from verksam.control.models import ControlMethod
from verksam.control.queries_overview import OversightFilter, analysis_heatmaps, oversight, oversight_page
from verksam.organisation.models import Unit, UnitKind

from tests.control.oversight_helpers import AS_OF, build_three_boards

pytestmark = pytest.mark.django_db

D = dt.date


def add_risks(ic, city, n: int):
    for i in range(n):
        actions.create_risk(ic.analysis, acting_user=city.users.ks_editor, title=f"Risk {i}", category="other",
                            inherent_likelihood=1 + i % 4, inherent_consequence=1 + (i // 4) % 4,
                            residual_likelihood=1, residual_consequence=1 + i % 2)


def test_the_heat_map_places_risks_in_their_cells_highest_likelihood_first(ic, city):
    add_risks(ic, city, 2)  # Risk 0: 1×1, Risk 1: 2×1
    (inherent,) = analysis_heatmaps(ic.analysis)
    assert inherent.likelihood_labels == ["sannolik", "möjlig", "mindre sannolik", "osannolik"]
    assert inherent.consequence_labels == ["försumbar", "lindrig", "kännbar", "allvarlig"]
    assert [[cell.score for cell in row] for row in inherent.rows] == [
        [4, 8, 12, 16], [3, 6, 9, 12], [2, 4, 6, 8], [1, 2, 3, 4]]
    assert [cell.band.label for cell in inherent.rows[1]] == ["låg", "medel", "hög", "hög"]
    assert [cell.band.colour_name for cell in inherent.rows[0]] == ["gul", "gul", "röd", "röd"]
    placed = {(c.likelihood, c.consequence): [r.title for r in c.risks] for row in inherent.rows for c in row if c.risks}
    assert placed == {(3, 4): ["Bristande samordning av trygghetsarbetet"], (1, 1): ["Risk 0"], (2, 1): ["Risk 1"]}

    (residual,) = analysis_heatmaps(ic.analysis, residual=True)
    assert [r.title for r in residual.unplaced] == ["Bristande samordning av trygghetsarbetet"]
    placed = {(c.likelihood, c.consequence): [r.title for r in c.risks] for row in residual.rows for c in row if c.risks}
    assert placed == {(1, 1): ["Risk 0"], (1, 2): ["Risk 1"]}


def build_boards(ic, city, extra_boards: int):
    """UTN with an analysis but no plan; ``extra_boards`` more boards with nothing."""
    utn_analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.utb_editor)
    actions.create_risk(utn_analysis, acting_user=city.users.utb_editor, title="Lärarbrist", category="staff",
                        inherent_likelihood=2, inherent_consequence=2)
    for i in range(extra_boards):
        Unit.objects.create(municipality=city.municipality, parent=city.kf, kind=UnitKind.BOARD,
                            name=f"Nämnd {i:02d}")


def test_oversight_shows_every_board_side_by_side_for_ks_controllers(ic, city):
    build_boards(ic, city, 1)
    ks_results = list(ic.control.occasions.order_by("due"))
    actions.record_result(ks_results[0], acting_user=city.users.ks_editor, outcome="no_remarks")
    deviating = actions.record_result(ks_results[1], acting_user=city.users.ks_editor, outcome="deviation",
                                      finding="Uppföljning saknas")
    actions.open_deviation(deviating, acting_user=city.users.ks_editor, finding="Uppföljning saknas",
                           responsible="Chef")
    actions.create_control(ic.control_plan, acting_user=city.users.ks_editor, title="Attestlistor",
                           method=ControlMethod.SAMPLE, frequency="monthly", start=D(2024, 1, 31),
                           responsible="Ekonomichef")

    boards = oversight(city.municipality, 2024, user=city.users.ks_controller, as_of=D(2024, 9, 30))

    assert [b.unit.name for b in boards] == ["Kommunstyrelsen", "Utbildningsnämnden", "Nämnd 00"]
    ks, utn, other = boards
    assert (ks.risk_count, ks.levels, ks.control_count, ks.occasions_due, ks.results, ks.deviations,
            ks.open_deviations) == (1, {"hög": 1}, 2, 11, 2, 1, 1)
    assert ks.missing == ["Resultat saknas för 9 av 11 kontrolltillfällen"]
    assert (utn.has_analysis, utn.risk_count, utn.levels, utn.has_control_plan) == (True, 1, {"medel": 1}, False)
    assert utn.missing == ["Internkontrollplan saknas"]
    assert other.missing == ["Riskanalys saknas", "Internkontrollplan saknas"]


def test_a_boards_editor_sees_only_its_own_board(ic, city):
    build_boards(ic, city, 1)
    assert [b.unit.name for b in oversight(city.municipality, 2024, user=city.users.utb_editor)] == [
        "Utbildningsnämnden"]
    assert oversight(city.municipality, 2024, user=city.users.nobody) == []


@pytest.mark.parametrize("extra_boards, extra_risks", [(1, 1), (12, 20)])
def test_oversight_reads_in_a_constant_number_of_queries(ic, city, extra_boards, extra_risks):
    build_boards(ic, city, extra_boards)
    add_risks(ic, city, extra_risks)
    user = type(city.users.ks_controller).objects.get(pk=city.users.ks_controller.pk)
    with CaptureQueriesContext(connection) as queries:
        oversight(city.municipality, 2024, user=user, as_of=D(2024, 12, 31))
    # boards, oversight roles, analyses, systems, closed period, risks, plans, occasions, deviations, the
    # user's roles (readable KF budgets), KF goals
    assert len(queries) == 11


@pytest.mark.parametrize("extra_risks", [1, 20])
def test_the_heat_map_reads_in_one_query(ic, city, extra_risks):
    add_risks(ic, city, extra_risks)
    with CaptureQueriesContext(connection) as queries:
        analysis_heatmaps(ic.analysis)
    assert len(queries) == 1


def figures(board):
    return {
        "system": board.system_label, "risks": board.risk_count, "levels": board.levels,
        "controls": board.control_count, "results": (board.results, board.occasions_due),
        "closed": (board.closed_results, board.closed_due),
        "deviations": (board.open_deviations, board.deviations, board.overdue_deviations),
        "missing": board.missing, "light": (board.light.colour, board.light.label, list(board.light.reasons)),
    }


def test_oversight_figures_and_traffic_lights_of_three_known_boards(ic, city):
    build_three_boards(ic, city)

    ks, utn, son = oversight(city.municipality, 2024, user=city.users.ks_controller, as_of=AS_OF)

    assert [b.unit.name for b in (ks, utn, son)] == ["Kommunstyrelsen", "Utbildningsnämnden", "Socialnämnden"]
    assert figures(ks) == {
        "system": "Godkänt (version 1)", "risks": 1, "levels": {"hög": 1}, "controls": 1, "results": (2, 2),
        "closed": (1, 1), "deviations": (0, 1, 0), "missing": [], "light": ("green", "Grön", []),
    }
    assert figures(utn) == {
        "system": "Saknas", "risks": 1, "levels": {"medel": 1}, "controls": 0, "results": (0, 0),
        "closed": (0, 0), "deviations": (0, 0, 0), "missing": ["Internkontrollplan saknas"],
        "light": ("red", "Röd", ["Internkontrollplan saknas", "System för internkontroll saknas"]),
    }
    assert figures(son) == {
        "system": "Saknas", "risks": 1, "levels": {"låg": 1}, "controls": 1, "results": (3, 9),
        "closed": (3, 4), "deviations": (1, 1, 1), "missing": ["Resultat saknas för 6 av 9 kontrolltillfällen"],
        "light": ("red", "Röd", [
            "1 öppen avvikelse är försenad",
            "Resultat saknas för 1 kontrolltillfälle i Tertialrapport 1 2024, som är stängd",
            "Resultat saknas för 6 av 9 kontrolltillfällen", "1 öppen avvikelse", "System för internkontroll saknas",
        ]),
    }


def test_yellow_when_results_are_only_missing_in_an_open_period_or_a_deviation_is_open(ic, city):
    build_three_boards(ic, city)
    ks, _utn, son = oversight(city.municipality, 2024, user=city.users.ks_controller, as_of=D(2024, 12, 31))
    # December's tertial occasion is due and unrecorded; VB is open: yellow, not red.
    assert (ks.results, ks.occasions_due) == (2, 3)
    assert (ks.light.colour, ks.light.label, ks.light.reasons) == (
        "yellow", "Gul", ("Resultat saknas för 1 av 3 kontrolltillfällen",))
    # Before its due date the open deviation is not overdue; before T1 closes nothing is red.
    ks_early, _utn, son_early = oversight(city.municipality, 2024, user=city.users.ks_controller,
                                          as_of=D(2024, 3, 31))
    assert (son_early.overdue_deviations, son_early.closed_due) == (0, 0)
    assert son_early.closed_period is None
    assert (son_early.light.colour, son_early.light.reasons) == (
        "yellow", ("1 öppen avvikelse", "System för internkontroll saknas"))
    assert ks_early.light.colour == "green"  # no KS occasion due before 30 April


def test_an_unapproved_system_makes_a_board_yellow(ic, city):
    actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor, organisation="Organisation")
    (ks,) = [b for b in oversight(city.municipality, 2024, user=city.users.ks_controller, as_of=D(2024, 3, 31))
             if b.unit == city.ks]
    assert ks.system_label == "Utkast (version 1)"
    assert (ks.light.colour, ks.light.reasons) == ("yellow", ("System för internkontroll är inte godkänt",))


def test_filters_recompute_the_figures_for_the_matching_risks_and_their_controls(ic, city):
    boards = build_three_boards(ic, city)
    user = city.users.ks_controller

    def run(**kwargs):
        return oversight_page(city.municipality, 2024, user=user, as_of=AS_OF, filters=OversightFilter(**kwargs))

    # KF goal 1 (inriktningsmål) covers KS's risk on nämndmål 1.1.1 → 1.1 → 1.
    page = run(goal=city.directions[0].pk)
    assert [r.title for r in page.risks] == ["Bristande samordning av trygghetsarbetet"]
    ks, utn, son = page.boards
    assert (ks.risk_count, ks.control_count, ks.results, ks.occasions_due, ks.deviations) == (1, 1, 2, 2, 1)
    assert (utn.risk_count, son.risk_count, son.control_count, son.occasions_due, son.deviations) == (0, 0, 0, 0, 0)
    assert (son.light.colour, son.light.reasons) == ("yellow", ("System för internkontroll saknas",))
    assert [r.title for r in run(goal=city.area_3_5.pk).risks] == ["Lärarbrist"]
    assert run(goal=city.directions[1].pk).risk_total == 0

    page = run(process="Utbetalning")
    assert [r.title for r in page.risks] == ["Felaktiga utbetalningar"]
    son = page.boards[2]
    assert (son.control_count, son.results, son.occasions_due, son.open_deviations, son.light.colour) == (
        1, 3, 9, 1, "red")
    assert page.boards[0].control_count == 0

    assert [r.title for r in run(category="staff").risks] == ["Lärarbrist"]
    assert [r.title for r in run(level="låg").risks] == ["Felaktiga utbetalningar"]  # residual 3
    assert [r.title for r in run(level="hög", category="legal").risks] == []
    page = run()
    assert page.risk_total == 3
    assert page.processes == ["Rekrytering", "Utbetalning"]
    assert page.bands == [("låg", "#2e7d32"), ("medel", "#f9a825"), ("hög", "#c62828")]
    assert [g.code for g in page.goals] == ["1", "1.1", "2", "3", "3.5"]
    assert [(r["unit"].short_name, r["kf_goal"].code if r["kf_goal"] else None, r["score"], r["band"].label)
            for r in page.risk_rows] == [("KS", "1.1", 12, "hög"), ("UTN", "3.5", 4, "medel"), ("SON", None, 3, "låg")]
    assert boards.son_risk.pk in {r.pk for r in page.risks}


@pytest.mark.parametrize("extra_boards, extra_risks", [(1, 1), (12, 20)])
def test_filtered_oversight_reads_in_a_constant_number_of_queries(ic, city, extra_boards, extra_risks):
    build_boards(ic, city, extra_boards)
    add_risks(ic, city, extra_risks)
    user = type(city.users.ks_controller).objects.get(pk=city.users.ks_controller.pk)
    with CaptureQueriesContext(connection) as queries:
        page = oversight_page(city.municipality, 2024, user=user, as_of=D(2024, 12, 31),
                              filters=OversightFilter(goal=city.directions[0].pk, level="hög", category="operational"))
        [row["kf_goal"] for row in page.risk_rows]
    assert len(queries) == 11
    assert [r.title for r in page.risks] == ["Bristande samordning av trygghetsarbetet"]  # add_risks: no goal
