"""Plausibility limits per unit of measure on årsmål; unique goal codes within a plan; goal
levels that belong to the plan's unit kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.core.errors import DomainError
from verksam.planning import actions
from verksam.planning.models import Goal, GoalLevel, Indicator, Plan, PlanKind, Target
from verksam.planning.plausibility import check_indicator_values, check_plausible, limits_for


# --- the rule itself (pure) ------------------------------------------------------------------

@pytest.mark.parametrize("value, unit", [
    (Decimal("0"), "%"), (Decimal("100"), "%"), (Decimal("4.5"), " % "), (Decimal("55"), "Procent"),
    (Decimal("-12.5"), "procentenheter"), (Decimal("100"), "p.e."),
    (Decimal("0"), "antal"), (Decimal("1234567"), "antal"), (Decimal("3"), "dagar"),
    (Decimal("-746200000"), "kr"), (Decimal("-5"), "förändring i %"), (Decimal("250"), "förändring i %"),
    (Decimal("-3"), "ton CO₂e"), (Decimal("-1"), ""), (None, "%"),
])
def test_plausible_values_pass(value, unit):
    check_plausible(value, unit)


@pytest.mark.parametrize("value, unit, message", [
    (Decimal("-5"), "%", "En andel i procent ska ligga mellan 0 och 100 % (angivet: \u22125 %)."),
    (Decimal("1234567"), "%", "En andel i procent ska ligga mellan 0 och 100 % (angivet: 1\u00a0234\u00a0567 %)."),
    (Decimal("100.01"), "%", "En andel i procent ska ligga mellan 0 och 100 % (angivet: 100,01 %)."),
    (Decimal("-100.5"), "procentenheter",
     "En skillnad i procentenheter ska ligga mellan \u2212100 och 100 (angivet: \u2212100,5 procentenheter)."),
    (Decimal("-1"), "antal", "Ett värde i enheten ”antal” kan inte vara negativt (angivet: \u22121 antal)."),
    (Decimal("-0.5"), "Dagar", "Ett värde i enheten ”dagar” kan inte vara negativt (angivet: \u22120,5 Dagar)."),
])
def test_implausible_values_are_refused_in_swedish_at_the_field(value, unit, message):
    with pytest.raises(DomainError) as err:
        check_plausible(value, unit, field="value_women")
    assert (err.value.message, err.value.field) == (message, "value_women")


def test_units_without_limits():
    assert limits_for("kr") is None and limits_for("") is None and limits_for("ton CO₂e") is None


def test_check_indicator_values_names_the_first_bad_field_and_ignores_others():
    class Ind:
        unit_of_measure = "%"

    check_indicator_values(Ind(), {"value": Decimal("50"), "comment": "-5", "forecast": None})
    with pytest.raises(DomainError) as err:
        check_indicator_values(Ind(), {"value": Decimal("50"), "value_men": Decimal("101"), "forecast": Decimal("-1")})
    assert err.value.field == "value_men"


# --- set_target calls it -----------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("field", ["value", "value_women", "value_men", "baseline"])
def test_set_target_refuses_a_percentage_outside_0_100_and_writes_nothing(city, field):
    before = Target.history.model.objects.count()
    with pytest.raises(DomainError) as err:
        actions.set_target(city.sick_leave, acting_user=city.users.ks_editor, **{field: Decimal("-5")})
    assert err.value.field == field
    assert err.value.message == "En andel i procent ska ligga mellan 0 och 100 % (angivet: \u22125 %)."
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.5")
    assert Target.history.model.objects.count() == before


@pytest.mark.django_db
def test_set_target_accepts_the_edges_and_refuses_a_negative_count(city):
    assert actions.set_target(city.sick_leave, value=Decimal("100"), acting_user=city.users.ks_editor).value == 100
    assert actions.set_target(city.sick_leave, value=Decimal("0"), acting_user=city.users.ks_editor).value == 0
    visits = Indicator.objects.create(plan=city.ks_plan, name="Antal besök", unit_of_measure="antal",
                                      responsible_unit=city.ks)
    with pytest.raises(DomainError) as err:
        actions.set_target(visits, value=Decimal("-3"), acting_user=city.users.ks_editor)
    assert (err.value.field, err.value.message) == (
        "value", "Ett värde i enheten ”antal” kan inte vara negativt (angivet: \u22123 antal).")
    assert actions.set_target(visits, value=Decimal("1234567"), acting_user=city.users.ks_editor).value == 1234567


@pytest.mark.django_db
def test_the_target_form_shows_the_error_at_the_field(client, city):
    from django.urls import reverse

    client.force_login(city.users.ks_editor)
    url = reverse("planning:target_edit", args=[city.sick_target.pk])
    page = client.get(url)
    form = page.context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data["value"] = "1 234 567"
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["value"] == [
        "En andel i procent ska ligga mellan 0 och 100 % (angivet: 1\u00a0234\u00a0567 %)."]


# --- goal codes unique within a plan ---------------------------------------------------------

@pytest.mark.django_db
def test_a_goal_code_already_in_the_plan_is_refused_at_the_code_field(city):
    before = Goal.objects.count()
    with pytest.raises(DomainError) as err:
        actions.create_goal(city.ks_plan, level=GoalLevel.BOARD, code=" 1.1.1 ", title="Dubblett",
                            parent=city.area_1_1, acting_user=city.users.ks_editor)
    assert (err.value.field, err.value.message) == (
        "code", "Målnumret 1.1.1 finns redan i planen. Välj ett annat nummer.")
    assert Goal.objects.count() == before
    with pytest.raises(DomainError) as err:
        actions.update_goal(city.board_goal_2, code="1.1.1", acting_user=city.users.ks_editor)
    assert err.value.field == "code"


@pytest.mark.django_db
def test_same_code_in_another_plan_blank_codes_and_keeping_ones_own_code_are_fine(city):
    utn_plan = Plan.objects.create(unit=city.utn, year=2024, kind=PlanKind.OPERATIONAL_PLAN, title="VP UTN")
    Goal.objects.create(plan=utn_plan, level=GoalLevel.BOARD, code="1.1.1", title="Annan plan", owner_unit=city.utn)
    for title in ("Utan nummer", "Också utan"):
        actions.create_goal(city.ks_plan, level=GoalLevel.BOARD, code="", title=title, parent=city.area_1_1,
                            acting_user=city.users.ks_editor)
    assert actions.update_goal(city.board_goal_1, code="1.1.1", title="Ny titel", acting_user=city.users.ks_editor)
    goal = actions.create_goal(city.ks_plan, level=GoalLevel.BOARD, code=" 1.1.2 ", title="Nytt",
                               parent=city.area_1_1, acting_user=city.users.ks_editor)
    assert goal.code == "1.1.2"


# --- goal levels by the plan's unit kind -------------------------------------------------------

@pytest.fixture
def slk_plan(city):
    return Plan.objects.create(unit=city.slk, year=2024, kind=PlanKind.OPERATIONAL_PLAN,
                               title="Verksamhetsplan 2024 för stadsledningskontoret")


@pytest.mark.django_db
@pytest.mark.parametrize("level", [GoalLevel.DIRECTION, GoalLevel.AREA, GoalLevel.BOARD])
def test_a_forvaltnings_plan_refuses_goals_above_enhetsmal(city, slk_plan, level):
    with pytest.raises(DomainError) as err:
        actions.create_goal(slk_plan, level=level, title="Fel nivå", acting_user=city.users.ks_editor)
    assert err.value.field == "level"
    assert err.value.message == (f"En plan för förvaltning kan inte innehålla {GoalLevel(level).label.lower()}. "
                                 "Välj enhetsmål.")
    assert not slk_plan.goals.exists()


@pytest.mark.django_db
def test_allowed_levels_per_plan(city, slk_plan):
    goal = actions.create_goal(slk_plan, level=GoalLevel.UNIT, code="3.5.1.1", title="Friskvård",
                               parent=city.board_goal_2, acting_user=city.users.ks_editor)
    assert goal.plan == slk_plan
    with pytest.raises(DomainError) as err:
        actions.create_goal(city.ks_plan, level=GoalLevel.DIRECTION, title="Inriktningsmål i KS",
                            acting_user=city.users.ks_editor)
    assert err.value.message == ("En plan för kommunstyrelse kan inte innehålla inriktningsmål. "
                                 "Välj nämndmål eller enhetsmål.")
    assert actions.allowed_goal_levels(city.kf_budget) == (GoalLevel.DIRECTION, GoalLevel.AREA)
    with pytest.raises(DomainError) as err:
        actions.update_goal(goal, level=GoalLevel.DIRECTION, acting_user=city.users.ks_editor)
    assert err.value.field in ("level", "parent")


@pytest.mark.django_db
def test_the_new_goal_form_defaults_to_a_level_the_plan_may_hold(client, city, slk_plan):
    from django.urls import reverse

    client.force_login(city.users.ks_editor)
    page = client.get(reverse("planning:goal_create", args=[slk_plan.pk]))
    assert page.status_code == 200
    assert page.context["form"]["level"].value() == GoalLevel.UNIT
