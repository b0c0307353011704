"""Django admin for shared mechanisms: role assignments (rolltilldelningar), with history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from verksam.core.models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    """A user's role on a unit and its subtree."""

    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")
