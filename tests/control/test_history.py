"""Every change is in the history with the acting user; a save that changes nothing records
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from verksam.control import actions
from verksam.control.models import ControlOccasion, Risk

pytestmark = pytest.mark.django_db


def rows(obj):
    return [(h.history_type, h.history_user.username if h.history_user else None, h.history_change_reason)
            for h in obj.history.order_by("history_date", "history_id")]


def test_creation_and_changes_of_a_risk_name_the_acting_user(ic, city):
    actions.update_risk(ic.risk, acting_user=city.users.ks_controller, inherent_likelihood=2,
                        reason="Ny bedömning efter T1")
    assert rows(ic.risk) == [("+", "ks_editor", ""), ("~", "ks_controller", "Ny bedömning efter T1")]
    latest = ic.risk.history.latest()
    assert (latest.inherent_likelihood, latest.inherent_score) == (2, 8)


def test_the_matrix_version_records_when_it_came_into_use(ic):
    assert rows(ic.version) == [("+", "admin", ""), ("~", "ks_editor", "Första risken bedömd i versionen")]


def test_occasions_and_their_deletions_are_in_the_history(ic, city):
    created = ControlOccasion.history.filter(control_id=ic.control.pk, history_type="+")
    assert [(h.due, h.history_user.username) for h in created.order_by("due")] == [
        (dt.date(2024, 4, 30), "ks_editor"), (dt.date(2024, 8, 31), "ks_editor"), (dt.date(2024, 12, 31), "ks_editor")]
    actions.regenerate_occasions(ic.control, "once", dt.date(2024, 1, 1), acting_user=city.users.ks_controller)
    deleted = ControlOccasion.history.filter(control_id=ic.control.pk, history_type="-")
    assert sorted((h.due, h.history_user.username) for h in deleted) == [
        (dt.date(2024, 4, 30), "ks_controller"), (dt.date(2024, 8, 31), "ks_controller"),
        (dt.date(2024, 12, 31), "ks_controller")]
    assert list(ic.control.occasions.values_list("due", flat=True)) == [dt.date(2024, 1, 1)]


def test_no_op_saves_record_nothing(ic, city):
    editor = city.users.ks_editor
    result = actions.record_result(ic.control.occasions.first(), acting_user=editor, outcome="deviation",
                                   finding="Brist i uppföljningen")
    deviation = actions.open_deviation(result, acting_user=editor, finding="Brist", responsible="Chef")
    system = actions.create_control_system(city.ks, 2024, acting_user=editor, organisation="Org")
    counts = [ic.risk.history.count(), ic.control.history.count(), result.history.count(),
              deviation.history.count(), system.history.count(), ic.analysis.history.count()]

    assert actions.update_risk(ic.risk, acting_user=editor, inherent_likelihood=3, title=ic.risk.title) is False
    assert actions.update_control(ic.control, acting_user=editor, responsible="Avdelningschef trygghet") is False
    again = actions.record_result(ic.control.occasions.first(), acting_user=city.users.ks_controller,
                                  outcome="deviation", finding="Brist i uppföljningen")
    assert actions.update_deviation(deviation, acting_user=editor, responsible="Chef") is False
    assert actions.update_control_system(system, acting_user=editor, organisation="Org") is False
    assert actions.update_risk_analysis(ic.analysis, acting_user=editor, title=ic.analysis.title) is False

    assert again.entered_by == editor
    assert [ic.risk.history.count(), ic.control.history.count(), result.history.count(),
            deviation.history.count(), system.history.count(), ic.analysis.history.count()] == counts


def test_a_deleted_risk_leaves_a_deletion_row_with_the_user(ic, city):
    spare = actions.create_risk(ic.analysis, acting_user=city.users.ks_editor, title="Tillfällig",
                                category="other", inherent_likelihood=1, inherent_consequence=1)
    pk = spare.pk
    actions.delete_risk(spare, acting_user=city.users.ks_controller, reason="Dubblett")
    last = Risk.history.filter(id=pk).latest()
    assert (last.history_type, last.history_user.username, last.history_change_reason) == (
        "-", "ks_controller", "Dubblett")


def test_the_history_page_shows_a_risks_changes_to_its_board_and_ks_controllers_only(client, ic, city):
    from django.urls import reverse

    actions.update_risk(ic.risk, acting_user=city.users.ks_controller, inherent_likelihood=2,
                        reason="Ny bedömning efter T1")
    url = reverse("core:history", args=["risk", ic.risk.pk])
    client.force_login(city.users.ks_reader)
    response = client.get(url)
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(e.kind_label, e.user, e.reason) for e in entries] == [
        ("ändrad", "ks_controller", "Ny bedömning efter T1"), ("skapad", "ks_editor", "")]
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("Sannolikhet", "3", "2"), ("Riskvärde", "12", "8")]
    client.force_login(city.users.utb_editor)
    assert client.get(url).status_code == 404


def test_the_admin_shows_risks_read_only(client, ic, django_user_model):
    from django.urls import reverse

    admin_client = client
    admin_client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    response = admin_client.get(reverse("admin:control_risk_changelist"))
    assert response.status_code == 200
    assert "Bristande samordning av trygghetsarbetet" in response.content.decode()
    assert admin_client.get(reverse("admin:control_risk_add")).status_code == 403
