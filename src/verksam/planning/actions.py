"""Planning actions (planeringsåtgärder): every change to a plan goes through these functions.

Each action checks the acting user's permission on the plan's unit, refuses changes to decided
plans, guards against concurrent edits (``expected_version``) and writes the change and its
history row in one transaction. Views, the API, commands and importers call them alike.

Errors raised: ``NotAllowedError``, ``PlanLockedError``, ``ConcurrentEditError`` and
``DomainError`` (with ``field`` set) — all with Swedish messages.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.core import permissions as perms
from verksam.core.audit import check_version, delete_audited, save_audited
from verksam.core.errors import DomainError, PlanLockedError
from verksam.core.swedish_numbers import SwedishNumberError, check_storable
from verksam.planning.models import (
    Activity, Goal, GoalLevel, Indicator, Plan, PlanKind, PlanStatus, Target, GOAL_LEVEL_ORDER,
)
from verksam.planning.plausibility import check_indicator_values


def _require_editable(plan: Plan, acting_user) -> None:
    perms.require(acting_user, perms.EDIT_PLAN, plan.unit)
    if plan.is_decided:
        raise PlanLockedError(
            _("%(plan)s är beslutad och kan inte ändras.") % {"plan": plan.title}
        )


def _apply(instance, values: dict) -> None:
    for name, value in values.items():
        setattr(instance, name, value)


COUNCIL_LEVELS = (GoalLevel.DIRECTION, GoalLevel.AREA)
"""KF-level goals (inriktningsmål, verksamhetsområdesmål): only in the council's budget."""

GOAL_LEVELS_BY_UNIT_KIND = {
    "council": COUNCIL_LEVELS,
    "executive_board": (GoalLevel.BOARD, GoalLevel.UNIT),
    "board": (GoalLevel.BOARD, GoalLevel.UNIT),
    "company_board": (GoalLevel.BOARD, GoalLevel.UNIT),
    "company": (GoalLevel.BOARD, GoalLevel.UNIT),
    "preparatory_body": (GoalLevel.BOARD, GoalLevel.UNIT),
    "administration": (GoalLevel.UNIT,),
    "department": (GoalLevel.UNIT,),
    "section": (GoalLevel.UNIT,),
}
"""Goal levels a plan may hold, by its unit's kind (DESIGN "The chain"): the KF budget holds
inriktningsmål and verksamhetsområdesmål; a board's (nämnd, kommunstyrelse, styrelse) plan
nämndmål and enhetsmål under them; a förvaltning's, avdelning's or enhet's plan enhetsmål,
which may hang under its board's nämndmål."""


def allowed_goal_levels(plan: Plan) -> tuple[str, ...]:
    """The goal levels ``plan`` may hold (``GOAL_LEVELS_BY_UNIT_KIND``); a KF-budget plan always
    holds the KF levels. The first is the default for a new goal."""
    if plan.kind == PlanKind.COUNCIL_BUDGET:
        return COUNCIL_LEVELS
    return GOAL_LEVELS_BY_UNIT_KIND.get(plan.unit.kind, tuple(GoalLevel.values))


def _validate_goal(plan: Plan, values: dict, goal: Goal | None = None) -> None:
    parent = values.get("parent", goal.parent if goal else None)
    level = values.get("level", goal.level if goal else None)
    if level not in GoalLevel.values:
        raise DomainError(_("Välj en giltig målnivå."), field="level")
    if "code" in values:
        values["code"] = (values["code"] or "").strip()
    code = values.get("code", goal.code if goal else "")
    if code and (goal is None or code != goal.code):
        duplicates = Goal.objects.filter(plan=plan, code=code)
        if goal is not None:
            duplicates = duplicates.exclude(pk=goal.pk)
        if duplicates.exists():
            raise DomainError(_("Målnumret %(code)s finns redan i planen. Välj ett annat nummer.") % {"code": code},
                              field="code")
    if parent is not None:
        if GOAL_LEVEL_ORDER.index(GoalLevel(parent.level)) > GOAL_LEVEL_ORDER.index(GoalLevel(level)):
            raise DomainError(
                _("Ett %(level)s kan inte ligga under ett %(parent)s.")
                % {"level": GoalLevel(level).label.lower(), "parent": GoalLevel(parent.level).label.lower()},
                field="parent",
            )
        ancestor = parent
        while ancestor is not None:
            if goal is not None and ancestor.pk == goal.pk:
                raise DomainError(_("Ett mål kan inte ligga under sig självt."), field="parent")
            ancestor = ancestor.parent
    allowed = allowed_goal_levels(plan)
    if level not in allowed and (goal is None or level != goal.level):
        separator = " %s " % _("eller")
        raise DomainError(
            _("En plan för %(kind)s kan inte innehålla %(level)s. Välj %(allowed)s.")
            % {"kind": plan.unit.get_kind_display().lower(), "level": GoalLevel(level).label.lower(),
               "allowed": separator.join(GoalLevel(a).label.lower() for a in allowed)},
            field="level",
        )
    if not (values.get("title", goal.title if goal else "") or "").strip():
        raise DomainError(_("Målet måste ha en titel."), field="title")


