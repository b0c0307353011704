"""Copying a board's internal control to the next year: the risk analysis with its risks and,
with it, the internkontrollplan with its controls and that year's occasions.

Risks move to the latest version of their matrix through the versions' cell mappings (DESIGN
"Risk matrices are versioned"); goals, activities and action treatments belong to one year's
plans, so the copies leave them empty for the board to tie to the new year's plan; a treatment
by control is kept only where the copied plan gives the risk a control.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from verksam.control.actions_controls import copy_control_plan
from verksam.control.actions_matrix import mark_in_use, rescored_values
from verksam.control.actions_risks import RISK_FIELDS, create_risk_analysis
from verksam.control.models import ControlPlan, Risk, RiskAnalysis, Treatment
from verksam.core.audit import save_audited
from verksam.core.errors import DomainError
from verksam.planning.models import Plan, PlanKind

_YEAR_BOUND = ("goal", "activity", "action_activity")


@transaction.atomic
def copy_risk_analysis(analysis: RiskAnalysis, *, acting_user, year: int | None = None,
                       with_control_plan: bool = True) -> RiskAnalysis:
    """Copy ``analysis`` to ``year`` (default: the next year) and return the new analysis.

    Each risk is copied (``copied_from`` set) and carried to the matrix's latest version through
    the cell mappings. With ``with_control_plan`` the board's internkontrollplan of the old year
    is copied too (``copy_control_plan``) when the new year has none. Needs ``edit_plan`` on the
    board; refused when the board already has an analysis for ``year``.
    """
    year = year or analysis.year + 1
    if year <= analysis.year:
        raise DomainError(_("Riskanalysen kan bara kopieras till ett senare år."), field="year")
    plan = Plan.objects.filter(unit=analysis.unit, year=year, kind=PlanKind.OPERATIONAL_PLAN).first()
    new = create_risk_analysis(
        analysis.unit, year, matrix=analysis.matrix, acting_user=acting_user, plan=plan,
        title=analysis.title.replace(str(analysis.year), str(year)), description=analysis.description,
        is_example=analysis.is_example, copied_from=analysis,
    )
    latest = analysis.matrix.latest_version()
    copies = []
    for old in analysis.risks.select_related("matrix_version"):
        values = {name: getattr(old, name) for name in RISK_FIELDS if name not in _YEAR_BOUND}
        values.update(inherent_score=old.inherent_score, residual_score=old.residual_score,
                      matrix_version=old.matrix_version)
        if old.matrix_version_id != latest.pk:
            values.update(rescored_values(old, latest))
        if values["treatment"] == Treatment.ACTION:
            values["treatment"] = ""
        risk = Risk(analysis=new, copied_from=old, **values)
        copies.append(risk)
    if copies:
        mark_in_use(latest, acting_user=acting_user)
    for risk in copies:
        save_audited(risk, acting_user=acting_user, created=True)
    old_plan = ControlPlan.objects.filter(unit=analysis.unit, year=analysis.year).first()
    if with_control_plan and old_plan is not None and not ControlPlan.objects.filter(
            unit=analysis.unit, year=year).exists():
        copy_control_plan(old_plan, acting_user=acting_user, year=year)
    for risk in copies:
        if risk.treatment == Treatment.CONTROL and not risk.controls.exists():
            risk.treatment = ""
            save_audited(risk, acting_user=acting_user, reason=_("Inget kontrollmoment kopierades till året."))
    return new
