"""Export: exact headers, numeric cells (never text numbers), frozen header, sheet names; CSV
with BOM, semicolons and decimal comma."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from verksam.followup import actions
from verksam.followup.exchange import export
from verksam.followup.exchange.columns import OUTCOME_COLUMNS, TARGET_COLUMNS

OUTCOME_HEADERS = ("Period", "Enhet-id", "Enhet", "Indikator-id", "Indikator", "Måttenhet", "Utfall", "Kvinnor",
                   "Män", "Skäl till avvikande totalt", "Helårsprognos", "Kommentar", "Källhänvisning", "Källa",
                   "Avser datum", "Rättelseskäl")
TARGET_HEADERS = ("Indikator-id", "Indikator", "Enhet-id", "Enhet", "År", "Måttenhet", "Årsmål", "Kvinnor", "Män",
                  "Startvärde", "Beslut", "Ändringsskäl")


@pytest.mark.django_db
def test_the_outcome_sheet_has_the_headers_numeric_cells_and_a_frozen_header(city, periods, t1_outcomes):
    data = export.export_outcomes(city.ks, [periods["T1"]])
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Utfall"]
    sheet = workbook["Utfall"]
    assert sheet.freeze_panes == "A2"
    assert tuple(c.value for c in sheet[1]) == OUTCOME_HEADERS == tuple(c.header for c in OUTCOME_COLUMNS)
    assert all(c.font.b for c in sheet[1])
    sick, safety = sheet[2], sheet[3]
    assert [c.value for c in sick] == [
        "T1 2024", city.ks.pk, "Kommunstyrelsen", city.sick_leave.pk, "Sjukfrånvaro", "%", 4.8, 5.6, 3.7, None, 4.6,
        "Lägre än i fjol", None, "Inmatad", dt.datetime(2024, 4, 30), None]
    for cell in (sick[1], sick[3], sick[6], sick[7], sick[8], sick[10], safety[6]):
        assert cell.data_type == "n" and isinstance(cell.value, (int, float)), cell.coordinate
    assert safety[6].value == 78 and isinstance(safety[6].value, int)
    assert sick[14].is_date and sick[14].number_format == "yyyy-mm-dd"
    assert sick[0].data_type == "s" and sick[11].data_type == "s"


@pytest.mark.django_db
def test_a_unit_without_outcomes_gets_a_blank_row_per_indicator_it_reports(city, periods):
    rows = export.outcome_rows(city.ks, [periods["T2"]])
    assert [(r[0], r[1], r[3], r[6]) for r in rows] == [
        ("T2 2024", city.ks.pk, city.sick_leave.pk, None), ("T2 2024", city.ks.pk, city.safety.pk, None)]
    assert export.outcome_rows(city.utn, [periods["T2"]]) == []


@pytest.mark.django_db
def test_the_subtree_and_several_periods_are_exported_in_period_order(city, periods, t1_outcomes):
    actions.enter_outcome(city.sick_leave, city.slk, periods["T1"], value=Decimal("5.1"),
                          acting_user=city.users.ks_editor)
    rows = export.outcome_rows(city.ks, [periods["T2"], periods["T1"]])
    assert [(r[0], r[2], r[4], r[6]) for r in rows] == [
        ("T1 2024", "Kommunstyrelsen", "Sjukfrånvaro", Decimal("4.8")),
        ("T1 2024", "Kommunstyrelsen", "Andel invånare som känner sig trygga", Decimal("78")),
        ("T1 2024", "Stadsledningskontoret", "Sjukfrånvaro", Decimal("5.1")),
        ("T2 2024", "Kommunstyrelsen", "Sjukfrånvaro", None),
        ("T2 2024", "Kommunstyrelsen", "Andel invånare som känner sig trygga", None),
        ("T2 2024", "Stadsledningskontoret", "Sjukfrånvaro", None),
    ]
    only_ks = export.outcome_rows(city.ks, [periods["T1"]], include_descendants=False)
    assert [r[2] for r in only_ks] == ["Kommunstyrelsen", "Kommunstyrelsen"]


@pytest.mark.django_db
def test_csv_has_a_bom_semicolons_decimal_comma_and_iso_dates(city, periods, t1_outcomes):
    data = export.export_outcomes(city.ks, [periods["T1"]], fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(OUTCOME_HEADERS)
    assert lines[1] == (f"T1 2024;{city.ks.pk};Kommunstyrelsen;{city.sick_leave.pk};Sjukfrånvaro;%;4,8;5,6;3,7;;4,6;"
                        "Lägre än i fjol;;Inmatad;2024-04-30;")
    assert lines[2] == (f"T1 2024;{city.ks.pk};Kommunstyrelsen;{city.safety.pk};"
                        "Andel invånare som känner sig trygga;%;78;;;;;;;Inmatad;2024-04-30;")
    assert lines[3] == ""


@pytest.mark.django_db
def test_large_numbers_are_not_grouped_in_csv_and_numeric_in_xlsx(city, periods):
    city.safety.unit_of_measure = "kr"  # a percentage above 100 would be refused as implausible
    city.safety.save()
    actions.enter_outcome(city.safety, city.ks, periods["T1"], value=Decimal("1234567.25"),
                          acting_user=city.users.ks_editor)
    csv_line = export.export_outcomes(city.ks, [periods["T1"]], fmt="csv").decode("utf-8-sig").split("\r\n")[2]
    assert ";1234567,25;" in csv_line
    sheet = load_workbook(io.BytesIO(export.export_outcomes(city.ks, [periods["T1"]])))["Utfall"]
    assert sheet["G3"].value == 1234567.25 and sheet["G3"].data_type == "n"


@pytest.mark.django_db
def test_a_comment_that_looks_like_a_formula_stays_text(city, periods):
    actions.enter_outcome(city.safety, city.ks, periods["T1"], value=Decimal("1"), comment="=HYPERLINK(\"x\")",
                          acting_user=city.users.ks_editor)
    sheet = load_workbook(io.BytesIO(export.export_outcomes(city.ks, [periods["T1"]])))["Utfall"]
    assert sheet["L3"].value == '=HYPERLINK("x")' and sheet["L3"].data_type == "s"
    csv_line = export.export_outcomes(city.ks, [periods["T1"]], fmt="csv").decode("utf-8-sig").split("\r\n")[2]
    assert ";\"'=HYPERLINK(\"\"x\"\")\";" in csv_line


@pytest.mark.django_db
def test_control_characters_an_xlsx_cannot_hold_are_left_out_instead_of_failing(city, periods):
    actions.enter_outcome(city.safety, city.ks, periods["T1"], value=Decimal("1"), comment="rad\x0bett",
                          acting_user=city.users.ks_editor)
    sheet = load_workbook(io.BytesIO(export.export_outcomes(city.ks, [periods["T1"]])))["Utfall"]
    assert sheet["L3"].value == "radett"


@pytest.mark.django_db
def test_the_target_sheet_lists_every_target_and_a_blank_row_for_an_indicator_without_one(city):
    city.sick_target.value_women = Decimal("5")
    city.sick_target.baseline = Decimal("5.2")
    city.sick_target.save()
    from verksam.planning.models import Indicator
    extra = Indicator.objects.create(plan=city.ks_plan, name="Antal trygghetsvandringar", unit_of_measure="antal",
                                     responsible_unit=city.ks, sort_order=5)
    data = export.export_targets(city.ks_plan)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Årsmål"]
    sheet = workbook["Årsmål"]
    assert sheet.freeze_panes == "A2"
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows == [
        TARGET_HEADERS,
        (city.sick_leave.pk, "Sjukfrånvaro", city.ks.pk, "Kommunstyrelsen", 2024, "%", 4.5, 5, None, 5.2,
         "KS 2023/1237, punkt 1", None),
        (city.safety.pk, "Andel invånare som känner sig trygga", city.ks.pk, "Kommunstyrelsen", 2024, "%", 80, None,
         None, None, None, None),
        (extra.pk, "Antal trygghetsvandringar", city.ks.pk, "Kommunstyrelsen", 2024, "antal", None, None, None, None,
         None, None),
    ]
    assert TARGET_HEADERS == tuple(c.header for c in TARGET_COLUMNS)
    csv = export.export_targets(city.ks_plan, fmt="csv")
    assert csv.decode("utf-8-sig").split("\r\n")[1] == (
        f"{city.sick_leave.pk};Sjukfrånvaro;{city.ks.pk};Kommunstyrelsen;2024;%;4,5;5;;5,2;KS 2023/1237, punkt 1;")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Okänt filformat ”pdf”; välj xlsx eller csv."):
        export._write("pdf", "Utfall", OUTCOME_COLUMNS, [])
