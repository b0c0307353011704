"""Fixtures for internal control on top of the shared ``city``.

``ic`` adds: the default 4 × 4 riskmatris managed on KF (by ``admin``); KS's
väsentlighets- och riskanalys 2024 tied to its verksamhetsplan; one risk scored 3 × 4 tied to
nämndmål 1.1.1; KS's internkontrollplan 2024 with one tertial control on that risk; and the
follow-up periods T1, T2, VB 2024 (all open).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from verksam.control import actions
from verksam.control.models import ControlMethod, RiskCategory
from verksam.followup.actions import ensure_periods


@pytest.fixture
def ic(city):
    """The internal-control objects described in the module docstring."""
    users = city.users
    matrix = actions.create_matrix(city.kf, name="Stadens riskmatris", acting_user=users.admin)
    analysis = actions.create_risk_analysis(city.ks, 2024, matrix=matrix, plan=city.ks_plan,
                                            title="Väsentlighets- och riskanalys 2024", acting_user=users.ks_editor)
    risk = actions.create_risk(
        analysis, acting_user=users.ks_editor, title="Bristande samordning av trygghetsarbetet",
        category=RiskCategory.OPERATIONAL, owner="Stadsdirektören", goal=city.board_goal_1,
        inherent_likelihood=3, inherent_consequence=4,
    )
    control_plan = actions.create_control_plan(city.ks, 2024, title="Internkontrollplan 2024",
                                               acting_user=users.ks_editor)
    control = actions.create_control(
        control_plan, acting_user=users.ks_editor, risk=risk, title="Uppföljning av trygghetsinsatser",
        method=ControlMethod.REVIEW, frequency="tertial", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31),
        responsible="Avdelningschef trygghet", reported_in="T2",
    )
    t1, t2, vb = ensure_periods(city.municipality, 2024)
    return SimpleNamespace(matrix=matrix, version=matrix.latest_version(), analysis=analysis, risk=risk,
                           control_plan=control_plan, control=control, t1=t1, t2=t2, vb=vb)
