"""Building and reading exchange files cell by cell in tests."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with the given sheets, first row the headers, cells exactly as given
    (a str stays a text cell, numbers numeric)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes, sheet: str) -> list[tuple]:
    """All rows of ``sheet`` as tuples of cell values."""
    return [tuple(row) for row in load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True)]


def edit_xlsx(data: bytes, sheet: str, cell: str, value) -> bytes:
    """``data`` with one cell of ``sheet`` changed (as Excel would save it)."""
    workbook = load_workbook(io.BytesIO(data))
    workbook[sheet][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
