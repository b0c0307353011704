"""Create, edit and delete pages for a plan's goals (mål), activities (aktiviteter) and indicators
(indikatorer).

The three kinds share one flow, configured by a ``ContentKind`` passed from ``urls.py``:
a full-page form (works without JavaScript) whose valid input goes to the kind's action in
``verksam.planning.actions``; domain errors are shown next to their field; status codes as in
``verksam.planning.views_common``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from verksam.core.errors import DomainError, NotAllowedError, PlanLockedError
from verksam.planning import actions
from verksam.planning.forms import ActivityForm, GoalForm, IndicatorForm
from verksam.planning.models import Activity, Goal, Indicator
from verksam.planning.views_common import (
    add_domain_error, domain_refusals, load_content, load_plan, plan_url, require_editable,
)


@dataclass(frozen=True)
class ContentKind:
    """One kind of plan content and the actions, form and Swedish texts of its pages.

    ``initial_params`` are query parameters that preset fields of a new object
    (``?parent=12`` for a sub-goal, ``?goal=12`` for an indicator under a goal).
    """

    key: str
    model: type
    form_class: type
    form_kw: str
    create: Callable
    update: Callable
    delete: Callable
    history_key: str
    initial_params: tuple[str, ...]
    new_title: Promise
    edit_title: Promise
    delete_title: Promise
    created: Promise
    saved: Promise
    deleted: Promise
    delete_question: Promise


GOAL = ContentKind(
    key="goal", model=Goal, form_class=GoalForm, form_kw="goal",
    create=actions.create_goal, update=actions.update_goal, delete=actions.delete_goal,
    history_key="mal", initial_params=("parent",),
    new_title=_("Nytt mål"), edit_title=_("Ändra mål"), delete_title=_("Ta bort mål"),
    created=_("Målet har skapats."), saved=_("Målet har sparats."), deleted=_("Målet har tagits bort."),
    delete_question=_("Vill du ta bort målet?"),
)
ACTIVITY = ContentKind(
    key="activity", model=Activity, form_class=ActivityForm, form_kw="activity",
    create=actions.create_activity, update=actions.update_activity, delete=actions.delete_activity,
    history_key="aktivitet", initial_params=("goal",),
    new_title=_("Ny aktivitet"), edit_title=_("Ändra aktivitet"), delete_title=_("Ta bort aktivitet"),
    created=_("Aktiviteten har skapats."), saved=_("Aktiviteten har sparats."),
    deleted=_("Aktiviteten har tagits bort."), delete_question=_("Vill du ta bort aktiviteten?"),
)
INDICATOR = ContentKind(
    key="indicator", model=Indicator, form_class=IndicatorForm, form_kw="indicator",
    create=actions.create_indicator, update=actions.update_indicator, delete=actions.delete_indicator,
    history_key="indikator", initial_params=("goal",),
    new_title=_("Ny indikator"), edit_title=_("Ändra indikator"), delete_title=_("Ta bort indikator"),
    created=_("Indikatorn har skapats."), saved=_("Indikatorn har sparats."),
    deleted=_("Indikatorn och dess årsmål har tagits bort."),
    delete_question=_("Vill du ta bort indikatorn och alla dess årsmål?"),
)

UNCHANGED = _("Inget ändrades, så inget sparades.")


def _initial_for_new(request, kind: ContentKind, plan) -> dict:
    initial = {p: request.GET[p] for p in kind.initial_params if request.GET.get(p, "").isdigit()}
    if kind is GOAL:
        initial.setdefault("level", actions.allowed_goal_levels(plan)[0])
    return initial


def _render_form(request, kind: ContentKind, plan, form, *, obj=None, status: int = 200):
    return render(request, "planning/content_form.html", {
        "plan": plan, "form": form, "object": obj, "kind": kind,
        "title": kind.edit_title if obj is not None else kind.new_title,
        "history_url": reverse("core:history", args=[kind.history_key, obj.pk]) if obj is not None else None,
        "cancel_url": plan_url(plan.pk, f"{kind.key}-{obj.pk}" if obj is not None else ""),
    }, status=status)


@login_required
@domain_refusals
def content_create(request, plan_pk: int, kind: ContentKind):
    """GET: the empty form; POST: create through ``kind.create`` and go to the new object."""
    plan = load_plan(request, plan_pk)
    require_editable(request.user, plan)
    data = request.POST if request.method == "POST" else None
    form = kind.form_class(data, plan=plan, initial=_initial_for_new(request, kind, plan))
    status = 200
    if data is not None and form.is_valid():
        try:
            obj = kind.create(plan, acting_user=request.user, **form.values())
        except (NotAllowedError, PlanLockedError):
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            messages.success(request, kind.created)
            return redirect(plan_url(plan.pk, f"{kind.key}-{obj.pk}"))
    return _render_form(request, kind, plan, form, status=status)


@login_required
@domain_refusals
def content_edit(request, pk: int, kind: ContentKind):
    """GET: the form with the stored values and ``lock_version``; POST: ``kind.update`` with
    ``expected_version``. A save that changes nothing records nothing and says so."""
    obj = load_content(request, kind.model, pk)
    plan = obj.plan
    require_editable(request.user, plan)
    data = request.POST if request.method == "POST" else None
    initial = model_to_dict(obj, fields=kind.form_class.value_fields)
    initial["lock_version"] = obj.lock_version
    form = kind.form_class(data, plan=plan, initial=initial, **{kind.form_kw: obj})
    status = 200
    if data is not None and form.is_valid():
        try:
            changed = kind.update(obj, acting_user=request.user, expected_version=form.expected_version,
                                  **form.values())
        except (NotAllowedError, PlanLockedError):
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            messages.success(request, kind.saved if changed else UNCHANGED)
            return redirect(plan_url(plan.pk, f"{kind.key}-{obj.pk}"))
    return _render_form(request, kind, plan, form, obj=obj, status=status)


@login_required
@domain_refusals
def content_delete(request, pk: int, kind: ContentKind):
    """GET: a confirmation page; POST: delete through ``kind.delete``. A refusal (e.g. a goal
    that still has sub-goals) is shown on the confirmation page with status 409."""
    obj = load_content(request, kind.model, pk)
    plan = obj.plan
    require_editable(request.user, plan)
    error, status = None, 200
    if request.method == "POST":
        try:
            kind.delete(obj, acting_user=request.user)
        except (NotAllowedError, PlanLockedError):
            raise
        except DomainError as err:
            error, status = err.message, 409
        else:
            messages.success(request, kind.deleted)
            return redirect(plan_url(plan.pk))
    return render(request, "planning/content_confirm_delete.html", {
        "plan": plan, "object": obj, "kind": kind, "error": error,
        "cancel_url": plan_url(plan.pk, f"{kind.key}-{obj.pk}"),
    }, status=status)
