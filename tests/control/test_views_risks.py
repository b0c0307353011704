"""The risk analysis page: heat map drawn from the matrix data, risks per KF-mål, filters, and
adding, changing and deleting risks with the actions' Swedish errors at the fields."""

from __future__ import annotations

import re

import pytest

from tests.control.views_helpers import (
    cell_markers, element, field_error, heatmap_rows, risk_post, text, url,
)
from verksam.control import actions
from verksam.control.models import Risk, RiskCategory, Treatment
from verksam.planning.models import Goal, GoalLevel, Plan, PlanKind

pytestmark = pytest.mark.django_db


def _add_risk(ic, user, **values):
    defaults = {"title": "Risk", "category": RiskCategory.IT, "inherent_likelihood": 1, "inherent_consequence": 1}
    defaults.update(values)
    return actions.create_risk(ic.analysis, acting_user=user, **defaults)


def test_the_heat_map_is_a_4x4_table_with_the_highest_likelihood_first_and_the_risk_numbered_in_its_cell(
        client, city, ic):
    client.force_login(city.users.ks_reader)
    page = client.get(url("analysis", city.ks)).content.decode()
    assert heatmap_rows(page, ic.version.pk) == ["4 sannolik", "3 möjlig", "2 mindre sannolik", "1 osannolik"]
    table = element(page, f"heatmap-{ic.version.pk}", "table")
    assert text(table.split("</caption>")[0]) == (
        "Bruttorisk (före kontroll): Stadens riskmatris, version 1 (4 × 4), sannolikhet × konsekvens")
    assert [text(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)] == [
        "Sannolikhet", "1 försumbar", "2 lindrig", "3 kännbar", "4 allvarlig"]
    assert cell_markers(page, ic.version.pk, 3, 4) == ["1"]
    cell = text(element(page, f"cell-{ic.version.pk}-3-4", "td"))
    assert cell.startswith("12 · hög (sannolikhet 3, konsekvens 4)")  # text label, not colour only
    assert 'style="background: #c62828; color: #fff"' in page
    assert sum(len(cell_markers(page, ic.version.pk, lik, con)) for lik in range(1, 5) for con in range(1, 5)) == 1


def test_a_3x5_matrix_is_drawn_with_3_rows_and_5_columns_and_its_own_bands(client, city, ic):
    bands = [{"min": 1, "max": 4, "label": "acceptabel", "colour": "#ffffff", "colour_name": "vit"},
             {"min": 5, "max": 15, "label": "oacceptabel", "colour": "#000000", "colour_name": "svart"}]
    scale = [{"label": f"k{n}", "description": ""} for n in range(1, 6)]
    matrix = actions.create_matrix(city.utn, name="UTN 3 × 5", acting_user=city.users.admin,
                                   likelihood_scale=[{"label": f"s{n}", "description": ""} for n in range(1, 4)],
                                   consequence_scale=scale, bands=bands)
    analysis = actions.create_risk_analysis(city.utn, 2024, matrix=matrix, acting_user=city.users.admin)
    actions.create_risk(analysis, acting_user=city.users.admin, title="Lärarbrist", category=RiskCategory.STAFF,
                        inherent_likelihood=3, inherent_consequence=5)
    client.force_login(city.users.utb_editor)
    page = client.get(url("analysis", city.utn)).content.decode()
    version = matrix.latest_version()
    assert heatmap_rows(page, version.pk) == ["3 s3", "2 s2", "1 s1"]
    assert cell_markers(page, version.pk, 3, 5) == ["1"]
    assert text(element(page, f"cell-{version.pk}-1-4", "td")).startswith("4 · acceptabel")
    assert f'id="cell-{version.pk}-1-5"' in page and f'id="cell-{version.pk}-4-1"' not in page
    assert 'style="background: #ffffff; color: #000"' in page


