"""The internkontrollplan pages of a board and year: the plan with its controls grouped per risk
and their occasions, and creating, editing and deleting a kontrollmoment.

URLs under ``/internkontroll/<unit id>/<år>/kontrollplan/`` (``control_plan`` namespace).

Status codes (the permission matrix test asserts them):

* 302 to the login page — anonymous visitor;
* 404 — no such unit, year or control; the plan page answers 404 with a friendly page and a
  link to the board's internal control when the board has no plan for the year;
* 403 — the user may not read the board's internal control, or may read but not change it
  (``NotAllowedError``: a board's editor on another board, KS controllers on other boards,
  readers and politicians);
* 409 — the control was changed by someone else since the form was loaded
  (``ConcurrentEditError``), or a delete the action refuses (results recorded);
* 200 — the form again with Swedish errors at the fields; nothing saved;
* 302 to the plan page after a saved change, with a message.

The views only decide what to offer; the actions in ``verksam.control.actions`` check
permissions and rules again and are the authority.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from verksam.control import actions
from verksam.control.forms_controls import ControlForm, DeleteControlForm
from verksam.control.models import Control, ControlPlan
from verksam.control.queries_plan import plan_page
from verksam.control.views_access import add_domain_error, load_board
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.views_entry import domain_refusals
from verksam.organisation.models import Unit

UNCHANGED = gettext_lazy("Inget ändrades, så inget sparades.")


def plan_url(unit_id: int, year: int, anchor: str = "") -> str:
    """The control plan page, optionally at ``#anchor``."""
    return reverse("control_plan:plan", args=[unit_id, year]) + (f"#{anchor}" if anchor else "")


def _load_plan(unit: Unit, year: int) -> ControlPlan:
    return get_object_or_404(ControlPlan, unit=unit, year=year)


def _load_control(unit: Unit, year: int, control_id: int) -> Control:
    return get_object_or_404(Control.objects.select_related("control_plan", "risk"), pk=control_id,
                             control_plan__unit=unit, control_plan__year=year)


@login_required
@domain_refusals
def plan(request, unit_id: int, year: int):
    """The board's internkontrollplan of ``year``: controls per risk (and the risk's goal) with
    method, frequency, period, responsible, reported in and the occasions with their status.
    Without a plan: a 404 page with a link to the board's internal control (and, for editors, a
    button that creates the plan)."""
    unit = load_board(request, unit_id, year)
    page = plan_page(unit, year, today=timezone.localdate())
    flags = {
        "can_edit": perms.has_perm(request.user, perms.EDIT_PLAN, unit),
        "can_enter": perms.has_perm(request.user, perms.ENTER_OUTCOMES, unit),
    }
    if page.control_plan is None:
        return render(request, "control/plan/missing.html", {"unit": unit, "year": year, **flags}, status=404)
    return render(request, "control/plan/plan.html", {
        "page": page, "unit": unit, "year": year, **flags,
    })


@login_required
@require_POST
@domain_refusals
def plan_create(request, unit_id: int, year: int):
    """Create the board's internkontrollplan of ``year`` (``create_control_plan``)."""
    unit = load_board(request, unit_id, year)
    perms.require(request.user, perms.EDIT_PLAN, unit)
    try:
        actions.create_control_plan(unit, year, acting_user=request.user,
                                    title=_("Internkontrollplan %(year)s") % {"year": year})
    except NotAllowedError:
        raise
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Internkontrollplanen har skapats."))
    return redirect(plan_url(unit.pk, year))


def _render_form(request, unit, year, form, *, control=None, status=200):
    return render(request, "control/plan/control_form.html", {
        "unit": unit, "year": year, "form": form, "control": control,
        "title": _("Ändra kontrollmoment") if control is not None else _("Nytt kontrollmoment"),
        "history_url": reverse("core:history", args=["kontrollmoment", control.pk]) if control else None,
        "cancel_url": plan_url(unit.pk, year, f"control-{control.pk}" if control else ""),
    }, status=status)


