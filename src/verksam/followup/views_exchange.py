"""Excel/CSV exchange pages: export links and the import upload, per unit and period (utfall)
and per plan (årsmål). The import runs as a background task (``verksam.followup.tasks``); its
page polls a progress fragment with htmx every second and ends with "N nya, M ändrade, K
oförändrade" or every error by sheet, row and column.

Status codes:

* 302 to the login page — anonymous visitor;
* 404 — no such unit, period, plan or task; a plan the user may not read; another user's task;
* 403 — the user may not read the unit's outcomes (export) or may not enter them / edit the
  plan (import) — ``NotAllowedError``;
* 200 — the page (with the upload form's errors at the field when the file was refused before
  reading: no file, wrong extension, over 50 MB);
* 302 to the task page after an upload.

Reading permission for outcomes is ``view_drafts`` on the unit; the import's rules (permission
per row, locked periods, decided plans) are the actions' — ``enter_outcomes_bulk`` and
``set_target`` — not the view's.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from verksam.core import permissions as perms
from verksam.core.errors import NotAllowedError
from verksam.followup.exchange import export
from verksam.followup.exchange.importer import import_file
from verksam.followup.forms_exchange import UploadForm
from verksam.followup.models import BackgroundTask, Period, TaskStatus
from verksam.followup.tasks import percent, run_task
from verksam.organisation.models import Unit
from verksam.planning.queries import visible_plans

TASK_KIND = "followup_import"
"""``BackgroundTask.kind`` of an import started from these pages."""


def _refusals(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as err:
            return render(request, "followup/refused.html", {"message": err.message}, status=403)

    return wrapper


def _unit_period(unit_pk: int, period_pk: int) -> tuple[Unit, Period]:
    unit = get_object_or_404(Unit, pk=unit_pk)
    period = get_object_or_404(Period, pk=period_pk, municipality_id=unit.municipality_id)
    return unit, period


def _recent_tasks(user, **params) -> list[BackgroundTask]:
    tasks = BackgroundTask.objects.filter(kind=TASK_KIND, created_by=user)
    for name, value in params.items():
        tasks = tasks.filter(**{f"params__{name}": value})
    return list(tasks.order_by("-created_at")[:5])


def _check_format(fmt: str) -> None:
    if fmt not in export.FORMATS:
        raise Http404


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _start_import(request, form: UploadForm, params: dict, **scope) -> BackgroundTask:
    upload = form.cleaned_data["file"]
    data = upload.read()
    filename = upload.name
    user = request.user
    task = BackgroundTask.objects.create(kind=TASK_KIND, created_by=user, params={**params, "filename": filename})

    def work(progress):
        return import_file(data, filename=filename, acting_user=user, progress=progress, **scope).as_dict()

    run_task(task, work)
    return task


# --- Outcomes per unit and period ---------------------------------------------------------------

@login_required
@_refusals
def unit_period(request, unit_pk: int, period_pk: int, form: UploadForm | None = None):
    """The exchange page of ``unit`` in ``period``: export links (XLSX, CSV) and, for users who
    may enter outcomes, the upload form."""
    unit, period = _unit_period(unit_pk, period_pk)
    perms.require(request.user, perms.VIEW_DRAFTS, unit)
    return render(request, "followup/exchange_unit.html", {
        "unit": unit, "period": period, "form": form or UploadForm(),
        "can_import": perms.has_perm(request.user, perms.ENTER_OUTCOMES, unit),
        "tasks": _recent_tasks(request.user, unit=unit.pk, period=period.pk),
    })


@login_required
@_refusals
def export_outcomes(request, unit_pk: int, period_pk: int, fmt: str):
    """The outcomes of ``unit`` and the units beneath it in ``period`` as an XLSX or CSV file."""
    _check_format(fmt)
    unit, period = _unit_period(unit_pk, period_pk)
    perms.require(request.user, perms.VIEW_DRAFTS, unit)
    data = export.export_outcomes(unit, [period], fmt=fmt)
    return _download(data, export.outcomes_filename(unit, [period], fmt), fmt)


@login_required
@require_POST
@_refusals
def import_outcomes(request, unit_pk: int, period_pk: int):
    """Start the import of an uploaded file's Utfall rows (restricted to ``unit``'s subtree and
    ``period``) and go to its progress page."""
    unit, period = _unit_period(unit_pk, period_pk)
    perms.require(request.user, perms.ENTER_OUTCOMES, unit)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return unit_period(request, unit_pk, period_pk, form=form)
    task = _start_import(request, form, {"unit": unit.pk, "period": period.pk}, only_unit=unit, only_period=period)
    return redirect("followup_exchange:task", pk=task.pk)


# --- Targets per plan -------------------------------------------------------------------------

def _plan(request, plan_pk: int):
    return get_object_or_404(visible_plans(request.user).select_related("unit"), pk=plan_pk)


def _can_import_targets(user, plan) -> bool:
    perm = perms.REVISE_TARGET if plan.is_decided else perms.EDIT_PLAN
    return perms.has_perm(user, perm, plan.unit)


@login_required
@_refusals
def plan_targets(request, plan_pk: int, form: UploadForm | None = None):
    """The årsmål exchange page of a plan: export links and, for users who may set its årsmål,
    the upload form (in a decided plan a changed årsmål needs a new Beslut in the file)."""
    plan = _plan(request, plan_pk)
    return render(request, "followup/exchange_plan.html", {
        "plan": plan, "form": form or UploadForm(), "can_import": _can_import_targets(request.user, plan),
        "tasks": _recent_tasks(request.user, plan=plan.pk),
    })


@login_required
@_refusals
def export_targets(request, plan_pk: int, fmt: str):
    """The årsmål of the plan as an XLSX or CSV file."""
    _check_format(fmt)
    plan = _plan(request, plan_pk)
    return _download(export.export_targets(plan, fmt=fmt), export.targets_filename(plan, fmt), fmt)


@login_required
@require_POST
@_refusals
def import_targets(request, plan_pk: int):
    """Start the import of an uploaded file's Årsmål rows (restricted to the plan's indicators)."""
    plan = _plan(request, plan_pk)
    if not _can_import_targets(request.user, plan):
        raise NotAllowedError()
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return plan_targets(request, plan_pk, form=form)
    task = _start_import(request, form, {"plan": plan.pk}, only_plan=plan)
    return redirect("followup_exchange:task", pk=task.pk)


# --- Progress ---------------------------------------------------------------------------------

def _back_url(task: BackgroundTask) -> str:
    params = task.params or {}
    if "plan" in params:
        return reverse("followup_exchange:plan", args=[params["plan"]])
    if "unit" in params and "period" in params:
        return reverse("followup_exchange:unit_period",
                       kwargs={"unit_pk": params["unit"], "period_pk": params["period"]})
    return reverse("portal:home")


@login_required
def task(request, pk: int):
    """The progress of an import the user started; htmx polls the fragment every second until
    it is done or failed."""
    task = get_object_or_404(BackgroundTask, pk=pk, kind=TASK_KIND)
    if task.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    finished = task.status in (TaskStatus.DONE, TaskStatus.FAILED)
    result = task.result or {}
    errors = result.get("errors", [])
    context = {"task": task, "finished": finished, "percent": percent(task), "back_url": _back_url(task),
               "errors": errors, "more_errors": max(result.get("error_count", 0) - len(errors), 0)}
    template = "followup/exchange_task_progress.html" if request.htmx else "followup/exchange_task.html"
    return render(request, template, context)
