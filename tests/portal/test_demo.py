"""``verksam demo``: the demo data is exact, marked, idempotent and renders."""

from __future__ import annotations

import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from verksam.core.models import RoleAssignment
from verksam.organisation.models import Membership, Municipality, Party, Person, Unit
from verksam.planning.models import (
    Activity, Goal, Indicator, Plan, PlanAttachment, PlanKind, PlanStatus, Target,
)
from verksam.portal.demo import DEMO_PASSWORD

KF_DIRECTION_GOALS = {
    "1": "Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.",
    "2": "Ett grönt och fossilfritt Stockholm som leder en rättvis klimatomställning.",
    "3": "Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla.",
}
ATTACHMENTS = [
    (1, "Verksamhetsplan KS 2024", "KS 2023/1237-1.1"),
    (2, "Blankettset VP KS 2024", "KS 2023/1237-1.2"),
    (3, "Plan för upphandling VP KS 2024", "KS 2023/1237-1.3"),
    (4, "Kompetensförsörjningsplan VP KS 2024", "KS 2023/1237-1.4"),
    (5, "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024", "KS 2023/1237-1.5"),
    (6, "System för internkontroll VP KS 2024", "KS 2023/1237-1.6"),
    (7, "Ledningens genomgång – informationssäkerhetsplan VP KS 2024", "KS 2023/1237-1.7"),
]
PERSONS = {
    "Karin Wanngård": "S", "Christofer Fjellner": "M", "Dennis Wedin": "M", "Jan Jönsson": "L",
    "Annika Friberg": "M", "Johan Paccamonti": "M", "Gabriel Kroon": "SD", "Kristin Jacobsson": "C",
    "Nike Örbrink": "KD",
}


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def ks_plan() -> Plan:
    return Plan.objects.get(unit__name="Kommunstyrelsen", year=2024, kind=PlanKind.OPERATIONAL_PLAN)


