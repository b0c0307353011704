"""Attachments 5 and 6 as Excel workbooks (bilaga 5 och 6 som XLSX), rendered from their dicts.

``render_attachment_xlsx(data)`` takes the dict of ``verksam.control.attachment_data`` and nothing
else (no queries). Bilaga 5 has three sheets:

* "Riskanalys" — header row (``RISK_COLUMNS``) and one row per risk in number order; scales and
  scores are numeric cells, the level cells are filled with their band colour;
* "Internkontrollplan" — header row (``CONTROL_COLUMNS``) and one row per kontrollmoment in
  number order; dates are date cells ("yyyy-mm-dd");
* "Riskmatris" — the heading (and "Exempeldata …" when any of it is example data), then each drawn matrix: its caption, a header row of consequence
  labels, one row per likelihood from the highest down whose cells hold the risk numbers ("1, 3")
  and are filled with the band colour, and the bands as a legend.

Bilaga 6 has one sheet "System för internkontroll": the facts (nämnd, år, version, status …) and
the four sections. Text stays text — a value beginning with "=" is never a formula — and
control characters an XLSX file cannot hold are left out (as the follow-up export does).
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from verksam.control.attachment_data import iter_controls, iter_risks
from verksam.control.attachment_pdf import text_colour

RISK_COLUMNS = (
    ("Nr", 6), ("Inriktningsmål", 30), ("Mål", 36), ("Risk", 36), ("Beskrivning", 36), ("Kategori", 14),
    ("Riskägare", 18), ("Process", 18), ("Aktivitet", 24), ("Sannolikhet", 11), ("Konsekvens", 11),
    ("Riskvärde", 10), ("Risknivå", 10), ("Sannolikhet efter kontroll", 11), ("Konsekvens efter kontroll", 11),
    ("Riskvärde efter kontroll", 10), ("Risknivå efter kontroll", 10), ("Hantering", 26), ("Motivering", 30),
    ("Åtgärd (aktivitet)", 26), ("Kontrollmoment", 14), ("Exempeldata", 11),
)
"""Header and width of each column of the sheet "Riskanalys"."""

CONTROL_COLUMNS = (
    ("Nr", 6), ("Kontrollmoment", 36), ("Beskrivning", 36), ("Risk nr", 8), ("Risk", 36), ("Kontrollmetod", 14),
    ("Frekvens", 13), ("Första tillfälle", 13), ("Sista dag", 13), ("Ansvarig", 22), ("Rapporteras i", 22),
    ("Exempeldata", 11),
)
"""Header and width of each column of the sheet "Internkontrollplan"."""

BOLD = Font(bold=True)
YES = "Ja"


def fill_of(colour: str) -> PatternFill:
    """A solid fill of ``colour`` ("#c62828" → fgColor "C62828")."""
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def _value(value):
    """A cell value: None for blanks, text without illegal characters, numbers and dates as such."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _put(sheet, row: int, column: int, value, *, bold: bool = False, colour: str | None = None):
    cell = sheet.cell(row=row, column=column, value=_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text stays text: "=1+1" in a risk title is not a formula
    if bold:
        cell.font = BOLD
    if colour:
        cell.fill = fill_of(colour)
        cell.font = Font(bold=bold, color=text_colour(colour).lstrip("#").upper())
    return cell


def _table(sheet, columns, rows: list[list], *, fills: list[dict] | None = None) -> None:
    for index, (header, width) in enumerate(columns, start=1):
        _put(sheet, 1, index, header, bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = _put(sheet, r, c, value, colour=(fills[r - 2].get(c) if fills else None))
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def _risk_rows(data: dict) -> tuple[list[list], list[dict]]:
    rows, fills = [], []
    for risk in iter_risks(data):
        inherent, residual = risk["inherent"], risk["residual"] or {}
        rows.append([
            risk["number"], risk["group_text"], risk["goal_text"], risk["title"], risk["description"],
            risk["category_label"], risk["owner"], risk["process"], (risk["activity"] or {}).get("title"),
            inherent["likelihood"], inherent["consequence"], inherent["score"], inherent["level"],
            residual.get("likelihood"), residual.get("consequence"), residual.get("score"), residual.get("level"),
            risk["treatment_label"], risk["treatment_motivation"], (risk["action_activity"] or {}).get("title"),
            ", ".join(str(c["number"]) for c in risk["controls"]), YES if risk["is_example"] else None,
        ])
        fills.append({13: inherent["colour"], **({17: residual["colour"]} if residual else {})})
    return rows, fills


def _control_rows(data: dict) -> list[list]:
    return [[c["number"], c["title"], c["description"], c["risk_number"], c["risk_title"], c["method_label"],
             c["frequency_label"], dt.date.fromisoformat(c["start"]), dt.date.fromisoformat(c["end"]),
             c["responsible"], c["reported_in_label"], YES if c["is_example"] else None]
            for c in iter_controls(data)]


def _matrix_sheet(sheet, data: dict) -> None:
    _put(sheet, 1, 1, data["heading"], bold=True)
    _put(sheet, 2, 1, data["label"] + (f" · dnr {data['reference']}" if data["reference"] else ""))
    if data["is_example"]:
        _put(sheet, 3, 1, _("Exempeldata – bilagan innehåller påhittade uppgifter."), bold=True)
    sheet.column_dimensions["A"].width = 26
    row = 4
    for matrix in data["matrices"]:
        _put(sheet, row, 1, f"{matrix['caption']} – {matrix['matrix_name']}, " + _("version")
             + f" {matrix['version_number']} ({matrix['size_label']})", bold=True)
        row += 1
        _put(sheet, row, 1, _("Sannolikhet \\ konsekvens"), bold=True)
        for j, label in enumerate(matrix["consequence_labels"], start=2):
            _put(sheet, row, j, f"{j - 1} {label}", bold=True)
            sheet.column_dimensions[get_column_letter(j)].width = 16
        for line in matrix["rows"]:
            row += 1
            _put(sheet, row, 1, f"{line['likelihood']} {line['label']}", bold=True)
            for j, cell in enumerate(line["cells"], start=2):
                target = _put(sheet, row, j, ", ".join(map(str, cell["risks"])), bold=True, colour=cell["colour"])
                target.alignment = Alignment(horizontal="center", vertical="center")
        row += 1
        _put(sheet, row, 1, _("Färgband"), bold=True)
        for item in matrix["bands"]:
            row += 1
            _put(sheet, row, 1, item["text"], colour=item["colour"])
        if matrix["unplaced"]:
            row += 1
            _put(sheet, row, 1, _("Utan värde efter kontroll: risk %(n)s")
                 % {"n": ", ".join(map(str, matrix["unplaced"]))})
        row += 2


def _system_sheet(sheet, data: dict) -> None:
    system = data["system"]
    _put(sheet, 1, 1, data["heading"], bold=True)
    facts = [(_("Nämnd"), data["unit"]["name"]), (_("År"), data["year"]), (_("Diarienummer"), data["reference"]),
             (_("Verksamhetsplan"), (data["plan"] or {}).get("title")), (_("Version"), system["version"]),
             (_("Status"), system["status_label"]), (_("Godkänd av"), system["approved_by"]),
             (_("Godkänd"), system["approved_at_text"]),
             (_("Exempeldata"), YES if system["is_example"] else None)]
    row = 2
    for label, value in facts:
        row += 1
        _put(sheet, row, 1, label, bold=True)
        _put(sheet, row, 2, value)
    row += 2
    _put(sheet, row, 1, _("Avsnitt"), bold=True)
    _put(sheet, row, 2, _("Text"), bold=True)
    for section in data["sections"]:
        row += 1
        _put(sheet, row, 1, section["heading"], bold=True)
        cell = _put(sheet, row, 2, section["text"])
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100


def render_attachment_xlsx(data: dict) -> bytes:
    """Bilaga 5 or 6 as an XLSX workbook (bytes); sheets and columns in the module docstring.
    The workbook's title property is the attachment's heading."""
    workbook = Workbook()
    workbook.properties.title = data["heading"]
    workbook.properties.creator = "Verksam"
    if data["number"] == 5:
        risks = workbook.active
        risks.title = "Riskanalys"
        rows, fills = _risk_rows(data)
        _table(risks, RISK_COLUMNS, rows, fills=fills)
        _table(workbook.create_sheet("Internkontrollplan"), CONTROL_COLUMNS, _control_rows(data))
        _matrix_sheet(workbook.create_sheet("Riskmatris"), data)
    else:
        sheet = workbook.active
        sheet.title = "System för internkontroll"
        _system_sheet(sheet, data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
