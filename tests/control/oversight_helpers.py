"""Three boards with known internal control for the oversight tests (2024, as of 2024-09-30).

* **Kommunstyrelsen** — complete: the ``ic`` analysis (one risk 3 × 4 = 12, hög, on nämndmål
  1.1.1 under KF-mål 1.1), an approved system för internkontroll, the tertial control with
  results on 2024-04-30 (utan anmärkning) and 2024-08-31 (avvikelse, deviation closed).
* **Utbildningsnämnden** — no internkontrollplan: an analysis with "Lärarbrist" (personal,
  process "Rekrytering", 2 × 2 = 4, medel, on KF-mål 3.5).
* **Socialnämnden** — an overdue open deviation: an analysis with "Felaktiga utbetalningar"
  (legal, process "Utbetalning", inherent 2 × 3 = 6, residual 1 × 3 = 3 → låg), a plan with a
  monthly control from 2024-01-31 with results for January (avvikelse; deviation open, due
  2024-06-30), February and March — April is missing although T1 is closed.

T1 2024 is closed; T2 and VB are open.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from verksam.control import actions
from verksam.control.models import ControlMethod, RiskCategory
from verksam.followup.actions import set_period_status
from verksam.organisation.models import Unit, UnitKind

D = dt.date
AS_OF = D(2024, 9, 30)


def build_three_boards(ic, city) -> SimpleNamespace:
    """The boards of the module docstring; returns them with their risks and controls."""
    admin, ks_editor = city.users.admin, city.users.ks_editor
    system = actions.create_control_system(city.ks, 2024, acting_user=ks_editor, organisation="Organisation",
                                           roles="Roller", routines="Rutiner", systems="System")
    actions.approve_control_system(system, acting_user=city.users.ks_controller)
    april, august, _december = ic.control.occasions.order_by("due")
    actions.record_result(april, acting_user=ks_editor, outcome="no_remarks")
    ks_result = actions.record_result(august, acting_user=ks_editor, outcome="deviation",
                                      finding="Uppföljningen saknades för två insatser")
    ks_deviation = actions.open_deviation(ks_result, acting_user=ks_editor, finding="Uppföljning saknas",
                                          actions="Rutinen ses över", responsible="Avdelningschef",
                                          due=D(2024, 9, 15))
    actions.close_deviation(ks_deviation, acting_user=ks_editor, note="Rutinen är ändrad")

    utn_analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=admin)
    utn_risk = actions.create_risk(utn_analysis, acting_user=admin, title="Lärarbrist", category=RiskCategory.STAFF,
                                   process="Rekrytering", goal=city.area_3_5,
                                   inherent_likelihood=2, inherent_consequence=2)

    son = Unit.objects.create(municipality=city.municipality, parent=city.kf, kind=UnitKind.BOARD,
                              name="Socialnämnden", short_name="SON")
    son_analysis = actions.create_risk_analysis(son, 2024, matrix=ic.matrix, acting_user=admin)
    son_risk = actions.create_risk(son_analysis, acting_user=admin, title="Felaktiga utbetalningar",
                                   category=RiskCategory.LEGAL, process="Utbetalning", owner="Ekonomichef",
                                   inherent_likelihood=2, inherent_consequence=3,
                                   residual_likelihood=1, residual_consequence=3)
    son_plan = actions.create_control_plan(son, 2024, acting_user=admin)
    son_control = actions.create_control(son_plan, acting_user=admin, risk=son_risk, title="Attest av utbetalningar",
                                         method=ControlMethod.SAMPLE, frequency="monthly", start=D(2024, 1, 31),
                                         responsible="Enhetschef ekonomi", reported_in="T1")
    january, february, march = list(son_control.occasions.order_by("due"))[:3]
    son_result = actions.record_result(january, acting_user=admin, outcome="deviation",
                                       finding="Två utbetalningar utan attest")
    son_deviation = actions.open_deviation(son_result, acting_user=admin, finding="Utbetalning utan attest",
                                           actions="Påminnelse till attestanter", responsible="Enhetschef ekonomi",
                                           due=D(2024, 6, 30))
    actions.record_result(february, acting_user=admin, outcome="no_remarks")
    actions.record_result(march, acting_user=admin, outcome="no_remarks")
    set_period_status(ic.t1, "closed", unit=city.kf, acting_user=admin)
    return SimpleNamespace(son=son, utn_risk=utn_risk, son_risk=son_risk, son_plan=son_plan,
                           son_control=son_control, son_deviation=son_deviation, ks_deviation=ks_deviation,
                           system=system, ks_result=ks_result, son_result=son_result)