def test_the_residual_view_places_risks_by_their_residual_score_and_lists_unscored_ones(client, city, ic):
    scored = _add_risk(ic, city.users.ks_editor, title="Felaktiga utbetalningar", inherent_likelihood=4,
                       inherent_consequence=4, residual_likelihood=1, residual_consequence=2)
    client.force_login(city.users.ks_reader)
    gross = client.get(url("analysis", city.ks)).content.decode()
    assert cell_markers(gross, ic.version.pk, 4, 4) == ["2"]
    net = client.get(url("analysis", city.ks) + "?visa=netto").content.decode()
    assert cell_markers(net, ic.version.pk, 4, 4) == []
    assert cell_markers(net, ic.version.pk, 1, 2) == ["2"]
    assert text(element(net, f"unplaced-{ic.version.pk}", "p")) == (
        "Utan nettobedömning (inte i matrisen): 1 Bristande samordning av trygghetsarbetet")
    row = text(element(net, f"risk-{scored.pk}", "tr"))
    assert "4 × 4 = 16 1 × 2 = 2 låg (2)" in row  # level = residual score, banded


def test_risks_are_grouped_per_kf_goal_with_their_namndmal_and_unlinked_risks_last(client, city, ic):
    _add_risk(ic, city.users.ks_editor, title="Utan mål")
    _add_risk(ic, city.users.ks_editor, title="Kompetensförsörjning", goal=city.board_goal_2,
              category=RiskCategory.STAFF, owner="HR-direktören")
    client.force_login(city.users.ks_reader)
    page = client.get(url("analysis", city.ks)).content.decode()
    headings = [text(h) for h in re.findall(r'<h3 class="goal-group">(.*?)</h3>', page, re.S)]
    assert headings == ["KF-mål 1.1 Stockholm är en tryggare stad",
                        "KF-mål 3.5 Stockholms stad är en attraktiv arbetsgivare",
                        "Risker utan koppling till KF-mål"]
    row = text(element(page, f"risk-{ic.risk.pk}", "tr"))
    assert row.startswith("1 Bristande samordning av trygghetsarbetet "
                          "1.1.1 Kommunstyrelsen leder stadens trygghetsarbete Verksamhet Stadsdirektören – "
                          "3 × 4 = 12 – hög (12) Inte beslutad Kontroller: Uppföljning av trygghetsinsatser")


def test_filters_by_category_and_level_narrow_the_list_and_the_heat_map(client, city, ic):
    it_risk = _add_risk(ic, city.users.ks_editor, title="Driftstopp", inherent_likelihood=1, inherent_consequence=2)
    client.force_login(city.users.ks_reader)
    page = client.get(url("analysis", city.ks) + "?kategori=it").content.decode()
    assert f'id="risk-{it_risk.pk}"' in page and f'id="risk-{ic.risk.pk}"' not in page
    assert text(element(page, "risks-heading", "h2")) == "Risker (1 av 2)"
    assert cell_markers(page, ic.version.pk, 3, 4) == []
    assert cell_markers(page, ic.version.pk, 1, 2) == ["2"]  # numbers stay those of the whole list
    page = client.get(url("analysis", city.ks) + "?niva=hög").content.decode()
    assert f'id="risk-{ic.risk.pk}"' in page and f'id="risk-{it_risk.pk}"' not in page
    page = client.get(url("analysis", city.ks) + "?niva=medel").content.decode()
    assert text(element(page, "no-risks", "p")) == "Inga risker matchar filtret."


def test_a_board_without_analysis_gets_a_message_and_a_link_to_the_landing_page(client, city):
    client.force_login(city.users.ks_editor)
    response = client.get(url("analysis", city.ks))
    assert response.status_code == 200
    assert text(element(response.content.decode(), "no-analysis", "p")) == (
        "Kommunstyrelsen har ingen väsentlighets- och riskanalys för 2024 ännu. "
        "Skapa den på sidan för intern kontroll.")


