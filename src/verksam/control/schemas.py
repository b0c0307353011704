"""API schemas of internal control (internkontroll): risks with their matrix cells, scores and
treatment, and controls with occasions, results and deviations.

Codes (``category``, ``method``, ``frequency``, ``outcome``, ``status`` …) are stable English
identifiers, each with a Swedish ``label``. Scores are integers likelihood × consequence in the
risk's own matrix version; a score not given (no residual assessment) is ``null``. Dates are ISO
8601; ``entered_at`` is a date-time with time zone.
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from verksam.control.models import (
    Control, ControlMethod, ControlResult, Deviation, Risk, RiskCategory, Treatment,
)
from verksam.control.queries_overview import kf_goal_of, risk_level
from verksam.control.rules.matrix import band
from verksam.control.rules.recurrence import Frequency
from verksam.followup.models import PeriodKind
from verksam.followup.schemas import PeriodRefOut


def _choice(choices, value) -> "CodeOut":
    label = str(choices(value).label) if value in choices.values else ""
    return CodeOut(code=value or "", label=label)


class CodeOut(Schema):
    """A coded value with its Swedish label."""

    code: str
    label: str


class BandOut(Schema):
    """A colour band of the risk matrix (färgband)."""

    label: str = Field(description="Bandets benämning, t.ex. låg, medel, hög.")
    colour: str = Field(description="Färg som #rrggbb.")


class ScoreOut(Schema):
    """A risk's position in its matrix: likelihood (sannolikhet) × consequence (konsekvens)."""

    likelihood: int
    consequence: int
    score: int = Field(description="Riskvärde = sannolikhet × konsekvens.")
    band: BandOut


class LevelOut(Schema):
    """The risk's level: its residual score when assessed, otherwise its inherent score."""

    score: int
    band: BandOut


class GoalBriefOut(Schema):
    """A goal (mål) in short."""

    id: int
    code: str
    title: str


class MatrixVersionOut(Schema):
    """The matrix version (matrisversion) the risk is scored in."""

    id: int
    matrix_id: int
    matrix: str = Field(description="Riskmatrisens namn.")
    number: int = Field(description="Versionsnummer.")
    size: str = Field(description="Sannolikhet × konsekvens, t.ex. ”4 × 4”.")


class ActivityBriefOut(Schema):
    """An activity (aktivitet) of the verksamhetsplan, in short."""

    id: int
    title: str


class TreatmentOut(Schema):
    """The decision on the risk (riskhantering); ``code`` "" when not yet decided."""

    code: str = Field(description="accept (accepteras), control (kontroll i internkontrollplanen), "
                                  "action (åtgärd i verksamhetsplanen) eller tom.")
    label: str
    motivation: str
    action_activity: ActivityBriefOut | None


def _score(version, likelihood, consequence, score) -> ScoreOut | None:
    if score is None:
        return None
    found = band(score, version)
    return ScoreOut(likelihood=likelihood, consequence=consequence, score=score,
                    band=BandOut(label=found.label, colour=found.colour))


def _goal(goal) -> GoalBriefOut | None:
    return None if goal is None else GoalBriefOut(id=goal.pk, code=goal.code, title=goal.title)


