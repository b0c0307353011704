"""The board's deviations (avvikelser) of a year, followed until closed, and changing, closing
and reopening one.

URLs under ``/internkontroll/<unit id>/<år>/avvikelser/`` (``control_plan`` namespace). The list
shows the year's deviations and the still open deviations of earlier years ("öppna avvikelser
följs tills de stängs"), open first with the overdue highlighted.

Status codes (the permission matrix test asserts them):

* 302 to the login page — anonymous visitor;
* 404 — no such unit, year or deviation (a deviation belongs to the board and to the year or
  an earlier year);
* 403 — the user may not read the board, or may not change its deviations (``NotAllowedError``);
* 409 — the deviation was changed by someone else since the form was loaded
  (``ConcurrentEditError``), or its state does not allow the change (closing a closed one,
  changing a closed one);
* 200 — the forms again with Swedish errors at the fields; nothing saved;
* 302 to the deviations page at the deviation after a saved change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.control import actions
from verksam.control.forms_results import CloseDeviationForm, DeviationForm, ReopenDeviationForm
from verksam.control.models import Deviation, DeviationStatus
from verksam.control.queries_plan import deviations_page
from verksam.control.views_access import add_domain_error, load_board
from verksam.control.views_controls import UNCHANGED, plan_url
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.views_entry import domain_refusals


def deviations_url(unit_id: int, year: int, anchor: str = "") -> str:
    """The deviations page, optionally at ``#anchor``."""
    return reverse("control_plan:deviations", args=[unit_id, year]) + (f"#{anchor}" if anchor else "")


def _load_deviation(unit, year: int, deviation_id: int) -> Deviation:
    return get_object_or_404(
        Deviation.objects.select_related("result__occasion__control__control_plan", "closed_by"),
        pk=deviation_id, result__occasion__control__control_plan__unit=unit,
        result__occasion__control__control_plan__year__lte=year)


@login_required
@domain_refusals
def deviations(request, unit_id: int, year: int):
    """The board's deviations of ``year`` and earlier years' open ones, open first."""
    unit = load_board(request, unit_id, year)
    page = deviations_page(unit, year, today=timezone.localdate())
    return render(request, "control/deviations/list.html", {
        "page": page, "unit": unit, "year": year,
        "can_enter": perms.has_perm(request.user, perms.ENTER_OUTCOMES, unit),
    })


def _render_detail(request, unit, year, deviation, *, form=None, close_form=None, reopen_form=None, status=200):
    can_enter = perms.has_perm(request.user, perms.ENTER_OUTCOMES, unit)
    is_open = deviation.status == DeviationStatus.OPEN
    if can_enter and is_open:
        form = form or DeviationForm(deviation=deviation)
        close_form = close_form or CloseDeviationForm()
    elif can_enter:
        reopen_form = reopen_form or ReopenDeviationForm()
    occasion = deviation.result.occasion
    return render(request, "control/deviations/detail.html", {
        "unit": unit, "year": year, "deviation": deviation, "occasion": occasion, "control": occasion.control,
        "is_open": is_open, "can_enter": can_enter, "form": form, "close_form": close_form,
        "reopen_form": reopen_form, "back_url": deviations_url(unit.pk, year, f"deviation-{deviation.pk}"),
        "plan_url": plan_url(unit.pk, occasion.control.control_plan.year, f"control-{occasion.control_id}"),
        "history_url": reverse("core:history", args=["avvikelse", deviation.pk]),
    }, status=status)


@login_required
@domain_refusals
def deviation_detail(request, unit_id: int, year: int, deviation_id: int):
    """GET: the deviation with the forms the user may use (change, close or reopen); POST:
    ``update_deviation`` with ``expected_version``."""
    unit = load_board(request, unit_id, year)
    if request.method == "POST":
        perms.require(request.user, perms.ENTER_OUTCOMES, unit)
    deviation = _load_deviation(unit, year, deviation_id)
    if request.method != "POST":
        return _render_detail(request, unit, year, deviation)
    form = DeviationForm(request.POST, deviation=deviation)
    status = 200
    if form.is_valid():
        try:
            changed = actions.update_deviation(deviation, acting_user=request.user,
                                               expected_version=form.cleaned_data["lock_version"], **form.values())
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
            if err.field == "status":
                status = 409
        else:
            messages.success(request, _("Avvikelsen har sparats.") if changed else UNCHANGED)
            return redirect(deviations_url(unit.pk, year, f"deviation-{deviation.pk}"))
    return _render_detail(request, unit, year, deviation, form=form, status=status)


@login_required
@require_POST
@domain_refusals
def deviation_close(request, unit_id: int, year: int, deviation_id: int):
    """Close the deviation with a note (``close_deviation``); 409 when it is already closed."""
    unit = load_board(request, unit_id, year)
    perms.require(request.user, perms.ENTER_OUTCOMES, unit)
    deviation = _load_deviation(unit, year, deviation_id)
    form = CloseDeviationForm(request.POST)
    if form.is_valid():
        try:
            actions.close_deviation(deviation, acting_user=request.user, note=form.cleaned_data["note"])
        except NotAllowedError:
            raise
        except DomainError as err:
            form.add_error(None, str(err.message))
            return _render_detail(request, unit, year, deviation, close_form=form, status=409)
        messages.success(request, _("Avvikelsen har stängts."))
        return redirect(deviations_url(unit.pk, year, f"deviation-{deviation.pk}"))
    return _render_detail(request, unit, year, deviation, close_form=form)


@login_required
@require_POST
@domain_refusals
def deviation_reopen(request, unit_id: int, year: int, deviation_id: int):
    """Reopen a closed deviation with a reason (``reopen_deviation``): 200 with the error at the
    reason when it is missing, 409 when the deviation is open."""
    unit = load_board(request, unit_id, year)
    perms.require(request.user, perms.ENTER_OUTCOMES, unit)
    deviation = _load_deviation(unit, year, deviation_id)
    form = ReopenDeviationForm(request.POST)
    if form.is_valid():
        try:
            actions.reopen_deviation(deviation, acting_user=request.user, reason=form.cleaned_data["reason"])
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
            if err.field == "status":
                status = 409
            return _render_detail(request, unit, year, deviation, reopen_form=form, status=status)
        messages.success(request, _("Avvikelsen har öppnats igen."))
        return redirect(deviations_url(unit.pk, year, f"deviation-{deviation.pk}"))
    return _render_detail(request, unit, year, deviation, reopen_form=form)
