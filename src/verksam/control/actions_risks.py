"""Risk-analysis actions: the väsentlighets- och riskanalys and its risks.

Every action needs ``edit_plan`` on the analysis's unit (a board's editors work in their own
board's subtree only), validates before writing and writes the change with its history row in
one transaction; a save that changes nothing records nothing.

Rules (issue 5, DESIGN "Risk matrices are versioned"):

- scores are validated against the matrix version the risk is scored in (new risks: the
  latest version of the analysis's matrix); the version is frozen from its first risk on;
- treatment: *accept* needs a motivation; *control* needs a kontrollmoment in the
  internkontrollplan pointing to the risk; *action* needs an activity of the same year's plan of
  the same board;
- goal and activity belong to the analysis's year (a KF-mål of the KF budget or a goal of the
  board's own plans).

Errors: ``NotAllowedError``, ``MatrixError``, ``ConcurrentEditError``, ``DomainError`` with
``field`` — Swedish messages.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from verksam.control.actions_common import apply, current, in_subtree, refuse_unknown, require_text
from verksam.control.actions_matrix import mark_in_use
from verksam.control.models import Risk, RiskAnalysis, RiskCategory, RiskMatrix, Treatment
from verksam.control.rules.matrix import MatrixError, score
from verksam.core import permissions as perms
from verksam.core.audit import check_version, delete_audited, save_audited
from verksam.core.errors import DomainError
from verksam.planning.models import Plan, PlanKind

RISK_FIELDS = (
    "title", "description", "category", "owner", "goal", "process", "activity", "inherent_likelihood",
    "inherent_consequence", "residual_likelihood", "residual_consequence", "treatment", "treatment_motivation",
    "action_activity", "sort_order", "is_example",
)
"""The fields ``create_risk`` and ``update_risk`` accept."""


def _check_plan(unit, year: int, plan: Plan | None) -> None:
    if plan is not None and (plan.unit_id != unit.pk or plan.year != year):
        raise DomainError(_("Planen hör inte till %(unit)s år %(year)s.") % {"unit": unit.name, "year": year},
                          field="plan")


@transaction.atomic
def create_risk_analysis(unit, year: int, *, matrix: RiskMatrix, acting_user, plan: Plan | None = None,
                         title: str = "", description: str = "", is_example: bool = False,
                         copied_from: RiskAnalysis | None = None) -> RiskAnalysis:
    """Create the väsentlighets- och riskanalys of ``unit`` for ``year``, scored in ``matrix``
    (which must be managed on ``unit`` or above it) and tied to ``plan`` (the board's
    verksamhetsplan of that year, optional). One per board and year; ``copied_from`` is set by
    ``copy_risk_analysis``."""
    perms.require(acting_user, perms.EDIT_PLAN, unit)
    _check_plan(unit, year, plan)
    if not in_subtree(unit, matrix.unit):
        raise DomainError(_("Riskmatrisen %(m)s kan inte användas av %(unit)s.")
                          % {"m": matrix.name, "unit": unit.name}, field="matrix")
    if RiskAnalysis.objects.filter(unit=unit, year=year).exists():
        raise DomainError(_("%(unit)s har redan en väsentlighets- och riskanalys för %(year)s.")
                          % {"unit": unit.name, "year": year}, field="year")
    analysis = RiskAnalysis(unit=unit, year=year, plan=plan, matrix=matrix, title=title, description=description,
                            is_example=is_example, copied_from=copied_from)
    save_audited(analysis, acting_user=acting_user, created=True)
    return analysis


@transaction.atomic
def update_risk_analysis(analysis: RiskAnalysis, *, acting_user, expected_version: int | None = None,
                         **values) -> bool:
    """Change title, description or plan of ``analysis``; returns False when nothing changed.
    The matrix is not changed here: risks keep the version they were scored in."""
    perms.require(acting_user, perms.EDIT_PLAN, analysis.unit)
    refuse_unknown(values, ("title", "description", "plan"))
    check_version(analysis, expected_version)
    _check_plan(analysis.unit, analysis.year, values.get("plan", analysis.plan))
    apply(analysis, values)
    return save_audited(analysis, acting_user=acting_user)


def _in_year_and_board(analysis: RiskAnalysis, plan: Plan) -> bool:
    if plan.year != analysis.year:
        return False
    return plan.kind == PlanKind.COUNCIL_BUDGET or in_subtree(plan.unit, analysis.unit)


def _check_links(analysis: RiskAnalysis, values: dict, risk: Risk | None) -> None:
    goal = current("goal", values, risk)
    if goal is not None and not _in_year_and_board(analysis, goal.plan):
        raise DomainError(
            _("Målet hör inte till KF-budgeten eller planerna för %(unit)s %(year)s.")
            % {"year": analysis.year, "unit": analysis.unit.name}, field="goal")
    activity = current("activity", values, risk)
    if activity is not None and not _in_year_and_board(analysis, activity.plan):
        raise DomainError(
            _("Aktiviteten hör inte till planerna för %(unit)s %(year)s.")
            % {"year": analysis.year, "unit": analysis.unit.name}, field="activity")


def _scores(version, values: dict, risk: Risk | None) -> dict:
    """Validate the four scales against ``version``; return the computed score fields."""
    out = {}
    lik, con = current("inherent_likelihood", values, risk), current("inherent_consequence", values, risk)
    try:
        out["inherent_score"] = score(lik, con, version)
    except MatrixError as err:
        raise MatrixError(err.message, field=f"inherent_{err.field}") from err
    res_lik, res_con = current("residual_likelihood", values, risk), current("residual_consequence", values, risk)
    if res_lik in (None, "") and res_con in (None, ""):
        out.update(residual_likelihood=None, residual_consequence=None, residual_score=None)
        return out
    if res_lik in (None, "") or res_con in (None, ""):
        raise DomainError(_("Ange både sannolikhet och konsekvens efter kontroll, eller ingen av dem."),
                          field="residual_likelihood" if res_lik in (None, "") else "residual_consequence")
    try:
        out["residual_score"] = score(res_lik, res_con, version)
    except MatrixError as err:
        raise MatrixError(err.message, field=f"residual_{err.field}") from err
    out.update(residual_likelihood=int(res_lik), residual_consequence=int(res_con))
    return out


def _check_treatment(analysis: RiskAnalysis, values: dict, risk: Risk | None) -> None:
    treatment = current("treatment", values, risk, "") or ""
    if treatment and treatment not in Treatment.values:
        raise DomainError(_("Välj en giltig hantering av risken."), field="treatment")
    if treatment == Treatment.ACCEPT:
        require_text("treatment_motivation", values, risk, _("En accepterad risk måste motiveras."))
    elif treatment == Treatment.CONTROL:
        if risk is None or not risk.controls.exists():
            raise DomainError(
                _("Lägg först till ett kontrollmoment för risken i internkontrollplanen; sedan kan "
                  "risken hanteras med kontroll."), field="treatment")
    elif treatment == Treatment.ACTION:
        activity = current("action_activity", values, risk)
        if activity is None:
            raise DomainError(_("Välj aktiviteten i verksamhetsplanen som hanterar risken."),
                              field="action_activity")
        plan = activity.plan
        if plan.year != analysis.year or plan.unit_id != analysis.unit_id or plan.kind != PlanKind.OPERATIONAL_PLAN:
            raise DomainError(
                _("Åtgärden ska vara en aktivitet i verksamhetsplanen för %(unit)s %(year)s.")
                % {"unit": analysis.unit.name, "year": analysis.year}, field="action_activity")


def _validate(analysis: RiskAnalysis, version, values: dict, risk: Risk | None) -> dict:
    refuse_unknown(values, RISK_FIELDS)
    require_text("title", values, risk, _("Risken måste ha en rubrik."))
    if current("category", values, risk, "") not in RiskCategory.values:
        raise DomainError(_("Välj en kategori för risken."), field="category")
    computed = _scores(version, values, risk)
    _check_links(analysis, values, risk)
    _check_treatment(analysis, values, risk)
    cleaned = dict(values)
    for name in ("inherent_likelihood", "inherent_consequence"):
        if name in cleaned:
            cleaned[name] = int(cleaned[name])
    cleaned.update(computed)
    return cleaned


@transaction.atomic
def create_risk(analysis: RiskAnalysis, *, acting_user, **values) -> Risk:
    """Create a risk in ``analysis``, scored in the latest version of the analysis's matrix.

    ``values``: title, description, category (``RiskCategory``), owner, goal, process, activity,
    inherent_likelihood, inherent_consequence, residual_likelihood, residual_consequence
    (integers within the matrix), treatment (``Treatment`` or ""), treatment_motivation,
    action_activity, sort_order. Treatment *control* cannot be given here — the risk needs its
    kontrollmoment first (``create_control``), then ``update_risk(treatment="control")``.
    """
    perms.require(acting_user, perms.EDIT_PLAN, analysis.unit)
    version = analysis.matrix.latest_version()
    cleaned = _validate(analysis, version, values, None)
    risk = Risk(analysis=analysis, matrix_version=version, **cleaned)
    mark_in_use(version, acting_user=acting_user)
    save_audited(risk, acting_user=acting_user, created=True)
    return risk


@transaction.atomic
def update_risk(risk: Risk, *, acting_user, expected_version: int | None = None, reason: str = "",
                **values) -> bool:
    """Change fields of ``risk`` (as ``create_risk``); scores are validated against the version
    the risk was scored in. Returns False when nothing changed (and records nothing)."""
    analysis = risk.analysis
    perms.require(acting_user, perms.EDIT_PLAN, analysis.unit)
    check_version(risk, expected_version)
    cleaned = _validate(analysis, risk.matrix_version, values, risk)
    apply(risk, cleaned)
    return save_audited(risk, acting_user=acting_user, reason=reason)


@transaction.atomic
def delete_risk(risk: Risk, *, acting_user, reason: str = "") -> None:
    """Delete a risk that no kontrollmoment points to."""
    perms.require(acting_user, perms.EDIT_PLAN, risk.analysis.unit)
    if risk.controls.exists():
        raise DomainError(_("Risken har kontrollmoment i internkontrollplanen och kan inte tas bort."))
    delete_audited(risk, acting_user=acting_user, reason=reason)
