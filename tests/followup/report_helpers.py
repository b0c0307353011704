"""Report test data on top of the ``city`` fixture: periods of 2024, outcomes and an assessment.

KS follows up its two indicators: sjukfrånvaro (lower is better, årsmål 4,5 %, delvis band 10 %
of the target = 0,45) T1 4,9 % and T2 4,8 % (kvinnor 5,6 %, män 3,7 %, helårsprognos 4,6 % →
"Årsmålet uppnås delvis" on the forecast), trygghet (årsmål 80 %) T2 81,5 % → "helt" (T1 78,5 %).
Stadsledningskontoret, beneath KS, reports its own sjukfrånvaro 5,1 % at T2 — so KS's T2
report gets two sections. KS has assessed nämndmål 3.5.1 "uppfyllt delvis" with an analysis.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from verksam.followup import actions
from verksam.followup.models import GoalAssessment


def make_report_data(city) -> SimpleNamespace:
    """Periods, outcomes and an assessment for KS's 2024 follow-up (see the module docstring)."""
    periods = {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}
    editor = city.users.ks_editor
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.9"), acting_user=editor)
    actions.enter_outcome(city.sick_leave, city.ks, periods["T2"], value=Decimal("4.8"), value_women=Decimal("5.6"),
                          value_men=Decimal("3.7"), forecast=Decimal("4.6"),
                          comment="Sjukfrånvaron minskar långsamt bland kvinnor.", acting_user=editor)
    actions.enter_outcome(city.safety, city.ks, periods["T1"], value=Decimal("78.5"), acting_user=editor)
    actions.enter_outcome(city.safety, city.ks, periods["T2"], value=Decimal("81.5"), acting_user=editor)
    actions.enter_outcome(city.sick_leave, city.slk, periods["T2"], value=Decimal("5.1"), acting_user=editor)
    assessment = GoalAssessment.objects.create(
        goal=city.board_goal_2, unit=city.ks, period=periods["T2"], rule_id="weighted_score_v1",
        proposed="delvis", verdict="delvis", analysis="Sjukfrånvaron minskar men når inte årsmålet i år.")
    return SimpleNamespace(periods=periods, t1=periods["T1"], t2=periods["T2"], vb=periods["VB"],
                           assessment=assessment)


def text_of(data) -> str:
    """Normalise no-break spaces so texts compare the way they read."""
    return data.replace("\u00a0", " ").replace("\u202f", " ")
