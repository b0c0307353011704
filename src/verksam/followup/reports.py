"""Report actions (rapporter): tertialrapport 1/2 and verksamhetsberättelse per unit.

The workflow: ``create_report`` builds a Report for a unit and period with one ReportSection
per unit beneath it that takes part (the unit itself and every sub-unit with a plan for the year,
outcomes or goal assessments in the period); editors write the texts (``edit_report``,
``edit_section``) and mark sections ready (``mark_section_ready``), then the report
(``mark_report_ready``); a controller approves it (``approve_report``), which freezes it: the
whole report as data (``verksam.followup.report_data.report_data``) is stored as the snapshot
and the PDF and DOCX are rendered from that snapshot. An approved report never changes (DESIGN
"Dates": frozen reports do not change): every edit raises ``ReportApprovedError``; a later
correction is recorded with ``correct_report`` (a ReportCorrection with its reason) and the
snapshot stays as it was.

Permissions (``verksam.core.permissions``): creating, editing and marking ready need
``enter_outcomes`` on the unit (a section: on the section's unit); approving and correcting
need ``approve_followup`` on the report's unit. Every change is audited with the acting user
(``save_audited``). Errors: ``NotAllowedError``, ``ReportApprovedError``,
``ConcurrentEditError``, ``DomainError`` with ``field`` — Swedish messages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.core import permissions as perms
from verksam.core.audit import check_version, save_audited
from verksam.core.errors import DomainError
from verksam.followup.models import (
    GoalAssessment, Outcome, Period, Report, ReportCorrection, ReportSection, ReportStatus,
)
from verksam.followup.report_data import datetime_text, report_data, user_name
from verksam.followup.report_output import render_report_docx, render_report_pdf
from verksam.organisation.models import Unit
from verksam.planning.models import Plan, PlanKind

Progress = Callable[[int, int, str], None]
"""A progress callback: (done steps, total steps, Swedish message)."""

APPROVAL_STEPS = 4


class ReportApprovedError(DomainError):
    """The report is approved and frozen: it cannot change; record a correction instead."""

    default_message = gettext_lazy(
        "Rapporten är godkänd och kan inte ändras. En senare ändring registreras som en rättelse med skäl.")


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def require_unfrozen(report: Report) -> None:
    """Raise ``ReportApprovedError`` when ``report`` is approved (frozen)."""
    if report.status == ReportStatus.APPROVED:
        raise ReportApprovedError()


def _locked(report: Report) -> Report:
    """The report re-read with a row lock (inside the caller's transaction)."""
    return Report.objects.select_for_update().get(pk=report.pk)


def report_plan(unit: Unit, year: int) -> Plan:
    """The plan a unit's report for ``year`` follows up: its verksamhetsplan, else its KF-budget.
    Raises ``DomainError`` (field "unit") when the unit has no plan that year."""
    plans = {p.kind: p for p in Plan.objects.filter(unit=unit, year=year)}
    plan = plans.get(PlanKind.OPERATIONAL_PLAN) or plans.get(PlanKind.COUNCIL_BUDGET)
    if plan is None:
        raise DomainError(_("%(unit)s har ingen plan för %(year)s att följa upp.") % {"unit": unit.name, "year": year},
                          field="unit")
    return plan


def report_units(unit: Unit, period: Period) -> list[Unit]:
    """The units that get a section in ``unit``'s report for ``period``: the unit itself first,
    then (in tree order) every unit beneath it with a plan for the year, outcomes or goal
    assessments in the period. Four queries."""
    below = list(unit.descendants())
    ids = [u.pk for u in below]
    taking_part = set(Plan.objects.filter(unit_id__in=ids, year=period.year).values_list("unit_id", flat=True))
    taking_part |= set(Outcome.objects.filter(unit_id__in=ids, period=period).values_list("unit_id", flat=True))
    taking_part |= set(GoalAssessment.objects.filter(unit_id__in=ids, period=period)
                       .values_list("unit_id", flat=True))
    return [unit] + [u for u in below if u.pk in taking_part]


@transaction.atomic
def create_report(unit: Unit, period: Period, *, acting_user, progress: Progress | None = None,
                  is_example: bool | None = None) -> Report:
    """Create the report of ``unit`` for ``period`` with a section per unit taking part
    (``report_units``) and return it.

    Running it again for an existing draft adds the sections of units that have started taking
    part since (a ready report with a new, unfinished section becomes a draft again) and changes
    nothing else. Raises ``NotAllowedError`` without ``enter_outcomes`` on ``unit``,
    ``DomainError`` (field "period") for a period of another municipality, (field "unit") for a
    unit without a plan that year, and ``ReportApprovedError`` when the report is already approved.
    ``is_example`` marks a new report as example data (default: the plan's flag).
    """
    progress = progress or _no_progress
    perms.require(acting_user, perms.ENTER_OUTCOMES, unit)
    if period.municipality_id != unit.municipality_id:
        raise DomainError(_("Perioden hör till en annan kommun."), field="period")
    progress(0, 2, _("Hämtar enheter och plan"))
    plan = report_plan(unit, period.year)
    report = Report.objects.select_for_update().filter(unit=unit, period=period).first()
    if report is None:
        report = Report(unit=unit, period=period, plan=plan,
                        is_example=plan.is_example if is_example is None else bool(is_example))
        save_audited(report, acting_user=acting_user, created=True)
    require_unfrozen(report)
    have = set(report.sections.values_list("unit_id", flat=True))
    added = 0
    for section_unit in report_units(unit, period):
        if section_unit.pk not in have:
            save_audited(ReportSection(report=report, unit=section_unit), acting_user=acting_user, created=True)
            added += 1
    if added and report.status == ReportStatus.READY:
        report.status = ReportStatus.DRAFT
        save_audited(report, acting_user=acting_user, reason=_("Nya avsnitt har lagts till."))
    progress(1, 2, _("Rapporten och dess avsnitt är skapade"))
    return report


@transaction.atomic
def edit_report(report: Report, *, summary: str, acting_user, expected_version: int | None = None) -> Report:
    """Change the report's summary (sammanfattning). Needs ``enter_outcomes`` on the report's
    unit; ``ReportApprovedError`` once approved; ``ConcurrentEditError`` for a stale version."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, report.unit)
    stored = _locked(report)
    require_unfrozen(stored)
    check_version(stored, expected_version)
    stored.summary = summary.strip()
    save_audited(stored, acting_user=acting_user)
    return stored


@transaction.atomic
def edit_section(section: ReportSection, *, text: str, acting_user,
                 expected_version: int | None = None) -> ReportSection:
    """Change a section's text. Needs ``enter_outcomes`` on the section's unit;
    ``ReportApprovedError`` once the report is approved; a ready section is edited only after it
    is marked not ready again (``DomainError``, field "text")."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, section.unit)
    require_unfrozen(_locked(section.report))
    check_version(section, expected_version)
    stored = ReportSection.objects.get(pk=section.pk)
    if stored.is_ready and stored.text != text.strip():
        raise DomainError(_("Avsnittet är markerat som klart. Markera det som ej klart för att ändra texten."),
                          field="text")
    stored.text = text.strip()
    save_audited(stored, acting_user=acting_user)
    return stored


@transaction.atomic
def mark_section_ready(section: ReportSection, *, acting_user, ready: bool = True) -> ReportSection:
    """Mark a section ready (klar) or, with ``ready=False``, not ready; a ready report whose
    section is reopened becomes a draft again. Needs ``enter_outcomes`` on the section's unit;
    ``ReportApprovedError`` once the report is approved."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, section.unit)
    report = _locked(section.report)
    require_unfrozen(report)
    stored = ReportSection.objects.get(pk=section.pk)
    stored.is_ready = ready
    save_audited(stored, acting_user=acting_user)
    if not ready and report.status == ReportStatus.READY:
        report.status = ReportStatus.DRAFT
        save_audited(report, acting_user=acting_user, reason=_("Ett avsnitt är inte längre klart."))
    return stored


def _not_ready(report: Report) -> list[str]:
    return [s.unit.name for s in report.sections.select_related("unit").order_by("unit__path") if not s.is_ready]


def _require_sections_ready(report: Report) -> None:
    missing = _not_ready(report)
    if missing:
        raise DomainError(_("Alla avsnitt måste vara klara först. Inte klara: %(units)s.")
                          % {"units": ", ".join(missing)}, field="sections")


@transaction.atomic
def mark_report_ready(report: Report, *, acting_user) -> Report:
    """Draft → ready (klar för godkännande) when every section is ready. Needs
    ``enter_outcomes`` on the report's unit; ``DomainError`` (field "sections") naming the
    units whose sections are not ready; ``ReportApprovedError`` once approved."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, report.unit)
    stored = _locked(report)
    require_unfrozen(stored)
    _require_sections_ready(stored)
    stored.status = ReportStatus.READY
    save_audited(stored, acting_user=acting_user)
    return stored


def check_approvable(report: Report, *, acting_user) -> None:
    """The checks of ``approve_report`` without approving: ``NotAllowedError`` without
    ``approve_followup``, ``ReportApprovedError``, ``DomainError`` (field "sections") naming the
    units whose sections are not ready."""
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, report.unit)
    require_unfrozen(report)
    _require_sections_ready(report)