class RiskOut(Schema):
    """A risk of a board's väsentlighets- och riskanalys."""

    id: int
    title: str
    description: str
    category: CodeOut
    owner: str = Field(description="Riskägare.")
    process: str
    goal: GoalBriefOut | None = Field(description="Målet (KF-mål eller nämndmål) som risken hotar.")
    kf_goal: GoalBriefOut | None = Field(description="KF-målet som målet hör till (närmaste verksamhetsområdesmål "
                                                     "eller inriktningsmål uppåt i målkedjan).")
    matrix_version: MatrixVersionOut
    inherent: ScoreOut = Field(description="Bruttorisk.")
    residual: ScoreOut | None = Field(description="Nettorisk efter kontroller; null om den inte är bedömd.")
    level: LevelOut
    treatment: TreatmentOut
    controls: list[int] = Field(description="Id för kontrollmomenten mot risken.")
    is_example: bool = Field(description="Sant för påhittade exempeldata.")

    @staticmethod
    def of(risk: Risk, control_ids: list[int]) -> "RiskOut":
        """The API form of ``risk`` (matrix version, goal chain and action activity loaded)."""
        version = risk.matrix_version
        score, level = risk_level(risk)
        activity = risk.action_activity
        return RiskOut(
            id=risk.pk, title=risk.title, description=risk.description,
            category=_choice(RiskCategory, risk.category), owner=risk.owner, process=risk.process,
            goal=_goal(risk.goal), kf_goal=_goal(kf_goal_of(risk.goal)),
            matrix_version=MatrixVersionOut(id=version.pk, matrix_id=version.matrix_id, matrix=version.matrix.name,
                                            number=version.number, size=version.size_label),
            inherent=_score(version, risk.inherent_likelihood, risk.inherent_consequence, risk.inherent_score),
            residual=_score(version, risk.residual_likelihood, risk.residual_consequence, risk.residual_score),
            level=LevelOut(score=score, band=BandOut(label=level.label, colour=level.colour)),
            treatment=TreatmentOut(
                code=risk.treatment, label=_choice(Treatment, risk.treatment).label,
                motivation=risk.treatment_motivation,
                action_activity=ActivityBriefOut(id=activity.pk, title=activity.title) if activity else None),
            controls=control_ids, is_example=risk.is_example,
        )


class DeviationOut(Schema):
    """A deviation (avvikelse) followed until closed."""

    id: int
    finding: str
    actions: str = Field(description="Åtgärder.")
    responsible: str
    due: dt.date | None = Field(description="Klart senast.")
    status: str = Field(description="open (öppen) eller closed (stängd).")
    status_label: str

    @staticmethod
    def of(deviation: Deviation) -> "DeviationOut":
        """The API form of ``deviation``."""
        return DeviationOut(id=deviation.pk, finding=deviation.finding, actions=deviation.actions,
                            responsible=deviation.responsible, due=deviation.due, status=deviation.status,
                            status_label=str(deviation.get_status_display()))


class ResultOut(Schema):
    """The result (kontrollresultat) of an occasion."""

    outcome: str = Field(description="no_remarks (utan anmärkning) eller deviation (avvikelse).")
    label: str
    finding: str = Field(description="Iakttagelse.")
    as_of: dt.date = Field(description="Datum resultatet avser.")
    entered_at: dt.datetime = Field(description="När resultatet registrerades.")
    period: PeriodRefOut | None = Field(description="Uppföljningsperioden (T1, T2, VB) som redovisar resultatet.")

    @staticmethod
    def of(result: ControlResult) -> "ResultOut":
        """The API form of ``result`` (period loaded)."""
        return ResultOut(outcome=result.outcome, label=str(result.get_outcome_display()), finding=result.finding,
                         as_of=result.as_of, entered_at=result.entered_at,
                         period=PeriodRefOut.of(result.period) if result.period else None)


class OccasionOut(Schema):
    """An occasion (kontrolltillfälle) with its result (null when none is recorded) and deviations."""

    due: dt.date
    result: ResultOut | None
    deviations: list[DeviationOut]


class ControlOut(Schema):
    """A control (kontrollmoment) of a board's internkontrollplan."""

    id: int
    title: str
    description: str
    method: CodeOut = Field(description="Kontrollmetod, t.ex. sample (stickprov).")
    frequency: CodeOut = Field(description="monthly, quarterly, tertial, yearly eller once.")
    start: dt.date = Field(description="Första tillfälle.")
    end: dt.date = Field(description="Sista dag (ingår).")
    responsible: str
    reported_in: CodeOut = Field(description="Perioden kontrollen redovisas i: T1, T2 eller VB.")
    risk: int | None = Field(description="Id för risken kontrollen avser.")
    is_example: bool
    occasions: list[OccasionOut]

    @staticmethod
    def of(control: Control, occasions: list[OccasionOut]) -> "ControlOut":
        """The API form of ``control`` with its ``occasions``."""
        return ControlOut(
            id=control.pk, title=control.title, description=control.description,
            method=_choice(ControlMethod, control.method), frequency=_choice(Frequency, control.frequency),
            start=control.start, end=control.end, responsible=control.responsible,
            reported_in=_choice(PeriodKind, control.reported_in), risk=control.risk_id,
            is_example=control.is_example, occasions=occasions,
        )
