"""Report pages (rapporter): the list, the report page with its workflow, PDF and DOCX, and the
progress page of report generation.

URLs in ``verksam.followup.urls_reports`` (``followup_reports:``), under ``/uppfoljning/rapporter/``.
The report page shows the report's data (``report_data``; for an approved report its frozen
snapshot — so the page, the PDF and the DOCX say the same) with indicator trend charts drawn
by Chart.js from a ``json_script`` block; each chart has its values as a table beside it.

Every change goes through ``verksam.followup.reports`` (the authority on permissions and frozen
reports). Building and approving (rendering PDF and DOCX) run as background tasks
(``verksam.followup.report_tasks``); the user follows the progress on the task page.

Status codes: 302 to the login page for anonymous visitors on POST; 404 for a report the user
may not read; 403 ``NotAllowedError``; 409 an approved report (``ReportApprovedError``) or a
stale version (``ConcurrentEditError``); 200 the page again with the Swedish error at the field.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from verksam.core import permissions as perms
from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError
from verksam.followup import report_tasks, reports
from verksam.followup.forms_reports import CorrectionForm, CreateReportForm, SectionForm, SummaryForm
from verksam.followup.models import BackgroundTask, Period, Report, ReportSection, ReportStatus, TaskStatus
from verksam.followup.report_data import iter_indicator_rows, report_data, visible_reports
from verksam.followup.report_output import filename, render_report_docx, render_report_pdf
from verksam.followup.tasks import percent
from verksam.organisation.models import Unit
from verksam.planning.models import Plan

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _refused(request, err: DomainError, *, status: int, report: Report | None = None):
    back = reverse("followup_reports:detail", args=[report.pk]) if report else reverse("followup_reports:list")
    return render(request, "followup/report_refused.html", {"message": err.message, "back_url": back},
                  status=status)


def _refusals(view):
    """``NotAllowedError`` → 403, ``ReportApprovedError`` and ``ConcurrentEditError`` → 409."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as err:
            return _refused(request, err, status=403)
        except (reports.ReportApprovedError, ConcurrentEditError) as err:
            return _refused(request, err, status=409)

    return wrapper


def _load(request, pk: int) -> Report:
    return get_object_or_404(visible_reports(request.user).select_related("unit", "period", "plan"), pk=pk)


def _report_url(report: Report, anchor: str = "") -> str:
    return reverse("followup_reports:detail", args=[report.pk]) + (f"#{anchor}" if anchor else "")


def _creatable(user):
    """(units, periods) the user may build reports for: units with a plan where the user has
    ``enter_outcomes``; the periods of those plans' years."""
    unit_ids = set(Plan.objects.values_list("unit_id", flat=True))
    units = [u for u in Unit.objects.filter(pk__in=unit_ids).order_by("path")
             if perms.has_perm(user, perms.ENTER_OUTCOMES, u)]
    years = set(Plan.objects.filter(unit__in=units).values_list("year", flat=True))
    return (Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path"),
            Period.objects.filter(year__in=years).order_by("-year", "as_of"))


@require_GET
def report_list(request):
    """Reports the user may read (approved ones for everyone), newest period first, and the form
    to build a report for users who may."""
    rows = list(visible_reports(request.user).select_related("unit", "period", "approved_by")
                .order_by("-period__year", "-period__as_of", "unit__path"))
    form = None
    if request.user.is_authenticated:
        units, periods = _creatable(request.user)
        if units.exists():
            form = CreateReportForm(units=units, periods=periods)
    return render(request, "followup/report_list.html", {"reports": rows, "form": form})


@require_POST
@login_required
@_refusals
def report_create(request):
    """POST unit, period: build the report (a background task) and go to the task's page."""
    units, periods = _creatable(request.user)
    form = CreateReportForm(request.POST, units=units, periods=periods)
    if not form.is_valid():
        rows = list(visible_reports(request.user).select_related("unit", "period"))
        return render(request, "followup/report_list.html", {"reports": rows, "form": form})
    try:
        task = report_tasks.start_create_report(form.cleaned_data["unit"], form.cleaned_data["period"],
                                                acting_user=request.user)
    except NotAllowedError:
        raise
    except DomainError as err:
        form.add_error(err.field if err.field in form.fields else None, str(err.message))
        rows = list(visible_reports(request.user).select_related("unit", "period"))
        return render(request, "followup/report_list.html", {"reports": rows, "form": form})
    return redirect("followup_reports:task", pk=task.pk)


