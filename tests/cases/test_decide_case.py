"""Deciding a case: decisions per point, the plan adopted and locked, budget decisions, and a
decided case that refuses edits."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from verksam.cases.actions import decide_case, delete_case, update_case
from verksam.cases.importer import import_case, parse_text
from verksam.cases.models import Case, CaseLockedError, Decision, ProfitCentre, TurnoverChange
from verksam.core.errors import DomainError, NotAllowedError, PlanLockedError
from verksam.planning.models import PlanStatus

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords, row_counts, seed_case  # noqa: F401

KS_MEETING = dt.date(2024, 1, 17)


def _decide(city, case, **kwargs):
    kwargs.setdefault("acting_user", city.users.ks_controller)
    return decide_case(case, body=city.ks, decided_on=KS_MEETING, **kwargs)


@pytest.mark.django_db
def test_deciding_the_seed_records_a_decision_per_point_and_decides_the_plan(city, seed_case):
    decisions = _decide(city, seed_case, points=[1, 2, 3, 4])
    assert [(d.point_number, d.body, d.decided_on, d.outcome) for d in decisions] == [
        (str(n), city.ks, KS_MEETING, "Bifall till förslaget.") for n in (1, 2, 3, 4)
    ]
    plan = city.ks_plan
    plan.refresh_from_db()
    assert (plan.status, plan.decided_on, plan.decided_by, plan.decision_reference, plan.decision_point) == (
        PlanStatus.DECIDED, KS_MEETING, city.ks, "KS 2023/1237", "1")
    assert decisions[0].plan == plan and all(d.plan is None for d in decisions[1:])
    case = Case.objects.get(pk=seed_case.pk)
    assert (case.status, case.decided_on) == ("decided", KS_MEETING)


@pytest.mark.django_db
def test_the_plan_page_names_the_deciding_case_and_point(client, city, seed_case):
    _decide(city, seed_case)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Beslutad av kommunstyrelsen 17 januari 2024, KS 2023/1237, punkt 1" in text
    assert f'href="{reverse("cases:case_detail", args=[seed_case.pk])}"' in html
    assert f'href="{reverse("cases_output:comparison", args=[seed_case.pk])}"' in html


@pytest.mark.django_db
def test_points_on_profit_centres_and_turnover_become_budget_decisions_of_the_board(city, seed_case):
    _decide(city, seed_case)
    centres = [(c.unit, c.year, c.name, c.decision.point_number) for c in ProfitCentre.objects.order_by("name")]
    assert centres == [
        (city.ks, 2024, "Stadens gemensamma och centrala it-prislista", "3"),
        (city.ks, 2024, "Visningsenheten", "2"),
    ]
    change = TurnoverChange.objects.get()
    assert (change.unit, change.year, change.amount_sek, change.decision.point_number) == (
        city.ks, 2024, Decimal("746200000"), "4")


@pytest.mark.django_db
def test_a_submitted_plan_is_decided_without_being_submitted_again(city, seed_case):
    city.ks_plan.status = PlanStatus.SUBMITTED
    city.ks_plan.save()
    _decide(city, seed_case)
    city.ks_plan.refresh_from_db()
    assert city.ks_plan.status == PlanStatus.DECIDED
    assert list(city.ks_plan.history.values_list("status", flat=True)[:2]) == ["decided", "submitted"]


@pytest.mark.django_db
def test_a_decided_case_refuses_edits_with_a_swedish_message(city, seed_case):
    _decide(city, seed_case)
    case = Case.objects.get(pk=seed_case.pk)
    with pytest.raises(CaseLockedError) as error:
        update_case(case, acting_user=city.users.ks_controller, title="Något annat")
    assert str(error.value) == "Ärendet KS 2023/1237 är beslutat och kan inte ändras."
    with pytest.raises(CaseLockedError):
        delete_case(case, acting_user=city.users.admin)
    proposal = case.proposals.get(number=4)
    proposal.amount_sek = Decimal("1")
    with pytest.raises(CaseLockedError) as error:
        proposal.save()
    assert str(error.value) == "Ärendet är beslutat och kan inte ändras."
    with pytest.raises(CaseLockedError) as error:
        _decide(city, case)
    assert str(error.value) == "Ärendet KS 2023/1237 är redan beslutat."


@pytest.mark.django_db
def test_reimporting_a_decided_case_changes_nothing_or_is_refused(city, seed_case, seed_memo_text):
    _decide(city, seed_case)
    before = row_counts()
    data = parse_text(seed_memo_text)
    result = import_case(data, municipality=city.municipality)
    assert (result.created, result.changed) == (False, False)
    assert row_counts() == before
    data["title"] = "Verksamhetsplan 2025 för kommunstyrelsen"
    with pytest.raises(CaseLockedError) as error:
        import_case(data, municipality=city.municipality)
    assert str(error.value) == "Ärendet KS 2023/1237 är beslutat och kan inte ändras genom en ny inläsning."
    assert row_counts() == before


@pytest.mark.django_db
def test_an_editor_may_not_decide_and_nothing_is_written(city, seed_case):
    before = row_counts()
    with pytest.raises(NotAllowedError) as error:
        _decide(city, seed_case, acting_user=city.users.ks_editor)
    assert str(error.value) == "Du har inte behörighet att göra detta för Kommunstyrelsen."
    assert row_counts() == before
    city.ks_plan.refresh_from_db()
    assert city.ks_plan.status == PlanStatus.DRAFT


@pytest.mark.django_db
def test_an_already_decided_plan_stops_the_whole_decision(city, seed_case):
    city.ks_plan.status = PlanStatus.DECIDED
    city.ks_plan.save()
    before = row_counts()
    with pytest.raises(PlanLockedError):
        _decide(city, seed_case)
    assert row_counts() == before
    assert Case.objects.get(pk=seed_case.pk).status == "preparing"


@pytest.mark.django_db
def test_a_future_date_or_an_unknown_point_is_refused(city, seed_case):
    with pytest.raises(DomainError) as error:
        decide_case(seed_case, body=city.ks, decided_on=dt.date.today() + dt.timedelta(days=1), points=[1],
                    acting_user=city.users.ks_controller)
    assert (error.value.field, str(error.value)) == ("decided_on", "Beslutsdatum kan inte ligga i framtiden.")
    with pytest.raises(DomainError) as error:
        _decide(city, seed_case, points=[5])
    assert str(error.value) == "Ärendet KS 2023/1237 har ingen beslutspunkt 5."
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_the_ks_meeting_can_be_marked_as_example_data(city, seed_case):
    _decide(city, seed_case, is_example=True, item_number="§ 3")
    step = seed_case.steps.get(stage="executive")
    assert (step.date, step.date_is_example, step.item_number, step.meeting.is_example) == (
        KS_MEETING, True, "§ 3", True)
    assert all(d.is_example for d in Decision.objects.all())


@pytest.mark.django_db
def test_an_undecided_case_can_be_edited_and_an_unchanged_edit_records_nothing(city):
    case = import_case(parse_text(SMALL_MEMO), municipality=city.municipality).case
    assert update_case(case, acting_user=city.users.ks_controller, title="Ny rubrik") is True
    history = case.history.count()
    assert update_case(case, acting_user=city.users.ks_controller, title="Ny rubrik") is False
    assert case.history.count() == history
    with pytest.raises(DomainError) as error:
        update_case(case, acting_user=city.users.ks_controller, title="  ")
    assert (error.value.field, str(error.value)) == ("title", "Ärendet måste ha en rubrik.")


@pytest.mark.django_db
def test_the_plan_page_marks_an_example_meeting_date(client, city, seed_case):
    decide_case(seed_case, body=city.ks, decided_on=KS_MEETING, acting_user=city.users.ks_controller,
                is_example=True)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Beslutad av kommunstyrelsen 17 januari 2024 exempeldata , KS 2023/1237, punkt 1." in text
    assert 'id="plan-decision-example"' in html


@pytest.mark.django_db
def test_the_plan_page_has_no_example_mark_for_a_real_meeting_date(client, city, seed_case):
    _decide(city, seed_case)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert 'id="plan-decision-example"' not in html
    assert "exempeldata" not in html
