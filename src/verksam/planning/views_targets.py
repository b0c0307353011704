"""Årsmål (targets) on the plan page: inline editing with htmx, full pages without JavaScript.

``target_edit``: GET returns the small form (fragment for htmx, page otherwise), POST calls
``verksam.planning.actions.set_target`` and returns the updated target (fragment for htmx,
redirect to the plan otherwise) or the form with Swedish errors at the fields. On a decided plan
the same form revises the årsmål: only for holders of ``revise_target``, with the new decision's
reference and an optional reason (``set_target`` enforces both). Status codes as in
``verksam.planning.views_common``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.core.errors import DomainError, NotAllowedError, PlanLockedError
from verksam.planning import actions
from verksam.planning.forms import TargetForm
from verksam.planning.models import Indicator, Target
from verksam.planning.views_common import (
    add_domain_error, domain_refusals, load_content, plan_flags, plan_url, require_target_editable,
)


def _render_target(request, target: Target, *, status: int = 200):
    """The display fragment of one årsmål (what the plan page shows in the indicator table)."""
    plan = target.plan
    return render(request, "planning/_target.html", {
        "t": target, "plan": plan, "unit_of_measure": target.indicator.unit_of_measure,
        **plan_flags(request.user, plan),
    }, status=status)


def _render_form(request, form, *, indicator: Indicator, target: Target | None, status: int):
    plan = indicator.plan
    if target is not None:
        action_url = reverse("planning:target_edit", args=[target.pk])
        element_id = f"target-{target.pk}"
    else:
        action_url = reverse("planning:target_create", args=[indicator.pk])
        element_id = f"target-new-{indicator.pk}"
    context = {
        "form": form, "plan": plan, "indicator": indicator, "target": target,
        "action_url": action_url, "element_id": element_id,
        "cancel_url": plan_url(plan.pk, f"indicator-{indicator.pk}"),
        "revising": form.revising,
    }
    template = "planning/_target_form.html" if request.htmx else "planning/target_form.html"
    return render(request, template, context, status=status)


def _save(request, form, *, indicator: Indicator, target: Target | None):
    """Call ``set_target``; return the saved target or None after putting the error on the form."""
    unit = target.unit if target is not None else None
    year = target.year if target is not None else None
    return actions.set_target(
        indicator, unit=unit, year=year, acting_user=request.user,
        expected_version=form.expected_version, reason=form.cleaned_data.get("reason", ""),
        **form.values(),
    )


def _after_save(request, saved: Target, *, changed: bool):
    if request.htmx:
        saved = Target.objects.select_related("plan__unit", "indicator", "unit").get(pk=saved.pk)
        return _render_target(request, saved)
    messages.success(request, _("Årsmålet har sparats.") if changed else _("Inget ändrades, så inget sparades."))
    return redirect(plan_url(saved.plan_id, f"indicator-{saved.indicator_id}"))


@login_required
@domain_refusals
def target_edit(request, pk: int):
    """Edit (or, on a decided plan, revise) the årsmål ``pk``."""
    target = load_content(request, Target, pk, "indicator__plan", "unit")
    plan = target.plan
    require_target_editable(request.user, plan)
    initial = model_to_dict(target, fields=TargetForm.value_fields)
    initial["lock_version"] = target.lock_version
    if plan.is_decided:
        initial["decision_reference"] = ""  # a revision names the new decision
    data = request.POST if request.method == "POST" else None
    form = TargetForm(data, initial=initial, target=target, revising=plan.is_decided,
                      by_sex=target.indicator.by_sex)
    status = 200
    if data is not None and form.is_valid():
        try:
            saved = _save(request, form, indicator=target.indicator, target=target)
        except (NotAllowedError, PlanLockedError):
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            return _after_save(request, saved, changed=saved.lock_version != target.lock_version)
    return _render_form(request, form, indicator=target.indicator, target=target, status=status)


@login_required
@domain_refusals
def target_create(request, indicator_pk: int):
    """Set the årsmål of an indicator for the plan's own unit and year when it has none yet
    (an existing one is edited through ``target_edit`` instead)."""
    indicator = load_content(request, Indicator, indicator_pk)
    plan = indicator.plan
    require_target_editable(request.user, plan)
    existing = Target.objects.filter(indicator=indicator, unit=plan.unit, year=plan.year).first()
    if existing is not None:
        return redirect("planning:target_edit", existing.pk)
    data = request.POST if request.method == "POST" else None
    form = TargetForm(data, revising=plan.is_decided, by_sex=indicator.by_sex)
    status = 200
    if data is not None and form.is_valid():
        try:
            saved = _save(request, form, indicator=indicator, target=None)
        except (NotAllowedError, PlanLockedError):
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            return _after_save(request, saved, changed=True)
    return _render_form(request, form, indicator=indicator, target=None, status=status)


def target_show(request, pk: int):
    """The display fragment of the årsmål ``pk`` (htmx "Avbryt"); read permission only."""
    target = load_content(request, Target, pk, "indicator", "unit")
    if not request.htmx:
        return redirect(plan_url(target.plan_id, f"indicator-{target.indicator_id}"))
    return _render_target(request, target)
