"""API schemas of follow-up (uppföljning): periods, outcomes, assessments and the roll-up.

Numbers: outcomes, forecasts and årsmål are JSON numbers in the indicator's unit
(``unit_of_measure``); a missing value is ``null``, never 0. A proposal's ``score`` (0–1) is a
string so that no binary rounding shows ("0.625"). Dates are ISO 8601. Codes (``kind``,
``status``, ``verdict`` …) are stable English identifiers, each with a Swedish ``*_label``.
Verdicts: indicators ``helt``/``delvis``/``ej``/``not_measured`` (ej mätt)/``no_verdict``
(ingen bedömning); goals ``helt``/``delvis``/``ej``/``not_assessed`` (ej bedömd)/
``not_computed`` (ej beräknad); a goal verdict not (yet) given is ``""``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from verksam.followup.models import Outcome, Period
from verksam.followup.rules import GoalVerdict, Verdict, get_rule
from verksam.organisation.models import UnitKind
from verksam.organisation.schemas import UnitRefOut
from verksam.planning.models import GoalLevel
from verksam.planning.schemas import GoalRefOut

VALUE_NOTE = "JSON-tal i indikatorns enhet (unit_of_measure); null om inget värde finns."


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else ""


def _unit_ref(row) -> UnitRefOut:
    return UnitRefOut(id=row.id, name=row.name, short_name=row.short_name)


def goal_ref(row) -> GoalRefOut:
    """A ``GoalRefOut`` from a ``period_data.GoalRow``."""
    return GoalRefOut(id=row.id, plan=row.plan_id, level=row.level, level_label=_label(GoalLevel, row.level),
                      code=row.code, title=row.title)


class DeadlineOut(Schema):
    """The last day (sista dag) one kind of unit must have reported in a period."""

    unit_kind: str = Field(description="Enhetstyp som kod, t.ex. board eller administration.")
    unit_kind_label: str
    due: dt.date


class PeriodRefOut(Schema):
    """A short reference to a follow-up period."""

    id: int
    year: int
    kind: str = Field(description="T1 (tertialrapport 1), T2 (tertialrapport 2) eller VB (verksamhetsberättelse).")
    kind_label: str

    @staticmethod
    def of(period: Period) -> "PeriodRefOut":
        """The reference of ``period``."""
        return PeriodRefOut(id=period.pk, year=period.year, kind=period.kind, kind_label=str(period.get_kind_display()))


class PeriodOut(PeriodRefOut):
    """A follow-up period (uppföljningsperiod) with its status and deadlines."""

    as_of: dt.date = Field(description="Datum perioden redovisas per, t.ex. 2024-04-30 för T1.")
    status: str = Field(description="open (öppen), closed (stängd) eller locked (låst).")
    status_label: str
    has_forecast: bool = Field(description="Sant för T1 och T2, som har helårsprognos.")
    deadlines: list[DeadlineOut] = Field(description="Sista dag per enhetstyp, lägsta nivån först.")

    @staticmethod
    def of(period: Period) -> "PeriodOut":
        """``period`` with its prefetched ``deadlines``."""
        return PeriodOut(
            **PeriodRefOut.of(period).model_dump(), as_of=period.as_of, status=period.status,
            status_label=str(period.get_status_display()), has_forecast=period.has_forecast,
            deadlines=[DeadlineOut(unit_kind=d.unit_kind, unit_kind_label=_label(UnitKind, d.unit_kind), due=d.due)
                       for d in period.deadlines.all()],
        )


class IndicatorRefOut(Schema):
    """A short reference to an indicator."""

    id: int
    name: str
    unit_of_measure: str = Field(description="Enhet för värden och årsmål, t.ex. ”%”.")
    direction: str = Field(description="higher, lower eller neutral.")


def indicator_ref(row) -> IndicatorRefOut:
    """An ``IndicatorRefOut`` from an ``Indicator`` or a ``period_data.IndicatorRow``."""
    return IndicatorRefOut(id=row.pk if hasattr(row, "pk") else row.id, name=row.name,
                           unit_of_measure=row.unit_of_measure, direction=row.direction)


class OutcomeOut(Schema):
    """An outcome (utfall) of an indicator for a unit in a period."""

    id: int
    indicator: IndicatorRefOut
    unit: UnitRefOut
    period: PeriodRefOut
    value: float | None = Field(description=f"Utfall totalt; {VALUE_NOTE}")
    value_women: float | None = Field(description=f"Utfall kvinnor; {VALUE_NOTE}")
    value_men: float | None = Field(description=f"Utfall män; {VALUE_NOTE}")
    total_reason: str = Field(description="Skäl när totalen inte är summan av kvinnor och män.")
    forecast: float | None = Field(description=f"Helårsprognos (T1, T2); {VALUE_NOTE}")
    target: float | None = Field(description=f"Enhetens årsmål för året; {VALUE_NOTE}")
    comment: str
    source: str = Field(description="manual (inmatad), import (importerad) eller kolada.")
    source_label: str
    source_note: str = Field(description="Källhänvisning, t.ex. ”Källa: Kolada”.")
    as_of: dt.date = Field(description="Datum värdet avser.")
    entered_at: dt.datetime = Field(description="När värdet registrerades.")
    fetched_at: dt.datetime | None = Field(description="När ett synkroniserat värde hämtades; null annars.")
    correction_reason: str = Field(description="Skäl till rättelse i en låst period; tom sträng annars.")
    is_example: bool

    @staticmethod
    def of(outcome: Outcome, target) -> "OutcomeOut":
        """``outcome`` (indicator, unit, period loaded) with its årsmål value ``target``."""
        return OutcomeOut(
            id=outcome.pk, indicator=indicator_ref(outcome.indicator), unit=UnitRefOut.of(outcome.unit),
            period=PeriodRefOut.of(outcome.period), value=_number(outcome.value),
            value_women=_number(outcome.value_women), value_men=_number(outcome.value_men),
            total_reason=outcome.total_reason, forecast=_number(outcome.forecast), target=_number(target),
            comment=outcome.comment, source=outcome.source, source_label=str(outcome.get_source_display()),
            source_note=outcome.source_note, as_of=outcome.as_of, entered_at=outcome.entered_at,
            fetched_at=outcome.fetched_at, correction_reason=outcome.correction_reason,
            is_example=outcome.is_example,
        )


class ItemOut(Schema):
    """One input of a goal proposal."""

    kind: str = Field(description="indicator, goal (ett underliggande mål eller en nämnds bedömning) eller activity.")
    id: int
    unit: int | None = Field(description="Enheten vars bedömning räknas (för mål: den bedömande enheten).")
    verdict: str | bool | None = Field(description="Indikator- eller målbedömning; för aktivitet true (genomförd), "
                                                   "false (ej genomförd) eller null (ej redovisad).")


class ProposalOut(Schema):
    """A proposal (förslag till bedömning) computed by a rule."""

    rule: str = Field(description="Regelns id, t.ex. weighted_score_v1.")
    rule_description: str
    verdict: str
    verdict_label: str
    score: str | None = Field(description="Poäng 0–1 som decimalsträng; null när ej bedömd eller ej beräknad.")
    measured: int
    counted: int
    measured_text: str = Field(description="T.ex. ”2 av 3 indikatorer mätta”.")
    left_out: int = Field(description="Underlag med vikt 0.")
    without_verdict: int = Field(description="Underlag utan något att bedöma mot (neutrala, utan årsmål).")
    items: list[ItemOut]

    @staticmethod
    def of(result) -> "ProposalOut":
        """The proposal of a ``proposals.GoalResult``."""
        proposal = result.proposal
        return ProposalOut(
            rule=proposal.rule_id, rule_description=str(get_rule(proposal.rule_id).description),
            verdict=proposal.verdict.value, verdict_label=str(proposal.verdict.label),
            score=None if proposal.score is None else str(proposal.score), measured=proposal.measured,
            counted=proposal.counted, measured_text=proposal.measured_text, left_out=proposal.left_out,
            without_verdict=proposal.without_verdict, items=[ItemOut(**i.as_dict()) for i in result.items],
        )


class StoredAssessmentOut(Schema):
    """A stored goal assessment: the rule and proposal it was given against, the verdict, the
    analysis, the reason (when verdict and proposal differ) and the approval."""

    rule: str
    proposed: str = Field(description="Förslaget när bedömningen sparades.")
    proposed_label: str
    proposal: dict = Field(description="Regelns beräkning när bedömningen sparades (poäng, antal, underlag).")
    verdict: str = Field(description="Given bedömning; tom sträng om ingen ännu.")
    verdict_label: str
    analysis: str
    reason: str
    approved: bool
    approved_at: dt.datetime | None
    approved_by: str | None = Field(description="Namn på den som godkände; null om inte godkänd.")

    @staticmethod
    def of(stored, approvers: dict) -> "StoredAssessmentOut | None":
        """A ``period_data.GoalAssessmentRow`` (or None); ``approvers`` user id → name."""
        if stored is None:
            return None
        return StoredAssessmentOut(
            rule=stored.rule_id, proposed=stored.proposed, proposed_label=_label(GoalVerdict, stored.proposed),
            proposal=stored.proposal, verdict=stored.verdict, verdict_label=_label(GoalVerdict, stored.verdict),
            analysis=stored.analysis, reason=stored.reason, approved=stored.approved_at is not None,
            approved_at=stored.approved_at, approved_by=approvers.get(stored.approved_by_id),
        )


class IndicatorAssessmentOut(Schema):
    """An indicator's verdict for the unit in the period."""

    indicator: IndicatorRefOut
    goal: int | None = Field(description="Id för målet indikatorn mäter; null om inget.")
    value: float | None = Field(description=f"Det bedömda värdet (utfall, eller prognos när based_on_forecast); {VALUE_NOTE}")
    based_on_forecast: bool
    target: float | None = Field(description=f"Enhetens årsmål; {VALUE_NOTE}")
    proposed: str = Field(description="Regelns bedömning nu.")
    proposed_label: str
    verdict: str = Field(description="Bedömningen som gäller: en given avvikande bedömning, annars förslaget.")
    verdict_label: str
    reason: str = Field(description="Skäl till en avvikande bedömning; tom sträng annars.")
    stored: bool = Field(description="Sant när enheten har sparat bedömningen.")
    verdict_women: str | None = Field(description="Bedömning för kvinnor mot årsmålet för kvinnor; null om inget.")
    verdict_men: str | None

    @staticmethod
    def of(result) -> "IndicatorAssessmentOut":
        """A ``proposals.IndicatorResult``."""
        return IndicatorAssessmentOut(
            indicator=indicator_ref(result.indicator), goal=result.indicator.goal_id, value=_number(result.value),
            based_on_forecast=result.based_on_forecast,
            target=_number(result.target.value if result.target else None),
            proposed=result.computed.value, proposed_label=str(result.computed.label), verdict=result.verdict,
            verdict_label=_label(Verdict, result.verdict), reason=result.reason, stored=result.stored is not None,
            verdict_women=result.verdict_women.value if result.verdict_women else None,
            verdict_men=result.verdict_men.value if result.verdict_men else None,
        )


