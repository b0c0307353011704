"""API schemas of planning (planering): plans, the goal cascade, indicators, årsmål, activities.

Numbers: årsmål (``value``, ``value_women``, ``value_men``, ``baseline``) are stored as Decimal
with four decimals and given as JSON numbers (floats), in the unit of measure of their indicator
(``unit_of_measure``: "%", "antal", "kr" …) — so spreadsheets and Fiscal Data Package tools can
use them directly. A missing value is ``null``, never 0. Dates are ISO 8601 ("2024-01-24").
Codes (``level``, ``status`` …) are stable English identifiers; each has a ``*_label`` in Swedish.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from verksam.organisation.schemas import UnitRefOut
from verksam.planning.models import Activity, Goal, Indicator, Plan, PlanAttachment, Target

VALUE_NOTE = "JSON-tal i indikatorns enhet (unit_of_measure); null om inget värde är angivet."


def _number(value: Decimal | None) -> float | None:
    """A stored Decimal as a JSON number; None stays None (no value is not 0)."""
    return None if value is None else float(value)


class AttachmentOut(Schema):
    """A numbered attachment (bilaga) of a plan."""

    number: int = Field(description="Bilagans nummer, 1–7 i Stockholms verksamhetsplaner.")
    title: str
    reference: str = Field(description="Diarienummer, t.ex. ”KS 2023/1237-1.1”; tom sträng om inget.")

    @staticmethod
    def of(attachment: PlanAttachment) -> "AttachmentOut":
        """The API form of ``attachment``."""
        return AttachmentOut(number=attachment.number, title=attachment.title, reference=attachment.reference)


class TargetOut(Schema):
    """An annual target (årsmål) of an indicator for one unit and year."""

    id: int
    unit: UnitRefOut = Field(description="Enheten årsmålet gäller.")
    year: int
    value: float | None = Field(description=f"Årsmålet totalt; {VALUE_NOTE}")
    value_women: float | None = Field(description=f"Årsmålet för kvinnor; {VALUE_NOTE}")
    value_men: float | None = Field(description=f"Årsmålet för män; {VALUE_NOTE}")
    baseline: float | None = Field(description=f"Startvärde för beräkning av utveckling; {VALUE_NOTE}")
    decision_reference: str = Field(description="Beslutet som gav årsmålet dess värde, t.ex. "
                                                "”KS 2023/1237, punkt 1”; tom sträng om inget angivits.")

    @staticmethod
    def of(target: Target) -> "TargetOut":
        """The API form of ``target`` (its ``unit`` must be loaded)."""
        return TargetOut(
            id=target.pk, unit=UnitRefOut.of(target.unit), year=target.year, value=_number(target.value),
            value_women=_number(target.value_women), value_men=_number(target.value_men),
            baseline=_number(target.baseline), decision_reference=target.decision_reference,
        )


class IndicatorOut(Schema):
    """An indicator (indikator) with its årsmål."""

    id: int
    name: str
    description: str
    unit_of_measure: str = Field(description="Enhet för indikatorns värden och årsmål, t.ex. ”%”, ”antal”, ”kr”.")
    direction: str = Field(description="higher, lower eller neutral (vilket håll som är bättre).")
    direction_label: str = Field(description="Riktning på svenska, t.ex. ”Lägre är bättre”.")
    by_sex: bool = Field(description="Sant när indikatorn redovisas för kvinnor och män.")
    periodicity: str = Field(description="yearly, tertial eller monthly.")
    periodicity_label: str
    source: str = Field(description="Källa i fritext; tom sträng om ingen.")
    kolada_kpi: str = Field(description="Kolada-nyckeltal, t.ex. ”N00090”; tom sträng om inget.")
    responsible_unit: UnitRefOut
    origin: str = Field(description="council (från KF:s budget) eller own (nämndens egen).")
    origin_label: str
    is_example: bool
    targets: list[TargetOut]

    @staticmethod
    def of(indicator: Indicator, targets: list[Target]) -> "IndicatorOut":
        """The API form of ``indicator`` with the given ``targets`` (``responsible_unit`` loaded)."""
        return IndicatorOut(
            id=indicator.pk, name=indicator.name, description=indicator.description,
            unit_of_measure=indicator.unit_of_measure, direction=indicator.direction,
            direction_label=str(indicator.get_direction_display()), by_sex=indicator.by_sex,
            periodicity=indicator.periodicity, periodicity_label=str(indicator.get_periodicity_display()),
            source=indicator.source, kolada_kpi=indicator.kolada_kpi,
            responsible_unit=UnitRefOut.of(indicator.responsible_unit), origin=indicator.origin,
            origin_label=str(indicator.get_origin_display()), is_example=indicator.is_example,
            targets=[TargetOut.of(t) for t in targets],
        )


class ActivityOut(Schema):
    """An activity (aktivitet) serving a goal."""

    id: int
    title: str
    description: str
    owner_unit: UnitRefOut
    start: dt.date | None
    end: dt.date | None = Field(description="Slutdatum (ingår i perioden).")
    status: str = Field(description="planned, ongoing, done, postponed eller cancelled.")
    status_label: str
    origin: str = Field(description="council (KF-aktivitet) eller own (nämndens egen).")
    origin_label: str
    is_example: bool

    @staticmethod
    def of(activity: Activity) -> "ActivityOut":
        """The API form of ``activity`` (``owner_unit`` loaded)."""
        return ActivityOut(
            id=activity.pk, title=activity.title, description=activity.description,
            owner_unit=UnitRefOut.of(activity.owner_unit), start=activity.start, end=activity.end,
            status=activity.status, status_label=str(activity.get_status_display()),
            origin=activity.origin, origin_label=str(activity.get_origin_display()),
            is_example=activity.is_example,
        )


class _GoalBase(Schema):
    id: int
    plan: int = Field(description="Id för planen målet hör till (KF-mål hör till KF:s budget).")
    level: str = Field(description="direction (inriktningsmål), area (verksamhetsområdesmål), "
                                   "board (nämndmål) eller unit (enhetsmål).")
    level_label: str = Field(description="Nivå på svenska, t.ex. ”Nämndmål”.")
    code: str = Field(description="Målets nummer, t.ex. ”3.5” eller ”1.1.1”.")
    title: str


class GoalRefOut(_GoalBase):
    """A short reference to a goal (mål): used for the parent chain and child goals."""

    @staticmethod
    def of(goal: Goal) -> "GoalRefOut":
        """The API form of ``goal`` as a reference."""
        return GoalRefOut(id=goal.pk, plan=goal.plan_id, level=goal.level,
                          level_label=str(goal.get_level_display()), code=goal.code, title=goal.title)


class GoalNodeOut(_GoalBase):
    """A goal in a plan's cascade, with its indicators, activities and child goals."""

    description: str
    owner_unit: UnitRefOut
    in_plan: bool = Field(description="Sant för planens egna mål; falskt för överordnade KF-mål som "
                                      "visas för sammanhangets skull.")
    is_example: bool
    indicators: list[IndicatorOut] = Field(description="Indikatorer med årsmål för planens år.")
    activities: list[ActivityOut]
    children: list["GoalNodeOut"]

    @staticmethod
    def of(node) -> "GoalNodeOut":
        """The API form of a ``verksam.planning.queries.GoalNode`` and everything beneath it."""
        goal = node.goal
        return GoalNodeOut(
            id=goal.pk, plan=goal.plan_id, level=goal.level, level_label=str(goal.get_level_display()),
            code=goal.code, title=goal.title, description=goal.description,
            owner_unit=UnitRefOut.of(goal.owner_unit), in_plan=node.in_plan, is_example=goal.is_example,
            indicators=[IndicatorOut.of(i, i.targets_for_year) for i in node.indicators],
            activities=[ActivityOut.of(a) for a in node.activities],
            children=[GoalNodeOut.of(c) for c in node.children],
        )


