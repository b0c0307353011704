"""Reading an uploaded exchange file (XLSX or CSV) into sheets of raw rows.

This module knows file formats only — nothing about outcomes or targets. The importer
(``verksam.followup.exchange.importer``) turns the raw cells into values.

* XLSX: read with openpyxl in read-only mode (rows are streamed, not held in memory); cell
  values come as Excel stored them — numbers as ``int``/``float``, dates as ``datetime``, text
  as ``str``. A sheet is taken by its name ("Utfall", "Årsmål") or, failing that, by its header
  row (``columns.sheet_for_headers``); other sheets are ignored.
* CSV: UTF-8 (with or without a byte-order mark; Windows-1252 is accepted as a fallback),
  fields separated by ``;`` (or a tab); every cell is text. The file is read as the sheet its
  headers match.

Errors: ``FileReadError`` (a ``DomainError``) with a Swedish message naming the file — not a
zip, an old .xls, an empty file, no recognisable sheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _

from verksam.core.errors import DomainError
from verksam.followup.exchange.columns import SHEETS, sheet_for_headers

ZIP_MAGIC = b"PK\x03\x04"


class FileReadError(DomainError):
    """The uploaded file cannot be read as an exchange file (message in Swedish)."""


@dataclass
class RawSheet:
    """One sheet of a file: ``name`` ("Utfall"/"Årsmål"), ``headers`` (the first row, as text),
    ``rows`` (an iterator of ``(row number, tuple of cell values)``, row 2 onwards, blank rows
    skipped), ``total`` (data rows, or ``None`` when unknown), ``is_csv`` and ``header_row``
    (the row number of the headers)."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, tuple]]
    total: int | None
    is_csv: bool
    header_row: int = 1


def detect_format(data: bytes, filename: str) -> str:
    """ "xlsx" or "csv" from the content (a zip is XLSX) and the file name; raises
    ``FileReadError`` for an old .xls, for a .xlsx that is not a zip, and for an empty file."""
    name = (filename or "").lower()
    if not data or not data.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise FileReadError(_("Filen ”%(name)s” är tom.") % {"name": filename})
    if name.endswith(".xls"):
        raise FileReadError(_("Filen ”%(name)s” är en gammal Excel-fil (.xls). Spara den som .xlsx eller .csv "
                              "och försök igen.") % {"name": filename})
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm")):
        raise FileReadError(_("Filen ”%(name)s” är ingen giltig Excel-fil (xlsx): den är inte ett zip-arkiv.")
                            % {"name": filename})
    return "csv"


@contextmanager
def open_sheets(data: bytes, filename: str):
    """Yield the recognised sheets of the file (a list of ``RawSheet``); the workbook is closed
    on exit. Raises ``FileReadError``."""
    kind = detect_format(data, filename)
    if kind == "csv":
        yield [_csv_sheet(data, filename)]
        return
    workbook = _open_workbook(data, filename)
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            sheet = _xlsx_sheet(worksheet)
            if sheet is not None:
                sheets.append(sheet)
        if not sheets:
            raise FileReadError(_("Filen ”%(name)s” har inget blad som heter Utfall eller Årsmål (eller har "
                                  "deras rubriker).") % {"name": filename})
        yield sheets
    finally:
        workbook.close()


def _open_workbook(data: bytes, filename: str):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileReadError(_("Filen ”%(name)s” går inte att läsa som en Excel-fil (xlsx).")
                            % {"name": filename}) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise FileReadError(_("Filen ”%(name)s” går inte att läsa som en Excel-fil (xlsx).")
                            % {"name": filename}) from exc


def _header_text(value) -> str:
    return "" if value is None else str(value).strip()


def _xlsx_sheet(worksheet) -> RawSheet | None:
    rows = worksheet.iter_rows(values_only=True)
    headers = None
    header_row = 0
    for row in rows:
        header_row += 1
        if any(value not in (None, "") for value in row):
            headers = [_header_text(value) for value in row]
            break
    if headers is None:
        return None
    name = worksheet.title if worksheet.title in SHEETS else sheet_for_headers(headers)
    if name is None:
        return None
    max_row = worksheet.max_row
    total = max_row - header_row if isinstance(max_row, int) and max_row > header_row else None

    def numbered():
        number = header_row
        for row in rows:
            number += 1
            if any(value not in (None, "") for value in row):
                yield number, row

    return RawSheet(name=name, headers=headers, rows=numbered(), total=total, is_csv=False, header_row=header_row)


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise FileReadError(_("Filen ”%(name)s” är varken en Excel-fil (xlsx) eller en textfil (csv).")
                                % {"name": filename}) from None
        return data.decode("cp1252", errors="replace")


def _csv_sheet(data: bytes, filename: str) -> RawSheet:
    text = _decode(data, filename)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if ";" in first_line or "\t" not in first_line else "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = None
    record = 0  # records as Excel numbers rows (a field with line breaks is still one row)
    for row in reader:
        record += 1
        if any(cell.strip() for cell in row):
            headers = [_header_text(cell) for cell in row]
            break
    if headers is None:
        raise FileReadError(_("Filen ”%(name)s” är tom.") % {"name": filename})
    name = sheet_for_headers(headers)
    if name is None:
        if delimiter == ";" and ";" not in first_line and "," in first_line:
            raise FileReadError(_("Filen ”%(name)s”: kolumnerna ska skiljas med semikolon (;), inte komma.")
                                % {"name": filename})
        raise FileReadError(
            _("Filen ”%(name)s” har fel rubriker. Första raden ska ha rubrikerna från exporten, t.ex. "
              "”Period;Enhet-id;…;Indikator-id;…” för utfall eller ”Indikator-id;…;År;Årsmål;…” för årsmål.")
            % {"name": filename})
    total = max(text.count("\n") - record, 0) or None

    def numbered():
        number = record
        for row in reader:
            number += 1
            if any(cell.strip() for cell in row):
                yield number, tuple(row)

    return RawSheet(name=name, headers=headers, rows=numbered(), total=total, is_csv=True, header_row=record)
