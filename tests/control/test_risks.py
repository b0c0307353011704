"""Risks: scores validated against the matrix version, treatment rules, links to goals and
activities, and the board boundary."""

from __future__ import annotations

import pytest

from verksam.control import actions
from verksam.control.models import Risk, RiskAnalysis, RiskCategory, Treatment
from verksam.control.rules import MatrixError
from verksam.core.errors import DomainError, NotAllowedError
from verksam.planning.models import Activity, Plan, PlanKind

pytestmark = pytest.mark.django_db


def new_risk(ic, city, **values):
    values = {"title": "Felaktiga utbetalningar", "category": RiskCategory.FINANCIAL, "inherent_likelihood": 2,
              "inherent_consequence": 3, **values}
    return actions.create_risk(ic.analysis, acting_user=city.users.ks_editor, **values)


def test_a_risk_stores_its_version_and_scores(ic, city):
    risk = new_risk(ic, city, residual_likelihood=1, residual_consequence=3)
    assert (risk.matrix_version_id, risk.inherent_score, risk.residual_score) == (ic.version.pk, 6, 3)


def test_a_score_outside_the_matrix_is_refused_at_the_field_and_nothing_is_saved(ic, city):
    with pytest.raises(MatrixError) as err:
        new_risk(ic, city, inherent_likelihood=5)
    assert (err.value.field, str(err.value.message)) == (
        "inherent_likelihood", "Sannolikheten 5 ligger utanför matrisen (1–4).")
    with pytest.raises(MatrixError) as err:
        new_risk(ic, city, residual_likelihood=1, residual_consequence=7)
    assert (err.value.field, str(err.value.message)) == (
        "residual_consequence", "Konsekvensen 7 ligger utanför matrisen (1–4).")
    assert Risk.objects.count() == 1


def test_a_residual_score_needs_both_scales(ic, city):
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, residual_likelihood=2)
    assert (err.value.field, str(err.value.message)) == (
        "residual_consequence", "Ange både sannolikhet och konsekvens efter kontroll, eller ingen av dem.")


def test_an_update_is_validated_against_the_risks_own_version(ic, city):
    with pytest.raises(MatrixError) as err:
        actions.update_risk(ic.risk, acting_user=city.users.ks_editor, inherent_consequence=5)
    assert err.value.field == "inherent_consequence"
    assert actions.update_risk(ic.risk, acting_user=city.users.ks_editor, inherent_consequence=2) is True
    ic.risk.refresh_from_db()
    assert ic.risk.inherent_score == 6


def test_an_accepted_risk_needs_a_motivation(ic, city):
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, treatment=Treatment.ACCEPT)
    assert (err.value.field, str(err.value.message)) == ("treatment_motivation", "En accepterad risk måste motiveras.")
    risk = new_risk(ic, city, treatment=Treatment.ACCEPT, treatment_motivation="Låg risk, kostsam kontroll.")
    assert risk.treatment == "accept"


def test_treatment_by_control_needs_a_control_in_the_plan(ic, city):
    risk = new_risk(ic, city)
    with pytest.raises(DomainError) as err:
        actions.update_risk(risk, acting_user=city.users.ks_editor, treatment=Treatment.CONTROL)
    assert err.value.field == "treatment"
    assert str(err.value.message) == ("Lägg först till ett kontrollmoment för risken i internkontrollplanen; sedan "
                                      "kan risken hanteras med kontroll.")
    assert actions.update_risk(ic.risk, acting_user=city.users.ks_editor, treatment=Treatment.CONTROL) is True


