"""Årsmål in the web UI: inline editing with htmx and without, Swedish numbers in, errors at the
field, no history for a save that changes nothing, the concurrent-edit refusal, and revision of
a decided plan's årsmål by a new decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.planning.edit_helpers import fast_passwords, set_status, target_data  # noqa: F401
from verksam.core.swedish_numbers import SwedishNumberError, parse_swedish_number
from verksam.planning import actions
from verksam.planning.models import Direction, PlanStatus, Target

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CONCURRENT_MESSAGE = "Någon annan har ändrat uppgiften sedan du öppnade den. Ladda om sidan och gör om ändringen."


def edit_url(target) -> str:
    return reverse("planning:target_edit", args=[target.pk])


def parser_message(text: str) -> str:
    with pytest.raises(SwedishNumberError) as caught:
        parse_swedish_number(text)
    return str(caught.value)


def test_an_editor_changes_an_arsmal_and_sees_it_on_the_plan_page(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,2"), follow=True)

    assert response.redirect_chain == [(f"/planer/{city.ks_plan.pk}/#indicator-{city.sick_leave.pk}", 302)]
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.2")
    html = response.content.decode()
    assert "Årsmålet har sparats." in html
    assert '<span class="target-value">4,2 %</span>' in html
    record = city.sick_target.history.order_by("-history_date").first()
    assert (record.history_type, record.history_user, record.value) == ("~", city.users.ks_editor, Decimal("4.2"))


def test_htmx_gets_the_small_form_and_then_the_updated_target(client, city):
    client.force_login(city.users.ks_editor)
    form = client.get(edit_url(city.sick_target), **HTMX)
    html = form.content.decode()
    assert form.status_code == 200
    assert html.startswith(f'<form id="target-{city.sick_target.pk}" class="target-form"')
    assert "<html" not in html
    assert 'name="value" value="4,5"' in html
    assert 'name="value_women"' in html  # sjukfrånvaro is reported by sex

    saved = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,2", value_women="4,6",
                                                                value_men="3,8"), **HTMX)
    html = saved.content.decode()
    assert saved.status_code == 200
    assert html.startswith(f'<div class="target" id="target-{city.sick_target.pk}">')
    assert '<span class="target-value">4,2 %</span>' in html
    assert "K 4,6 / M 3,8" in html


def test_the_form_offers_no_values_by_sex_for_an_indicator_not_reported_by_sex(client, city):
    client.force_login(city.users.ks_editor)
    html = client.get(edit_url(Target.objects.get(indicator=city.safety)), **HTMX).content.decode()
    assert 'name="value"' in html
    assert 'name="value_women"' not in html and 'name="value_men"' not in html


@pytest.mark.parametrize("typed", ["1,234.5", "1.234", "4.2", "fyra"])
def test_it_refuses_an_unreadable_number_with_the_swedish_message_at_the_field(client, city, typed):
    client.force_login(city.users.ks_editor)
    response = client.post(edit_url(city.sick_target), target_data(city.sick_target, value=typed))

    assert response.status_code == 200
    message = parser_message(typed)
    assert response.context["form"].errors == {"value": [message]}
    html = response.content.decode()
    assert f'<small class="error field-error" id="id_value_error" role="alert">{message}</small>' \
        in html.replace("&#x27;", "'")
    assert f'value="{typed}"' in html  # the input stays
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.5")
    assert city.sick_target.history.count() == 1  # only the creation


def test_the_refusal_of_an_ambiguous_number_names_it_in_swedish(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="1,234.5"))
    [message] = response.context["form"].errors["value"]
    assert message.startswith("”1,234.5” går inte att läsa som ett tal")
    assert "tvetydigt" in message


def test_it_reads_swedish_numbers_with_spaces_and_the_minus_sign(client, city):
    # a unit without plausibility limits (planning.plausibility), so 1 234,5 and −3,5 are accepted
    type(city.sick_leave).objects.filter(pk=city.sick_leave.pk).update(unit_of_measure="kr")
    client.force_login(city.users.ks_editor)
    response = client.post(edit_url(city.sick_target), target_data(
        city.sick_target, value="1\u00a0234,5", value_women="2\u202f000", value_men="1 000,25", baseline="\u22123,5"))
    assert response.status_code == 302
    target = Target.objects.get(pk=city.sick_target.pk)
    assert (target.value, target.value_women, target.value_men, target.baseline) == (
        Decimal("1234.5"), Decimal("2000"), Decimal("1000.25"), Decimal("-3.5"))


def test_it_refuses_more_decimals_than_are_stored(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,12345"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"value": ["Säkerställ att det inte är mer än 4 decimaler."]}
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.5")


def test_a_save_that_changes_nothing_records_no_history(client, city):
    client.force_login(city.users.ks_editor)
    response = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,50"), follow=True)
    assert "Inget ändrades, så inget sparades." in response.content.decode()
    target = Target.objects.get(pk=city.sick_target.pk)
    assert (target.value, target.lock_version) == (Decimal("4.5"), 0)
    assert city.sick_target.history.count() == 1


def test_it_refuses_a_concurrent_edit_and_keeps_the_users_input(client, city):
    client.force_login(city.users.ks_editor)
    loaded = client.get(edit_url(city.sick_target))
    assert 'name="lock_version" value="0"' in loaded.content.decode()
    actions.set_target(city.sick_leave, acting_user=city.users.ks_controller, expected_version=0, value=Decimal("4.3"))

    response = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,1", lock_version=0))

    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [CONCURRENT_MESSAGE]
    html = response.content.decode()
    assert CONCURRENT_MESSAGE in html
    assert 'name="value" value="4,1"' in html
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.3")


def test_an_editor_sets_the_first_arsmal_of_a_new_indicator(client, city):
    indicator = actions.create_indicator(city.ks_plan, acting_user=city.users.ks_editor, goal=city.board_goal_2,
                                         name="Andel heltidsanställda", unit_of_measure="%",
                                         direction=Direction.HIGHER)
    client.force_login(city.users.ks_editor)
    page = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert f'href="/planer/indikatorer/{indicator.pk}/arsmal/nytt/"' in page

    response = client.post(reverse("planning:target_create", args=[indicator.pk]),
                           {"value": "85", "baseline": "80,5", "decision_reference": "KS 2023/1237, punkt 1"}, **HTMX)

    target = Target.objects.get(indicator=indicator)
    assert (target.unit, target.year, target.value, target.baseline) == (city.ks, 2024, Decimal("85"), Decimal("80.5"))
    assert f'<div class="target" id="target-{target.pk}">' in response.content.decode()
    assert "85 %" in response.content.decode()


def test_a_controller_revises_a_decided_arsmal_only_with_a_new_decision(client, city):
    set_status(city.ks_plan, PlanStatus.DECIDED)
    client.force_login(city.users.ks_controller)
    form = client.get(edit_url(city.sick_target)).content.decode()
    assert "Revidera årsmål" in form and 'name="reason"' in form
    assert 'value="KS 2023/1237, punkt 1"' not in form  # a revision names the new decision

    refused = client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,0",
                                                                  decision_reference=""))
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "decision_reference": ["Planen är beslutad. Ett ändrat årsmål kräver hänvisning till det nya beslutet."]}
    assert Target.objects.get(pk=city.sick_target.pk).value == Decimal("4.5")

    client.post(edit_url(city.sick_target), target_data(city.sick_target, value="4,0",
                                                        decision_reference="KS 2024/812, punkt 3",
                                                        reason="Avstämning av mål och budget"))
    target = Target.objects.get(pk=city.sick_target.pk)
    assert (target.value, target.decision_reference) == (Decimal("4.0"), "KS 2024/812, punkt 3")
    record = target.history.order_by("-history_date").first()
    assert (record.history_user, record.history_change_reason) == (
        city.users.ks_controller, "Avstämning av mål och budget")


def test_htmx_cancel_shows_the_target_again(client, city):
    client.force_login(city.users.ks_editor)
    response = client.get(reverse("planning:target_show", args=[city.sick_target.pk]), **HTMX)
    html = response.content.decode()
    assert html.startswith(f'<div class="target" id="target-{city.sick_target.pk}">')
    assert '<span class="target-value">4,5 %</span>' in html


def test_the_target_fragment_is_not_shown_to_those_who_cannot_read_the_draft(client, city):
    client.force_login(city.users.utb_editor)
    response = client.get(reverse("planning:target_show", args=[city.sick_target.pk]), **HTMX)
    assert response.status_code == 404


def test_a_reader_sees_the_target_once_without_edit_link(client, city):
    client.force_login(city.users.ks_reader)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert html.count(f'id="target-{city.sick_target.pk}"') == 1
    assert f'href="/planer/arsmal/{city.sick_target.pk}/andra/"' not in html  # a reader gets no edit link