def test_an_editor_adds_a_risk_scored_2x3_and_it_lands_in_the_history(client, city, ic):
    client.force_login(city.users.ks_editor)
    response = client.post(url("risk_create", city.ks), risk_post(goal=str(city.board_goal_2.pk)))
    risk = Risk.objects.get(title="Driftstopp i ekonomisystemet")
    assert response.status_code == 302
    assert response["Location"] == url("analysis", city.ks) + f"#risk-{risk.pk}"
    assert (risk.inherent_score, risk.matrix_version_id, risk.goal_id) == (6, ic.version.pk, city.board_goal_2.pk)
    record = risk.history.get()
    assert (record.history_type, record.history_user.username) == ("+", "ks_editor")
    page = client.get(url("analysis", city.ks)).content.decode()
    assert cell_markers(page, ic.version.pk, 2, 3) == ["2"]
    assert "Risken har lagts till." in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"inherent_likelihood": "5"}, "inherent_likelihood", "Sannolikheten 5 ligger utanför matrisen (1–4)."),
    ({"inherent_consequence": ""}, "inherent_consequence", "Konsekvensen måste anges som ett heltal 1–4."),
    ({"residual_likelihood": "2"}, "residual_consequence",
     "Ange både sannolikhet och konsekvens efter kontroll, eller ingen av dem."),
    ({"residual_likelihood": "2", "residual_consequence": "0"}, "residual_consequence",
     "Konsekvensen 0 ligger utanför matrisen (1–4)."),
    ({"treatment": "accept"}, "treatment_motivation", "En accepterad risk måste motiveras."),
    ({"treatment": "action"}, "action_activity", "Välj aktiviteten i verksamhetsplanen som hanterar risken."),
    ({"treatment": "control"}, "treatment",
     "Lägg först till ett kontrollmoment för risken i internkontrollplanen; sedan kan risken hanteras med kontroll."),
    ({"title": ""}, "title", "Detta fält måste fyllas i."),
])
def test_invalid_input_is_refused_with_the_swedish_error_at_its_field(client, city, ic, data, field, message):
    client.force_login(city.users.ks_editor)
    response = client.post(url("risk_create", city.ks), risk_post(**data))
    assert response.status_code == 200
    assert field_error(response.content.decode(), field) == message
    assert Risk.objects.count() == 1


def test_a_goal_or_activity_of_another_boards_plan_is_refused_at_the_field(client, city, ic):
    utn_plan = Plan.objects.create(unit=city.utn, year=2024, kind=PlanKind.OPERATIONAL_PLAN, title="UTN VP 2024")
    utn_goal = Goal.objects.create(plan=utn_plan, parent=city.area_1_1, level=GoalLevel.BOARD, code="1.1.9",
                                   title="Tryggare skolor", owner_unit=city.utn)
    client.force_login(city.users.ks_editor)
    page = client.get(url("risk_create", city.ks)).content.decode()
    assert f'value="{utn_goal.pk}"' not in page and f'value="{city.board_goal_1.pk}"' in page
    response = client.post(url("risk_create", city.ks), risk_post(goal=str(utn_goal.pk)))
    assert field_error(response.content.decode(), "goal") == (
        "Målet hör inte till KF-budgeten eller planerna för Kommunstyrelsen 2024.")
    other_activity = utn_plan.activities.create(title="Trygghetsvandringar", owner_unit=city.utn)
    response = client.post(url("risk_create", city.ks), risk_post(treatment="action",
                                                                  action_activity=str(other_activity.pk)))
    assert field_error(response.content.decode(), "action_activity") == (
        "Åtgärden ska vara en aktivitet i verksamhetsplanen för Kommunstyrelsen 2024.")
    assert Risk.objects.count() == 1


def _edit_post(risk, **overrides) -> dict:
    data = risk_post(title=risk.title, category=risk.category, owner=risk.owner, process=risk.process,
                     goal=str(risk.goal_id or ""), inherent_likelihood=str(risk.inherent_likelihood),
                     inherent_consequence=str(risk.inherent_consequence), lock_version=str(risk.lock_version),
                     reason="")
    data.update(overrides)
    return data


def test_an_editor_changes_a_risk_with_a_reason_that_lands_in_the_history(client, city, ic):
    client.force_login(city.users.ks_editor)
    page = client.get(url("risk_edit", city.ks, 2024, ic.risk.pk)).content.decode()
    assert 'name="lock_version" value="0"' in page and 'name="inherent_likelihood" value="3"' in page
    response = client.post(url("risk_edit", city.ks, 2024, ic.risk.pk), _edit_post(
        ic.risk, treatment="accept", treatment_motivation="Låg kostnad att acceptera.", residual_likelihood="2",
        residual_consequence="2", reason="Ny bedömning efter T1"))
    assert response.status_code == 302
    ic.risk.refresh_from_db()
    assert (ic.risk.treatment, ic.risk.residual_score, ic.risk.lock_version) == (Treatment.ACCEPT, 4, 1)
    newest = ic.risk.history.first()
    assert (newest.history_change_reason, newest.history_user.username) == ("Ny bedömning efter T1", "ks_editor")
    page = client.get(url("analysis", city.ks)).content.decode()
    assert text(element(page, f"risk-{ic.risk.pk}", "tr")).count("Accepteras Låg kostnad att acceptera.") == 1


