"""Shared fixtures: a small Stockholm-like organisation with KF budget and a KS plan.

``city`` builds: Stockholms stad (0180); units KF, KS (with förvaltning
stadsledningskontoret), Utbildningsnämnden (with Utbildningsförvaltningen); KF-budget 2024
with the three real inriktningsmål and two verksamhetsområdesmål; KS Verksamhetsplan 2024 as a
draft with two nämndmål, indicators with årsmål and activities; and users with roles:
``admin`` (administratör on KF, i.e. everything), ``ks_controller``, ``ks_editor``,
``ks_reader``, ``ks_politician`` (on KS), ``utb_editor`` (on Utbildningsnämnden).

Environment: set VERKSAM_REQUIRE_ALL=1 to turn skips for missing tools (chromium, PostgreSQL,
../shared) into failures — ``.ci/run`` does.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from verksam.core.models import Role, RoleAssignment
from verksam.organisation.models import Municipality, Party, Unit, UnitKind
from verksam.planning.models import (
    Activity, Goal, GoalLevel, Indicator, Plan, PlanKind, PlanStatus, Target, Direction, Origin,
)

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"
SEED_MEMO = SHARED_DIR / "seeds" / "000_af22ac8c55b35c9f.txt"
PASSWORD = "korrekt-hast-batteri-2024"

KF_DIRECTION_GOALS = [
    ("1", "Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden."),
    ("2", "Ett grönt och fossilfritt Stockholm som leder en rättvis klimatomställning."),
    ("3", "Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla."),
]


def require_or_skip(condition: bool, what: str) -> None:
    """Skip the calling test naming what is missing — or fail when VERKSAM_REQUIRE_ALL=1."""
    if condition:
        return
    if os.environ.get("VERKSAM_REQUIRE_ALL") == "1":
        pytest.fail(f"Saknas (krävs i CI): {what}")
    pytest.skip(f"Saknas: {what}")


@pytest.fixture
def seed_memo_text() -> str:
    """The real memo KS 2023/1237 from ../shared/seeds (skips when absent)."""
    require_or_skip(SEED_MEMO.exists(), f"{SEED_MEMO} (../shared bredvid repot)")
    return SEED_MEMO.read_text(encoding="utf-8")


def make_user(django_user_model, username: str, *, unit=None, role=None, **extra):
    """A user with ``PASSWORD`` and, when given, one role on ``unit``."""
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
    if unit is not None and role is not None:
        RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def city(db, django_user_model):
    """The small city described in the module docstring, as a namespace of its objects."""
    muni = Municipality.objects.create(name="Stockholms stad", code="0180")
    kf = Unit.objects.create(municipality=muni, kind=UnitKind.COUNCIL, name="Kommunfullmäktige", short_name="KF")
    ks = Unit.objects.create(municipality=muni, parent=kf, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen",
                             short_name="KS", registry_prefix="KS")
    slk = Unit.objects.create(municipality=muni, parent=ks, kind=UnitKind.ADMINISTRATION,
                              name="Stadsledningskontoret", short_name="SLK")
    utn = Unit.objects.create(municipality=muni, parent=kf, kind=UnitKind.BOARD, name="Utbildningsnämnden",
                              short_name="UTN")
    utf = Unit.objects.create(municipality=muni, parent=utn, kind=UnitKind.ADMINISTRATION,
                              name="Utbildningsförvaltningen")
    Party.objects.create(municipality=muni, name="Moderaterna", abbreviation="M")
    Party.objects.create(municipality=muni, name="Socialdemokraterna", abbreviation="S")

    kf_budget = Plan.objects.create(unit=kf, year=2024, kind=PlanKind.COUNCIL_BUDGET,
                                    title="Budget 2024 för Stockholms stad", status=PlanStatus.DRAFT)
    directions = [Goal.objects.create(plan=kf_budget, level=GoalLevel.DIRECTION, code=c, title=t, owner_unit=kf,
                                      sort_order=i) for i, (c, t) in enumerate(KF_DIRECTION_GOALS)]
    area_1_1 = Goal.objects.create(plan=kf_budget, parent=directions[0], level=GoalLevel.AREA, code="1.1",
                                   title="Stockholm är en tryggare stad", owner_unit=kf)
    area_3_5 = Goal.objects.create(plan=kf_budget, parent=directions[2], level=GoalLevel.AREA, code="3.5",
                                   title="Stockholms stad är en attraktiv arbetsgivare", owner_unit=kf)

    ks_plan = Plan.objects.create(unit=ks, year=2024, kind=PlanKind.OPERATIONAL_PLAN,
                                  title="Verksamhetsplan 2024 för kommunstyrelsen", reference="KS 2023/1237")
    board_goal_1 = Goal.objects.create(plan=ks_plan, parent=area_1_1, level=GoalLevel.BOARD, code="1.1.1",
                                       title="Kommunstyrelsen leder stadens trygghetsarbete", owner_unit=ks)
    board_goal_2 = Goal.objects.create(plan=ks_plan, parent=area_3_5, level=GoalLevel.BOARD, code="3.5.1",
                                       title="Kommunstyrelsen har ett hållbart medarbetarskap", owner_unit=ks)
    sick_leave = Indicator.objects.create(plan=ks_plan, goal=board_goal_2, name="Sjukfrånvaro", unit_of_measure="%",
                                          direction=Direction.LOWER, by_sex=True, kolada_kpi="N00090",
                                          responsible_unit=ks)
    safety = Indicator.objects.create(plan=ks_plan, goal=board_goal_1, name="Andel invånare som känner sig trygga",
                                      unit_of_measure="%", direction=Direction.HIGHER, responsible_unit=ks)
    sick_target = Target.objects.create(plan=ks_plan, indicator=sick_leave, unit=ks, year=2024, value=Decimal("4.5"),
                                        decision_reference="KS 2023/1237, punkt 1")
    Target.objects.create(plan=ks_plan, indicator=safety, unit=ks, year=2024, value=Decimal("80"))
    activity = Activity.objects.create(plan=ks_plan, goal=board_goal_1, title="Leda stadens trygghetssatsning",
                                       owner_unit=slk, origin=Origin.COUNCIL)

    users = SimpleNamespace(
        admin=make_user(django_user_model, "admin", unit=kf, role=Role.ADMINISTRATOR),
        ks_controller=make_user(django_user_model, "ks_controller", unit=ks, role=Role.CONTROLLER),
        ks_editor=make_user(django_user_model, "ks_editor", unit=ks, role=Role.EDITOR),
        ks_reader=make_user(django_user_model, "ks_reader", unit=ks, role=Role.READER),
        ks_politician=make_user(django_user_model, "ks_politician", unit=ks, role=Role.POLITICIAN),
        utb_editor=make_user(django_user_model, "utb_editor", unit=utn, role=Role.EDITOR),
        nobody=make_user(django_user_model, "nobody"),
    )
    return SimpleNamespace(
        municipality=muni, kf=kf, ks=ks, slk=slk, utn=utn, utf=utf, kf_budget=kf_budget, directions=directions,
        area_1_1=area_1_1, area_3_5=area_3_5, ks_plan=ks_plan, board_goal_1=board_goal_1,
        board_goal_2=board_goal_2, sick_leave=sick_leave, safety=safety, sick_target=sick_target,
        activity=activity, users=users,
    )


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests hash passwords with MD5: the production hasher costs ~0.4 s per user here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _swedish_after_each_test():
    """No test leaves another language active for the next one."""
    yield
    from django.utils import translation

    translation.activate("sv")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run synchronously in tests (no threads against the test database)."""
    settings.VERKSAM_TASKS_SYNC = True
