"""Django admin for follow-up: periods (with deadlines), outcomes, assessments, reports and
background tasks — each model with history has it shown (django-simple-history).

Records with rules attached are read-only here, because the rules live in the actions and the
admin would bypass them: outcomes (``enter_outcome``: permissions, locked periods, by-sex
totals, dates), assessments and reports (approval, frozen snapshots), and a period's status
and deadlines (``set_period_status``, ``actions_periods.set_deadlines``). The admin is for looking things up and their history.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from verksam.followup.models import (
    BackgroundTask, GoalAssessment, IndicatorAssessment, Outcome, Period, PeriodDeadline, Report,
    ReportCorrection, ReportSection,
)


class ReadOnlyMixin:
    """No add, change or delete — view and history only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeadlineInline(ReadOnlyMixin, admin.TabularInline):
    """Sista dag per kind of unit (set on the periods page, where the lowest-level-first rule
    is checked)."""

    model = PeriodDeadline
    extra = 0
    fields = ("unit_kind", "due")


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    """Follow-up periods T1, T2, VB per year; the status is set on the periods page."""

    list_display = ("__str__", "year", "kind", "as_of", "status", "municipality")
    list_filter = ("year", "kind", "status")
    readonly_fields = ("status",)
    inlines = [DeadlineInline]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Outcomes (utfall); entered on the entry page, by import or by the Kolada sync."""

    list_display = ("indicator", "unit", "period", "value", "value_women", "value_men", "forecast", "source",
                    "as_of", "entered_by", "is_example")
    list_filter = ("period__year", "period__kind", "source", "is_example")
    search_fields = ("indicator__name", "unit__name", "comment")
    list_select_related = ("indicator", "unit", "period", "entered_by")


@admin.register(IndicatorAssessment)
class IndicatorAssessmentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Indicator verdicts (årsmålet uppnås helt / delvis / ej)."""

    list_display = ("indicator", "unit", "period", "proposed", "verdict", "based_on_forecast")
    list_filter = ("period__year", "period__kind", "verdict")
    search_fields = ("indicator__name", "unit__name")
    list_select_related = ("indicator", "unit", "period")


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Goal assessments (uppfyllt helt / delvis / ej) with the rule and proposal."""

    list_display = ("goal", "unit", "period", "rule_id", "proposed", "verdict", "approved_by", "approved_at",
                    "is_example")
    list_filter = ("period__year", "period__kind", "verdict", "rule_id", "is_example")
    search_fields = ("goal__title", "goal__code", "unit__name")
    list_select_related = ("goal", "unit", "period", "approved_by")


class SectionInline(ReadOnlyMixin, admin.TabularInline):
    """A report's sections per unit."""

    model = ReportSection
    extra = 0
    fields = ("unit", "is_ready")


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Tertialrapporter and verksamhetsberättelser; approved ones are frozen snapshots."""

    list_display = ("__str__", "unit", "period", "plan", "status", "approved_by", "approved_at", "is_example")
    list_filter = ("period__year", "period__kind", "status", "is_example")
    search_fields = ("unit__name", "summary")
    list_select_related = ("unit", "period", "plan", "approved_by")
    exclude = ("pdf", "docx")
    inlines = [SectionInline]


@admin.register(ReportSection)
class ReportSectionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """One unit's section of a report."""

    list_display = ("report", "unit", "is_ready")
    list_select_related = ("report__unit", "report__period", "unit")


@admin.register(ReportCorrection)
class ReportCorrectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Corrections recorded after a report was approved."""

    list_display = ("report", "reason", "created_at", "created_by")
    list_select_related = ("report__unit", "report__period", "created_by")


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Long work with its progress (report generation, imports, Kolada sync)."""

    list_display = ("kind", "status", "progress", "total", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