def snapshot() -> dict[str, int]:
    """Row counts of every model, history models included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo(db) -> str:
    return run_demo()


def test_it_loads_stockholm_with_its_units(demo):
    municipality = Municipality.objects.get()
    assert (municipality.name, municipality.code) == ("Stockholms stad", "0180")
    assert Unit.objects.count() == 19
    ks = Unit.objects.get(name="Kommunstyrelsen")
    assert (ks.kind, ks.registry_prefix, ks.parent.name) == ("executive_board", "KS", "Kommunfullmäktige")
    assert Unit.objects.get(name="Stadsledningskontoret").parent == ks
    brb = Unit.objects.get(name="Borgarrådsberedningen")
    assert (brb.kind, brb.parent) == ("preparatory_body", ks)
    examples = set(Unit.objects.filter(is_example=True).values_list("name", "parent__name"))
    assert examples == {("Ekonomiavdelningen", "Stadsledningskontoret"), ("HR-avdelningen", "Stadsledningskontoret")}
    assert Unit.objects.get(name="Stockholms Stadshus AB").kind == "company"
    assert Unit.objects.get(name="Spånga-Tensta stadsdelsförvaltning").parent.name == "Spånga-Tensta stadsdelsnämnd"


def test_it_loads_the_parties_of_kf_and_the_persons_of_the_memo(demo):
    assert dict(Party.objects.values_list("abbreviation", "name")) == {
        "S": "Socialdemokraterna", "M": "Moderaterna", "V": "Vänsterpartiet", "MP": "Miljöpartiet de gröna",
        "L": "Liberalerna", "C": "Centerpartiet", "SD": "Sverigedemokraterna", "KD": "Kristdemokraterna",
    }
    assert dict(Person.objects.values_list("name", "party__abbreviation")) == PERSONS
    assert not Person.objects.filter(is_example=True).exists()
    mayors = Membership.objects.filter(unit__name="Borgarrådsberedningen", role="mayor")
    assert dict(mayors.values_list("person__name", "title")) == {
        "Karin Wanngård": "finansborgarråd", "Christofer Fjellner": "", "Dennis Wedin": "", "Jan Jönsson": "",
    }
    ks_roles = dict(Membership.objects.filter(unit__name="Kommunstyrelsen").values_list("person__name", "role"))
    assert ks_roles["Annika Friberg"] == "member"
    assert ks_roles["Gabriel Kroon"] == "member"
    assert ks_roles["Kristin Jacobsson"] == "member"
    assert ks_roles["Nike Örbrink"] == "substitute"
    assert Membership.objects.count() == 12


def test_it_loads_the_three_real_inriktningsmal_and_example_kf_goals(demo):
    budget = Plan.objects.get(kind=PlanKind.COUNCIL_BUDGET, year=2024)
    assert budget.status == PlanStatus.DECIDED
    directions = Goal.objects.filter(plan=budget, level="direction")
    assert dict(directions.values_list("code", "title")) == KF_DIRECTION_GOALS
    assert not directions.filter(is_example=True).exists()
    areas = Goal.objects.filter(plan=budget, level="area")
    assert areas.count() == 13
    assert sorted(areas.values_list("code", flat=True)) == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5"]
    assert all(goal.is_example and goal.parent.code == goal.code.split(".")[0] for goal in areas)


def test_it_loads_the_ks_plan_with_the_seven_attachments_of_the_memo(demo):
    plan = ks_plan()
    assert (plan.title, plan.reference, plan.is_example) == (
        "Verksamhetsplan 2024 för kommunstyrelsen", "KS 2023/1237", False)
    assert list(PlanAttachment.objects.filter(plan=plan).values_list("number", "title", "reference")) == ATTACHMENTS
    board_goals = Goal.objects.filter(plan=plan)
    assert board_goals.count() == 8
    assert set(board_goals.values_list("level", "is_example")) == {("board", True)}
    assert set(board_goals.values_list("parent__plan__kind", flat=True)) == {"council_budget"}
    assert Goal.objects.get(plan=plan, code="3.5.1").parent.title == "Stockholms stad är en attraktiv arbetsgivare"
    assert Activity.objects.filter(plan=plan).count() == 10
    assert not Activity.objects.filter(plan=plan, is_example=False).exists()


def test_it_binds_indicators_to_real_kolada_kpis_with_example_targets(demo):
    plan = ks_plan()
    assert Indicator.objects.filter(plan=plan).count() == 7
    sick = Indicator.objects.get(plan=plan, kolada_kpi="N00090")
    assert (sick.name, sick.unit_of_measure, sick.direction, sick.by_sex) == (
        "Sjukfrånvaro bland kommunens anställda", "%", "lower", True)
    vab = Indicator.objects.get(plan=plan, kolada_kpi="N00945")
    assert (vab.name, vab.direction, vab.by_sex) == ("Andel VAB-dagar som tas ut av män", "higher", False)
    population = Indicator.objects.get(plan=plan, kolada_kpi="N01951")
    assert (population.name, population.direction) == ("Invånare totalt", "neutral")
    sick_target = Target.objects.get(indicator=sick, year=2024, unit__name="Kommunstyrelsen")
    assert (sick_target.value, sick_target.baseline, sick_target.is_example) == (Decimal("6.5"), Decimal("7.1"), True)
    assert sick_target.decision_reference == "KS 2023/1237, punkt 1"
    assert Target.objects.get(indicator=vab).value == Decimal("42")
    assert Target.objects.filter(plan=plan).count() == 7
    assert not Target.objects.filter(plan=plan, is_example=False).exists()


def test_it_leaves_the_ks_plan_decided_by_kommunstyrelsen(demo):
    plan = ks_plan()
    assert plan.status == PlanStatus.DECIDED
    assert (plan.decided_by.name, plan.decision_reference, plan.decision_point) == (
        "Kommunstyrelsen", "KS 2023/1237", "1")


def test_it_decides_the_plan_itself_when_the_cases_app_has_no_demo(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "verksam.cases.demo", None)  # import fails with ImportError
    output = run_demo()
    plan = ks_plan()
    assert plan.decided_on.isoformat() == "2024-01-17"
    assert plan.description.endswith("Beslutsdatumet 17 januari 2024 är exempeldata.")
    assert "Beslut: kommunstyrelsen 2024-01-17, KS 2023/1237, punkt 1" in output
    statuses = list(plan.history.order_by("history_id").values_list("status", "history_user__username"))
    assert statuses[-3:] == [("draft", "admin"), ("submitted", "admin"), ("decided", "admin")]


def test_it_keeps_two_drafts_where_editing_can_be_tried(demo):
    drafts = Plan.objects.filter(status=PlanStatus.DRAFT).order_by("title")
    assert list(drafts.values_list("title", "unit__name", "is_example")) == [
        ("Verksamhetsplan 2024 för stadsledningskontoret", "Stadsledningskontoret", True),
        ("Verksamhetsplan 2024 för utbildningsnämnden", "Utbildningsnämnden", True),
    ]
    unit_goal = Goal.objects.get(plan__unit__name="Stadsledningskontoret")
    assert (unit_goal.level, unit_goal.parent.code) == ("unit", "3.5.1")


def test_it_creates_the_demo_users_with_their_roles(demo, client):
    roles = set(RoleAssignment.objects.values_list("user__username", "role", "unit__name"))
    assert roles == {
        ("admin", "administrator", "Kommunfullmäktige"), ("controller", "controller", "Kommunstyrelsen"),
        ("redaktor", "editor", "Kommunstyrelsen"), ("lasare", "reader", "Kommunstyrelsen"),
        ("politiker", "politician", "Kommunstyrelsen"), ("utbildning", "editor", "Utbildningsnämnden"),
    }
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert client.login(username="redaktor", password=DEMO_PASSWORD)
    assert f"lösenord för alla: {DEMO_PASSWORD}" in demo
    assert Plan.history.filter(history_user=admin).exists()


def test_running_it_twice_changes_nothing(demo):
    before = snapshot()
    output = run_demo()
    assert snapshot() == before
    assert "Klart: 0 nya och 0 ändrade poster." in output


@pytest.mark.django_db(transaction=True)  # flush truncates tables: not inside a test transaction
def test_reset_wipes_and_reloads():
    run_demo()
    before = snapshot()
    Party.objects.create(municipality=Municipality.objects.get(), name="Testpartiet", abbreviation="TP")
    run_demo("--reset", "--noinput")
    assert not Party.objects.filter(abbreviation="TP").exists()
    after = snapshot()
    assert {k: v for k, v in after.items() if not k.split(".")[1].startswith("Historical")} == \
        {k: v for k, v in before.items() if not k.split(".")[1].startswith("Historical")}


def test_in_production_it_needs_a_superuser_and_creates_no_demo_users(db, monkeypatch, django_user_model):
    monkeypatch.setenv("VERKSAM_DEBUG", "0")
    with pytest.raises(CommandError, match="Skapa en superanvändare"):
        run_demo()
    assert not Municipality.objects.exists()
    chief = django_user_model.objects.create_superuser("chef", password="x-long-password-1")
    run_demo()
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["chef"]
    assert ks_plan().history.filter(history_user=chief).exists()
    run_demo("--with-users")
    assert django_user_model.objects.filter(username="redaktor").exists()


def test_the_start_page_and_the_plan_page_show_the_demo(demo, client):
    home = client.get(reverse("portal:home")).content.decode()
    assert "Stockholms stad" in home
    assert "Verksamhetsplan 2024 för kommunstyrelsen" in home
    assert "Verksamhetsplan 2024 för utbildningsnämnden" not in home  # drafts are not public
    response = client.get(reverse("planning:plan_detail", args=[ks_plan().pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for title in KF_DIRECTION_GOALS.values():
        assert title in html
    assert html.index(KF_DIRECTION_GOALS["1"]) < html.index("1.1.1 Kommunstyrelsen leder och samordnar") \
        < html.index(KF_DIRECTION_GOALS["2"])
    assert "Kolada N00090" in html
    assert "6,5 %" in html
    assert "Ledningens genomgång – informationssäkerhetsplan VP KS 2024" in html
    assert "KS 2023/1237-1.7" in html
    assert "exempeldata" in html
    assert "Främja heltid som norm" in html