@login_required
@domain_refusals
def control_create(request, unit_id: int, year: int):
    """GET: the empty form; POST: ``create_control`` and back to the plan at the new control."""
    unit = load_board(request, unit_id, year)
    perms.require(request.user, perms.EDIT_PLAN, unit)
    control_plan = _load_plan(unit, year)
    data = request.POST if request.method == "POST" else None
    form = ControlForm(data, control_plan=control_plan,
                       initial={"reported_in": "T2", "frequency": "tertial", "risk": request.GET.get("risk")})
    status = 200
    if data is not None and form.is_valid():
        try:
            control = actions.create_control(control_plan, acting_user=request.user, **form.values())
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            count = control.occasions.count()
            messages.success(request, ngettext(
                "Kontrollmomentet har skapats med %(n)s tillfälle.",
                "Kontrollmomentet har skapats med %(n)s tillfällen.", count) % {"n": count})
            return redirect(plan_url(unit.pk, year, f"control-{control.pk}"))
    return _render_form(request, unit, year, form, status=status)


def _occasion_dates(control: Control) -> dict:
    """Due date → has a recorded result, for the control's occasions (one query)."""
    return {due: result_id is not None
            for due, result_id in control.occasions.values_list("due", "result__id")}


def schedule_message(before: dict, after: dict) -> str:
    """What a change of frequency or dates did to the occasions, in Swedish: how many were
    removed and added and how many with recorded results were kept ("" when none changed)."""
    removed = len(set(before) - set(after))
    added = len(set(after) - set(before))
    if not removed and not added:
        return ""
    kept = sum(1 for due, has_result in before.items() if has_result and due in after)
    parts = [ngettext("%(n)s tillfälle togs bort", "%(n)s tillfällen togs bort", removed) % {"n": removed},
             ngettext("%(n)s nytt tillfälle lades till", "%(n)s nya tillfällen lades till", added) % {"n": added}]
    text = _("Tillfällena ändrades: %(removed)s och %(added)s.") % {"removed": parts[0], "added": parts[1]}
    if kept:
        text += " " + ngettext("%(n)s tillfälle med registrerat resultat behölls.",
                               "%(n)s tillfällen med registrerade resultat behölls.", kept) % {"n": kept}
    return text


@login_required
@domain_refusals
def control_edit(request, unit_id: int, year: int, control_id: int):
    """GET: the form with the stored values and ``lock_version``; POST: ``update_control`` with
    ``expected_version`` and the reason. A changed frequency or period keeps recorded results
    and past occasions (the action's rule); the message says what happened to the occasions."""
    unit = load_board(request, unit_id, year)
    perms.require(request.user, perms.EDIT_PLAN, unit)
    control = _load_control(unit, year, control_id)
    data = request.POST if request.method == "POST" else None
    form = ControlForm(data, control_plan=control.control_plan, control=control)
    status = 200
    if data is not None and form.is_valid():
        before = _occasion_dates(control)
        try:
            changed = actions.update_control(control, acting_user=request.user, reason=form.change_reason,
                                             expected_version=form.expected_version, **form.values())
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            if changed:
                messages.success(request, _("Kontrollmomentet har sparats."))
                schedule = schedule_message(before, _occasion_dates(control))
                if schedule:
                    messages.info(request, schedule)
            else:
                messages.info(request, UNCHANGED)
            return redirect(plan_url(unit.pk, year, f"control-{control.pk}"))
    return _render_form(request, unit, year, form, control=control, status=status)


@login_required
@domain_refusals
def control_delete(request, unit_id: int, year: int, control_id: int):
    """GET: a confirmation page with a reason field; POST: ``delete_control``. A refusal (results
    recorded, the last control of a risk treated by control) is shown there with status 409."""
    unit = load_board(request, unit_id, year)
    perms.require(request.user, perms.EDIT_PLAN, unit)
    control = _load_control(unit, year, control_id)
    form = DeleteControlForm(request.POST if request.method == "POST" else None)
    error, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_control(control, acting_user=request.user, reason=form.cleaned_data["reason"].strip())
        except NotAllowedError:
            raise
        except DomainError as err:
            error, status = err.message, 409
        else:
            messages.success(request, _("Kontrollmomentet har tagits bort."))
            return redirect(plan_url(unit.pk, year))
    return render(request, "control/plan/control_delete.html", {
        "unit": unit, "year": year, "control": control, "form": form, "error": error,
        "cancel_url": plan_url(unit.pk, year, f"control-{control.pk}"),
    }, status=status)
