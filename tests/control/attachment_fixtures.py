"""Known data for the attachment tests (bilaga 5 and 6) on top of the ``ic`` fixture.

``two_risks``: KS's 2024 analysis with
  1. "Bristande samordning av trygghetsarbetet" (ic's risk, nämndmål 1.1.1; verksamhet;
     Stadsdirektören) 3 × 4 = 12 hög, after control 2 × 4 = 8 medel, treated by the activity
     "Leda stadens trygghetssatsning"; control 1 "Uppföljning av trygghetsinsatser" (genomgång,
     per tertial, Avdelningschef trygghet, T2);
  2. "Hög sjukfrånvaro" (nämndmål 3.5.1; personal; HR-direktören; process Personalprocess)
     2 × 3 = 6 medel, after control 1 × 3 = 3 låg, treated by control 2 "Stickprov av
     sjukskrivningsärenden" (stickprov, månadsvis from 31 januari, HR-chef, T1).
``full`` adds risk 3 "Brister i informationssäkerheten" without a goal (IT, 1 × 2 = 2 låg,
accepted with a motivation, example data) and control 3 "Avstämning av attestlistor" without a
risk (avstämning, årligen 15 december, Controller, VB).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from verksam.control import actions
from verksam.control.models import ControlMethod, RiskCategory
from verksam.planning.models import Goal, GoalLevel


def two_risks(city, ic) -> SimpleNamespace:
    editor = city.users.ks_editor
    risk1 = ic.risk
    actions.update_risk(risk1, acting_user=editor, residual_likelihood=2, residual_consequence=4,
                        treatment="action", action_activity=city.activity)
    risk2 = actions.create_risk(
        ic.analysis, acting_user=editor, title="Hög sjukfrånvaro", category=RiskCategory.STAFF,
        owner="HR-direktören", goal=city.board_goal_2, process="Personalprocess",
        description="Sjukfrånvaron ligger över årsmålet.", inherent_likelihood=2, inherent_consequence=3,
        residual_likelihood=1, residual_consequence=3)
    control2 = actions.create_control(
        ic.control_plan, acting_user=editor, risk=risk2, title="Stickprov av sjukskrivningsärenden",
        method=ControlMethod.SAMPLE, frequency="monthly", start=dt.date(2024, 1, 31), end=dt.date(2024, 12, 31),
        responsible="HR-chef", reported_in="T1")
    actions.update_risk(risk2, acting_user=editor, treatment="control")
    risk1.refresh_from_db()
    risk2.refresh_from_db()
    return SimpleNamespace(risk1=risk1, risk2=risk2, control1=ic.control, control2=control2)


def full(city, ic) -> SimpleNamespace:
    data = two_risks(city, ic)
    editor = city.users.ks_editor
    data.risk3 = actions.create_risk(
        ic.analysis, acting_user=editor, title="Brister i informationssäkerheten", category=RiskCategory.IT,
        owner="IT-chefen", inherent_likelihood=1, inherent_consequence=2, treatment="accept",
        treatment_motivation="Låg risk som hanteras i ordinarie verksamhet.", is_example=True)
    data.control3 = actions.create_control(
        ic.control_plan, acting_user=editor, title="Avstämning av attestlistor", method=ControlMethod.RECONCILIATION,
        frequency="yearly", start=dt.date(2024, 12, 15), end=dt.date(2024, 12, 31), responsible="Controller",
        reported_in="VB")
    return data


def grow(city, ic, n: int, offset: int) -> None:
    """n more risks, each under a new nämndmål of its own under KF-mål 3.5, each with a control;
    every other one also under a new enhetsmål (a deeper chain)."""
    editor = city.users.ks_editor
    for i in range(offset, offset + n):
        goal = Goal.objects.create(plan=city.ks_plan, parent=city.area_3_5, level=GoalLevel.BOARD,
                                   code=f"3.5.{i + 2}", title=f"Nämndmål {i}", owner_unit=city.ks)
        if i % 2:
            goal = Goal.objects.create(plan=city.ks_plan, parent=goal, level=GoalLevel.UNIT,
                                       code=f"3.5.{i + 2}.1", title=f"Enhetsmål {i}", owner_unit=city.ks)
        risk = actions.create_risk(ic.analysis, acting_user=editor, title=f"Risk {i}", category=RiskCategory.LEGAL,
                                   goal=goal, inherent_likelihood=1 + i % 4, inherent_consequence=2,
                                   residual_likelihood=1, residual_consequence=1)
        actions.create_control(ic.control_plan, acting_user=editor, risk=risk, title=f"Kontroll {i}",
                               method=ControlMethod.ANALYSIS, frequency="yearly", start=dt.date(2024, 6, 30),
                               responsible="Jurist")