def chart_specs(data: dict) -> list[dict]:
    """The Chart.js input for every indicator row of ``data`` that has a measured point:
    ``{id, name, unit, labels, values, targets, outcome_label, target_label}`` (values as
    numbers or None). Derived from the same dict as the rest of the page."""
    specs = []
    for _section, row in iter_indicator_rows(data):
        if not row["has_chart"]:
            continue
        specs.append({
            "id": row["chart_id"], "name": row["name"], "unit": row["unit_of_measure"],
            "labels": [p["label"] for p in row["series"]],
            "values": [float(p["value"]) if p["value"] is not None else None for p in row["series"]],
            "targets": [float(p["target"]) if p["target"] is not None else None for p in row["series"]],
            "outcome_label": _("Utfall"), "target_label": _("Årsmål"),
        })
    return specs


def _page(request, report: Report, *, forms: dict | None = None, status: int = 200):
    approved = report.status == ReportStatus.APPROVED
    data = report.snapshot if approved and report.snapshot else report_data(report)
    user = request.user
    sections = list(report.sections.select_related("unit").order_by("unit__path"))
    forms = forms or {}
    section_forms = []
    for section in sections:
        can_edit = not approved and perms.has_perm(user, perms.ENTER_OUTCOMES, section.unit)
        form = forms.get(section.pk) or SectionForm(initial={"text": section.text, "version": section.lock_version})
        section_forms.append({"section": section, "can_edit": can_edit, "form": form})
    can_enter = perms.has_perm(user, perms.ENTER_OUTCOMES, report.unit)
    can_approve = perms.has_perm(user, perms.APPROVE_FOLLOWUP, report.unit)
    running = BackgroundTask.objects.filter(
        params__report=report.pk, status__in=[TaskStatus.QUEUED, TaskStatus.RUNNING]).first()
    return render(request, "followup/report_detail.html", {
        "report": report, "data": data, "approved": approved, "charts": chart_specs(data),
        "section_forms": section_forms, "all_ready": all(s.is_ready for s in sections),
        "can_edit_summary": not approved and can_enter, "can_mark_ready": not approved and can_enter,
        "can_approve": not approved and can_approve, "can_correct": approved and can_approve,
        "summary_form": forms.get("summary") or SummaryForm(initial={"summary": report.summary,
                                                                     "version": report.lock_version}),
        "correction_form": forms.get("correction") or CorrectionForm(),
        "corrections": list(report.corrections.select_related("created_by")), "running_task": running,
    }, status=status)


@require_GET
def report_detail(request, pk: int):
    """The report page: facts, workflow (sections ready, approve), the report itself with
    trend charts, and — for an approved report — its corrections."""
    return _page(request, _load(request, pk))


def _save_text(request, report: Report, form, *, field: str, save, done: str, anchor: str, form_key):
    """Validate ``form`` (a text ``field`` and ``version``), call ``save(text, version)`` (an
    action), and redirect to ``anchor`` with the message ``done``; a domain error other than a
    refusal lands at ``field`` and the page is shown again with the form under ``form_key``.
    Refusals (not allowed, approved, concurrent edit) propagate to ``_refusals``."""
    if form.is_valid():
        try:
            save(form.cleaned_data[field], form.cleaned_data["version"])
        except (NotAllowedError, reports.ReportApprovedError, ConcurrentEditError):
            raise
        except DomainError as err:
            form.add_error(field, str(err.message))
        else:
            messages.success(request, done)
            return redirect(_report_url(report, anchor))
    return _page(request, report, forms={form_key: form})


@require_POST
@login_required
@_refusals
def report_summary(request, pk: int):
    """POST summary, version: change the report's summary."""
    report = _load(request, pk)
    return _save_text(
        request, report, SummaryForm(request.POST), field="summary", form_key="summary", anchor="summary",
        save=lambda text, version: reports.edit_report(report, summary=text, acting_user=request.user,
                                                       expected_version=version),
        done=_("Sammanfattningen har sparats."))


