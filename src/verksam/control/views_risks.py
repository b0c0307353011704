"""The risk analysis page (väsentlighets- och riskanalys) of a board and year, and adding,
changing and deleting its risks.

URLs ``/internkontroll/<unit id>/<år>/riskanalys/`` and ``…/riskanalys/risk/ny/``,
``…/risk/<id>/``, ``…/risk/<id>/ta-bort/``. The page shows the heat map of the matrix (one per
matrix version the risks are scored in; inherent by default, ``?visa=netto`` for residual) with
each risk as a numbered link into the list, and the list grouped per KF-mål with the nämndmål,
category, owner, process, scores, level and treatment. ``?kategori=`` and ``?niva=`` (a band
label) filter both. Status codes: see ``verksam.control.views_access``. The page reads in a
constant number of queries whatever the number of risks (tests assert it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.control import actions
from verksam.control.forms_risks import RiskDeleteForm, RiskForm
from verksam.control.models import Risk, RiskAnalysis, RiskCategory
from verksam.control.queries_overview import GOAL_ANCESTORS, heatmap, kf_goal_of, risk_level
from verksam.control.views_access import add_domain_error, board_flags, domain_refusals, load_board
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError

RESIDUAL_PARAM = "netto"
GOAL_CHAIN = "goal" + "__parent" * GOAL_ANCESTORS
"""The risk's goal and its ancestors, loaded with the risk (as the oversight does)."""


def analysis_url(unit_id: int, year: int, anchor: str = "") -> str:
    """The risk analysis page, optionally at ``#anchor``."""
    return reverse("control_risks:analysis", args=[unit_id, year]) + (f"#{anchor}" if anchor else "")


@dataclass
class GoalGroup:
    """The risks tied to one KF-mål (``goal`` None: risks without a KF-mål), in list order."""

    goal: object
    risks: list = field(default_factory=list)


def _code_key(goal) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in (goal.code or "").split(".")) if goal else (10**6,)


def group_by_goal(risks: list[Risk]) -> list[GoalGroup]:
    """Risks grouped by the KF-mål their goal serves (``queries_overview.kf_goal_of``, through
    ``Goal.parent``), KF-mål in code order, risks without one last. Sets ``risk.kf_goal`` and
    ``risk.board_goal`` (the risk's goal when it is not itself the KF-mål)."""
    groups: dict = {}
    for risk in risks:
        top = kf_goal_of(risk.goal) if risk.goal is not None else None
        risk.kf_goal = top
        risk.board_goal = risk.goal if risk.goal is not None and risk.goal != top else None
        groups.setdefault(top.pk if top else None, GoalGroup(goal=top)).risks.append(risk)
    return sorted(groups.values(), key=lambda g: (g.goal is None, _code_key(g.goal), g.goal.pk if g.goal else 0))


def _load_risks(analysis: RiskAnalysis) -> list[Risk]:
    """The analysis's risks in list order with what the page shows (two queries), numbered 1, 2 …
    (``risk.number``) and with ``risk.level`` = (score, band)."""
    risks = list(analysis.risks.select_related(
        "matrix_version", GOAL_CHAIN, "activity", "action_activity",
    ).prefetch_related("controls").order_by("sort_order", "pk"))
    for number, risk in enumerate(risks, start=1):
        risk.number = number
        risk.level = risk_level(risk)
        risk.controls_list = list(risk.controls.all())
    return risks


def ink(colour: str) -> str:
    """Black or white text, whichever reads better on the band colour "#rrggbb"."""
    try:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "#000"
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#fff"


@dataclass
class HeatMapView:
    """A heat map for the template: ``map`` (``queries_overview.HeatMap``) and its rows paired
    with their likelihood labels, highest likelihood first; every cell has ``ink``."""

    map: object
    rows: list


def heatmap_views(maps) -> list[HeatMapView]:
    """Pair each map's rows with their labels and give every cell its text colour."""
    out = []
    for item in maps:
        for row in item.rows:
            for cell in row:
                cell.ink = ink(cell.band.colour)
        out.append(HeatMapView(map=item, rows=list(zip(item.likelihood_labels, item.rows))))
    return out


def _heatmaps(analysis: RiskAnalysis, risks: list[Risk], residual: bool) -> list[HeatMapView]:
    """One heat map per matrix version the risks are scored in (oldest first); the empty grid of
    the matrix's latest version when no risk is shown (one query for that version)."""
    latest = analysis.matrix.latest_version()
    by_version: dict = {}
    versions = {}
    for risk in risks:
        by_version.setdefault(risk.matrix_version_id, []).append(risk)
        versions[risk.matrix_version_id] = risk.matrix_version
    if not versions:
        return heatmap_views([heatmap(latest, [], residual=residual)])
    return heatmap_views([heatmap(versions[pk], by_version[pk], residual=residual)
                          for pk in sorted(versions, key=lambda pk: versions[pk].number)])