def test_treatment_by_action_needs_an_activity_of_the_same_years_plan(ic, city):
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, treatment=Treatment.ACTION)
    assert (err.value.field, str(err.value.message)) == (
        "action_activity", "Välj aktiviteten i verksamhetsplanen som hanterar risken.")
    plan_2025 = Plan.objects.create(unit=city.ks, year=2025, kind=PlanKind.OPERATIONAL_PLAN, title="VP 2025")
    other_year = Activity.objects.create(plan=plan_2025, title="Senare aktivitet", owner_unit=city.ks)
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, treatment=Treatment.ACTION, action_activity=other_year)
    assert (err.value.field, str(err.value.message)) == (
        "action_activity", "Åtgärden ska vara en aktivitet i verksamhetsplanen för Kommunstyrelsen 2024.")
    risk = new_risk(ic, city, treatment=Treatment.ACTION, action_activity=city.activity)
    assert risk.action_activity_id == city.activity.pk


def test_a_goal_of_another_year_is_refused(ic, city):
    plan_2025 = Plan.objects.create(unit=city.ks, year=2025, kind=PlanKind.OPERATIONAL_PLAN, title="VP 2025")
    goal_2025 = plan_2025.goals.create(level="board", title="Senare mål", owner_unit=city.ks)
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, goal=goal_2025)
    assert (err.value.field, str(err.value.message)) == (
        "goal", "Målet hör inte till KF-budgeten eller planerna för Kommunstyrelsen 2024.")
    assert new_risk(ic, city, goal=city.area_3_5).goal_id == city.area_3_5.pk


def test_a_risk_needs_a_title_and_a_category(ic, city):
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, title="  ")
    assert (err.value.field, str(err.value.message)) == ("title", "Risken måste ha en rubrik.")
    with pytest.raises(DomainError) as err:
        new_risk(ic, city, category="weather")
    assert (err.value.field, str(err.value.message)) == ("category", "Välj en kategori för risken.")


def test_another_boards_editor_cannot_touch_ks_risks(ic, city):
    with pytest.raises(NotAllowedError) as err:
        actions.update_risk(ic.risk, acting_user=city.users.utb_editor, inherent_likelihood=1)
    assert str(err.value.message) == "Du har inte behörighet att göra detta för Kommunstyrelsen."
    with pytest.raises(NotAllowedError):
        actions.create_risk(
            ic.analysis, acting_user=city.users.utb_editor, title="Intrång", category=RiskCategory.IT,
            inherent_likelihood=1, inherent_consequence=1)
    with pytest.raises(NotAllowedError):
        actions.delete_risk(ic.risk, acting_user=city.users.utb_editor)
    ic.risk.refresh_from_db()
    assert (ic.risk.inherent_likelihood, Risk.objects.count()) == (3, 1)


@pytest.mark.parametrize("user", ["ks_reader", "ks_politician", "nobody"])
def test_readers_cannot_edit_risks(ic, city, user):
    with pytest.raises(NotAllowedError):
        actions.update_risk(ic.risk, acting_user=getattr(city.users, user), inherent_likelihood=1)


def test_one_risk_analysis_per_board_and_year(ic, city):
    with pytest.raises(DomainError) as err:
        actions.create_risk_analysis(city.ks, 2024, matrix=ic.matrix, acting_user=city.users.ks_editor)
    assert (err.value.field, str(err.value.message)) == (
        "year", "Kommunstyrelsen har redan en väsentlighets- och riskanalys för 2024.")
    assert RiskAnalysis.objects.count() == 1


def test_a_matrix_of_another_board_cannot_be_used(ic, city):
    ks_matrix = actions.create_matrix(city.ks, name="KS matris", acting_user=city.users.ks_controller)
    with pytest.raises(DomainError) as err:
        actions.create_risk_analysis(city.utn, 2024, matrix=ks_matrix, acting_user=city.users.utb_editor)
    assert (err.value.field, str(err.value.message)) == (
        "matrix", "Riskmatrisen KS matris kan inte användas av Utbildningsnämnden.")


def test_a_risk_with_controls_cannot_be_deleted(ic, city):
    with pytest.raises(DomainError) as err:
        actions.delete_risk(ic.risk, acting_user=city.users.ks_editor)
    assert str(err.value.message) == "Risken har kontrollmoment i internkontrollplanen och kan inte tas bort."