def _load_section(request, pk: int) -> ReportSection:
    section = get_object_or_404(ReportSection.objects.select_related("report__unit", "unit"), pk=pk)
    if not visible_reports(request.user).filter(pk=section.report_id).exists():
        raise Http404
    return section


@require_POST
@login_required
@_refusals
def section_text(request, pk: int):
    """POST text, version: change a section's text."""
    section = _load_section(request, pk)
    return _save_text(
        request, section.report, SectionForm(request.POST), field="text", form_key=section.pk,
        anchor=f"section-{section.pk}",
        save=lambda text, version: reports.edit_section(section, text=text, acting_user=request.user,
                                                        expected_version=version),
        done=_("Avsnittet för %(unit)s har sparats.") % {"unit": section.unit.name})


@require_POST
@login_required
@_refusals
def section_ready(request, pk: int):
    """POST ready=1|0: mark a section ready or not ready."""
    section = _load_section(request, pk)
    ready = request.POST.get("ready") == "1"
    reports.mark_section_ready(section, acting_user=request.user, ready=ready)
    messages.success(request, (_("Avsnittet för %(unit)s är klart.") if ready
                               else _("Avsnittet för %(unit)s är inte längre klart.")) % {"unit": section.unit.name})
    return redirect(_report_url(section.report, "workflow"))


@require_POST
@login_required
@_refusals
def report_ready(request, pk: int):
    """POST: mark the report ready for approval (every section ready)."""
    report = _load(request, pk)
    try:
        reports.mark_report_ready(report, acting_user=request.user)
    except (NotAllowedError, reports.ReportApprovedError):
        raise
    except DomainError as err:
        return _refused(request, err, status=409, report=report)
    messages.success(request, _("Rapporten är klar för godkännande."))
    return redirect(_report_url(report, "workflow"))


@require_POST
@login_required
@_refusals
def report_approve(request, pk: int):
    """POST: approve and freeze the report (a background task renders PDF and DOCX)."""
    report = _load(request, pk)
    try:
        task = report_tasks.start_approve_report(report, acting_user=request.user)
    except (NotAllowedError, reports.ReportApprovedError):
        raise
    except DomainError as err:
        return _refused(request, err, status=409, report=report)
    return redirect("followup_reports:task", pk=task.pk)


@require_POST
@login_required
@_refusals
def report_correct(request, pk: int):
    """POST change, reason: record a correction of an approved report."""
    report = _load(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            reports.correct_report(report, reason=form.cleaned_data["reason"], change=form.cleaned_data["change"],
                                   acting_user=request.user)
        except NotAllowedError:
            raise
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, str(err.message))
        else:
            messages.success(request, _("Rättelsen har registrerats."))
            return redirect(_report_url(report, "corrections"))
    return _page(request, report, forms={"correction": form})


def _file(request, pk: int, extension: str, content_type: str):
    report = _load(request, pk)
    if report.status == ReportStatus.APPROVED and report.snapshot:
        data = report.snapshot
        content = bytes(report.pdf if extension == "pdf" else report.docx)
    else:
        data = report_data(report)
        content = render_report_pdf(data) if extension == "pdf" else render_report_docx(data)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(data, extension)}"'
    return response


@require_GET
def report_pdf(request, pk: int):
    """The report as PDF: the frozen file of an approved report, else a draft rendered now."""
    return _file(request, pk, "pdf", "application/pdf")


@require_GET
def report_docx(request, pk: int):
    """The report as DOCX: the frozen file of an approved report, else a draft rendered now."""
    return _file(request, pk, "docx", DOCX_TYPE)


@require_GET
@login_required
def task_status(request, pk: int):
    """The progress of a report task started by the user (or of a report the user may read);
    htmx polls the fragment every second until the task is done or failed."""
    task = get_object_or_404(BackgroundTask, pk=pk, kind__startswith="report_")
    report_id = task.result.get("report") or task.params.get("report")
    if task.created_by_id != request.user.pk and not (
            report_id and visible_reports(request.user).filter(pk=report_id).exists()):
        raise Http404
    finished = task.status in (TaskStatus.DONE, TaskStatus.FAILED)
    context = {"task": task, "finished": finished, "report_id": report_id,
               "percent": percent(task)}
    template = "followup/_report_task.html" if request.headers.get("HX-Request") else "followup/report_task.html"
    return render(request, template, context)

