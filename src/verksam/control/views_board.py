"""The board's internal-control landing page (intern kontroll, kommunallagen 6 kap. 6 §) for a
year, and the buttons that start its parts.

URL ``/internkontroll/<unit id>/<år>/``: the status of the system för internkontroll (version,
utkast/godkänd), the risk analysis (risks per band), the internkontrollplan (controls, results
recorded of occasions due, open deviations — the KS oversight figures of
``queries_overview.oversight`` for this board), links to the pages, attachments 5 and 6 and the
history. Editors of the board get buttons to create what is missing: the analysis (in a matrix
the board may use, default KF's), a copy of last year's analysis, the internkontrollplan.
Status codes: see ``verksam.control.views_access``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from verksam.control import actions
from verksam.control.forms_risks import AnalysisCreateForm
from verksam.control.models import ControlPlan, ControlSystem, RiskAnalysis
from verksam.control.queries_overview import oversight
from verksam.control.views_access import board_flags, domain_refusals, load_board
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.planning.models import Plan, PlanKind

ATTACHMENTS = ((5, gettext_lazy("Bilaga 5: Väsentlighets- och riskanalys med internkontrollplan")),
               (6, gettext_lazy("Bilaga 6: System för internkontroll")))
FORMATS = ("pdf", "docx", "xlsx")


def board_url(unit_id: int, year: int) -> str:
    """The board's internal-control landing page for ``year``."""
    return reverse("control_risks:board", args=[unit_id, year])


def operational_plan(unit, year: int) -> Plan | None:
    """The board's verksamhetsplan for ``year``, if any (one query)."""
    return Plan.objects.filter(unit=unit, year=year, kind=PlanKind.OPERATIONAL_PLAN).first()


def _band_counts(item: RiskAnalysis | None, levels: dict[str, int]) -> list[tuple[dict | None, str, int]]:
    """(band, label, count) per band of the matrix's latest version, highest first, then any
    label of an older version not in it."""
    if item is None:
        return []
    bands = list(reversed(item.matrix.latest_version().bands))
    out = [(b, b["label"], levels.get(b["label"], 0)) for b in bands]
    known = {b["label"] for b in bands}
    out += [(None, label, n) for label, n in levels.items() if label not in known]
    return out


@login_required
@domain_refusals
def board(request, unit_id: int, year: int):
    """The landing page described in the module docstring."""
    unit = load_board(request, unit_id, year)
    flags = board_flags(request.user, unit)
    item = RiskAnalysis.objects.select_related("matrix").filter(unit=unit, year=year).first()
    control_plan = ControlPlan.objects.filter(unit=unit, year=year).first()
    systems = list(ControlSystem.objects.filter(unit=unit, year=year).select_related("approved_by")
                   .order_by("-version"))
    figures = next(e for e in oversight(unit.municipality, year, user=request.user) if e.unit.pk == unit.pk)
    previous = None
    if item is None and flags["can_edit"]:
        previous = RiskAnalysis.objects.filter(unit=unit, year=year - 1).first()
    return render(request, "control/board.html", {
        "unit": unit, "year": year, "analysis": item, "control_plan": control_plan,
        "system": systems[0] if systems else None, "system_versions": len(systems), "figures": figures,
        "bands": _band_counts(item, figures.levels), "previous_analysis": previous,
        "create_form": AnalysisCreateForm(unit=unit) if item is None and flags["can_edit"] else None,
        "attachments": [(number, title, FORMATS) for number, title in ATTACHMENTS],
        **flags,
    })


def _created_or_refused(request, unit, year: int, create, success_url: str, success_message: str):
    """Run ``create()``; on a domain error (other than a refusal) show it on the landing page."""
    try:
        create()
    except NotAllowedError:
        raise
    except DomainError as err:
        messages.error(request, err.message)
        return redirect(board_url(unit.pk, year))
    messages.success(request, success_message)
    return redirect(success_url)


@login_required
@require_POST
@domain_refusals
def analysis_create(request, unit_id: int, year: int):
    """Create the board's risk analysis for ``year`` in the chosen matrix (``create_risk_analysis``)."""
    unit = load_board(request, unit_id, year, perm=perms.EDIT_PLAN)
    form = AnalysisCreateForm(request.POST, unit=unit)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("matrix", [])))
        return redirect(board_url(unit.pk, year))
    return _created_or_refused(
        request, unit, year,
        lambda: actions.create_risk_analysis(
            unit, year, matrix=form.cleaned_data["matrix"], acting_user=request.user,
            plan=operational_plan(unit, year), title=_("Väsentlighets- och riskanalys %(year)s") % {"year": year}),
        reverse("control_risks:analysis", args=[unit.pk, year]),
        _("Riskanalysen för %(year)s har skapats.") % {"year": year})


@login_required
@require_POST
@domain_refusals
def analysis_copy(request, unit_id: int, year: int):
    """Copy last year's risk analysis (with its internkontrollplan) to ``year``
    (``copy_risk_analysis``); 404 when there is none."""
    unit = load_board(request, unit_id, year, perm=perms.EDIT_PLAN)
    previous = get_object_or_404(RiskAnalysis, unit=unit, year=year - 1)
    return _created_or_refused(
        request, unit, year, lambda: actions.copy_risk_analysis(previous, acting_user=request.user, year=year),
        reverse("control_risks:analysis", args=[unit.pk, year]),
        _("Riskanalysen för %(old)s har kopierats till %(year)s.") % {"old": year - 1, "year": year})


@login_required
@require_POST
@domain_refusals
def control_plan_create(request, unit_id: int, year: int):
    """Create the board's internkontrollplan for ``year`` (``create_control_plan``)."""
    unit = load_board(request, unit_id, year, perm=perms.EDIT_PLAN)
    return _created_or_refused(
        request, unit, year,
        lambda: actions.create_control_plan(unit, year, acting_user=request.user,
                                            title=_("Internkontrollplan %(year)s") % {"year": year}),
        reverse("control_plan:plan", args=[unit.pk, year]),
        _("Internkontrollplanen för %(year)s har skapats.") % {"year": year})
