"""Report generation as background tasks (bakgrundsjobb): building a report and approving it
(which renders the PDF and the DOCX) run through ``verksam.followup.tasks.run_task`` so the user
sees the progress (DESIGN "Architecture": long work runs as a background task with progress
shown).

``start_create_report`` and ``start_approve_report`` first make the cheap checks of the action
(permissions, frozen report, ready sections) so a refusal is answered at once, in the request;
the action itself checks again when the task runs. Each returns the BackgroundTask (kind
"report_create" / "report_approve", ``params`` {"report": id} or {"unit": id, "period": id},
``result`` {"report": id, "text": Swedish summary} when done).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.core import permissions as perms
from verksam.followup import reports
from verksam.followup.models import BackgroundTask, Period, Report
from verksam.followup.tasks import run_task
from verksam.organisation.models import Unit


def start_create_report(unit: Unit, period: Period, *, acting_user) -> BackgroundTask:
    """Build (or complete) the report of ``unit`` for ``period`` as a task. Raises at once what
    ``reports.create_report`` would raise for permissions, the plan and an approved report."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, unit)
    reports.report_plan(unit, period.year)
    existing = Report.objects.filter(unit=unit, period=period).first()
    if existing is not None:
        reports.require_unfrozen(existing)
    task = BackgroundTask.objects.create(kind="report_create", created_by=acting_user,
                                         params={"unit": unit.pk, "period": period.pk})

    def work(progress):
        report = reports.create_report(Unit.objects.get(pk=unit.pk), Period.objects.get(pk=period.pk),
                                       acting_user=acting_user, progress=progress)
        sections = report.sections.count()
        return {"report": report.pk, "text": ngettext("Rapporten är skapad med %(n)d avsnitt.",
                                                      "Rapporten är skapad med %(n)d avsnitt.",
                                                      sections) % {"n": sections}}

    run_task(task, work)
    task.refresh_from_db()
    return task


def start_approve_report(report: Report, *, acting_user) -> BackgroundTask:
    """Approve and freeze ``report`` as a task (building the snapshot, rendering PDF and DOCX).
    Raises at once ``NotAllowedError``, ``ReportApprovedError`` or the ``DomainError`` naming
    sections that are not ready."""
    reports.check_approvable(report, acting_user=acting_user)
    task = BackgroundTask.objects.create(kind="report_approve", created_by=acting_user,
                                         params={"report": report.pk}, total=reports.APPROVAL_STEPS)

    def work(progress):
        approved = reports.approve_report(Report.objects.get(pk=report.pk), acting_user=acting_user,
                                          progress=progress)
        return {"report": approved.pk, "text": _("Rapporten är godkänd och fryst; PDF och Word-fil är skapade.")}

    run_task(task, work)
    task.refresh_from_db()
    return task