@transaction.atomic
def create_goal(plan: Plan, *, acting_user, **values) -> Goal:
    """Create a goal in ``plan``. ``values``: level, title, code, description, parent, owner_unit,
    sort_order. ``owner_unit`` defaults to the plan's unit."""
    _require_editable(plan, acting_user)
    values.setdefault("owner_unit", plan.unit)
    _validate_goal(plan, values)
    goal = Goal(plan=plan, **values)
    save_audited(goal, acting_user=acting_user, created=True)
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, acting_user, expected_version: int | None = None, **values) -> bool:
    """Change fields of ``goal``; returns False when nothing changed (and records nothing)."""
    _require_editable(goal.plan, acting_user)
    check_version(goal, expected_version)
    _validate_goal(goal.plan, values, goal)
    _apply(goal, values)
    return save_audited(goal, acting_user=acting_user)


@transaction.atomic
def delete_goal(goal: Goal, *, acting_user) -> None:
    """Delete a goal that has no child goals, indicators, activities or assignments."""
    _require_editable(goal.plan, acting_user)
    if goal.children.exists() or goal.indicators.exists() or goal.activities.exists() or goal.assignments.exists():
        raise DomainError(_("Målet har undermål, indikatorer eller aktiviteter och kan inte tas bort."))
    delete_audited(goal, acting_user=acting_user)


def _validate_activity(values: dict, activity: Activity | None = None) -> None:
    start = values.get("start", activity.start if activity else None)
    end = values.get("end", activity.end if activity else None)
    if start and end and end < start:
        raise DomainError(_("Slutdatum kan inte ligga före startdatum."), field="end")
    if not (values.get("title", activity.title if activity else "") or "").strip():
        raise DomainError(_("Aktiviteten måste ha en titel."), field="title")


@transaction.atomic
def create_activity(plan: Plan, *, acting_user, **values) -> Activity:
    """Create an activity in ``plan``. ``values``: goal, title, description, owner_unit, start,
    end (dates, inclusive), status, origin."""
    _require_editable(plan, acting_user)
    values.setdefault("owner_unit", plan.unit)
    _validate_activity(values)
    activity = Activity(plan=plan, **values)
    save_audited(activity, acting_user=acting_user, created=True)
    return activity


@transaction.atomic
def update_activity(activity: Activity, *, acting_user, expected_version: int | None = None, **values) -> bool:
    """Change fields of ``activity``; returns False when nothing changed."""
    _require_editable(activity.plan, acting_user)
    check_version(activity, expected_version)
    _validate_activity(values, activity)
    _apply(activity, values)
    return save_audited(activity, acting_user=acting_user)


@transaction.atomic
def delete_activity(activity: Activity, *, acting_user) -> None:
    """Delete an activity of an undecided plan."""
    _require_editable(activity.plan, acting_user)
    delete_audited(activity, acting_user=acting_user)


def _validate_indicator(values: dict, indicator: Indicator | None = None) -> None:
    if not (values.get("name", indicator.name if indicator else "") or "").strip():
        raise DomainError(_("Indikatorn måste ha ett namn."), field="name")
    tolerance = values.get("tolerance", indicator.tolerance if indicator else Decimal("10"))
    if tolerance is not None and Decimal(tolerance) < 0:
        raise DomainError(_("Toleransen kan inte vara negativ."), field="tolerance")
    kpi = (values.get("kolada_kpi", indicator.kolada_kpi if indicator else "") or "").strip()
    if kpi and not (len(kpi) == 6 and kpi[0].isalpha() and kpi[1:].isdigit()):
        raise DomainError(_("Ett Kolada-KPI skrivs som en bokstav och fem siffror, t.ex. N00090."),
                          field="kolada_kpi")


