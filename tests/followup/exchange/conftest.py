"""Fixtures for the Excel/CSV exchange tests: the city's 2024 periods, outcomes in T1, and background tasks run synchronously."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.followup import actions


@pytest.fixture(autouse=True)
def _tasks_run_synchronously(settings):
    settings.VERKSAM_TASKS_SYNC = True


@pytest.fixture
def periods(city):
    """T1, T2 and VB 2024 keyed by kind."""
    return {p.kind: p for p in actions.ensure_periods(city.municipality, 2024)}


@pytest.fixture
def t1_outcomes(city, periods):
    """Sjukfrånvaro 4,8 % (kvinnor 5,6, män 3,7, prognos 4,6, a comment) and trygghet 78 % for KS in T1."""
    sick = actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                                 value_women=Decimal("5.6"), value_men=Decimal("3.7"), forecast=Decimal("4.6"),
                                 comment="Lägre än i fjol", acting_user=city.users.ks_editor)
    safety = actions.enter_outcome(city.safety, city.ks, periods["T1"], value=Decimal("78"),
                                   acting_user=city.users.ks_editor)
    return sick, safety
