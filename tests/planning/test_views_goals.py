"""Goals (mål) in the web UI: create under a KF goal, edit, delete with confirmation, parent
choices, Swedish errors at the field, no-op saves, concurrent edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.planning.edit_helpers import empty_goal, fast_passwords, goal_data  # noqa: F401
from verksam.planning import actions
from verksam.planning.models import Goal, GoalLevel, Plan, PlanKind

pytestmark = pytest.mark.django_db

CONCURRENT_MESSAGE = "Någon annan har ändrat uppgiften sedan du öppnade den. Ladda om sidan och gör om ändringen."


def test_an_editor_creates_a_board_goal_under_a_kf_goal(client, city):
    client.force_login(city.users.ks_editor)
    form = client.get(reverse("planning:goal_create", args=[city.ks_plan.pk]) + f"?parent={city.area_3_5.pk}")
    assert f'<option value="{city.area_3_5.pk}" selected>3.5 Stockholms stad är en attraktiv arbetsgivare (KF)</option>' \
        in form.content.decode()

    response = client.post(reverse("planning:goal_create", args=[city.ks_plan.pk]), goal_data(city), follow=True)

    goal = Goal.objects.get(plan=city.ks_plan, code="3.5.2")
    assert (goal.level, goal.title, goal.parent, goal.owner_unit) == (
        GoalLevel.BOARD, "Kommunstyrelsen minskar sjukfrånvaron", city.area_3_5, city.ks)
    assert response.redirect_chain == [(f"/planer/{city.ks_plan.pk}/#goal-{goal.pk}", 302)]
    html = response.content.decode()
    assert "Målet har skapats." in html
    assert "3.5.2 Kommunstyrelsen minskar sjukfrånvaron" in html
    [record] = goal.history.all()
    assert (record.history_type, record.history_user) == ("+", city.users.ks_editor)


def test_parent_choices_are_the_plans_goals_and_the_kf_goals_of_the_year(client, city):
    other_plan = Plan.objects.create(unit=city.utn, year=2024, kind=PlanKind.OPERATIONAL_PLAN,
                                     title="Verksamhetsplan 2024 för utbildningsnämnden")
    Goal.objects.create(plan=other_plan, parent=city.area_1_1, level=GoalLevel.BOARD, code="1.1.7",
                        title="Skolan är trygg", owner_unit=city.utn)
    client.force_login(city.users.ks_editor)
    form = client.get(reverse("planning:goal_edit", args=[city.board_goal_1.pk])).context["form"]
    labels = [label for _, label in form.fields["parent"].choices]
    assert labels == [
        "---------",
        "1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden. (KF)",
        "1.1 Stockholm är en tryggare stad (KF)",
        "2 Ett grönt och fossilfritt Stockholm som leder en rättvis klimatomställning. (KF)",
        "3 Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla. (KF)",
        "3.5 Stockholms stad är en attraktiv arbetsgivare (KF)",
        "3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap",  # not the goal itself (1.1.1)
    ]


def test_it_refuses_a_kf_level_goal_under_a_board_goal_at_the_parent_field(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:goal_create", args=[city.ks_plan.pk]),
                           goal_data(city, level="area", parent=city.board_goal_2.pk))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "parent": ["Ett verksamhetsområdesmål kan inte ligga under ett nämndmål."]}
    assert 'id="id_parent_error"' in response.content.decode()
    assert not Goal.objects.filter(code="3.5.2").exists()


def test_it_asks_for_a_title_in_swedish(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:goal_create", args=[city.ks_plan.pk]), goal_data(city, title=""))
    assert response.status_code == 200
    assert response.context["form"].errors == {"title": ["Detta fält måste fyllas i."]}
    assert Goal.objects.filter(plan=city.ks_plan).count() == 2


def test_an_editor_renames_a_goal_and_the_history_shows_before_and_after(client, city):
    client.force_login(city.users.ks_editor)
    url = reverse("planning:goal_edit", args=[city.board_goal_1.pk])
    assert 'name="lock_version" value="0"' in client.get(url).content.decode()
    client.post(url, goal_data(city, code="1.1.1", title="Kommunstyrelsen samordnar trygghetsarbetet",
                               parent=city.area_1_1.pk, lock_version=0))
    goal = Goal.objects.get(pk=city.board_goal_1.pk)
    assert (goal.title, goal.lock_version) == ("Kommunstyrelsen samordnar trygghetsarbetet", 1)

    history = client.get(reverse("core:history", args=["mal", goal.pk])).content.decode()
    assert ('<li data-field="title"><strong>Titel</strong>: <del>Kommunstyrelsen leder stadens trygghetsarbete</del>'
            ' → <ins>Kommunstyrelsen samordnar trygghetsarbetet</ins></li>') in history


def test_saving_a_goal_unchanged_records_no_history(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:goal_edit", args=[city.board_goal_1.pk]), goal_data(
        city, code="1.1.1", title="Kommunstyrelsen leder stadens trygghetsarbete", parent=city.area_1_1.pk,
        lock_version=0), follow=True)
    assert "Inget ändrades, så inget sparades." in response.content.decode()
    assert list(city.board_goal_1.history.values_list("history_type", flat=True)) == ["+"]  # creation only
    assert Goal.objects.get(pk=city.board_goal_1.pk).lock_version == 0


def test_it_refuses_a_concurrent_goal_edit_and_keeps_the_input(client, city):
    actions.update_goal(city.board_goal_1, acting_user=city.users.ks_controller, expected_version=0,
                        title="Trygghet i hela staden")
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:goal_edit", args=[city.board_goal_1.pk]), goal_data(
        city, code="1.1.1", title="Min egen formulering", parent=city.area_1_1.pk, lock_version=0))
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [CONCURRENT_MESSAGE]
    assert 'value="Min egen formulering"' in response.content.decode()
    assert Goal.objects.get(pk=city.board_goal_1.pk).title == "Trygghet i hela staden"


def test_deleting_asks_first_and_then_deletes_with_history(client, city):
    goal = empty_goal(city)
    client.force_login(city.users.ks_editor)
    confirm = client.get(reverse("planning:goal_delete", args=[goal.pk]))
    assert "Vill du ta bort målet?" in confirm.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()

    response = client.post(reverse("planning:goal_delete", args=[goal.pk]), follow=True)
    assert "Målet har tagits bort." in response.content.decode()
    assert not Goal.objects.filter(pk=goal.pk).exists()
    record = Goal.history.filter(id=goal.pk).order_by("-history_date").first()
    assert (record.history_type, record.history_user) == ("-", city.users.ks_editor)


def test_it_refuses_to_delete_a_goal_that_has_indicators(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(reverse("planning:goal_delete", args=[city.board_goal_2.pk]))
    assert response.status_code == 409
    assert '<p role="alert" class="error" id="delete-error">Målet har undermål, indikatorer eller aktiviteter och ' \
           'kan inte tas bort.</p>' in response.content.decode()
    assert Goal.objects.filter(pk=city.board_goal_2.pk).exists()


def test_the_plan_page_offers_goal_controls_to_editors_only(client, city):
    edit_link = f'href="/planer/mal/{city.board_goal_1.pk}/andra/"'
    client.force_login(city.users.ks_editor)
    assert edit_link in client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    client.force_login(city.users.ks_reader)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert edit_link not in html
    assert f'href="/historik/mal/{city.board_goal_1.pk}/"' in html


@pytest.mark.django_db
def test_a_forvaltnings_goal_keeps_its_parent_in_the_boards_plan_when_edited(client, city):
    from verksam.planning.models import Plan, PlanKind
    from verksam.planning.queries import goal_parent_choices

    slk_plan = Plan.objects.create(unit=city.slk, year=2024, kind=PlanKind.OPERATIONAL_PLAN,
                                   title="Verksamhetsplan 2024 för stadsledningskontoret")
    goal = Goal.objects.create(plan=slk_plan, parent=city.board_goal_2, level="unit", code="3.5.1.1",
                               title="Friskvård för alla", owner_unit=city.slk)
    assert city.board_goal_2 in goal_parent_choices(slk_plan)
    assert city.board_goal_1 in goal_parent_choices(slk_plan)
    assert not goal_parent_choices(city.ks_plan).filter(plan=slk_plan).exists()
