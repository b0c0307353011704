"""Django admin for the organisation: municipality, units, parties, persons, memberships — each
with its history (django-simple-history)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from verksam.organisation.models import Membership, Municipality, Party, Person, Unit


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    """Kommun or region (one per install)."""

    list_display = ("name", "code", "is_example")
    search_fields = ("name", "code")


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    """Units of the organisation tree (nämnder, förvaltningar …)."""

    list_display = ("name", "short_name", "kind", "parent", "registry_prefix", "is_example")
    list_filter = ("kind", "is_example", "municipality")
    search_fields = ("name", "short_name", "registry_prefix")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    readonly_fields = ("path",)


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    """Political parties."""

    list_display = ("name", "abbreviation", "municipality")
    search_fields = ("name", "abbreviation")


class MembershipInline(admin.TabularInline):
    """A person's roles in political bodies, edited on the person."""

    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "role", "title", "start", "end")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """Förtroendevalda and officials."""

    list_display = ("name", "party", "is_example")
    list_filter = ("party", "is_example")
    search_fields = ("name",)
    list_select_related = ("party",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """Memberships: ledamot, ersättare, ordförande, borgarråd in a body."""

    list_display = ("person", "role", "title", "unit", "start", "end")
    list_filter = ("role", "unit")
    search_fields = ("person__name", "unit__name", "title")
    autocomplete_fields = ("person", "unit")
    list_select_related = ("person__party", "unit")
