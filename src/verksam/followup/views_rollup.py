"""Assessment and roll-up pages (bedömning och sammanställning).

* ``kf_rollup_page`` — ``/uppfoljning/<period>/kf-mal/``: for KS, each KF goal (inriktningsmål,
  verksamhetsområdesmål) with "26 av 29 nämnder bedömer …", a table of the boards with their
  verdicts and nämndmål, and the KF indicators' outcomes against årsmål with verdicts.
* ``unit_assessment_page`` — ``/uppfoljning/<period>/bedomning/<unit>/``: the proposals of
  every goal the unit assesses (with what they were computed from) and its indicator
  verdicts; forms to give verdict, analysis and reason, and to approve.
* ``assess_goal_view``, ``approve_goal_view``, ``assess_indicators_view`` — the POSTs of those
  forms; they call ``verksam.followup.assessments`` (the rules and permission checks live there).

Status codes: 404 for an unknown period, unit or goal; 302 to the login page for an anonymous
POST; 403 when the user's roles do not allow it (``NotAllowedError``); 409 for an approved
assessment or a concurrent change; 200 with the page and Swedish errors at the fields when the
input is refused; 302 back to the page after a save. Reads come from
``verksam.followup.queries_rollup`` in a constant number of queries.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core import permissions as perms
from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError
from verksam.followup import assessments
from verksam.followup.forms_rollup import INDICATOR_CHOICES, GoalAssessmentForm, goal_form_initial
from verksam.followup.models import Period, PeriodStatus
from verksam.followup.queries_rollup import kf_rollup, unit_assessments
from verksam.followup.rules import ItemKind, get_rule
from verksam.organisation.models import Unit
from verksam.planning.models import Goal


def _period(pk: int) -> Period:
    return get_object_or_404(Period.objects.select_related("municipality"), pk=pk)


def _unit(period: Period, pk: int) -> Unit:
    return get_object_or_404(Unit, pk=pk, municipality_id=period.municipality_id)


def _periods_of_year(period: Period) -> list[Period]:
    return list(Period.objects.filter(municipality_id=period.municipality_id, year=period.year))


def kf_rollup_page(request, period: int):
    """KS's page: every readable KF goal of the period with how every board assessed it."""
    period = _period(period)
    return render(request, "followup/rollup.html", {
        "period": period, "periods": _periods_of_year(period), "goals": kf_rollup(period, user=request.user),
    })


def _refused(request, err: DomainError, *, status: int, back_url: str):
    return render(request, "followup/refused.html", {"message": err.message, "back_url": back_url}, status=status)


def _page_url(period_id: int, unit_id: int, anchor: str = "") -> str:
    url = reverse("followup_rollup:unit_assessments", args=[period_id, unit_id])
    return f"{url}#{anchor}" if anchor else url


def _item_lines(result, data) -> list[dict]:
    """What a proposal was computed from, as lines for the page: kind, name, whose verdict."""
    lines = []
    for item in result.items:
        if item.kind == ItemKind.INDICATOR:
            indicator = data.indicators.get(item.id)
            name = indicator.name if indicator else str(item.id)
        elif item.kind == ItemKind.GOAL:
            goal = data.goals.get(item.id)
            name = f"{goal.code} {goal.title}".strip() if goal else str(item.id)
        else:
            name = next((a.title for a in data.activities if a.id == item.id), str(item.id))
        unit = data.units.get(item.unit_id)
        lines.append({"kind": str(item.kind), "name": name, "verdict": item.verdict,
                      "unit": unit.short_name or unit.name if unit else ""})
    return lines


def _render_unit_page(request, period: Period, unit: Unit, *, bound: dict | None = None,
                      indicator_errors: dict | None = None, status: int = 200):
    """The assessment page; ``bound`` maps goal id → a bound form with errors to show instead of
    the stored values; ``indicator_errors`` indicator id → message."""
    page = unit_assessments(unit, period, user=request.user)
    user = request.user
    can_assess = perms.has_perm(user, perms.ENTER_OUTCOMES, unit)
    can_approve = perms.has_perm(user, perms.APPROVE_FOLLOWUP, unit)
    is_open = period.status == PeriodStatus.OPEN
    editable = can_assess and (is_open or can_approve)
    approver_ids = {r.stored.approved_by_id for r in page.goals if r.stored and r.stored.approved_by_id}
    approvers = {u.pk: (u.get_full_name() or u.username)
                 for u in get_user_model().objects.filter(pk__in=approver_ids)} if approver_ids else {}
    cards = []
    for result in page.goals:
        form = (bound or {}).get(result.goal.id)
        if form is None and editable and not result.is_approved:
            form = GoalAssessmentForm(initial=goal_form_initial(result), prefix=f"g{result.goal.id}",
                                      correction=not is_open)
        cards.append({
            "result": result, "goal": result.goal, "form": form, "items": _item_lines(result, page.data),
            "indicators": page.indicators_of(result.goal.id),
            "rule": get_rule(result.stored.rule_id if result.stored else page.rule_id),
            "approved_by": approvers.get(result.stored.approved_by_id) if result.stored else None,
            "can_approve": can_approve and result.stored is not None and bool(result.stored.verdict)
                           and not result.is_approved,
        })
    indicator_rows = [r for rows in page.indicators.values() for r in rows]
    return render(request, "followup/rollup_unit.html", {
        "period": period, "periods": _periods_of_year(period), "unit": unit, "page": page, "cards": cards,
        "unassigned": page.indicators_of(None), "indicator_rows": indicator_rows,
        "indicator_errors": indicator_errors or {}, "indicator_choices": INDICATOR_CHOICES,
        "can_assess": can_assess, "can_approve": can_approve, "editable": editable, "is_open": is_open,
        "goal_titles": {g.id: f"{g.code} {g.title}".strip() for g in page.data.goals.values()},
    }, status=status)


