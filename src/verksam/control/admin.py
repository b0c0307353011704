"""Django admin for internal control: every model viewable with its history
(django-simple-history), nothing editable — changes go through ``verksam.control.actions`` so
the score, treatment, recurrence, lock and approval rules hold."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from verksam.control.models import (
    Control, ControlOccasion, ControlPlan, ControlResult, ControlSystem, Deviation, Risk, RiskAnalysis,
    RiskMatrix, RiskMatrixVersion,
)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """List, view and history; no add, change or delete."""

    def has_add_permission(self, request, obj=None):
        """Never: use the actions."""
        return False

    def has_change_permission(self, request, obj=None):
        """Never: use the actions."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Never: use the actions."""
        return False


@admin.register(RiskMatrix)
class RiskMatrixAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "unit"]


@admin.register(RiskMatrixVersion)
class RiskMatrixVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["matrix", "number", "size_label", "in_use"]


@admin.register(ControlSystem)
class ControlSystemAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "year", "version", "status", "approved_at"]
    list_filter = ["year", "status"]


@admin.register(RiskAnalysis)
class RiskAnalysisAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "year", "matrix"]
    list_filter = ["year"]


@admin.register(Risk)
class RiskAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "analysis", "category", "inherent_score", "residual_score", "treatment"]
    list_filter = ["category", "treatment"]
    search_fields = ["title"]


@admin.register(ControlPlan)
class ControlPlanAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "year", "title"]
    list_filter = ["year"]


@admin.register(Control)
class ControlAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "control_plan", "method", "frequency", "responsible", "reported_in"]
    list_filter = ["method", "frequency", "reported_in"]
    search_fields = ["title", "responsible"]


@admin.register(ControlOccasion)
class ControlOccasionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["control", "due"]


@admin.register(ControlResult)
class ControlResultAdmin(ReadOnlyHistoryAdmin):
    list_display = ["occasion", "outcome", "as_of", "entered_at", "entered_by", "period"]
    list_filter = ["outcome"]


@admin.register(Deviation)
class DeviationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["finding", "responsible", "due", "status", "closed_at"]
    list_filter = ["status"]