def test_saving_an_unchanged_risk_records_nothing(client, city, ic):
    client.force_login(city.users.ks_editor)
    response = client.post(url("risk_edit", city.ks, 2024, ic.risk.pk), _edit_post(ic.risk), follow=True)
    assert "Inget ändrades, så inget sparades." in response.content.decode()
    assert ic.risk.history.count() == 1


def test_a_risk_changed_by_someone_else_since_the_form_was_loaded_is_refused_with_409(client, city, ic):
    actions.update_risk(ic.risk, acting_user=city.users.ks_controller, owner="Kanslichefen")
    client.force_login(city.users.ks_editor)
    response = client.post(url("risk_edit", city.ks, 2024, ic.risk.pk),
                           _edit_post(ic.risk, lock_version="0", title="Min ändring"))
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgiften sedan du öppnade den." in response.content.decode()
    assert 'value="Min ändring"' in response.content.decode()  # the input is kept
    ic.risk.refresh_from_db()
    assert (ic.risk.title, ic.risk.owner) == ("Bristande samordning av trygghetsarbetet", "Kanslichefen")


def test_a_risk_with_controls_cannot_be_deleted_and_another_one_is_deleted_with_its_reason(client, city, ic):
    client.force_login(city.users.ks_editor)
    response = client.post(url("risk_delete", city.ks, 2024, ic.risk.pk), {"reason": "Dubblett"})
    assert response.status_code == 409
    assert text(element(response.content.decode(), "delete-error", "p")) == (
        "Risken har kontrollmoment i internkontrollplanen och kan inte tas bort.")
    other = _add_risk(ic, city.users.ks_editor, title="Dubblett")
    response = client.post(url("risk_delete", city.ks, 2024, other.pk), {"reason": "Dubblett av risk 1"})
    assert response.status_code == 302 and response["Location"] == url("analysis", city.ks)
    assert not Risk.objects.filter(pk=other.pk).exists()
    deleted = Risk.history.filter(id=other.pk, history_type="-").get()
    assert (deleted.history_change_reason, deleted.history_user.username) == ("Dubblett av risk 1", "ks_editor")


def test_a_risk_of_another_board_or_year_is_not_found_through_this_boards_urls(client, city, ic):
    analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.admin)
    utn_risk = actions.create_risk(analysis, acting_user=city.users.admin, title="Lärarbrist",
                                   category=RiskCategory.STAFF, inherent_likelihood=2, inherent_consequence=2)
    client.force_login(city.users.admin)
    assert client.get(url("risk_edit", city.ks, 2024, utn_risk.pk)).status_code == 404
    assert client.get(url("risk_edit", city.ks, 2025, ic.risk.pk)).status_code == 404
    assert client.get(url("analysis", city.slk)).status_code == 404  # a förvaltning keeps no internal control
    assert client.get(url("analysis", city.ks, 1999)).status_code == 404


@pytest.mark.parametrize("extra", [0, 11], ids=["1 risk", "12 risks"])
def test_the_analysis_page_reads_in_the_same_number_of_queries_at_any_size(
        client, city, ic, django_assert_num_queries, extra):
    for n in range(extra):
        risk = _add_risk(ic, city.users.ks_editor, title=f"Risk {n}", goal=city.board_goal_2,
                         inherent_likelihood=1 + n % 4, inherent_consequence=1 + n % 3,
                         residual_likelihood=1, residual_consequence=1, activity=city.activity)
        if n % 2:
            actions.create_control(ic.control_plan, acting_user=city.users.ks_editor, risk=risk,
                                   title=f"Kontroll {n}", method="sample", frequency="yearly",
                                   start=ic.control.start, end=ic.control.end, responsible="Controller")
    client.force_login(city.users.ks_editor)
    # session, user, roles, unit, analysis, risks, controls, matrix latest version
    with django_assert_num_queries(8):
        response = client.get(url("analysis", city.ks))
    assert response.status_code == 200
    assert response.content.decode().count('class="risk-marker"') == 1 + extra
