"""Shared plumbing of the planning edit views: loading, gates, domain errors → responses.

Status codes used by every edit endpoint (the permission matrix test asserts them):

* 302 to the login page — anonymous visitor;
* 404 — the plan is not readable by the user (drafts of other units), or no such object;
* 403 — readable but the user's roles do not allow the change (``NotAllowedError``);
* 409 — the plan is decided (``PlanLockedError``: "Planen är beslutad och kan inte ändras."),
  the object was changed by someone else (``ConcurrentEditError``, the form keeps the input), or
  the change conflicts with the plan's state (e.g. submitting a submitted plan);
* 200 — the form again with Swedish errors at the fields; nothing saved;
* 302 to the plan page after a saved change (htmx requests get the updated fragment, 200).

The gates only decide what to offer and what to refuse early; the actions in
``verksam.planning.actions`` check permissions and locks again and are the authority.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from verksam.core import permissions as perms
from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError, PlanLockedError
from verksam.planning.models import Plan
from verksam.planning.queries import visible_plans


def load_plan(request, pk: int) -> Plan:
    """The plan ``pk`` if ``request.user`` may read it (unit and municipality loaded), else 404."""
    return get_object_or_404(
        visible_plans(request.user).select_related("unit__municipality", "decided_by"), pk=pk
    )


def load_content(request, model, pk: int, *related: str):
    """The plan content object ``pk`` of ``model`` with its plan (and ``related``) loaded, if the
    plan is readable by ``request.user``, else 404."""
    obj = get_object_or_404(model.objects.select_related("plan__unit__municipality", *related), pk=pk)
    if not visible_plans(request.user).filter(pk=obj.plan_id).exists():
        raise Http404
    return obj


def require_editable(user, plan: Plan, perm: str = perms.EDIT_PLAN, *, decided_ok: bool = False) -> None:
    """Raise ``NotAllowedError`` unless ``user`` has ``perm`` on the plan's unit, then
    ``PlanLockedError`` when the plan is decided (unless ``decided_ok``)."""
    perms.require(user, perm, plan.unit)
    if plan.is_decided and not decided_ok:
        raise PlanLockedError()


def require_target_editable(user, plan: Plan) -> None:
    """Targets of an undecided plan need ``edit_plan``. In a decided plan they may only be revised
    by holders of ``revise_target``; editors without it get ``PlanLockedError`` (the plan is
    decided), everyone else ``NotAllowedError``."""
    if plan.is_decided and perms.has_perm(user, perms.REVISE_TARGET, plan.unit):
        return
    require_editable(user, plan)


def plan_flags(user, plan: Plan) -> dict:
    """What ``user`` is offered on the plan page: ``can_edit`` (goals, activities, indicators,
    targets of an undecided plan), ``can_revise`` (årsmål of a decided plan), ``can_submit``,
    ``can_return``, ``can_decide`` and ``can_report_activities`` (activity status, also in
    decided plans). Uses the user's cached role assignments (one query)."""
    has = lambda perm: perms.has_perm(user, perm, plan.unit)  # noqa: E731
    status = plan.status
    return {
        "can_edit": not plan.is_decided and has(perms.EDIT_PLAN),
        "can_revise": plan.is_decided and has(perms.REVISE_TARGET),
        "can_submit": status == "draft" and has(perms.SUBMIT_PLAN),
        "can_return": status == "submitted" and has(perms.SUBMIT_PLAN),
        "can_decide": status == "submitted" and has(perms.DECIDE_PLAN),
        "can_report_activities": has(perms.ENTER_OUTCOMES),
    }


def plan_url(plan_id: int, anchor: str = "") -> str:
    """The plan page, optionally at ``#anchor``."""
    return reverse("planning:plan_detail", args=[plan_id]) + (f"#{anchor}" if anchor else "")


def refused(request, err: DomainError, *, status: int, plan: Plan | None = None):
    """The refusal page (or, for htmx, a small alert fragment) with the error's Swedish message."""
    template = "planning/_refused.html" if getattr(request, "htmx", False) else "planning/refused.html"
    return render(request, template, {"message": err.message, "plan": plan}, status=status)


def domain_refusals(view):
    """Turn ``NotAllowedError`` into 403 and ``PlanLockedError`` into 409 refusal pages.

    Other domain errors are the view's to show next to the form fields.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as err:
            return refused(request, err, status=403)
        except PlanLockedError as err:
            return refused(request, err, status=409)

    return wrapper


def add_domain_error(form, err: DomainError) -> int:
    """Put ``err.message`` next to ``err.field`` (or at the top of the form) and return the
    status to answer with: 409 for a concurrent edit, else 200."""
    field = err.field if err.field in form.fields else None
    form.add_error(field, str(err.message))
    return 409 if isinstance(err, ConcurrentEditError) else 200
