"""Django admin of follow-up: every model registered (with history where the model keeps it),
list pages open, and records bound by rules (outcomes, period status) cannot be edited there."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from tests.followup.entry_helpers import periods  # noqa: F401
from verksam.followup import actions
from verksam.followup.models import (
    BackgroundTask, GoalAssessment, IndicatorAssessment, Outcome, Period, Report, ReportCorrection, ReportSection,
)

WITH_HISTORY = [Period, Outcome, IndicatorAssessment, GoalAssessment, Report, ReportSection]
WITHOUT_HISTORY = [ReportCorrection, BackgroundTask]


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("superadmin", password="ett-langt-losenord-9")


def test_every_followup_model_is_registered_with_history_where_it_keeps_one():
    for model in WITH_HISTORY:
        assert isinstance(admin.site._registry.get(model), SimpleHistoryAdmin), model.__name__
    for model in WITHOUT_HISTORY:
        assert model in admin.site._registry, model.__name__


@pytest.mark.django_db
def test_list_pages_open_and_an_outcome_is_read_only(client, city, periods, superuser):
    outcome = actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                                    acting_user=city.users.ks_editor)
    client.force_login(superuser)
    for model in WITH_HISTORY + WITHOUT_HISTORY:
        url = reverse(f"admin:followup_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model.__name__
    change = reverse("admin:followup_outcome_change", args=[outcome.pk])
    assert 'name="_save"' not in client.get(change).content.decode()
    assert client.post(change, {"value": "9"}).status_code == 403
    assert client.get(reverse("admin:followup_outcome_history", args=[outcome.pk])).status_code == 200
    assert Outcome.objects.get().value == Decimal("4.8")
    period_page = client.get(reverse("admin:followup_period_change", args=[periods["T1"].pk])).content.decode()
    assert 'name="status"' not in period_page  # the status is set on the periods page only
