"""Shared pieces of the planning edit-view tests: every editing endpoint with a valid request,
plan states, a snapshot of the plan's rows to tell whether anything changed, and a fast password
hasher (the ``city`` fixture creates seven users)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pytest
from django.urls import reverse

from verksam.planning.models import Activity, Goal, GoalLevel, Indicator, Plan, PlanStatus, Target

LOCKED_MESSAGE = "Planen är beslutad och kan inte ändras."


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash test passwords with a fast hasher (import this fixture into a test module)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def set_status(plan: Plan, status: str) -> None:
    """Put ``plan`` in ``status`` directly in the database (test set-up, bypasses the actions)."""
    fields = {"status": status}
    if status == PlanStatus.DECIDED:
        fields.update(decided_on=dt.date(2024, 1, 24), decided_by=plan.unit,
                      decision_reference="KS 2023/1237", decision_point="1")
    Plan.objects.filter(pk=plan.pk).update(**fields)
    plan.refresh_from_db()


def db_state(plan: Plan) -> tuple:
    """Everything an edit of ``plan`` could change: its status and version, and the ids and
    versions of its goals, activities, indicators and targets."""
    rows = [list(Plan.objects.filter(pk=plan.pk).values_list("status", "lock_version"))]
    for model in (Goal, Activity, Indicator, Target):
        rows.append(list(model.objects.filter(plan=plan).order_by("pk").values_list("pk", "lock_version")))
    return tuple(map(tuple, rows))


def empty_goal(city) -> Goal:
    """A nämndmål with nothing under it, so it can be deleted."""
    return Goal.objects.create(plan=city.ks_plan, parent=city.area_3_5, level=GoalLevel.BOARD, code="3.5.9",
                               title="Mål utan innehåll", owner_unit=city.ks)


def indicator_without_target(city) -> Indicator:
    """An indicator of the KS plan that has no årsmål yet."""
    return Indicator.objects.create(plan=city.ks_plan, goal=city.board_goal_1, name="Antal trygghetsvandringar",
                                    unit_of_measure="antal", responsible_unit=city.ks)


def goal_data(city, **overrides) -> dict:
    data = {"level": "board", "code": "3.5.2", "title": "Kommunstyrelsen minskar sjukfrånvaron",
            "description": "", "parent": city.area_3_5.pk}
    data.update(overrides)
    return data


def activity_data(city, **overrides) -> dict:
    data = {"goal": city.board_goal_1.pk, "title": "Utbilda chefer i trygghetsarbete", "description": "",
            "owner_unit": city.slk.pk, "start": "2024-02-01", "end": "2024-11-30", "status": "planned",
            "origin": "own"}
    data.update(overrides)
    return data


def indicator_data(city, **overrides) -> dict:
    data = {"goal": city.board_goal_2.pk, "name": "Andel medarbetare som arbetar heltid", "description": "",
            "unit_of_measure": "%", "direction": "higher", "periodicity": "yearly", "source": "",
            "kolada_kpi": "", "responsible_unit": city.ks.pk, "tolerance_kind": "relative", "tolerance": "10"}
    data.update(overrides)
    return data


def target_data(target: Target, **overrides) -> dict:
    data = {"value": "4,2", "value_women": "", "value_men": "", "baseline": "",
            "decision_reference": "KS 2023/1237, punkt 1", "lock_version": target.lock_version}
    data.update(overrides)
    return data


@dataclass(frozen=True)
class Endpoint:
    """An editing endpoint: the plan status it needs and a valid POST (url, data) for the city."""

    name: str
    status: str
    request: Callable


ENDPOINTS = {
    "create goal": Endpoint("create goal", PlanStatus.DRAFT, lambda c: (
        reverse("planning:goal_create", args=[c.ks_plan.pk]), goal_data(c))),
    "edit goal": Endpoint("edit goal", PlanStatus.DRAFT, lambda c: (
        reverse("planning:goal_edit", args=[c.board_goal_1.pk]),
        goal_data(c, code="1.1.1", title="Kommunstyrelsen samordnar trygghetsarbetet", parent=c.area_1_1.pk,
                  lock_version=0))),
    "delete goal": Endpoint("delete goal", PlanStatus.DRAFT, lambda c: (
        reverse("planning:goal_delete", args=[empty_goal(c).pk]), {})),
    "create activity": Endpoint("create activity", PlanStatus.DRAFT, lambda c: (
        reverse("planning:activity_create", args=[c.ks_plan.pk]), activity_data(c))),
    "edit activity": Endpoint("edit activity", PlanStatus.DRAFT, lambda c: (
        reverse("planning:activity_edit", args=[c.activity.pk]),
        activity_data(c, title="Leda stadens trygghetssatsning 2024", status="ongoing", lock_version=0))),
    "delete activity": Endpoint("delete activity", PlanStatus.DRAFT, lambda c: (
        reverse("planning:activity_delete", args=[c.activity.pk]), {})),
    "create indicator": Endpoint("create indicator", PlanStatus.DRAFT, lambda c: (
        reverse("planning:indicator_create", args=[c.ks_plan.pk]), indicator_data(c))),
    "edit indicator": Endpoint("edit indicator", PlanStatus.DRAFT, lambda c: (
        reverse("planning:indicator_edit", args=[c.sick_leave.pk]),
        indicator_data(c, name="Sjukfrånvaro bland medarbetarna", direction="lower", by_sex="on",
                       kolada_kpi="N00090", lock_version=0))),
    "delete indicator": Endpoint("delete indicator", PlanStatus.DRAFT, lambda c: (
        reverse("planning:indicator_delete", args=[c.safety.pk]), {})),
    "set target": Endpoint("set target", PlanStatus.DRAFT, lambda c: (
        reverse("planning:target_edit", args=[c.sick_target.pk]), target_data(c.sick_target))),
    "create target": Endpoint("create target", PlanStatus.DRAFT, lambda c: (
        reverse("planning:target_create", args=[indicator_without_target(c).pk]),
        {"value": "12", "baseline": "8", "decision_reference": "KS 2023/1237, punkt 1"})),
    "submit": Endpoint("submit", PlanStatus.DRAFT, lambda c: (
        reverse("planning:plan_submit", args=[c.ks_plan.pk]), {})),
    "return to draft": Endpoint("return to draft", PlanStatus.SUBMITTED, lambda c: (
        reverse("planning:plan_return_to_draft", args=[c.ks_plan.pk]), {"reason": "Kompletteras"})),
    "decide": Endpoint("decide", PlanStatus.SUBMITTED, lambda c: (
        reverse("planning:plan_decide", args=[c.ks_plan.pk]),
        {"decided_on": "2024-01-24", "decided_by": c.ks.pk, "decision_reference": "KS 2023/1237",
         "decision_point": "1"})),
    "revise target": Endpoint("revise target", PlanStatus.DECIDED, lambda c: (
        reverse("planning:target_edit", args=[c.sick_target.pk]),
        target_data(c.sick_target, decision_reference="KS 2024/812, punkt 3", reason="Avstämning T2"))),
}
