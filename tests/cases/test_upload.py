"""Importing a memo in the web app: upload → the parsed case beside the source text → correct
fields → confirm."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from verksam.cases.actions import decide_case
from verksam.cases.models import Case
from verksam.cases.views import SESSION_KEY

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords, row_counts, seed_case  # noqa: F401
from tests.cases.test_views import text_of

UPLOAD = reverse("cases:case_upload")


def upload(client, name: str, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def review_post(response_form_initial: dict, **changes) -> dict:
    """The review form's initial values as POST data, with ``changes``."""
    data = {k: ("" if v is None else v) for k, v in response_form_initial.items()}
    data.update(changes)
    return data


def form_values(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, city):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_an_editor_may_not_import_cases(client, city):
    client.force_login(city.users.ks_editor)
    response = client.get(UPLOAD)
    assert response.status_code == 403
    assert "Du har inte behörighet att läsa in ärenden. Det kräver rollen controller eller administratör." \
        in text_of(response)


@pytest.mark.django_db
def test_the_parsed_case_is_shown_beside_the_source_text_and_nothing_is_saved(client, city, seed_memo_text):
    client.force_login(city.users.ks_controller)
    response = upload(client, "pm.txt", seed_memo_text.encode("utf-8"))
    assert response.status_code == 302
    review = client.get(response.url)
    assert review.status_code == 200
    values = form_values(review)
    assert values["reference"] == "KS 2023/1237"
    assert values["title"] == "Verksamhetsplan 2024 för kommunstyrelsen"
    assert values["responsible_unit"] == city.ks.pk
    assert values["proposal_3_text"] == "Redovisade omslutningsförändringar om 746,2 mnkr godkänns."
    assert values["proposal_3_amount"] == "746\u00a0200\u00a0000"
    assert values["attachment_6_reference"] == "KS 2023/1237-1.7"
    text = text_of(review)
    assert "7 reservationer och yttranden" in text
    assert "Reservation i kommunstyrelsen: Kristin Jacobsson (C) – delvis bifall 19 föreslagna aktiviteter" in text
    assert "Reservation av Gabriel Kroon (SD) enligt följande." in review.context["source_text"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_corrected_fields_are_saved_through_the_importer(client, city, seed_memo_text):
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", seed_memo_text.encode("utf-8")).url
    values = form_values(client.get(review_url))
    response = client.post(review_url, review_post(values, title="Verksamhetsplan 2024 för KS",
                                                   proposal_3_amount="750 mnkr", rotel=""))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:case_detail", args=[case.pk])
    assert (case.title, case.rotel, case.source_filename) == ("Verksamhetsplan 2024 för KS", "", "pm.txt")
    assert case.proposals.get(number=4).amount_sek == Decimal("750000000")
    assert case.statements.count() == 7
    assert case.history.first().history_user == city.users.ks_controller
    assert SESSION_KEY not in client.session or not client.session[SESSION_KEY]
    page = client.get(response.url)
    assert "Ärendet KS 2023/1237 är inläst." in text_of(page)


@pytest.mark.django_db
def test_a_bad_amount_is_refused_at_the_field_and_nothing_is_saved(client, city, seed_memo_text):
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", seed_memo_text.encode("utf-8")).url
    values = form_values(client.get(review_url))
    response = client.post(review_url, review_post(values, proposal_3_amount="1,234.5"))
    assert response.status_code == 200
    error = response.context["form"].errors["proposal_3_amount"][0]
    assert error.startswith("”1,234.5”")
    assert row_counts()["Case"] == 0


@pytest.mark.django_db
def test_an_invalid_reference_is_refused_at_the_field_in_swedish(client, city, seed_memo_text):
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", seed_memo_text.encode("utf-8")).url
    values = form_values(client.get(review_url))
    response = client.post(review_url, review_post(values, reference="KS 2023"))
    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [
        "”KS 2023” är inte ett giltigt diarienummer. Väntat t.ex. ”KS 2023/1237”, ”KS 2023/1237-1.1” eller "
        "”111-47/2016”."]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_unit_the_user_has_no_role_on_cannot_be_chosen(client, city):
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", SMALL_MEMO.encode()).url
    values = form_values(client.get(review_url))
    response = client.post(review_url, review_post(values, responsible_unit=city.utn.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["responsible_unit"] == [
        "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."]
    assert not Case.objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("skrap.txt", bytes(range(256)) * 4, "skrap.txt är varken en PDF eller en textfil."),
    ("tom.txt", b"", "Den skickade filen är tom."),
    ("falsk.pdf", SMALL_MEMO.encode(), "falsk.pdf är inte en PDF-fil (filhuvudet %PDF saknas)."),
    ("brev.docx", b"PK\x03\x04", "Välj en textfil (.txt) eller en PDF (.pdf)."),
])
@pytest.mark.django_db
def test_a_bad_file_gets_a_swedish_error_at_the_field(client, city, name, content, message):
    client.force_login(city.users.ks_controller)
    response = upload(client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert not client.session.get(SESSION_KEY)


@pytest.mark.django_db
def test_a_pdf_generated_in_the_test_is_read_through_its_text_layer(client, city):
    weasyprint = pytest.importorskip("weasyprint")
    html = "<pre style='font-family: sans-serif'>" + SMALL_MEMO + "</pre>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    client.force_login(city.users.ks_controller)
    response = upload(client, "pm.pdf", pdf)
    assert response.status_code == 302, response.context["form"].errors
    values = form_values(client.get(response.url))
    assert (values["reference"], values["title"]) == ("KS 2023/99", "Verksamhetsplan 2024 för kommunstyrelsen")
    client.post(response.url, review_post(values))
    case = Case.objects.get()
    assert case.proposals.get(number=2).amount_sek == Decimal("12500000")
    assert case.source_filename == "pm.pdf"


@pytest.mark.django_db
def test_a_decided_case_cannot_be_changed_by_a_new_upload(client, city, seed_case, seed_memo_text):
    decide_case(seed_case, body=city.ks, decided_on=dt.date(2024, 1, 17), acting_user=city.users.ks_controller)
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", seed_memo_text.encode("utf-8")).url
    values = form_values(client.get(review_url))
    before = row_counts()
    response = client.post(review_url, review_post(values, title="Annan rubrik"))
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [
        "Ärendet KS 2023/1237 är beslutat och kan inte ändras genom en ny inläsning."]
    assert row_counts() == before


@pytest.mark.django_db
def test_an_unknown_import_token_is_not_found(client, city):
    client.force_login(city.users.ks_controller)
    assert client.get(reverse("cases:case_review", args=["finns-inte"])).status_code == 404
