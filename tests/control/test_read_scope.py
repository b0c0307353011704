"""Read scope: a board reads its own internal control; KS controllers read every board's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from verksam.control import actions, queries
from verksam.core.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_boards(ic, city):
    utn_analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.utb_editor)
    utn_risk = actions.create_risk(utn_analysis, acting_user=city.users.utb_editor, title="Lärarbrist",
                                   category="staff", inherent_likelihood=4, inherent_consequence=3)
    return utn_risk


def titles(qs):
    return sorted(qs.values_list("title", flat=True))


def test_ks_controllers_read_every_boards_risks(two_boards, city):
    assert titles(queries.visible_risks(city.users.ks_controller)) == [
        "Bristande samordning av trygghetsarbetet", "Lärarbrist"]
    assert titles(queries.visible_risks(city.users.admin)) == ["Bristande samordning av trygghetsarbetet", "Lärarbrist"]


def test_a_boards_editor_reads_only_its_own_board(two_boards, city):
    assert titles(queries.visible_risks(city.users.utb_editor)) == ["Lärarbrist"]
    assert titles(queries.visible_risks(city.users.ks_editor)) == ["Bristande samordning av trygghetsarbetet"]
    assert titles(queries.visible_risks(city.users.ks_reader)) == ["Bristande samordning av trygghetsarbetet"]
    assert queries.can_read(city.users.ks_editor, city.utn) is False
    assert queries.can_read(city.users.ks_controller, city.utn) is True


def test_an_editor_on_ks_does_not_get_oversight(two_boards, city, django_user_model):
    assert queries.oversight_municipality_ids(city.users.ks_editor) == []
    assert queries.oversight_municipality_ids(city.users.ks_controller) == [city.municipality.pk]


def test_a_controller_of_a_board_reads_only_that_board(two_boards, city, django_user_model):
    user = django_user_model.objects.create_user(username="utn_controller", password="x")
    RoleAssignment.objects.create(user=user, unit=city.utn, role=Role.CONTROLLER)
    assert titles(queries.visible_risks(user)) == ["Lärarbrist"]


def test_anonymous_and_roleless_users_read_nothing(two_boards, city):
    assert titles(queries.visible_risks(AnonymousUser())) == []
    assert titles(queries.visible_risks(city.users.nobody)) == []


def test_controls_results_and_plans_follow_the_same_scope(two_boards, ic, city):
    actions.record_result(ic.control.occasions.first(), acting_user=city.users.ks_editor, outcome="no_remarks")
    assert queries.visible_controls(city.users.utb_editor).count() == 0
    assert queries.visible_results(city.users.utb_editor).count() == 0
    assert queries.visible_control_plans(city.users.utb_editor).count() == 0
    assert queries.visible_controls(city.users.ks_controller).count() == 1
    assert queries.visible_results(city.users.ks_reader).count() == 1
    assert queries.visible_risk_analyses(city.users.ks_controller).count() == 2
