"""Bilaga 5 and 6 as PDF and DOCX: the facts printed (pdftotext; python-docx), the PDF's tags and
the matrix's alternative text, Word heading styles, the matrix as a shaded table, drafts marked."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from verksam.control import actions
from verksam.control.attachment_data import attachment5_data, attachment6_data
from verksam.control.attachment_docx import render_attachment_docx
from verksam.control.attachment_pdf import matrix_svg, render_attachment_pdf, text_colour
from verksam.planning.models import PlanAttachment

from tests.conftest import require_or_skip
from tests.control.attachment_fixtures import full

pytestmark = pytest.mark.django_db

SECTIONS = {"organisation": "Kommunstyrelsen ansvarar för den interna kontrollen.",
            "roles": "Stadsdirektören ansvarar för rutinerna.", "routines": "Riskanalys i oktober.",
            "systems": "Verksam och ekonomisystemet."}


def _pdftotext(content: bytes, *, layout: bool = False) -> str:
    """The PDF's text by pdftotext (poppler-utils): words joined by single spaces, or with
    ``layout`` the lines as laid out on the page."""
    require_or_skip(shutil.which("pdftotext") is not None, "pdftotext (Debian-paketet poppler-utils)")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"],
                            input=content, capture_output=True, check=True)
    text = result.stdout.decode("utf-8").replace("\u00a0", " ")
    return text if layout else " ".join(text.split())


def _figure_alts(content: bytes) -> list[str]:
    from pypdf import PdfReader

    alts = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure" and node.get("/Alt"):
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            walk(kid)

    walk(PdfReader(io.BytesIO(content)).trailer["/Root"]["/StructTreeRoot"])
    return alts


def _docx_text(content: bytes) -> tuple[Document, str]:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


@pytest.fixture
def data5(city, ic):
    full(city, ic)
    PlanAttachment.objects.create(plan=city.ks_plan, number=5, reference="KS 2023/1237-1.5",
                                  title="Väsentlighets- och riskanalys och internkontrollplan VP KS 2024")
    return attachment5_data(city.ks, 2024)


def test_the_bilaga_5_pdf_is_tagged_and_the_matrices_carry_their_alternative_text(data5):
    from pypdf import PdfReader

    content = render_attachment_pdf(data5)
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "sv" and "/StructTreeRoot" in root
    assert reader.metadata.title == "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024 – Kommunstyrelsen"
    assert _figure_alts(content) == [m["alt"] for m in data5["matrices"]]

    text = _pdftotext(content)
    for fact in (
        "STOCKHOLMS STAD", "Bilaga 5 · dnr KS 2023/1237-1.5",
        "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024",
        "Verksamhetsplan 2024 för kommunstyrelsen (dnr KS 2023/1237)", "Omfattar 3 risker, 3 kontrollmoment",
        "Exempeldata", "Riskmatris – bruttorisk (före kontroll) – Stadens riskmatris, version 1 (4 × 4)",
        "1–3 låg (grön)", "9–16 hög (röd)", "Utan värde efter kontroll: risk 3",
        "Inriktningsmål 1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.",
        "Verksamhetsområdesmål 1.1 Stockholm är en tryggare stad",
        "Nämndmål 1.1.1 Kommunstyrelsen leder stadens trygghetsarbete",
        "Risk 1. Bristande samordning av trygghetsarbetet", "Riskägare Stadsdirektören",
        "Bruttorisk sannolikhet 3 (möjlig) × konsekvens 4 (allvarlig) = 12 hög",
        "Nettorisk sannolikhet 2 (mindre sannolik) × konsekvens 4 (allvarlig) = 8 medel",
        "Hantering Åtgärd i verksamhetsplanen. Åtgärd: Leda stadens trygghetssatsning",
        "Uppföljning av trygghetsinsatser", "Genomgång", "Per tertial", "Avdelningschef trygghet",
        "Nämndmål 3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap", "Risk 2. Hög sjukfrånvaro",
        "Process Personalprocess", "Stickprov", "Månadsvis", "HR-chef",
        "Övriga risker", "Risk 3. Brister i informationssäkerheten Exempeldata", "Nettorisk Ej bedömd",
        "Accepteras. Motivering: Låg risk som hanteras i ordinarie verksamhet.",
        "Övriga kontrollmoment", "Avstämning av attestlistor", "Verksamhetsberättelse", "Sida 1 (",
    ):
        assert fact in text, fact
    # the drawn bruttorisk matrix: each risk number on the line of its likelihood, right of the label
    lines = [line.split() for line in _pdftotext(content, layout=True).splitlines()]
    assert ["3", "möjlig", "1"] in lines and ["2", "mindre", "sannolik", "2"] in lines
    assert ["1", "osannolik", "3"] in lines and ["4", "8", "12", "16"] in lines
    assert ["1", "försumbar", "2", "lindrig", "3", "kännbar", "4", "allvarlig"] in lines


def test_the_bilaga_5_docx_has_heading_styles_risk_tables_and_a_shaded_matrix(data5):
    document, text = _docx_text(render_attachment_docx(data5))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Riskmatris"),
        ("Heading 1", "Väsentlighets- och riskanalys med internkontrollplan"),
        ("Heading 2", "Inriktningsmål 1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela "
                      "staden."),
        ("Heading 3", "Verksamhetsområdesmål 1.1 Stockholm är en tryggare stad"),
        ("Heading 3", "Nämndmål 1.1.1 Kommunstyrelsen leder stadens trygghetsarbete"),
        ("Heading 2", "Inriktningsmål 3 Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och "
                      "bostäder för alla."),
        ("Heading 3", "Verksamhetsområdesmål 3.5 Stockholms stad är en attraktiv arbetsgivare"),
        ("Heading 3", "Nämndmål 3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap"),
        ("Heading 2", "Övriga risker"),
        ("Heading 1", "Övriga kontrollmoment"),
    ]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024"]
    matrix = document.tables[0]
    assert [[c.text for c in row.cells] for row in matrix.rows] == [
        ["Sannolikhet \\ konsekvens", "1 försumbar", "2 lindrig", "3 kännbar", "4 allvarlig"],
        ["4 sannolik", "", "", "", ""], ["3 möjlig", "", "", "", "1"], ["2 mindre sannolik", "", "", "2", ""],
        ["1 osannolik", "", "3", "", ""]]
    fills = [[c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in row.cells[1:]] for row in matrix.rows[1:]]
    assert fills == [["F9A825", "F9A825", "C62828", "C62828"], ["2E7D32", "F9A825", "C62828", "C62828"],
                     ["2E7D32", "F9A825", "F9A825", "F9A825"], ["2E7D32", "2E7D32", "2E7D32", "F9A825"]]
    risk_one = document.tables[2]
    assert [[c.text for c in row.cells] for row in risk_one.rows] == [
        ["Uppgift", "Värde"], ["Kategori", "Verksamhet"], ["Riskägare", "Stadsdirektören"], ["Process", "–"],
        ["Bruttorisk", "sannolikhet 3 (möjlig) × konsekvens 4 (allvarlig) = 12, hög"],
        ["Nettorisk", "sannolikhet 2 (mindre sannolik) × konsekvens 4 (allvarlig) = 8, medel"],
        ["Hantering", "Åtgärd i verksamhetsplanen. Åtgärd: Leda stadens trygghetssatsning"]]
    controls = document.tables[3]
    assert [[c.text for c in row.cells] for row in controls.rows] == [
        ["Nr", "Kontrollmoment", "Metod", "Frekvens", "Period", "Ansvarig", "Rapporteras i"],
        ["1", "Uppföljning av trygghetsinsatser", "Genomgång", "Per tertial", "1 januari 2024 – 31 december 2024",
         "Avdelningschef trygghet", "Tertialrapport 2"]]
    for fact in ("Bilaga 5 · dnr KS 2023/1237-1.5", "Risk 3. Brister i informationssäkerheten (exempeldata)",
                 "Exempeldata – bilagan innehåller påhittade uppgifter.", "Avstämning av attestlistor"):
        assert fact in text, fact
    assert document.core_properties.title == ("Väsentlighets- och riskanalys och internkontrollplan VP KS 2024 – "
                                              "Kommunstyrelsen")


def test_bilaga_6_marks_a_draft_and_prints_the_approval_once_approved(city):
    system = actions.create_control_system(city.ks, 2024, plan=city.ks_plan, acting_user=city.users.ks_editor,
                                           **SECTIONS)
    draft = attachment6_data(city.ks, 2024)
    document, text = _docx_text(render_attachment_docx(draft))
    assert [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")] == [
        ("Heading 1", "Organisation"), ("Heading 1", "Roller och ansvar"), ("Heading 1", "Rutiner"),
        ("Heading 1", "System")]
    assert "Utkast – systemet för internkontroll är inte godkänt." in text and SECTIONS["routines"] in text
    pdf_text = _pdftotext(render_attachment_pdf(draft))
    assert "Utkast – systemet för internkontroll är inte godkänt." in pdf_text and "Version 1" in pdf_text

    actions.approve_control_system(system, acting_user=city.users.ks_controller)
    approved = attachment6_data(city.ks, 2024)
    pdf_text = _pdftotext(render_attachment_pdf(approved))
    for fact in ("Bilaga 6 · dnr KS 2023/1237", "System för internkontroll 2024", "Organisation",
                 SECTIONS["organisation"], "Roller och ansvar", SECTIONS["roles"], SECTIONS["systems"],
                 f"Godkänd {approved['system']['approved_at_text']} av ks_controller"):
        assert fact in pdf_text, fact
    assert "Utkast" not in pdf_text
    assert "Utkast" not in _docx_text(render_attachment_docx(approved))[1]


def test_the_matrix_svg_escapes_its_texts_and_reads_in_contrast():
    matrix = {"alt": "A & <b>", "caption": "Bruttorisk", "consequence_labels": ["låg <1>", "hög"],
              "rows": [{"likelihood": 2, "label": "ofta", "cells": [
                  {"score": 2, "colour": "#c62828", "risks": [1, 3]}, {"score": 4, "colour": "#f9a825", "risks": []}]},
                  {"likelihood": 1, "label": "sällan", "cells": [
                      {"score": 1, "colour": "#2e7d32", "risks": []}, {"score": 2, "colour": "#2e7d32", "risks": []}]}]}
    svg = matrix_svg(matrix, svg_id="m1")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" id="m1" role="img"')
    assert '<title id="m1-title">A &amp; &lt;b&gt;</title>' in svg and "låg &lt;1&gt;" in svg
    assert svg.count("<rect") == 4 and 'fill="#c62828"' in svg and ">1, 3</text>" in svg
    assert (text_colour("#c62828"), text_colour("#f9a825"), text_colour("#2e7d32"), text_colour("bad")) == (
        "#ffffff", "#000000", "#ffffff", "#000000")
