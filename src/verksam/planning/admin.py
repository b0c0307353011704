"""Django admin for planning: plans, attachments, goals, activities, assignments, indicators and
årsmål — each with its history (django-simple-history).

Objects of a decided plan (beslutad) are read-only here: no change, no delete (the models
refuse such saves with ``PlanLockedError`` anyway). A plan's status and decision are set only
through ``verksam.planning.actions`` (submit, decide), so they are read-only in the admin too.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from verksam.planning.models import (
    Activity, Assignment, Goal, Indicator, Plan, PlanAttachment, Target,
)


def plan_of(obj) -> Plan | None:
    """The plan ``obj`` belongs to (``obj`` itself for a plan; None for None)."""
    if obj is None:
        return None
    return obj if isinstance(obj, Plan) else obj.plan


class DecidedPlanReadOnlyAdmin(SimpleHistoryAdmin):
    """Refuses change and delete for objects whose plan is decided (the list and the object stay
    viewable)."""

    def _locked(self, obj) -> bool:
        plan = plan_of(obj)
        return plan is not None and plan.pk is not None and plan.is_decided

    def has_change_permission(self, request, obj=None):
        """False for an object of a decided plan."""
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """False for an object of a decided plan."""
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class PlanContentAdmin(DecidedPlanReadOnlyAdmin):
    """Common settings for content of a plan."""

    list_select_related = ("plan",)
    autocomplete_fields = ("plan",)


class AttachmentInline(admin.TabularInline):
    """Bilagor edited on the plan."""

    model = PlanAttachment
    extra = 0
    fields = ("number", "title", "reference")

    def has_add_permission(self, request, obj=None):
        return not (obj is not None and obj.is_decided) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and obj.is_decided) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.is_decided) and super().has_delete_permission(request, obj)


@admin.register(Plan)
class PlanAdmin(DecidedPlanReadOnlyAdmin):
    """Plans per unit and year: KF budget, verksamhetsplan."""

    list_display = ("title", "unit", "year", "kind", "status", "reference", "decided_on", "is_example")
    list_filter = ("status", "kind", "year", "is_example")
    search_fields = ("title", "reference", "decision_reference", "unit__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)
    readonly_fields = ("status", "decided_on", "decided_by", "decision_reference", "decision_point")
    inlines = [AttachmentInline]


@admin.register(PlanAttachment)
class PlanAttachmentAdmin(PlanContentAdmin):
    """Bilagor 1–7 of a plan."""

    list_display = ("number", "title", "reference", "plan")
    list_filter = ("plan__year",)
    search_fields = ("title", "reference", "plan__title")


@admin.register(Goal)
class GoalAdmin(PlanContentAdmin):
    """Goals at every level (inriktningsmål … enhetsmål)."""

    list_display = ("code", "title", "level", "plan", "owner_unit", "is_example")
    list_filter = ("level", "plan__year", "plan__status", "is_example")
    search_fields = ("code", "title", "plan__title")
    autocomplete_fields = ("plan", "parent", "owner_unit")
    list_select_related = ("plan", "owner_unit")


@admin.register(Activity)
class ActivityAdmin(PlanContentAdmin):
    """Activities (aktiviteter) of a plan."""

    list_display = ("title", "plan", "goal", "owner_unit", "status", "origin", "start", "end", "is_example")
    list_filter = ("status", "origin", "plan__year", "is_example")
    search_fields = ("title", "description", "plan__title")
    autocomplete_fields = ("plan", "goal", "owner_unit")
    list_select_related = ("plan", "goal", "owner_unit")


@admin.register(Assignment)
class AssignmentAdmin(PlanContentAdmin):
    """KF assignments (uppdrag)."""

    list_display = ("title", "plan", "responsible_unit", "due", "is_example")
    list_filter = ("plan__year", "is_example")
    search_fields = ("title", "description")
    autocomplete_fields = ("plan", "goal", "responsible_unit")
    list_select_related = ("plan", "responsible_unit")


@admin.register(Indicator)
class IndicatorAdmin(PlanContentAdmin):
    """Indicators (indikatorer), optionally bound to a Kolada KPI."""

    list_display = ("name", "plan", "goal", "unit_of_measure", "direction", "by_sex", "kolada_kpi", "is_example")
    list_filter = ("direction", "by_sex", "periodicity", "origin", "plan__year", "is_example")
    search_fields = ("name", "kolada_kpi", "source")
    autocomplete_fields = ("plan", "goal", "responsible_unit")
    list_select_related = ("plan", "goal")


@admin.register(Target)
class TargetAdmin(PlanContentAdmin):
    """Årsmål per indicator, unit and year."""

    list_display = ("indicator", "unit", "year", "value", "value_women", "value_men", "baseline",
                    "decision_reference", "is_example")
    list_filter = ("year", "is_example")
    search_fields = ("indicator__name", "decision_reference")
    autocomplete_fields = ("plan", "indicator", "unit")
    list_select_related = ("plan", "indicator", "unit")
