"""Heat map of a risk analysis and KS oversight figures per board, with constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.control import actions
from verksam.control.models import ControlMethod
from verksam.control.queries_overview import analysis_heatmaps, oversight
from verksam.organisation.models import Unit, UnitKind

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
    assert len(queries) == 7  # boards, oversight roles, analyses, risks, plans, occasions, deviations


@pytest.mark.parametrize("extra_risks", [1, 20])
def test_the_heat_map_reads_in_one_query(ic, city, extra_risks):
    add_risks(ic, city, extra_risks)
    with CaptureQueriesContext(connection) as queries:
        analysis_heatmaps(ic.analysis)
    assert len(queries) == 1