class GoalAssessmentOut(Schema):
    """A goal the unit assesses: the proposal now and the stored assessment (null if none)."""

    goal: GoalRefOut
    is_kf: bool = Field(description="Sant för KF-mål (nämndens egen bedömning av ett KF-mål).")
    proposal: ProposalOut = Field(description="Förslaget beräknat nu.")
    assessment: StoredAssessmentOut | None

    @staticmethod
    def of(result, approvers: dict) -> "GoalAssessmentOut":
        """A ``proposals.GoalResult``."""
        return GoalAssessmentOut(goal=goal_ref(result.goal), is_kf=result.goal.is_kf,
                                 proposal=ProposalOut.of(result),
                                 assessment=StoredAssessmentOut.of(result.stored, approvers))


class AssessmentsOut(Schema):
    """A unit's assessments in a period: its indicators and the goals it assesses."""

    unit: UnitRefOut
    period: PeriodRefOut
    indicators: list[IndicatorAssessmentOut]
    goals: list[GoalAssessmentOut]


class BoardGoalOut(Schema):
    """A board's goal beneath the KF goal (nämndmål) with its owner's stored assessment."""

    goal: GoalRefOut
    verdict: str = Field(description="Given bedömning; tom sträng om ingen.")
    verdict_label: str
    approved: bool


