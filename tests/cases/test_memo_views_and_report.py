""""Föredragande borgarrådets synpunkter" and the quoted tjänsteutlåtande: parsed from the seed,
kept through import and read-back, and printed in the case PDF and DOCX where the memo has them."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from verksam.cases.importer import import_case, parse_text
from verksam.cases.memo_parser import parse_memo
from verksam.cases.models import Document, DocumentKind
from verksam.cases.queries import case_to_dict
from verksam.documents.case_memo import case_memo_docx, case_memo_pdf, memo_outline

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords  # noqa: F401
from tests.cases.output_fixtures import flat, seed_output_case  # noqa: F401

VIEWS_FIRST = ("I ljuset av de utmanande förhållandena som råder både i Sverige och globalt, står Stockholm inför "
               "betydande prövningar. Trots dessa ekonomiska påfrestningar presenterar majoriteten i Stockholm en "
               "ansvarsfull budget för 2024 där vi prioriterar välfärd, trygghet och klimatåtgärder.")
VIEWS_AFTER_LIST = ("Trygghetsarbetet omfattar insatser för att förebygga att barn och unga dras in i organiserad "
                    "brottslighet och insatser för att skapa en stad där alla känner sig trygga i sina "
                    "bostadsområden.")
VIEWS_LAST = "Stockholm ska vara en stad för alla."
REPORT = ("Kommunstyrelsen har ett övergripande ansvar för styrning, utveckling och uppföljning av stadens "
          "verksamheter ur såväl ett verksamhetsmässigt som ekonomiskt perspektiv. Ekonomi- och "
          "verksamhetsstyrningen vidareutvecklas kontinuerligt i syfte att säkerställa en kostnadseffektiv "
          "verksamhet med hög kvalitet och en långsiktig balans i ekonomin. Stadsledningskontorets fokus ligger "
          "därför på att för prioriterade uppdrag i stadens budget vara en effektiv organisation med god "
          "samverkan såväl internt som externt. Stadsledningskontoret föreslår att kommunstyrelsen godkänner "
          "verksamhetsplan 2024 för kommunstyrelsen i enlighet med bilaga 1-7. Stadsledningskontoret föreslår "
          "även att kommunstyrelsen godkänner resultatenheterna visningsenheten respektive stadens gemensamma och "
          "centrala it-prislista samt redovisade omslutningsförändringar om 746,2 mnkr.")
REPORT_INTRO = ("Stadsledningskontorets tjänsteutlåtande daterat den 11 december 2023 har i huvudsak följande "
                "lydelse.")


def test_the_parser_keeps_the_rapporteurs_views_without_the_proposals(seed_memo_text):
    views = parse_memo(seed_memo_text).rapporteur_views.split("\n\n")
    assert len(views) == 9
    assert views[0] == VIEWS_FIRST
    assert views[2] == ("Målet är att minska klyftor och segregation för att skapa en stad där alla har råd att bo "
                        "och där välfärden fördelas rättvist genom satsningar på utbildning, sociala insatser, "
                        "trygghet och bostäder.")
    assert views[3] == VIEWS_AFTER_LIST  # running text that extraction placed after the list
    assert views[-1] == VIEWS_LAST
    joined = " ".join(views)
    assert "Borgarrådsberedningen föreslår" not in joined and "746,2 mnkr" not in joined
    assert "Stockholm den 10 januari 2024" not in joined and "Karin Wanngård" not in joined


def test_the_parser_keeps_the_quoted_tjansteutlatande(seed_memo_text):
    data = parse_memo(seed_memo_text).to_json()
    assert data["official_report"] == {"author": "stadsledningskontoret", "date": "2023-12-11"}
    assert data["official_report_text"] == REPORT


def test_a_memo_without_them_gives_null(seed_memo_text):
    data = parse_memo(SMALL_MEMO).to_json()
    assert (data["rapporteur_views"], data["official_report_text"]) == (None, None)


@pytest.mark.django_db
def test_import_keeps_them_and_reads_them_back(city, seed_memo_text):
    data = parse_text(seed_memo_text)
    case = import_case(data, municipality=city.municipality).case
    assert case.rapporteur_views.startswith(VIEWS_FIRST + "\n\n")
    report = Document.objects.get(case=case, kind=DocumentKind.OFFICIAL_REPORT)
    assert (report.author, report.text) == ("stadsledningskontoret", REPORT)
    assert case_to_dict(case) == data
    again = import_case(data, municipality=city.municipality)
    assert (again.created, again.changed) == (False, False)


@pytest.mark.django_db
def test_the_outline_docx_and_pdf_include_them(seed_output_case):
    outline = memo_outline(seed_output_case)
    assert outline.views_heading == "Föredragande borgarrådets synpunkter"
    assert (outline.views[0], outline.views[-1]) == (VIEWS_FIRST, VIEWS_LAST)
    assert (outline.report_section, outline.report_heading, outline.report_intro) == (
        "Remissammanställningen", "Stadsledningskontoret", REPORT_INTRO)
    assert outline.report_text == [REPORT]

    content, _ = case_memo_docx(seed_output_case)
    paragraphs = [flat(p.text) for p in docx.Document(io.BytesIO(content)).paragraphs if p.text.strip()]
    views = paragraphs.index("Föredragande borgarrådets synpunkter")
    assert paragraphs[views + 1] == VIEWS_FIRST
    assert paragraphs.index("Beredning") < views < paragraphs.index("Stockholm den 10 januari 2024")
    section = paragraphs.index("Remissammanställningen")
    assert paragraphs[section:section + 4] == ["Remissammanställningen", "Stadsledningskontoret", REPORT_INTRO, REPORT]
    assert section > paragraphs.index("Ersättaryttrande av Nike Örbrink (KD) enligt följande.")

    pdf, _ = case_memo_pdf(seed_output_case)
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert text.index("Föredragande borgarrådets synpunkter") < text.index("Stockholm den 10 januari 2024")
    for fact in (VIEWS_FIRST, VIEWS_AFTER_LIST, REPORT_INTRO, "Remissammanställningen"):
        assert flat(fact)[:120] in text
    assert text.index("Remissammanställningen") > text.index("Ersättaryttrande av Nike Örbrink")


@pytest.mark.django_db
def test_a_case_without_them_prints_no_empty_sections(city):
    case = import_case(parse_text(SMALL_MEMO), municipality=city.municipality).case
    outline = memo_outline(case)
    assert (outline.views, outline.report_text, outline.views_heading, outline.report_section) == ([], [], "", "")
    content, _ = case_memo_docx(case)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert "Remissammanställningen" not in paragraphs
    assert not any("synpunkter" in p for p in paragraphs)


@pytest.mark.django_db
def test_the_case_page_shows_them(client, city, seed_output_case):
    from django.urls import reverse

    from tests.cases.test_views import text_of

    client.force_login(city.users.ks_controller)
    text = text_of(client.get(reverse("cases:case_detail", args=[seed_output_case.pk])))
    assert f"Föredragandes synpunkter {VIEWS_FIRST}" in text
    assert f"Text som promemorian återger {REPORT}" in text
