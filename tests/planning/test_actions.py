"""Planning actions: the domain rules with real values, independent of views."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError, PlanLockedError
from verksam.planning import actions
from verksam.planning.models import Goal, GoalLevel, PlanStatus, Target


def _decide(city):
    actions.submit_plan(city.ks_plan, acting_user=city.users.ks_editor)
    actions.decide_plan(city.ks_plan, decided_on=dt.date(2024, 1, 17), decided_by=city.ks,
                        decision_reference="KS 2023/1237", decision_point="1",
                        acting_user=city.users.ks_controller)
    city.ks_plan.refresh_from_db()


@pytest.mark.django_db
def test_it_records_who_changed_a_target_and_both_values(city):
    actions.set_target(city.sick_leave, value=Decimal("4.2"), acting_user=city.users.ks_editor)
    target = Target.objects.get(pk=city.sick_target.pk)
    assert target.value == Decimal("4.2000")
    latest, previous = target.history.all()[:2]
    assert latest.history_user == city.users.ks_editor
    assert (previous.value, latest.value) == (Decimal("4.5000"), Decimal("4.2000"))
    assert [c.field for c in latest.diff_against(previous).changes] == ["value"]


@pytest.mark.django_db
def test_a_save_that_changes_nothing_records_nothing(city):
    before = city.sick_target.history.count()
    actions.set_target(city.sick_leave, value=Decimal("4.5"), acting_user=city.users.ks_editor)
    assert city.sick_target.history.count() == before
    changed = actions.update_goal(city.board_goal_1, title=city.board_goal_1.title, acting_user=city.users.ks_editor)
    assert changed is False


@pytest.mark.django_db
def test_it_refuses_an_editor_of_another_board(city):
    with pytest.raises(NotAllowedError) as err:
        actions.set_target(city.sick_leave, value=Decimal("1"), acting_user=city.users.utb_editor)
    assert "Kommunstyrelsen" in str(err.value)
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.5")


@pytest.mark.django_db
def test_readers_and_politicians_cannot_edit(city):
    for user in (city.users.ks_reader, city.users.ks_politician, city.users.nobody):
        with pytest.raises(NotAllowedError):
            actions.create_goal(city.ks_plan, level=GoalLevel.BOARD, title="X", acting_user=user)
    assert not Goal.objects.filter(title="X").exists()


@pytest.mark.django_db
def test_an_administrator_of_the_council_may_edit_every_board(city):
    goal = actions.create_goal(city.ks_plan, level=GoalLevel.BOARD, code="2.1.1", title="Klimatmål",
                               parent=city.directions[1], acting_user=city.users.admin)
    assert goal.owner_unit == city.ks and goal.history.first().history_user == city.users.admin


@pytest.mark.django_db
def test_a_decided_plan_refuses_every_change(city):
    _decide(city)
    assert city.ks_plan.status == PlanStatus.DECIDED
    with pytest.raises(PlanLockedError, match="beslutad"):
        actions.update_goal(city.board_goal_1, title="Ny titel", acting_user=city.users.ks_controller)
    with pytest.raises(PlanLockedError):
        actions.create_activity(city.ks_plan, title="Ny", acting_user=city.users.admin)
    with pytest.raises(PlanLockedError):
        actions.delete_activity(city.activity, acting_user=city.users.admin)
    with pytest.raises(PlanLockedError):  # the model itself refuses too, e.g. from a shell
        city.board_goal_1.title = "Direkt"
        city.board_goal_1.save()
    assert Goal.objects.get(pk=city.board_goal_1.pk).title == "Kommunstyrelsen leder stadens trygghetsarbete"


@pytest.mark.django_db
def test_a_decided_target_changes_only_with_a_new_decision(city):
    _decide(city)
    with pytest.raises(NotAllowedError):
        actions.set_target(city.sick_leave, value=Decimal("4.0"), decision_reference="KS 2024/500",
                           acting_user=city.users.ks_editor)
    with pytest.raises(DomainError) as err:
        actions.set_target(city.sick_leave, value=Decimal("4.0"), acting_user=city.users.ks_controller)
    assert err.value.field == "decision_reference"
    actions.set_target(city.sick_leave, value=Decimal("4.0"), decision_reference="KS 2024/500, punkt 3",
                       reason="Avstämning av mål och budget", acting_user=city.users.ks_controller)
    target = Target.objects.get(pk=city.sick_target.pk)
    assert (target.value, target.decision_reference) == (Decimal("4.0000"), "KS 2024/500, punkt 3")
    history = list(target.history.all()[:2])
    assert [h.decision_reference for h in history] == ["KS 2024/500, punkt 3", "KS 2023/1237, punkt 1"]
    assert history[0].history_change_reason == "Avstämning av mål och budget"


@pytest.mark.django_db
def test_a_stale_form_does_not_overwrite_a_newer_save(city):
    loaded_version = city.board_goal_1.lock_version
    actions.update_goal(city.board_goal_1, title="Först", expected_version=loaded_version,
                        acting_user=city.users.ks_editor)
    stale = Goal.objects.get(pk=city.board_goal_1.pk)
    with pytest.raises(ConcurrentEditError):
        actions.update_goal(stale, title="Sedan", expected_version=loaded_version,
                            acting_user=city.users.ks_controller)
    assert Goal.objects.get(pk=city.board_goal_1.pk).title == "Först"


@pytest.mark.django_db
def test_goal_levels_follow_the_chain(city):
    with pytest.raises(DomainError) as err:
        actions.create_goal(city.ks_plan, level=GoalLevel.AREA, title="Fel", parent=city.board_goal_1,
                            acting_user=city.users.ks_editor)
    assert err.value.field == "parent"
    assert "verksamhetsområdesmål" in str(err.value.message)


@pytest.mark.django_db
def test_an_activity_cannot_end_before_it_starts(city):
    with pytest.raises(DomainError) as err:
        actions.create_activity(city.ks_plan, title="Baklänges", start=dt.date(2024, 5, 1),
                                end=dt.date(2024, 4, 30), acting_user=city.users.ks_editor)
    assert err.value.field == "end"


@pytest.mark.django_db
def test_a_plan_is_decided_only_after_submission_and_not_in_the_future(city):
    with pytest.raises(DomainError, match="inskickad"):
        actions.decide_plan(city.ks_plan, decided_on=dt.date(2024, 1, 17), decided_by=city.ks,
                            decision_reference="KS 2023/1237", acting_user=city.users.ks_controller)
    actions.submit_plan(city.ks_plan, acting_user=city.users.ks_editor)
    with pytest.raises(NotAllowedError):
        actions.decide_plan(city.ks_plan, decided_on=dt.date(2024, 1, 17), decided_by=city.ks,
                            decision_reference="KS 2023/1237", acting_user=city.users.ks_editor)
    with pytest.raises(DomainError) as err:
        actions.decide_plan(city.ks_plan, decided_on=dt.date.today() + dt.timedelta(days=1), decided_by=city.ks,
                            decision_reference="KS 2023/1237", acting_user=city.users.ks_controller)
    assert err.value.field == "decided_on"


@pytest.mark.django_db
def test_units_keep_a_materialised_path(city):
    assert city.slk.path == f"{city.kf.pk}/{city.ks.pk}/{city.slk.pk}/"
    assert city.slk.depth == 2
    assert list(city.slk.ancestors()) == [city.kf, city.ks]
    assert set(city.kf.descendants()) == {city.ks, city.slk, city.utn, city.utf}


@pytest.mark.django_db
def test_an_activity_status_is_follow_up_and_changes_in_a_decided_plan(city):
    from verksam.planning.models import Activity

    _decide(city)
    with pytest.raises(NotAllowedError):
        actions.set_activity_status(city.activity, "done", acting_user=city.users.ks_reader)
    assert actions.set_activity_status(city.activity, "done", acting_user=city.users.ks_editor) is True
    activity = Activity.objects.get(pk=city.activity.pk)
    assert (activity.status, activity.title) == ("done", "Leda stadens trygghetssatsning")
    assert actions.set_activity_status(activity, "done", acting_user=city.users.ks_editor) is False
    with pytest.raises(DomainError) as err:
        actions.set_activity_status(activity, "klar", acting_user=city.users.ks_editor)
    assert err.value.field == "status"
    with pytest.raises(PlanLockedError):
        actions.update_activity(activity, title="Ändrad", acting_user=city.users.ks_controller)


@pytest.mark.django_db
def test_ks_controllers_read_every_boards_drafts_but_edit_only_their_own(city):
    from verksam.core import permissions as perms
    from verksam.planning.models import Plan, PlanKind
    from verksam.planning.queries import visible_plans

    utn_plan = Plan.objects.create(unit=city.utn, year=2024, kind=PlanKind.OPERATIONAL_PLAN,
                                   title="Verksamhetsplan 2024 för utbildningsnämnden")
    assert utn_plan in visible_plans(city.users.ks_controller)
    assert utn_plan not in visible_plans(city.users.ks_editor)
    assert utn_plan not in visible_plans(city.users.ks_reader)
    assert not perms.has_perm(city.users.ks_controller, perms.EDIT_PLAN, city.utn)
    with pytest.raises(NotAllowedError):
        actions.create_goal(utn_plan, level=GoalLevel.BOARD, title="Nej", acting_user=city.users.ks_controller)


@pytest.mark.django_db
def test_a_value_too_large_to_store_exactly_is_refused_at_the_field(city):
    from verksam.planning.models import Indicator

    # kronor have no plausibility limit (planning.plausibility), so only the storage limit applies
    costs = Indicator.objects.create(plan=city.ks_plan, name="Kostnad", unit_of_measure="kr", responsible_unit=city.ks)
    with pytest.raises(DomainError) as err:
        actions.set_target(costs, value=Decimal("99999999999999.9999"), acting_user=city.users.ks_editor)
    assert err.value.field == "value"
    assert "för stort (högst 99\u00a0999\u00a0999\u00a0999)" in err.value.message
    target = actions.set_target(costs, value=Decimal("99999999999.9999"), acting_user=city.users.ks_editor)
    assert Target.objects.get(pk=target.pk).value == Decimal("99999999999.9999")


@pytest.mark.django_db
def test_a_superuser_sees_every_draft(city, django_user_model):
    from verksam.planning.queries import visible_plans

    root = django_user_model.objects.create_superuser("root", "root@example.se", "x")
    assert city.ks_plan in visible_plans(root)
