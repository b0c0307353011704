"""The result of one control occasion (kontrolltillfälle): utan anmärkning or avvikelse with
the finding; at avvikelse the same form opens the deviation (åtgärder, ansvarig, klart senast).

URL ``/internkontroll/<unit id>/<år>/kontrollplan/tillfalle/<occasion id>/``. GET shows the
occasion, its period and the form (read-only for users who may not enter results); POST sends
the result to ``record_result`` and, at a new avvikelse, the deviation to ``open_deviation`` —
in one transaction, so a refused deviation saves no result either.

Status codes (the permission matrix test asserts them):

* 302 to the login page — anonymous visitor;
* 404 — no such unit, year or occasion;
* 403 — the user may not read the board, or may not enter its results (``NotAllowedError``);
* 409 — the occasion's period is closed or locked and the user may not correct it
  (``PeriodLockedError``: "Perioden är låst. …"), or the result was changed by someone else
  since the form was loaded (``ConcurrentEditError``); nothing saved;
* 200 — the form again with Swedish errors at the fields (a controller's correction without a
  reason at "Skäl till rättelse"); nothing saved;
* 302 to the plan page at the control after saving.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.control import actions
from verksam.control.forms_results import ResultForm
from verksam.control.models import ControlOccasion, ControlResult
from verksam.control.views_access import add_domain_error, load_board
from verksam.control.views_controls import UNCHANGED, plan_url
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.models import PeriodStatus
from verksam.followup.views_entry import domain_refusals


def _load_occasion(unit, year: int, occasion_id: int) -> ControlOccasion:
    return get_object_or_404(ControlOccasion.objects.select_related("control__control_plan__unit", "control__risk"),
                             pk=occasion_id, control__control_plan__unit=unit, control__control_plan__year=year)


@transaction.atomic
def save_result(occasion: ControlOccasion, form: ResultForm, *, acting_user) -> tuple[ControlResult, bool, bool]:
    """Record the form's result and, when it is a new avvikelse on a result without deviations,
    open its deviation — all or nothing. Returns (result, saved: anything written, opened: a
    deviation opened). Raises the actions' errors."""
    version_before = form.result.lock_version if form.result is not None else None
    result = actions.record_result(occasion, acting_user=acting_user, **form.result_values())
    opened = False
    if form.with_deviation and form.is_deviation:
        actions.open_deviation(result, acting_user=acting_user, **form.deviation_values())
        opened = True
    saved = version_before is None or result.lock_version != version_before or opened
    return result, saved, opened


@login_required
@domain_refusals
def occasion_result(request, unit_id: int, year: int, occasion_id: int):
    """Show (GET) or record (POST) the result of the occasion ``occasion_id``. POST needs
    ``enter_outcomes`` on the board (else 403 before anything is read)."""
    unit = load_board(request, unit_id, year)
    if request.method == "POST":
        perms.require(request.user, perms.ENTER_OUTCOMES, unit)
    occasion = _load_occasion(unit, year, occasion_id)
    result = ControlResult.objects.filter(occasion=occasion).select_related("period", "entered_by").first()
    deviations = list(result.deviations.order_by("pk")) if result is not None else []
    period = actions.period_for(occasion)
    is_open = period is None or period.status == PeriodStatus.OPEN
    can_enter = perms.has_perm(request.user, perms.ENTER_OUTCOMES, unit)
    can_correct = perms.has_perm(request.user, perms.APPROVE_FOLLOWUP, unit)
    data = request.POST if request.method == "POST" else None
    form = ResultForm(data, result=result, with_deviation=not deviations, correction=not is_open and can_correct)
    status = 200
    if data is not None and form.is_valid():
        try:
            result, saved, opened = save_result(occasion, form, acting_user=request.user)
        except actions.PeriodLockedError as err:
            if "correction_reason" not in form.fields:
                raise
            form.add_error("correction_reason", str(err.message))
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            if opened:
                messages.success(request, _("Resultatet och avvikelsen har sparats."))
            elif saved:
                messages.success(request, _("Resultatet har sparats."))
            else:
                messages.info(request, UNCHANGED)
            return redirect(plan_url(unit.pk, year, f"control-{occasion.control_id}"))
    return render(request, "control/plan/occasion.html", {
        "unit": unit, "year": year, "occasion": occasion, "control": occasion.control, "result": result,
        "deviations": deviations, "period": period, "is_open": is_open, "form": form,
        "editable": can_enter and (is_open or can_correct), "can_enter": can_enter, "can_correct": can_correct,
        "history_url": reverse("core:history", args=["kontrollresultat", result.pk]) if result else None,
        "back_url": plan_url(unit.pk, year, f"control-{occasion.control_id}"),
    }, status=status)
