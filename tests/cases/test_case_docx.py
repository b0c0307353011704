"""The case as a Word document in the memo's structure (/arenden/<id>/docx)."""

from __future__ import annotations

import io

import docx
import pytest

from verksam.documents.case_memo import case_memo_docx

from tests.cases.output_fixtures import SEED_PERSONS, flat, seed_output_case  # noqa: F401

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraphs(content: bytes) -> list[str]:
    return [flat(p.text) for p in docx.Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def _index(paragraphs: list[str], text: str) -> int:
    return next(i for i, p in enumerate(paragraphs) if text in p)


@pytest.mark.django_db
def test_the_docx_download_is_named_after_the_reference(client, city, seed_output_case):
    client.force_login(city.users.ks_reader)
    response = client.get(f"/arenden/{seed_output_case.pk}/docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="KS-2023-1237.docx"'
    assert _paragraphs(response.content)[0] == "PM Rotel I (Dnr KS 2023/1237)"


@pytest.mark.django_db
def test_the_docx_holds_the_memo_in_paragraph_order(seed_output_case):
    content, filename = case_memo_docx(seed_output_case)
    assert filename == "KS-2023-1237.docx"
    paragraphs = _paragraphs(content)
    assert paragraphs[:8] == [
        "PM Rotel I (Dnr KS 2023/1237)",
        "Verksamhetsplan 2024 för kommunstyrelsen",
        "Förslag till beslut",
        "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.",
        "1. Verksamhetsplan 2024 för kommunstyrelsen, i enlighet med bilaga 1-7 till promemorian, godkänns.",
        "2. Visningsenheten får utgöra en resultatenhet.",
        "3. Stadens gemensamma och centrala it-prislista får utgöra en resultatenhet.",
        "4. Redovisade omslutningsförändringar om 746,2 mnkr godkänns.",
    ]
    bilagor = paragraphs.index("Bilagor")
    assert paragraphs[bilagor + 1:bilagor + 8] == [
        "1. Verksamhetsplan KS 2024, dnr KS 2023/1237-1.1",
        "2. Blankettset VP KS 2024, dnr KS 2023/1237-1.2",
        "3. Plan för upphandling VP KS 2024, dnr KS 2023/1237-1.3",
        "4. Kompetensförsörjningsplan VP KS 2024, dnr KS 2023/1237-1.4",
        "5. Väsentlighets- och riskanalys och internkontrollplan VP KS 2024, dnr KS 2023/1237-1.5",
        "6. System för internkontroll VP KS 2024, dnr KS 2023/1237-1.6",
        "7. Ledningens genomgång – informationssäkerhetsplan VP KS 2024, dnr KS 2023/1237-1.7",
    ]
    header = 0
    points = _index(paragraphs, "4. Redovisade omslutningsförändringar")
    rapporteur = paragraphs.index("Föredragande borgarrådet Karin Wanngård")
    date_line = paragraphs.index("Stockholm den 10 januari 2024")
    first_reservation = _index(paragraphs, "Reservation av")
    substitute = paragraphs.index("Ersättaryttrande av Nike Örbrink (KD) enligt följande.")
    assert header < points < rapporteur < date_line < bilagor < first_reservation < substitute
    assert paragraphs[first_reservation - 1] == "Borgarrådsberedningen"
    assert paragraphs[first_reservation] == "Reservation av Christofer Fjellner och Dennis Wedin (båda M) enligt följande."
    kommunstyrelsen = paragraphs.index("Kommunstyrelsen")
    assert paragraphs[kommunstyrelsen + 1] == (
        "Reservation av Christofer Fjellner, Annika Friberg och Johan Paccamonti (alla M), som är likalydande "
        "med Moderaternas reservation i borgarrådsberedningen.")
    text = " ".join(paragraphs)
    for name in SEED_PERSONS:
        assert name in text


@pytest.mark.django_db
def test_the_centre_party_s_activities_are_a_bulleted_list(seed_output_case):
    content, _ = case_memo_docx(seed_output_case)
    document = docx.Document(io.BytesIO(content))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 19
    assert bullets[0] == ("prioritera, samordna och leda stadens arbete för en sammanhållen och stärkt "
                          "krisberedskap och förmåga i det civila försvaret")
    assert document.core_properties.title == "Verksamhetsplan 2024 för kommunstyrelsen (KS 2023/1237)"
    assert document.core_properties.language == "sv-SE"
    assert document.sections[0].header.paragraphs[0].text == "PM Rotel I (Dnr KS 2023/1237)"
