"""Bilaga 5 and 6 as XLSX, cell by cell: the header rows and every value cell of a case with two
risks and two controls, the band fills of the level cells and of the drawn matrix, text that
looks like a formula, and the sheet of the system för internkontroll."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from verksam.control import actions
from verksam.control.attachment_data import attachment5_data, attachment6_data
from verksam.control.attachment_xlsx import CONTROL_COLUMNS, RISK_COLUMNS, render_attachment_xlsx

from tests.control.attachment_fixtures import two_risks

pytestmark = pytest.mark.django_db

RED, YELLOW, GREEN = "00C62828", "00F9A825", "002E7D32"


def _book(data):
    return load_workbook(io.BytesIO(render_attachment_xlsx(data)))


def _values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _fill(cell):
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


@pytest.fixture
def book(city, ic):
    two_risks(city, ic)
    return _book(attachment5_data(city.ks, 2024))


def test_the_workbook_has_the_three_sheets(book):
    assert book.sheetnames == ["Riskanalys", "Internkontrollplan", "Riskmatris"]
    assert book.properties.title == "Väsentlighets- och riskanalys med internkontrollplan 2024 – Kommunstyrelsen"


def test_riskanalys_has_one_row_per_risk_with_every_value(book):
    sheet = book["Riskanalys"]
    assert _values(sheet) == [
        ["Nr", "Inriktningsmål", "Mål", "Risk", "Beskrivning", "Kategori", "Riskägare", "Process", "Aktivitet",
         "Sannolikhet", "Konsekvens", "Riskvärde", "Risknivå", "Sannolikhet efter kontroll",
         "Konsekvens efter kontroll", "Riskvärde efter kontroll", "Risknivå efter kontroll", "Hantering",
         "Motivering", "Åtgärd (aktivitet)", "Kontrollmoment", "Exempeldata"],
        [1, "1 Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.",
         "1.1.1 Kommunstyrelsen leder stadens trygghetsarbete", "Bristande samordning av trygghetsarbetet", None,
         "Verksamhet", "Stadsdirektören", None, None, 3, 4, 12, "hög", 2, 4, 8, "medel",
         "Åtgärd i verksamhetsplanen", None, "Leda stadens trygghetssatsning", "1", None],
        [2, "3 Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla.",
         "3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap", "Hög sjukfrånvaro",
         "Sjukfrånvaron ligger över årsmålet.", "Personal", "HR-direktören", "Personalprocess", None, 2, 3, 6,
         "medel", 1, 3, 3, "låg", "Kontroll i internkontrollplanen", None, None, "2", None],
    ]
    assert [header for header, _width in RISK_COLUMNS] == _values(sheet)[0]
    assert [_fill(sheet[ref]) for ref in ("M2", "Q2", "M3", "Q3")] == [RED, YELLOW, YELLOW, GREEN]
    assert _fill(sheet["L2"]) is None and sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_internkontrollplan_has_one_row_per_control_with_dates_as_dates(book):
    sheet = book["Internkontrollplan"]
    assert _values(sheet) == [
        ["Nr", "Kontrollmoment", "Beskrivning", "Risk nr", "Risk", "Kontrollmetod", "Frekvens", "Första tillfälle",
         "Sista dag", "Ansvarig", "Rapporteras i", "Exempeldata"],
        [1, "Uppföljning av trygghetsinsatser", None, 1, "Bristande samordning av trygghetsarbetet", "Genomgång",
         "Per tertial", dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "Avdelningschef trygghet",
         "Tertialrapport 2", None],
        [2, "Stickprov av sjukskrivningsärenden", None, 2, "Hög sjukfrånvaro", "Stickprov", "Månadsvis",
         dt.datetime(2024, 1, 31), dt.datetime(2024, 12, 31), "HR-chef", "Tertialrapport 1", None],
    ]
    assert [header for header, _width in CONTROL_COLUMNS] == _values(sheet)[0]
    assert sheet["H2"].number_format == "yyyy-mm-dd"


def test_riskmatris_draws_both_matrices_with_band_fills_and_risk_numbers(book):
    sheet = book["Riskmatris"]
    values = _values(sheet)
    assert values[0][0] == "Väsentlighets- och riskanalys med internkontrollplan 2024 – Kommunstyrelsen"
    assert values[1][0] == "Bilaga 5 · dnr KS 2023/1237"
    assert values[3][0] == "Riskmatris – bruttorisk (före kontroll) – Stadens riskmatris, version 1 (4 × 4)"
    assert values[4] == ["Sannolikhet \\ konsekvens", "1 försumbar", "2 lindrig", "3 kännbar", "4 allvarlig"]
    assert values[5:9] == [["4 sannolik", None, None, None, None], ["3 möjlig", None, None, None, "1"],
                           ["2 mindre sannolik", None, None, "2", None], ["1 osannolik", None, None, None, None]]
    fills = [[_fill(sheet.cell(row=r, column=c)) for c in range(2, 6)] for r in range(6, 10)]
    assert fills == [[YELLOW, YELLOW, RED, RED], [GREEN, YELLOW, RED, RED],
                     [GREEN, YELLOW, YELLOW, YELLOW], [GREEN, GREEN, GREEN, YELLOW]]
    assert [v[0] for v in values[9:13]] == ["Färgband", "1–3 låg (grön)", "4–8 medel (gul)", "9–16 hög (röd)"]
    assert [_fill(sheet[f"A{r}"]) for r in (11, 12, 13)] == [GREEN, YELLOW, RED]
    assert sheet["E7"].font.color.rgb == "00FFFFFF" and sheet["D8"].font.color.rgb == "00000000"
    assert values[14][0] == "Riskmatris – nettorisk (efter kontroll) – Stadens riskmatris, version 1 (4 × 4)"
    assert values[16:20] == [["4 sannolik", None, None, None, None], ["3 möjlig", None, None, None, None],
                             ["2 mindre sannolik", None, None, None, "1"], ["1 osannolik", None, None, "2", None]]
    assert len(values) == 24 and values[2] == [None] * 5  # no example data, no such line


def test_text_that_looks_like_a_formula_stays_text(city, ic):
    actions.update_risk(ic.risk, acting_user=city.users.ks_editor, title="=HYPERLINK(\"http://x\")",
                        owner="Kalle\x07 Anka", is_example=True)
    book = _book(attachment5_data(city.ks, 2024))
    sheet = book["Riskanalys"]
    assert sheet["D2"].value == "=HYPERLINK(\"http://x\")" and sheet["D2"].data_type == "s"
    assert (sheet["G2"].value, sheet["V2"].value) == ("Kalle Anka", "Ja")
    assert book["Riskmatris"]["A3"].value == "Exempeldata – bilagan innehåller påhittade uppgifter."


def test_bilaga_6_is_one_sheet_with_the_facts_and_the_four_sections(city):
    system = actions.create_control_system(
        city.ks, 2024, plan=city.ks_plan, acting_user=city.users.ks_editor, organisation="Organisationen.",
        roles="Rollerna.", routines="Rutinerna.", systems="Systemen.")
    actions.approve_control_system(system, acting_user=city.users.ks_controller)
    data = attachment6_data(city.ks, 2024)
    book = _book(data)
    assert book.sheetnames == ["System för internkontroll"]
    assert _values(book.active) == [
        ["System för internkontroll 2024 – Kommunstyrelsen", None], [None, None],
        ["Nämnd", "Kommunstyrelsen"], ["År", 2024], ["Diarienummer", "KS 2023/1237"],
        ["Verksamhetsplan", "Verksamhetsplan 2024 för kommunstyrelsen"], ["Version", 1], ["Status", "Godkänd"],
        ["Godkänd av", "ks_controller"], ["Godkänd", data["system"]["approved_at_text"]], ["Exempeldata", None],
        [None, None], ["Avsnitt", "Text"], ["Organisation", "Organisationen."], ["Roller och ansvar", "Rollerna."],
        ["Rutiner", "Rutinerna."], ["System", "Systemen."],
    ]
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4} \d{2}:\d{2}", data["system"]["approved_at_text"])