def unit_assessment_page(request, period: int, unit: int):
    """The unit's assessments in the period (read for everyone who may read the plans; forms
    for holders of ``enter_outcomes``, approval for holders of ``approve_followup``)."""
    period = _period(period)
    return _render_unit_page(request, period, _unit(period, unit))


@login_required
@require_POST
def assess_goal_view(request, period: int, unit: int, goal: int):
    """Save the unit's verdict, analysis and reason for ``goal`` (``assessments.assess_goal``)."""
    period = _period(period)
    unit = _unit(period, unit)
    goal = get_object_or_404(Goal.objects.select_related("plan__unit", "owner_unit"), pk=goal)
    form = GoalAssessmentForm(request.POST, prefix=f"g{goal.pk}", correction=period.status != PeriodStatus.OPEN)
    back = _page_url(period.pk, unit.pk, f"goal-{goal.pk}")
    if not form.is_valid():
        return _render_unit_page(request, period, unit, bound={goal.pk: form})
    data = form.cleaned_data
    try:
        assessments.assess_goal(
            goal, unit, period, verdict=data["verdict"], analysis=data["analysis"], reason=data["reason"],
            acting_user=request.user, correction_reason=data.get("correction_reason") or "",
            expected_version=data.get("lock_version"),
        )
    except NotAllowedError as err:
        return _refused(request, err, status=403, back_url=back)
    except assessments.AssessmentApprovedError as err:
        return _refused(request, err, status=409, back_url=back)
    except DomainError as err:
        field = err.field if err.field in form.fields else None
        form.add_error(field, str(err.message))
        status = 409 if isinstance(err, ConcurrentEditError) else 200
        return _render_unit_page(request, period, unit, bound={goal.pk: form}, status=status)
    messages.success(request, _("Bedömningen av ”%(goal)s” sparades.") % {"goal": goal})
    return redirect(back)


@login_required
@require_POST
def approve_goal_view(request, period: int, unit: int, goal: int):
    """Approve the unit's assessment of ``goal`` (``assessments.approve_goal_assessment``)."""
    period = _period(period)
    unit = _unit(period, unit)
    goal = get_object_or_404(Goal, pk=goal)
    back = _page_url(period.pk, unit.pk, f"goal-{goal.pk}")
    version = request.POST.get("lock_version")
    try:
        assessments.approve_goal_assessment(
            goal, unit, period, acting_user=request.user,
            correction_reason=request.POST.get("correction_reason", ""),
            expected_version=int(version) if version and version.isdigit() else None,
        )
    except NotAllowedError as err:
        return _refused(request, err, status=403, back_url=back)
    except DomainError as err:
        return _refused(request, err, status=409, back_url=back)
    messages.success(request, _("Bedömningen av ”%(goal)s” godkändes.") % {"goal": goal})
    return redirect(back)


@login_required
@require_POST
def assess_indicators_view(request, period: int, unit: int):
    """Store the unit's indicator verdicts (``assessments.assess_indicators``): the form posts
    ``verdict-<id>`` and ``reason-<id>`` per indicator and, in a closed period, ``correction_reason``."""
    period = _period(period)
    unit = _unit(period, unit)
    verdicts = {}
    for name, value in request.POST.items():
        if name.startswith("verdict-") and name[8:].isdigit():
            ind_id = int(name[8:])
            verdicts[ind_id] = (value, request.POST.get(f"reason-{ind_id}", ""))
    back = _page_url(period.pk, unit.pk, "indicators")
    try:
        assessments.assess_indicators(unit, period, acting_user=request.user, verdicts=verdicts,
                                      correction_reason=request.POST.get("correction_reason", ""))
    except NotAllowedError as err:
        return _refused(request, err, status=403, back_url=back)
    except DomainError as err:
        key = getattr(err, "indicator_id", None) if err.field in ("verdict", "reason") else "correction_reason"
        return _render_unit_page(request, period, unit, indicator_errors={key: str(err.message)})
    messages.success(request, _("Indikatorernas bedömningar sparades."))
    return redirect(back)
