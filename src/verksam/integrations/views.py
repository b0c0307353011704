"""The Kolada page (``/uppfoljning/<år>/kolada/``): start the year's Kolada sync as a background
task and follow its progress.

GET shows how many of the year's indicators are bound to a Kolada KPI, how many units have their
own Kolada enhets-id, the latest syncs of the year with their results, and — for those who may
start it (``kolada_tasks.can_start_sync``: controllers and administrators of KS or KF) — the
form. POST starts ``kolada_tasks.start_kolada_sync`` and redirects to the task page, which
htmx polls every second until the task is done ("3 värden hämtade: …") or failed (Kolada's
Swedish message; nothing changed).

Status codes: 302 to the login page for anonymous visitors; 403 (refusal page) when a POST is
not allowed; 200 with the error on the page for a year that has not ended; 404 for an unknown
year, an unknown task, or someone else's task the user may not start.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.models import BackgroundTask, TaskStatus
from verksam.followup.tasks import percent
from verksam.followup.views_entry import domain_refusals
from verksam.integrations import kolada_tasks
from verksam.organisation import queries as org_queries
from verksam.organisation.models import Unit
from verksam.planning.models import Indicator, Target

RECENT_TASKS = 5


def _page(request, year: int, *, errors: list[str] | None = None, status: int = 200):
    municipality = org_queries.municipality()
    can_start = kolada_tasks.can_start_sync(request.user, municipality)
    indicators = Indicator.objects.filter(plan__year=year).exclude(kolada_kpi="")
    if municipality is not None:
        indicators = indicators.filter(plan__unit__municipality=municipality)
    ou_units = (Unit.objects.exclude(kolada_ou_id="")
                .filter(pk__in=Target.objects.filter(year=year, indicator__in=indicators).values("unit_id")))
    tasks = []
    if can_start:
        tasks = list(BackgroundTask.objects.filter(kind=kolada_tasks.KOLADA_TASK_KIND, params__year=year)
                     .select_related("created_by").order_by("-created_at", "-pk")[:RECENT_TASKS])
    return render(request, "integrations/kolada_sync.html", {
        "year": year, "municipality": municipality, "can_start": can_start, "errors": errors or [],
        "indicator_count": indicators.count(), "unit_count": ou_units.count(), "tasks": tasks,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_refusals
def kolada_sync(request, year: int):
    """GET: the Kolada page of ``year``. POST (``dry_run`` optional): start the sync and go to
    the task page."""
    if not 2000 <= year <= 2100:
        raise Http404(_("Okänt år."))
    if request.method == "GET":
        return _page(request, year)
    try:
        task = kolada_tasks.start_kolada_sync(year, acting_user=request.user, municipality=org_queries.municipality(),
                                              dry_run=request.POST.get("dry_run") == "on")
    except NotAllowedError:
        raise
    except DomainError as err:
        return _page(request, year, errors=[str(err.message)])
    return redirect("integrations:kolada_task", pk=task.pk)


@require_GET
@login_required
def kolada_task(request, pk: int):
    """The progress of a Kolada sync task: for the user who started it and for those who may
    start one; htmx polls the fragment every second until the task is done or failed."""
    task = get_object_or_404(BackgroundTask, pk=pk, kind=kolada_tasks.KOLADA_TASK_KIND)
    if task.created_by_id != request.user.pk and not kolada_tasks.can_start_sync(
            request.user, org_queries.municipality()):
        raise Http404
    finished = task.status in (TaskStatus.DONE, TaskStatus.FAILED)
    context = {"task": task, "finished": finished, "percent": percent(task), "year": task.params.get("year"),
               "lines": task.result.get("lines", []) if task.status == TaskStatus.DONE else []}
    template = ("integrations/_kolada_task.html" if request.headers.get("HX-Request")
                else "integrations/kolada_task.html")
    return render(request, template, context)
