"""The column spec of the outcome and target exchange files (utfall och årsmål i Excel/CSV).

One list per sheet, in file order. Every column an import accepts is in the export (DESIGN
"Swedish numbers … Out"): the exporter writes exactly these headers and the importer reads them
back — so an unchanged export re-imports as "0 ändrade".

Column kinds (``Column.kind``):

* ``ID`` — a primary key (Enhet-id, Indikator-id): a whole number.
* ``PERIOD`` — a follow-up period written "T1 2024", "T2 2024" or "VB 2024".
* ``NUMBER`` — a value in the indicator's unit: a numeric cell in XLSX, "1234,5" (decimal comma)
  in CSV; text cells are read by ``verksam.core.swedish_numbers.parse_swedish_number``.
* ``YEAR`` — a year (2000–2100).
* ``DATE`` — a date: a date cell in XLSX, "2024-04-30" in CSV.
* ``TEXT`` — free text.
* ``INFO`` — written for the reader (names, unit of measure, source) and ignored on import.

``input_only`` columns (Rättelseskäl, Ändringsskäl) are exported empty: they carry the reason
for *this* import's change — a correction in a locked period, a revised årsmål — and are
kept in the history, not on the row.

The headers are the file format — the same in every language of the user interface.
"""

from __future__ import annotations

from dataclasses import dataclass

ID, PERIOD, NUMBER, YEAR, DATE, TEXT, INFO = "id", "period", "number", "year", "date", "text", "info"

OUTCOME_SHEET = "Utfall"
TARGET_SHEET = "Årsmål"


@dataclass(frozen=True)
class Column:
    """One column: ``header`` as written in the file; ``field`` the input it fills (``None`` for
    information-only columns); ``kind`` one of the kinds above; ``width`` in Excel characters."""

    header: str
    field: str | None
    kind: str
    width: int = 14
    required: bool = False
    input_only: bool = False


OUTCOME_COLUMNS: tuple[Column, ...] = (
    Column("Period", "period", PERIOD, 10, required=True),
    Column("Enhet-id", "unit", ID, 9, required=True),
    Column("Enhet", None, INFO, 32),
    Column("Indikator-id", "indicator", ID, 11, required=True),
    Column("Indikator", None, INFO, 48),
    Column("Måttenhet", None, INFO, 11),
    Column("Utfall", "value", NUMBER),
    Column("Kvinnor", "value_women", NUMBER),
    Column("Män", "value_men", NUMBER),
    Column("Skäl till avvikande totalt", "total_reason", TEXT, 28),
    Column("Helårsprognos", "forecast", NUMBER),
    Column("Kommentar", "comment", TEXT, 48),
    Column("Källhänvisning", "source_note", TEXT, 24),
    Column("Källa", None, INFO, 11),
    Column("Avser datum", "as_of", DATE, 12),
    Column("Rättelseskäl", "correction_reason", TEXT, 28, input_only=True),
)
"""Sheet "Utfall": one row per indicator, unit and period (``verksam.followup.models.Outcome``)."""

TARGET_COLUMNS: tuple[Column, ...] = (
    Column("Indikator-id", "indicator", ID, 11, required=True),
    Column("Indikator", None, INFO, 48),
    Column("Enhet-id", "unit", ID, 9),
    Column("Enhet", None, INFO, 32),
    Column("År", "year", YEAR, 7),
    Column("Måttenhet", None, INFO, 11),
    Column("Årsmål", "value", NUMBER),
    Column("Kvinnor", "value_women", NUMBER),
    Column("Män", "value_men", NUMBER),
    Column("Startvärde", "baseline", NUMBER),
    Column("Beslut", "decision_reference", TEXT, 28),
    Column("Ändringsskäl", "reason", TEXT, 28, input_only=True),
)
"""Sheet "Årsmål": one row per indicator, unit and year (``verksam.planning.models.Target``).
Enhet-id blank means the plan's unit, År blank the plan's year (as ``set_target``)."""

SHEETS: dict[str, tuple[Column, ...]] = {OUTCOME_SHEET: OUTCOME_COLUMNS, TARGET_SHEET: TARGET_COLUMNS}
"""Sheet name → its columns; a CSV file is read as the sheet its headers match."""

OUTCOME_VALUE_FIELDS = ("value", "value_women", "value_men", "total_reason", "forecast", "comment", "source_note")
"""Outcome fields an import writes (``verksam.followup.actions.OUTCOME_FIELDS``)."""

TARGET_VALUE_FIELDS = ("value", "value_women", "value_men", "baseline", "decision_reference")
"""Target fields an import writes (``verksam.planning.actions.TARGET_FIELDS``)."""


def column_for_field(columns: tuple[Column, ...], field: str | None) -> Column | None:
    """The column filling ``field`` (e.g. "value" → Utfall), or ``None``."""
    for column in columns:
        if field is not None and column.field == field:
            return column
    return None


def sheet_for_headers(headers: list[str]) -> str | None:
    """Which sheet a header row belongs to (for CSV files and unnamed sheets), or ``None``:
    "Utfall" when it has Period and Indikator-id, "Årsmål" when it has Indikator-id and Årsmål
    or År."""
    names = {h.strip().casefold() for h in headers if isinstance(h, str)}
    if "indikator-id" not in names:
        return None
    if "period" in names:
        return OUTCOME_SHEET
    if "årsmål" in names or "år" in names:
        return TARGET_SHEET
    return None
