"""Assessment actions (bedömningar): indicator verdicts, goal assessments and their approval.

Every stored assessment is written here — by the assessment page, the demo and commands — so
the rules hold everywhere:

- the acting user needs ``enter_outcomes`` on the unit to assess and ``approve_followup`` to
  approve (``verksam.core.permissions``);
- the proposal is computed by ``verksam.followup.queries_rollup.propose_goal_assessment`` /
  ``verksam.followup.proposals`` (the same function as the roll-up) and stored with the rule
  used (``rule_id``), the computed verdict (``proposed``) and its record (``proposal``);
- a verdict that differs from the proposal needs a reason (Swedish error at the field
  "reason"); the reason is kept only while they differ;
- an approved goal assessment does not change (``AssessmentApprovedError``);
- a closed or locked period takes a change only as a correction with a reason from a holder
  of ``approve_followup`` (``PeriodLockedError`` at "correction_reason"), as outcomes do;
- a save that changes nothing records nothing; a stale ``expected_version`` is refused.

Errors: ``NotAllowedError``, ``PeriodLockedError``, ``AssessmentApprovedError``,
``ConcurrentEditError``, ``DomainError`` with ``field`` — Swedish messages; nothing is
half-written (each action is one transaction).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.core import permissions as perms
from verksam.core.audit import check_version, save_audited
from verksam.core.errors import DomainError
from verksam.followup.actions import PeriodLockedError
from verksam.followup.models import GoalAssessment, IndicatorAssessment, Period, PeriodStatus
from verksam.followup.period_data import load_period_data
from verksam.followup.proposals import default_rule_id, indicator_result
from verksam.followup.queries_rollup import assessed_goal_ids, propose_goal_assessment
from verksam.followup.rules import GoalVerdict, Verdict, get_rule
from verksam.planning.models import Goal, PlanKind

GIVEN_GOAL_VERDICTS = (GoalVerdict.HELT, GoalVerdict.DELVIS, GoalVerdict.EJ, GoalVerdict.NOT_ASSESSED)
"""Verdicts a unit may give a goal (ej beräknad is only ever a proposal)."""


class AssessmentApprovedError(DomainError):
    """The goal assessment is approved and no longer changes."""

    default_message = gettext_lazy("Bedömningen är godkänd och kan inte ändras.")


def _check_period(period: Period, unit, acting_user, correction_reason: str) -> None:
    """Refuse a change in a closed or locked period unless it is a correction with a reason by
    a holder of ``approve_followup``."""
    if period.status != PeriodStatus.OPEN:
        if not (correction_reason or "").strip():
            raise PeriodLockedError(field="correction_reason")
        perms.require(acting_user, perms.APPROVE_FOLLOWUP, unit)


def _check_goal(goal, unit, period: Period) -> None:
    plan = goal.plan
    if plan.year != period.year or plan.unit.municipality_id != period.municipality_id:
        raise DomainError(_("Målet hör till %(y)s års plan, inte %(p)s.") % {"y": plan.year, "p": period},
                          field="goal")
    if goal.owner_unit_id != unit.pk and plan.kind != PlanKind.COUNCIL_BUDGET:
        raise DomainError(_("%(unit)s bedömer inte målet ”%(goal)s”; det gör %(owner)s.")
                          % {"unit": unit.name, "goal": goal, "owner": goal.owner_unit.name}, field="goal")


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


# --- indicators -------------------------------------------------------------------------------

@transaction.atomic
def assess_indicators(unit, period: Period, *, acting_user, verdicts: dict | None = None,
                      correction_reason: str = "") -> list[IndicatorAssessment]:
    """Store the verdict of every indicator ``unit`` follows up in ``period``.

    The proposal is ``rules.indicator_verdict`` of the outcome (at T1/T2 the forecast when
    given) against the unit's årsmål; "ej mätt" when there is no value. ``verdicts`` maps
    indicator id → ``(verdict, reason)`` to give another verdict (a ``Verdict`` value; the
    reason is required when it differs from the proposal). Without an entry, a stored verdict
    that was given with a reason stays while it still differs from the proposal; otherwise the
    verdict follows the proposal. Returns the stored ``IndicatorAssessment`` rows, by indicator.

    Raises ``NotAllowedError``, ``PeriodLockedError``, ``DomainError`` (field "verdict" for an
    unknown verdict or indicator, "reason" for a missing reason; ``error.indicator_id`` set).
    """
    perms.require(acting_user, perms.ENTER_OUTCOMES, unit)
    _check_period(period, unit, acting_user, correction_reason)
    verdicts = dict(verdicts or {})
    data = load_period_data(period, goal_ids=[], unit_id=unit.pk)
    keys = [key for key in data.series() if key[1] == unit.pk]
    known = {ind for ind, _unit in keys}
    for ind_id in verdicts:
        if ind_id not in known:
            err = DomainError(_("%(unit)s följer inte upp indikatorn med id %(id)s i %(p)s.")
                              % {"unit": unit.name, "id": ind_id, "p": period}, field="verdict")
            err.indicator_id = ind_id
            raise err
    planned = []
    for ind_id, unit_id in keys:
        result = indicator_result(data, data.indicators[ind_id], unit_id)
        proposed = result.computed.value
        stored = result.stored
        if ind_id in verdicts:
            verdict, reason = verdicts[ind_id]
            verdict = verdict.value if isinstance(verdict, Verdict) else str(verdict or proposed)
            if verdict not in Verdict.values:
                err = DomainError(_("Okänd bedömning: %(v)s.") % {"v": verdict}, field="verdict")
                err.indicator_id = ind_id
                raise err
            reason = (reason or "").strip()
        elif stored is not None and stored.verdict != stored.proposed and stored.verdict != proposed:
            verdict, reason = stored.verdict, stored.reason
        else:
            verdict, reason = proposed, ""
        if verdict != proposed and not reason:
            err = DomainError(_("Indikatorn ”%(name)s”: skriv ett skäl när bedömningen (%(given)s) avviker "
                                "från förslaget (%(proposed)s).")
                              % {"name": result.indicator.name, "given": _label(Verdict, verdict),
                                 "proposed": _label(Verdict, proposed)}, field="reason")
            err.indicator_id = ind_id
            raise err
        planned.append((ind_id, result, proposed, verdict, reason if verdict != proposed else ""))
    stored_rows = {a.indicator_id: a for a in IndicatorAssessment.objects.filter(unit=unit, period=period)}
    saved = []
    for ind_id, result, proposed, verdict, reason in planned:
        row = stored_rows.get(ind_id)
        created = row is None
        if created:
            row = IndicatorAssessment(indicator_id=ind_id, unit=unit, period=period)
        row.proposed, row.verdict, row.reason = proposed, verdict, reason
        row.based_on_forecast = result.based_on_forecast
        save_audited(row, acting_user=acting_user, reason=correction_reason.strip(), created=created)
        saved.append(row)
    return saved


# --- goals ------------------------------------------------------------------------------------

@transaction.atomic
def assess_goal(goal, unit, period: Period, *, verdict: str, analysis: str = "", reason: str = "",
                acting_user, rule_id: str | None = None, correction_reason: str = "",
                expected_version: int | None = None, is_example: bool | None = None) -> GoalAssessment:
    """Store ``unit``'s assessment of ``goal`` in ``period``.

    ``verdict``: "helt", "delvis", "ej", "not_assessed" (ej bedömd) or "" (none given yet:
    only the proposal and the analysis are kept). The proposal is computed now under
    ``rule_id`` (default ``proposals.default_rule_id()``) and stored with the rule and its
    record. ``goal`` must be in a plan of the period's year; a unit assesses the goals it owns
    and any KF goal (a board's own assessment of it). ``is_example``: True marks the assessment
    as example data (exempeldata, the demo), False as real; None keeps the stored flag (False
    when new). Returns the stored ``GoalAssessment``.

    Raises ``NotAllowedError``, ``PeriodLockedError``, ``AssessmentApprovedError``,
    ``ConcurrentEditError``, ``DomainError`` (fields "goal", "verdict", "reason").
    """
    perms.require(acting_user, perms.ENTER_OUTCOMES, unit)
    _check_goal(goal, unit, period)
    _check_period(period, unit, acting_user, correction_reason)
    verdict = verdict.value if isinstance(verdict, GoalVerdict) else (verdict or "")
    if verdict and verdict not in GIVEN_GOAL_VERDICTS:
        raise DomainError(_("Välj uppfyllt helt, uppfyllt delvis, ej uppfyllt eller ej bedömd."), field="verdict")
    try:
        rule = get_rule(rule_id or default_rule_id())
    except ValueError:
        raise DomainError(_("Okänd bedömningsregel: %(r)s.") % {"r": rule_id}, field="rule_id") from None
    result = propose_goal_assessment(goal, unit, period, rule.id)
    proposed = result.proposal.verdict.value
    reason = (reason or "").strip()
    if verdict and verdict != proposed and not reason:
        raise DomainError(_("Skriv ett skäl när bedömningen (%(given)s) avviker från förslaget (%(proposed)s).")
                          % {"given": _label(GoalVerdict, verdict), "proposed": _label(GoalVerdict, proposed)},
                          field="reason")
    assessment = (GoalAssessment.objects.select_for_update()
                  .filter(goal=goal, unit=unit, period=period).first())
    created = assessment is None
    if created:
        assessment = GoalAssessment(goal=goal, unit=unit, period=period)
    else:
        if assessment.approved_at is not None:
            raise AssessmentApprovedError()
        check_version(assessment, expected_version)
    assessment.rule_id = rule.id
    assessment.proposed = proposed
    assessment.proposal = result.record()
    assessment.verdict = verdict
    assessment.analysis = (analysis or "").strip()
    assessment.reason = reason if verdict and verdict != proposed else ""
    if is_example is not None:
        assessment.is_example = bool(is_example)
    save_audited(assessment, acting_user=acting_user, reason=correction_reason.strip(), created=created)
    return assessment


@transaction.atomic
def approve_goal_assessment(goal, unit, period: Period, *, acting_user, correction_reason: str = "",
                            expected_version: int | None = None) -> GoalAssessment:
    """Approve ``unit``'s assessment of ``goal`` in ``period``: sets ``approved_by``/``approved_at``;
    from then on it does not change. Needs ``approve_followup`` on the unit and a verdict given.

    Raises ``NotAllowedError``, ``PeriodLockedError``, ``AssessmentApprovedError``,
    ``ConcurrentEditError``, ``DomainError`` (field "verdict" when there is nothing to approve).
    """
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, unit)
    _check_period(period, unit, acting_user, correction_reason)
    assessment = (GoalAssessment.objects.select_for_update()
                  .filter(goal=goal, unit=unit, period=period).first())
    if assessment is None or not assessment.verdict:
        raise DomainError(_("Ge målet en bedömning innan den godkänns."), field="verdict")
    if assessment.approved_at is not None:
        raise AssessmentApprovedError()
    check_version(assessment, expected_version)
    assessment.approved_by = acting_user
    assessment.approved_at = timezone.now()
    save_audited(assessment, acting_user=acting_user, reason=correction_reason.strip())
    return assessment


@transaction.atomic
def accept_proposals(unit, period: Period, *, acting_user, rule_id: str | None = None,
                     correction_reason: str = "", is_example: bool | None = None) -> list[GoalAssessment]:
    """Give every goal ``unit`` assesses in ``period`` (``queries_rollup.assessed_goal_ids``)
    that has no verdict yet the verdict proposed, goals lowest in the cascade first so that a
    goal above sees the verdicts just given beneath it. Proposals "ej bedömd" and "ej beräknad"
    and approved assessments are left as they are. ``is_example`` as for ``assess_goal``.
    Returns the assessments written."""
    perms.require(acting_user, perms.ENTER_OUTCOMES, unit)
    _check_period(period, unit, acting_user, correction_reason)
    data = load_period_data(period, goal_ids=[], unit_id=unit.pk)
    ids = assessed_goal_ids(data, unit.pk)

    def depth(goal_id):
        level, current = 0, data.goals[goal_id]
        while current.parent_id in data.goals:
            level, current = level + 1, data.goals[current.parent_id]
        return level

    goals = {g.pk: g for g in Goal.objects.filter(pk__in=ids).select_related("plan__unit", "owner_unit")}
    written = []
    for goal_id in sorted(ids, key=lambda g: (-depth(g), g)):
        stored = GoalAssessment.objects.filter(goal_id=goal_id, unit=unit, period=period).first()
        if stored is not None and (stored.verdict or stored.approved_at is not None):
            continue
        proposal = propose_goal_assessment(goals[goal_id], unit, period, rule_id)
        if proposal.proposal.verdict not in (GoalVerdict.HELT, GoalVerdict.DELVIS, GoalVerdict.EJ):
            continue
        written.append(assess_goal(goals[goal_id], unit, period, verdict=proposal.proposal.verdict.value,
                                   analysis=stored.analysis if stored else "", acting_user=acting_user,
                                   rule_id=rule_id, correction_reason=correction_reason,
                                   is_example=is_example))
    return written


__all__ = [
    "AssessmentApprovedError", "GIVEN_GOAL_VERDICTS", "accept_proposals", "approve_goal_assessment",
    "assess_goal", "assess_indicators", "propose_goal_assessment",
]