GoalNodeOut.model_rebuild()


class PlanSummaryOut(Schema):
    """A plan (verksamhetsplan or KF-budget) without its content."""

    id: int
    title: str
    unit: UnitRefOut = Field(description="Enheten planen gäller.")
    year: int
    kind: str = Field(description="council_budget (KF-budget) eller operational_plan (verksamhetsplan).")
    kind_label: str
    status: str = Field(description="draft (utkast), submitted (inskickad) eller decided (beslutad).")
    status_label: str
    reference: str = Field(description="Diarienummer, t.ex. ”KS 2023/1237”; tom sträng om inget.")
    decided_on: dt.date | None = Field(description="Beslutsdatum; null om planen inte är beslutad.")
    is_example: bool

    @staticmethod
    def fields_of(plan: Plan) -> dict:
        """The summary fields of ``plan`` (``unit`` loaded) as keyword arguments."""
        return dict(
            id=plan.pk, title=plan.title, unit=UnitRefOut.of(plan.unit), year=plan.year, kind=plan.kind,
            kind_label=str(plan.get_kind_display()), status=plan.status,
            status_label=str(plan.get_status_display()), reference=plan.reference,
            decided_on=plan.decided_on, is_example=plan.is_example,
        )

    @staticmethod
    def of(plan: Plan) -> "PlanSummaryOut":
        """The API form of ``plan`` without content."""
        return PlanSummaryOut(**PlanSummaryOut.fields_of(plan))


