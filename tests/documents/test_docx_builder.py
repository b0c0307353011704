"""DocxBuilder: headings, paragraphs, numbered and bulleted lists, tables, header and footer."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn

from verksam.documents.docx_builder import DocxBuilder


def _open(builder: DocxBuilder):
    return docx.Document(io.BytesIO(builder.to_bytes()))


def test_blocks_come_out_in_order_with_their_styles():
    builder = DocxBuilder("Rapport")
    builder.title("Tertialrapport 1")
    builder.heading("Mål", 1)
    builder.paragraph("Första raden\nandra raden", bold=True)
    builder.numbered_list(["Ett", "Två"])
    builder.numbered_list([(4, "Fyra"), ("1.3", "Bilaga")])
    builder.bulleted_list(["punkt a", "punkt b"])
    document = _open(builder)
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "Tertialrapport 1"), ("Heading 1", "Mål"), ("Normal", "Första raden\nandra raden"),
        ("Normal", "1.\tEtt"), ("Normal", "2.\tTvå"), ("Normal", "4.\tFyra"), ("Normal", "1.3.\tBilaga"),
        ("List Bullet", "punkt a"), ("List Bullet", "punkt b"),
    ]
    assert document.paragraphs[2].runs[0].bold is True


def test_a_numbered_list_restarts_at_its_own_start():
    builder = DocxBuilder()
    builder.numbered_list(["a", "b"])
    builder.numbered_list(["c"], start=5)
    assert [p.text for p in _open(builder).paragraphs] == ["1.\ta", "2.\tb", "5.\tc"]


def test_tables_write_numbers_the_swedish_way_right_aligned():
    builder = DocxBuilder()
    builder.table(["Indikator", "Årsmål", "Utfall"], [["Sjukfrånvaro", Decimal("4.5"), None],
                                                     ["Invånare", 984748, Decimal("1234.50")]])
    table = _open(builder).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Indikator", "Årsmål", "Utfall"], ["Sjukfrånvaro", "4,5", "–"], ["Invånare", "984\u00a0748", "1\u00a0234,5"]]
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold is True
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_document_is_swedish_with_header_and_page_numbers():
    builder = DocxBuilder("Titel", author="Stadsledningskontoret")
    builder.page_header("PM Rotel I (Dnr KS 2023/1237)")
    builder.page_numbers()
    document = _open(builder)
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title == "Titel"
    assert document.core_properties.author == "Stadsledningskontoret"
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "PM Rotel I (Dnr KS 2023/1237)"
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert section.footer.paragraphs[0].text.startswith("Sida ")


def test_a_heading_level_outside_one_to_three_is_refused():
    with pytest.raises(ValueError, match="Rubriknivån"):
        DocxBuilder().heading("x", 4)
