"""Django admin for cases (ärenden): the case with its documents, proposals, attachments and
statements, meetings, and the budget decisions — each with its history.

A decided case is read-only here (the models refuse such saves with ``CaseLockedError``
anyway); status, decision date and decisions are set only through
``verksam.cases.actions.decide_case``, and cases are normally created by the importer.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from verksam.cases.models import (
    Case, CaseAttachment, Decision, Document, Meeting, ProfitCentre, Proposal, Statement, StatementPerson,
    TurnoverChange,
)


def _case_of(obj) -> Case | None:
    if obj is None:
        return None
    if isinstance(obj, Case):
        return obj
    if isinstance(obj, Statement):
        return obj.case
    return getattr(obj, "case", None)


class _LockedInline(admin.TabularInline):
    """An inline that is read-only once the case is decided."""

    extra = 0

    def _locked(self, obj) -> bool:
        return obj is not None and obj.is_decided

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class DocumentInline(_LockedInline):
    model = Document
    fields = ("order", "kind", "title", "author", "date", "reference")


class ProposalInline(_LockedInline):
    model = Proposal
    fields = ("number", "text", "amount_sek")


class AttachmentInline(_LockedInline):
    model = CaseAttachment
    fields = ("number", "title", "reference")


class StatementInline(_LockedInline):
    model = Statement
    fk_name = "case"
    fields = ("order", "kind", "body_name", "stance", "same_as")
    show_change_link = True


class DecisionInline(admin.TabularInline):
    """Decisions are recorded by ``decide_case`` only."""

    model = Decision
    extra = 0
    fields = ("point_number", "body_name", "decided_on", "outcome", "plan", "is_example")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DecidedCaseReadOnlyAdmin(SimpleHistoryAdmin):
    """No change or delete for objects of a decided case (still viewable)."""

    def _locked(self, obj) -> bool:
        case = _case_of(obj)
        return case is not None and case.pk is not None and case.is_decided

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Case)
class CaseAdmin(DecidedCaseReadOnlyAdmin):
    """Ärenden with their documents, förslag till beslut, bilagor, yttranden and beslut."""

    list_display = ("reference", "title", "kind", "status", "date", "decided_on", "responsible_unit", "is_example")
    list_filter = ("status", "kind", "is_example")
    search_fields = ("reference", "title")
    list_select_related = ("responsible_unit",)
    autocomplete_fields = ("responsible_unit", "prepared_by_unit", "rapporteur", "plan")
    readonly_fields = ("status", "decided_on", "source_filename")
    exclude = ("source_text",)
    inlines = [DocumentInline, ProposalInline, AttachmentInline, StatementInline, DecisionInline]


class StatementPersonInline(_LockedInline):
    model = StatementPerson
    fields = ("order", "person", "party_abbreviation", "party")
    autocomplete_fields = ("person",)

    def _locked(self, obj) -> bool:
        return obj is not None and obj.case.is_decided


@admin.register(Statement)
class StatementAdmin(DecidedCaseReadOnlyAdmin):
    """Reservationer, särskilda uttalanden och ersättaryttranden."""

    list_display = ("case", "order", "kind", "body_name", "stance")
    list_filter = ("kind", "stance")
    list_select_related = ("case",)
    search_fields = ("case__reference", "text")
    fields = ("case", "order", "kind", "body", "body_name", "stance", "same_as", "text")
    readonly_fields = ("case",)
    inlines = [StatementPersonInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """Sammanträden."""

    list_display = ("body_name", "date", "is_example")
    list_filter = ("is_example",)


@admin.register(ProfitCentre)
class ProfitCentreAdmin(SimpleHistoryAdmin):
    """Resultatenheter (set by decisions)."""

    list_display = ("name", "unit", "year", "decision")
    readonly_fields = ("unit", "year", "name", "decision")


@admin.register(TurnoverChange)
class TurnoverChangeAdmin(SimpleHistoryAdmin):
    """Omslutningsförändringar (set by decisions)."""

    list_display = ("unit", "year", "amount_sek", "decision")
    readonly_fields = ("unit", "year", "amount_sek", "decision")
