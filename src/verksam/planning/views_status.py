"""The plan's status workflow: skicka in (utkast → inskickad), återgå till utkast
(inskickad → utkast) and besluta (inskickad → beslutad, with the decision's date, deciding
body, reference and point).

Every change goes through ``verksam.planning.actions``. A decided plan refuses all three with
"Planen är beslutad och kan inte ändras." (409); a change the plan's status does not allow
(e.g. submitting a submitted plan) is refused with the action's message (409). Status codes as
in ``verksam.planning.views_common``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError, PlanLockedError
from verksam.planning import actions
from verksam.planning.forms import DecidePlanForm, ReturnToDraftForm
from verksam.planning.views_common import (
    add_domain_error, domain_refusals, load_plan, plan_url, refused, require_editable,
)


@require_POST
@login_required
@domain_refusals
def plan_submit(request, pk: int):
    """POST: send the draft in (``submit_plan``)."""
    plan = load_plan(request, pk)
    require_editable(request.user, plan, perms.SUBMIT_PLAN)
    try:
        actions.submit_plan(plan, acting_user=request.user)
    except (NotAllowedError, PlanLockedError):
        raise
    except DomainError as err:
        return refused(request, err, status=409, plan=plan)
    messages.success(request, _("Planen har skickats in."))
    return redirect(plan_url(plan.pk))


@require_POST
@login_required
@domain_refusals
def plan_return_to_draft(request, pk: int):
    """POST (optional ``reason``): take a submitted plan back to draft (``return_plan_to_draft``)."""
    plan = load_plan(request, pk)
    require_editable(request.user, plan, perms.SUBMIT_PLAN)
    form = ReturnToDraftForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.return_plan_to_draft(plan, acting_user=request.user, reason=reason)
    except (NotAllowedError, PlanLockedError):
        raise
    except DomainError as err:
        return refused(request, err, status=409, plan=plan)
    messages.success(request, _("Planen är ett utkast igen."))
    return redirect(plan_url(plan.pk))


@login_required
@domain_refusals
def plan_decide(request, pk: int):
    """GET: the decision form; POST: record the decision (``decide_plan``)."""
    plan = load_plan(request, pk)
    require_editable(request.user, plan, perms.DECIDE_PLAN)
    data = request.POST if request.method == "POST" else None
    form = DecidePlanForm(data, plan=plan, initial={
        "decided_by": plan.unit_id, "decision_reference": plan.reference,
    })
    status = 200
    if data is not None and form.is_valid():
        try:
            actions.decide_plan(plan, acting_user=request.user, **form.cleaned_data)
        except (NotAllowedError, PlanLockedError):
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            messages.success(request, _("Beslutet har registrerats. Planen är beslutad."))
            return redirect(plan_url(plan.pk))
    return render(request, "planning/plan_decide.html", {"plan": plan, "form": form}, status=status)