@transaction.atomic
def create_indicator(plan: Plan, *, acting_user, **values) -> Indicator:
    """Create an indicator in ``plan``. ``values``: goal, name, unit_of_measure, direction,
    by_sex, periodicity, source, kolada_kpi, responsible_unit, tolerance_kind, tolerance."""
    _require_editable(plan, acting_user)
    values.setdefault("responsible_unit", plan.unit)
    _validate_indicator(values)
    indicator = Indicator(plan=plan, **values)
    save_audited(indicator, acting_user=acting_user, created=True)
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, acting_user, expected_version: int | None = None, **values) -> bool:
    """Change fields of ``indicator``; returns False when nothing changed."""
    _require_editable(indicator.plan, acting_user)
    check_version(indicator, expected_version)
    _validate_indicator(values, indicator)
    _apply(indicator, values)
    return save_audited(indicator, acting_user=acting_user)


@transaction.atomic
def delete_indicator(indicator: Indicator, *, acting_user) -> None:
    """Delete an indicator (and its targets) of an undecided plan."""
    _require_editable(indicator.plan, acting_user)
    for target in indicator.targets.all():
        delete_audited(target, acting_user=acting_user)
    delete_audited(indicator, acting_user=acting_user)


TARGET_FIELDS = ("value", "value_women", "value_men", "baseline", "decision_reference", "is_example")


@transaction.atomic
def set_target(indicator: Indicator, *, unit=None, year: int | None = None, acting_user,
               expected_version: int | None = None, reason: str = "", **values) -> Target:
    """Create or change the årsmål of ``indicator`` for ``unit`` (default: the plan's unit) and
    ``year`` (default: the plan's year). ``values``: value, value_women, value_men, baseline
    (Decimal in the indicator's unit, or None) and decision_reference.

    In an undecided plan editors may set targets freely. In a decided plan an årsmål can only be
    revised by a later decision (avstämning av mål och budget / tertialrapport 2): that needs the
    ``revise_target`` permission and a ``decision_reference`` naming the new decision; the history
    keeps both values and decisions.
    """
    plan = indicator.plan
    unit = unit or plan.unit
    year = year or plan.year
    unknown = set(values) - set(TARGET_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    target = Target.objects.select_related("plan").filter(indicator=indicator, unit=unit, year=year).first()
    if plan.is_decided:
        perms.require(acting_user, perms.REVISE_TARGET, plan.unit)
        new_ref = (values.get("decision_reference") or "").strip()
        from verksam.cases.references import find_references  # pure module, no models

        if new_ref and not find_references(new_ref):
            raise DomainError(_("Ange beslutets diarienummer, t.ex. ”KS 2024/500, punkt 3”."),
                              field="decision_reference")
        if not new_ref or (target is not None and new_ref == target.decision_reference):
            raise DomainError(
                _("Planen är beslutad. Ett ändrat årsmål kräver hänvisning till det nya beslutet."),
                field="decision_reference",
            )
    else:
        perms.require(acting_user, perms.EDIT_PLAN, plan.unit)
    for name in ("value", "value_women", "value_men", "baseline"):
        if name in values and values[name] is not None:
            values[name] = Decimal(values[name])
            try:
                check_storable(values[name])
            except SwedishNumberError as err:
                raise DomainError(str(err), field=name) from err
    check_indicator_values(indicator, values)
    if target is None:
        target = Target(plan=plan, indicator=indicator, unit=unit, year=year, **values)
        target._allow_decided_change = plan.is_decided
        save_audited(target, acting_user=acting_user, reason=reason, created=True)
        return target
    check_version(target, expected_version)
    _apply(target, values)
    target._allow_decided_change = plan.is_decided
    save_audited(target, acting_user=acting_user, reason=reason)
    return target


def _set_status(plan: Plan, status: str, *, acting_user, reason: str = "", **fields) -> Plan:
    plan.status = status
    _apply(plan, fields)
    plan._allow_decided_change = status == PlanStatus.DECIDED
    save_audited(plan, acting_user=acting_user, reason=reason)
    return plan


@transaction.atomic
def submit_plan(plan: Plan, *, acting_user) -> Plan:
    """utkast → inskickad. Refused for a decided plan or one already submitted."""
    perms.require(acting_user, perms.SUBMIT_PLAN, plan.unit)
    if plan.is_decided:
        raise PlanLockedError(_("%(plan)s är beslutad och kan inte ändras.") % {"plan": plan.title})
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("Bara ett utkast kan skickas in."))
    return _set_status(plan, PlanStatus.SUBMITTED, acting_user=acting_user)


