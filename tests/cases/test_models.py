"""Case models: reference validation, uniqueness, the lock on decided cases, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from verksam.cases.actions import decide_case
from verksam.cases.importer import import_case, parse_text
from verksam.cases.models import Case, CaseAttachment, CaseLockedError, Statement, StatementPoint

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords, seed_case  # noqa: F401


@pytest.mark.django_db
@pytest.mark.parametrize("written, canonical", [
    ("KS 2023/1237", "KS 2023/1237"), ("ks  2023 / 1237", "KS 2023/1237"), ("111-47/2016", "111-47/2016"),
])
def test_a_case_reference_is_validated_and_stored_canonically(city, written, canonical):
    case = Case(municipality=city.municipality, reference=written, title="Ärende")
    case.full_clean()
    assert case.reference == canonical


@pytest.mark.django_db
@pytest.mark.parametrize("written, message", [
    ("KS 2023", "”KS 2023” är inte ett giltigt diarienummer. Väntat t.ex. ”KS 2023/1237”, ”KS 2023/1237-1.1” "
                "eller ”111-47/2016”."),
    ("KS 2023/1237-1.1", "Ärendets diarienummer får inte ha bilagenummer."),
])
def test_an_invalid_case_reference_is_refused_in_swedish(city, written, message):
    with pytest.raises(ValidationError) as error:
        Case(municipality=city.municipality, reference=written, title="Ärende").full_clean()
    assert error.value.message_dict["reference"] == [message]


@pytest.mark.django_db
def test_an_attachment_reference_is_stored_canonically(city, seed_case):
    attachment = CaseAttachment(case=seed_case, number=8, title="Extra", reference="ks 2023/1237 - 1.8")
    attachment.full_clean()
    assert attachment.reference == "KS 2023/1237-1.8"


@pytest.mark.django_db
def test_a_reference_is_unique_within_the_municipality(city, seed_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(municipality=city.municipality, reference="KS 2023/1237", title="Dubblett")


@pytest.mark.django_db
def test_every_record_of_a_decided_case_refuses_to_change_or_go(city, seed_case):
    decide_case(seed_case, body=city.ks, decided_on=dt.date(2024, 1, 17), acting_user=city.users.ks_controller)
    statement = Statement.objects.filter(case=seed_case).first()
    point = StatementPoint.objects.filter(statement=statement).first()
    for obj in (Case.objects.get(pk=seed_case.pk), statement, point,
                seed_case.attachments.first(), seed_case.documents.first(), seed_case.steps.first()):
        with pytest.raises(CaseLockedError):
            obj.save()
        with pytest.raises(CaseLockedError):
            obj.delete()


@pytest.mark.django_db
def test_history_names_the_acting_user_and_keeps_the_statement_persons(city, seed_memo_text):
    case = import_case(parse_text(seed_memo_text), municipality=city.municipality,
                       acting_user=city.users.ks_controller).case
    assert case.history.get().history_user == city.users.ks_controller
    statement = case.statements.get(order=0)
    latest = statement.history.first()
    assert latest.history_user == city.users.ks_controller
    assert [row.person.name for row in latest.persons.order_by("order")] == ["Christofer Fjellner", "Dennis Wedin"]
    assert [row.party_abbreviation for row in latest.persons.order_by("order")] == ["M", "M"]


@pytest.mark.django_db
def test_changing_a_statements_persons_is_kept_in_history(city, seed_memo_text):
    data = parse_text(seed_memo_text)
    case = import_case(data, municipality=city.municipality, acting_user=city.users.ks_controller).case
    data["statements"][0]["persons"] = data["statements"][0]["persons"][:1]
    import_case(data, municipality=city.municipality, acting_user=city.users.admin)
    statement = case.statements.get(order=0)
    latest, *older = list(statement.history.all())
    assert latest.history_user == city.users.admin
    assert [row.person.name for row in latest.persons.all()] == ["Christofer Fjellner"]
    assert any([r.person.name for r in h.persons.order_by("order")] == ["Christofer Fjellner", "Dennis Wedin"]
               for h in older)


@pytest.mark.django_db
def test_the_admin_shows_a_decided_case_read_only(client, city, seed_case, django_user_model):
    decide_case(seed_case, body=city.ks, decided_on=dt.date(2024, 1, 17), acting_user=city.users.ks_controller)
    root = django_user_model.objects.create_superuser("rot", password="x-y-z-123-abc")
    client.force_login(root)
    url = reverse("admin:cases_case_change", args=[seed_case.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title": "Ändrad"}).status_code == 403
    small = import_case(parse_text(SMALL_MEMO), municipality=city.municipality).case
    assert 'name="_save"' in client.get(reverse("admin:cases_case_change", args=[small.pk])).content.decode()