@login_required
@domain_refusals
def analysis(request, unit_id: int, year: int):
    """Show the board's risk analysis for ``year``: heat map, risks per KF-mål, filters."""
    unit = load_board(request, unit_id, year)
    flags = board_flags(request.user, unit)
    item = (RiskAnalysis.objects.select_related("matrix", "plan")
            .filter(unit=unit, year=year).first())
    context = {"unit": unit, "year": year, "analysis": item, **flags}
    if item is None:
        return render(request, "control/risks/analysis.html", context)
    risks = _load_risks(item)
    category = request.GET.get("kategori", "")
    level = request.GET.get("niva", "")
    residual = request.GET.get("visa") == RESIDUAL_PARAM
    shown = [r for r in risks if (not category or r.category == category) and (not level or r.level[1].label == level)]
    levels = []
    for risk in risks:
        if risk.level[1].label not in [b.label for b in levels]:
            levels.append(risk.level[1])
    context.update({
        "risks": risks, "shown": shown, "groups": group_by_goal(shown),
        "heatmaps": _heatmaps(item, shown, residual), "residual": residual,
        "categories": RiskCategory.choices, "category": category,
        "levels": sorted(levels, key=lambda b: b.low), "level": level,
        "filtered": bool(category or level),
    })
    return render(request, "control/risks/analysis.html", context)


def _load_analysis(request, unit_id: int, year: int):
    """(board, analysis) for an edit view: needs ``edit_plan`` (else 403), 404 without analysis."""
    unit = load_board(request, unit_id, year, perm=perms.EDIT_PLAN)
    item = get_object_or_404(RiskAnalysis.objects.select_related("matrix"), unit=unit, year=year)
    return unit, item


def _load_risk(analysis_obj: RiskAnalysis, risk_id: int) -> Risk:
    return get_object_or_404(Risk.objects.select_related("matrix_version"), pk=risk_id, analysis=analysis_obj)


def _render_form(request, unit, item, form, risk, status: int = 200):
    return render(request, "control/risks/risk_form.html", {
        "unit": unit, "year": item.year, "analysis": item, "form": form, "risk": risk,
        "title": _("Ändra risk") if risk else _("Ny risk"),
        "cancel_url": analysis_url(unit.pk, item.year, f"risk-{risk.pk}" if risk else ""),
    }, status=status)


@login_required
@domain_refusals
def risk_create(request, unit_id: int, year: int):
    """Add a risk (GET the form, POST it to ``create_risk``); scored in the matrix's latest version."""
    unit, item = _load_analysis(request, unit_id, year)
    version = item.matrix.latest_version()
    form = RiskForm(request.POST or None, analysis=item, version=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            risk = actions.create_risk(item, acting_user=request.user, **form.values())
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            messages.success(request, _("Risken har lagts till."))
            return redirect(analysis_url(unit.pk, year, f"risk-{risk.pk}"))
    return _render_form(request, unit, item, form, None, status)


@login_required
@domain_refusals
def risk_edit(request, unit_id: int, year: int, risk_id: int):
    """Change a risk (``update_risk`` with the form's ``lock_version`` and reason)."""
    unit, item = _load_analysis(request, unit_id, year)
    risk = _load_risk(item, risk_id)
    form = RiskForm(request.POST or None, analysis=item, version=risk.matrix_version, risk=risk)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_risk(risk, acting_user=request.user, expected_version=form.expected_version,
                                          reason=form.change_reason, **form.values())
        except NotAllowedError:
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            messages.success(request, _("Risken har sparats.") if changed else _("Inget ändrades, så inget sparades."))
            return redirect(analysis_url(unit.pk, year, f"risk-{risk.pk}"))
    return _render_form(request, unit, item, form, risk, status)


@login_required
@domain_refusals
def risk_delete(request, unit_id: int, year: int, risk_id: int):
    """Confirm (GET) and delete (POST, ``delete_risk`` with a reason) a risk; a risk with
    controls in the internkontrollplan is refused (409, the message on the page)."""
    unit, item = _load_analysis(request, unit_id, year)
    risk = _load_risk(item, risk_id)
    form = RiskDeleteForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_risk(risk, acting_user=request.user, reason=form.cleaned_data["reason"])
        except NotAllowedError:
            raise
        except DomainError as err:
            error, status = err.message, 409
        else:
            messages.success(request, _("Risken %(title)s har tagits bort.") % {"title": risk.title})
            return redirect(analysis_url(unit.pk, year))
    return render(request, "control/risks/risk_delete.html", {
        "unit": unit, "year": year, "analysis": item, "risk": risk, "form": form, "error": error,
        "cancel_url": analysis_url(unit.pk, year, f"risk-{risk.pk}"),
    }, status=status)