@transaction.atomic
def return_plan_to_draft(plan: Plan, *, acting_user, reason: str = "") -> Plan:
    """inskickad → utkast (for corrections before the decision)."""
    perms.require(acting_user, perms.SUBMIT_PLAN, plan.unit)
    if plan.is_decided:
        raise PlanLockedError(_("%(plan)s är beslutad och kan inte ändras.") % {"plan": plan.title})
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError(_("Bara en inskickad plan kan återgå till utkast."))
    return _set_status(plan, PlanStatus.DRAFT, acting_user=acting_user, reason=reason)


DECIDING_BODY_KINDS = frozenset({"council", "executive_board", "board", "company_board"})
"""Unit kinds that take political decisions (kommunfullmäktige, kommunstyrelse, nämnd, styrelse)."""


def _validate_decision(plan: Plan, *, decided_on, decided_by, decision_reference: str, decision_point: str) -> None:
    """Check a decision record before it is written: a political body of the same municipality,
    a date from the year before the plan year up to today, a reference containing a diarienummer
    ("KS 2023/1237" or "111-47/2016") and a point written as a number ("1", "2.3")."""
    from verksam.cases.references import find_references  # pure module, no models

    if decided_by is None or decided_by.kind not in DECIDING_BODY_KINDS \
            or decided_by.municipality_id != plan.unit.municipality_id:
        raise DomainError(_("Välj det politiska organ som fattade beslutet (fullmäktige, styrelse eller nämnd)."),
                          field="decided_by")
    if decided_on > timezone.localdate():
        raise DomainError(_("Beslutsdatum kan inte ligga i framtiden."), field="decided_on")
    if decided_on < dt.date(plan.year - 1, 1, 1):
        raise DomainError(_("Beslutsdatum kan inte ligga före %(y)s för en plan för %(p)s.")
                          % {"y": plan.year - 1, "p": plan.year}, field="decided_on")
    if not decision_reference.strip():
        raise DomainError(_("Ange beslutets diarienummer."), field="decision_reference")
    if not find_references(decision_reference):
        raise DomainError(_("Ange ett diarienummer, t.ex. ”KS 2023/1237”."), field="decision_reference")
    if decision_point and not re.fullmatch(r"\d+(?:[.:]\d+)*", decision_point.strip()):
        raise DomainError(_("Beslutspunkten anges med siffror, t.ex. ”1”."), field="decision_point")


@transaction.atomic
def decide_plan(plan: Plan, *, decided_on: dt.date, decided_by, decision_reference: str,
                decision_point: str = "", acting_user) -> Plan:
    """inskickad → beslutad: record the decision that adopted the plan; from then on the plan and
    its content are immutable. ``decided_by`` is the deciding body (a Unit, e.g. kommunstyrelsen);
    ``decided_on`` may not lie in the future."""
    perms.require(acting_user, perms.DECIDE_PLAN, plan.unit)
    if plan.is_decided:
        raise PlanLockedError(_("%(plan)s är redan beslutad.") % {"plan": plan.title})
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError(_("Planen måste vara inskickad innan den kan beslutas."))
    _validate_decision(plan, decided_on=decided_on, decided_by=decided_by,
                       decision_reference=decision_reference, decision_point=decision_point)
    return _set_status(plan, PlanStatus.DECIDED, acting_user=acting_user, decided_on=decided_on,
                       decided_by=decided_by, decision_reference=decision_reference.strip(),
                       decision_point=decision_point)


@transaction.atomic
def set_activity_status(activity: Activity, status: str, *, acting_user, reason: str = "",
                        expected_version: int | None = None) -> bool:
    """Report how an activity is going (planerad, pågående, genomförd, uppskjuten, avbruten).

    The status is follow-up data, not plan content: it may change in a decided plan too, by
    holders of ``enter_outcomes`` on the activity's owner unit or on the plan's unit. Nothing else
    about the activity changes. Returns False when the status was already ``status``.
    """
    from verksam.planning.models import ActivityStatus

    if status not in ActivityStatus.values:
        raise DomainError(_("Välj en giltig status."), field="status")
    if not (perms.has_perm(acting_user, perms.ENTER_OUTCOMES, activity.owner_unit)
            or perms.has_perm(acting_user, perms.ENTER_OUTCOMES, activity.plan.unit)):
        perms.require(acting_user, perms.ENTER_OUTCOMES, activity.plan.unit)
    check_version(activity, expected_version)
    activity.status = status
    activity._allow_decided_change = True
    return save_audited(activity, acting_user=acting_user, reason=reason)