@transaction.atomic
def approve_report(report: Report, *, acting_user, progress: Progress | None = None) -> Report:
    """Approve and freeze the report.

    Needs ``approve_followup`` on the report's unit (``NotAllowedError``) and every section
    ready (``DomainError``, field "sections"); an approved report raises ``ReportApprovedError``.
    Freezing: the report's data (``report_data``, built in Swedish, with the approver and the
    approval time filled in) becomes ``snapshot``; the PDF and the DOCX are rendered from that
    snapshot into ``pdf`` and ``docx``. All in one transaction: a rendering failure leaves the
    report as it was. ``progress`` is called with (step, 4, message) as the work proceeds.
    """
    progress = progress or _no_progress
    stored = _locked(report)
    check_approvable(stored, acting_user=acting_user)
    now = timezone.now()
    stored.status = ReportStatus.APPROVED
    stored.approved_by = acting_user
    stored.approved_at = now
    with translation.override("sv"):
        progress(0, APPROVAL_STEPS, _("Läser rapportens data"))
        data = report_data(stored)
        data["report"].update({
            "status": ReportStatus.APPROVED.value, "status_label": str(ReportStatus.APPROVED.label),
            "approved_by": user_name(acting_user), "approved_at": now.isoformat(),
            "approved_at_text": datetime_text(now),
        })
        progress(1, APPROVAL_STEPS, _("Skapar PDF"))
        pdf = render_report_pdf(data)
        progress(2, APPROVAL_STEPS, _("Skapar Word-dokument"))
        docx = render_report_docx(data)
    progress(3, APPROVAL_STEPS, _("Sparar den godkända rapporten"))
    stored.snapshot, stored.pdf, stored.docx = data, pdf, docx
    save_audited(stored, acting_user=acting_user, reason=_("Godkänd"))
    progress(APPROVAL_STEPS, APPROVAL_STEPS, _("Rapporten är godkänd"))
    return stored


@transaction.atomic
def correct_report(report: Report, *, reason: str, change, acting_user) -> ReportCorrection:
    """Record a correction (rättelse) of an approved report: what changed (``change``: a dict,
    e.g. ``{"indicator": "Sjukfrånvaro", "from": "4,8 %", "to": "4,9 %"}``, or a text, stored
    as ``{"text": …}``) and why (``reason``). The snapshot, PDF and DOCX stay as approved.

    Needs ``approve_followup`` on the report's unit. ``DomainError``: the report is not approved
    (field None — change the draft instead), ``reason`` empty (field "reason"), ``change``
    empty (field "change").
    """
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, report.unit)
    stored = _locked(report)
    if stored.status != ReportStatus.APPROVED:
        raise DomainError(_("Bara en godkänd rapport rättas. Ändra rapporten direkt så länge den inte är godkänd."))
    if not (reason or "").strip():
        raise DomainError(_("Ange skälet till rättelsen."), field="reason")
    if isinstance(change, str):
        change = {"text": change.strip()} if change.strip() else {}
    if not change:
        raise DomainError(_("Beskriv vad som rättas."), field="change")
    return ReportCorrection.objects.create(report=stored, reason=reason.strip(), change=change,
                                           created_by=acting_user)