class PlanOut(PlanSummaryOut):
    """A plan with its decision, attachments and goal cascade, as on the plan page."""

    description: str
    decided_by: UnitRefOut | None = Field(description="Beslutande organ; null om planen inte är beslutad.")
    decision_reference: str = Field(description="Beslutets diarienummer; tom sträng om inget.")
    decision_point: str = Field(description="Beslutspunkt, t.ex. ”1”; tom sträng om ingen.")
    attachments: list[AttachmentOut]
    goals: list[GoalNodeOut] = Field(description="Målkedjan: KF:s inriktningsmål överst, under dem "
                                                 "verksamhetsområdesmål och planens mål.")
    unassigned_indicators: list[IndicatorOut] = Field(description="Planens indikatorer utan mål.")
    unassigned_activities: list[ActivityOut] = Field(description="Planens aktiviteter utan mål.")

    @staticmethod
    def of(tree) -> "PlanOut":
        """The API form of a ``verksam.planning.queries.PlanTree`` (``plan.unit`` and
        ``plan.decided_by`` loaded)."""
        plan = tree.plan
        return PlanOut(
            **PlanSummaryOut.fields_of(plan), description=plan.description,
            decided_by=UnitRefOut.of(plan.decided_by), decision_reference=plan.decision_reference,
            decision_point=plan.decision_point, attachments=[AttachmentOut.of(a) for a in tree.attachments],
            goals=[GoalNodeOut.of(n) for n in tree.roots],
            unassigned_indicators=[IndicatorOut.of(i, i.targets_for_year) for i in tree.unassigned_indicators],
            unassigned_activities=[ActivityOut.of(a) for a in tree.unassigned_activities],
        )


class GoalOut(_GoalBase):
    """One goal with its parent chain, child goals, indicators (all their årsmål) and activities."""

    description: str
    owner_unit: UnitRefOut
    is_example: bool
    plan: PlanSummaryOut = Field(description="Planen målet hör till.")
    parents: list[GoalRefOut] = Field(description="Överordnade mål, inriktningsmålet först.")
    children: list[GoalRefOut] = Field(description="Underordnade mål i planer som du får läsa.")
    indicators: list[IndicatorOut] = Field(description="Målets indikatorer med alla deras årsmål.")
    activities: list[ActivityOut]

    @staticmethod
    def of(detail) -> "GoalOut":
        """The API form of a ``verksam.planning.queries.GoalDetail``."""
        goal = detail.goal
        return GoalOut(
            id=goal.pk, level=goal.level, level_label=str(goal.get_level_display()),
            code=goal.code, title=goal.title, description=goal.description,
            owner_unit=UnitRefOut.of(goal.owner_unit), is_example=goal.is_example,
            plan=PlanSummaryOut.of(goal.plan),
            parents=[GoalRefOut.of(g) for g in detail.ancestors],
            children=[GoalRefOut.of(g) for g in detail.children],
            indicators=[IndicatorOut.of(i, detail.targets.get(i.pk, [])) for i in detail.indicators],
            activities=[ActivityOut.of(a) for a in detail.activities],
        )