class BoardOut(Schema):
    """How one board assessed the KF goal."""

    unit: UnitRefOut
    verdict: str = Field(description="Nämndens bedömning av KF-målet; tom sträng om den inte har bedömt det.")
    verdict_label: str
    approved: bool
    proposal: ProposalOut = Field(description="Förslaget för nämnden, beräknat nu.")
    goals: list[BoardGoalOut]


class KfIndicatorOut(Schema):
    """A KF indicator's outcome against årsmål for one unit."""

    indicator: IndicatorRefOut
    unit: UnitRefOut
    value: float | None = Field(description=f"Det bedömda värdet; {VALUE_NOTE}")
    based_on_forecast: bool
    target: float | None = Field(description=f"Årsmålet; {VALUE_NOTE}")
    verdict: str
    verdict_label: str


class CityOut(Schema):
    """The KF goal assessed by its owner (the city level)."""

    unit: UnitRefOut
    proposal: ProposalOut
    assessment: StoredAssessmentOut | None


class RollupOut(Schema):
    """How every board assessed a KF goal in a period."""

    goal: GoalRefOut
    period: PeriodRefOut
    sentence: str = Field(description="T.ex. ”26 av 29 nämnder bedömer att målet uppfylls helt, 2 att det "
                                      "uppfylls delvis och 1 att det inte uppfylls.”")
    total: int = Field(description="Antal nämnder.")
    counts: dict[str, int] = Field(description="Antal nämnder per bedömning (helt, delvis, ej, not_assessed, "
                                               "not_computed); summan är total.")
    city: CityOut
    boards: list[BoardOut]
    indicators: list[KfIndicatorOut]

    @staticmethod
    def of(rollup, period: Period, approvers: dict) -> "RollupOut":
        """A ``queries_rollup.KfGoalRollup``."""
        boards = [BoardOut(
            unit=_unit_ref(row.board), verdict=row.result.verdict,
            verdict_label=_label(GoalVerdict, row.result.verdict), approved=row.result.is_approved,
            proposal=ProposalOut.of(row.result),
            goals=[BoardGoalOut(goal=goal_ref(goal), verdict=a.verdict if a else "",
                                verdict_label=_label(GoalVerdict, a.verdict) if a else "",
                                approved=bool(a and a.approved_at)) for goal, a in row.goals],
        ) for row in rollup.boards]
        indicators = [KfIndicatorOut(
            indicator=indicator_ref(line.result.indicator), unit=_unit_ref(line.unit),
            value=_number(line.result.value), based_on_forecast=line.result.based_on_forecast,
            target=_number(line.result.target.value if line.result.target else None),
            verdict=line.result.verdict, verdict_label=_label(Verdict, line.result.verdict),
        ) for line in rollup.indicators]
        return RollupOut(
            goal=goal_ref(rollup.goal), period=PeriodRefOut.of(period), sentence=rollup.count.sentence,
            total=rollup.count.total, counts={str(k.value): v for k, v in rollup.count.counts.items()},
            city=CityOut(unit=_unit_ref(rollup.owner), proposal=ProposalOut.of(rollup.city),
                         assessment=StoredAssessmentOut.of(rollup.city.stored, approvers)),
            boards=boards, indicators=indicators,
        )
