"""Import errors name the field in Swedish ("Förslag 4: belopp"), never by its JSON path."""

from __future__ import annotations

import pytest

from verksam.cases.import_schema import CaseImportError, clean_case_data, field_label

from tests.cases.case_fixtures import fast_passwords  # noqa: F401
from tests.cases.test_upload import form_values, review_post, upload


@pytest.mark.parametrize("path, label", [
    ("proposals[3].amount_sek", "Förslag 4: belopp"),
    ("proposals[0].text", "Förslag 1: text"),
    ("attachments[6].reference", "Bilaga 7: diarienummer"),
    ("statements[4].same_as", "Yttrande 5: likalydande med"),
    ("statements[2].persons[1].name", "Yttrande 3, person 2: namn"),
    ("statements[0].proposed_activities[18]", "Yttrande 1, föreslagen aktivitet 19"),
    ("rapporteur.name", "Föredragande: namn"),
    ("official_report.date", "Tjänsteutlåtande: datum"),
    ("reference", "Diarienummer"),
    ("", ""),
])
def test_field_labels(path, label):
    assert field_label(path) == label


def test_an_error_message_names_the_field_in_swedish_and_keeps_the_path_for_forms():
    data = {"reference": "KS 2023/1", "kind": "PM", "title": "T",
            "proposals": [{"number": n, "text": "x", "amount_sek": None} for n in (1, 2, 3)]
            + [{"number": 4, "text": "x", "amount_sek": "mycket"}]}
    with pytest.raises(CaseImportError) as error:
        clean_case_data(data)
    assert error.value.message == "Fältet ”Förslag 4: belopp” ska vara ett belopp i kronor."
    assert error.value.field == "proposals[3].amount_sek"
    assert "proposals[" not in error.value.message


@pytest.mark.django_db
def test_the_review_shows_the_swedish_label_at_the_field(client, city, seed_memo_text):
    client.force_login(city.users.ks_controller)
    review_url = upload(client, "pm.txt", seed_memo_text.encode("utf-8")).url
    values = form_values(client.get(review_url))
    response = client.post(review_url, review_post(values, proposal_3_amount="9 999 999 999 999 999 kr"))
    assert response.status_code == 200
    assert response.context["form"].errors["proposal_3_amount"] == [
        "Beloppet i ”Förslag 4: belopp” är orimligt stort."]
    assert "amount_sek" not in response.content.decode()
