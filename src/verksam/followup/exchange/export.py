"""Export of outcomes and targets (utfall och årsmål) to XLSX and CSV.

XLSX (openpyxl, write-only): sheets "Utfall" and "Årsmål", a bold header row, frozen panes under
it, numbers as numeric cells (never text numbers), dates as date cells, text always as text (a
comment starting with "=" stays text, never a formula). CSV: ``;`` between fields, decimal comma
without thousands grouping ("1234,5"), dates "2024-04-30", UTF-8 with a byte-order mark, CRLF
line ends — as Excel opens it in Swedish. A CSV text field starting with = + - @ gets a leading
apostrophe (so Excel does not run it as a formula); the importer removes it again.

The columns are ``verksam.followup.exchange.columns``; read back with
``verksam.followup.exchange.importer`` the files re-import as "0 nya, 0 ändrade, N oförändrade".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as _ILLEGAL

from verksam.core.swedish_numbers import format_swedish_number
from verksam.followup.exchange.columns import (
    DATE, ID, INFO, NUMBER, OUTCOME_COLUMNS, OUTCOME_SHEET, PERIOD, TARGET_COLUMNS, TARGET_SHEET, TEXT, YEAR,
    Column,
)
from verksam.followup.models import Outcome, OutcomeSource, Period
from verksam.organisation.models import Unit
from verksam.planning.models import Indicator, Plan, Target

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A CSV text field starting with one of these is written with a leading apostrophe."""

_CHUNK = 500


def period_label(period: Period) -> str:
    """The Period cell of a period: "T1 2024"."""
    return f"{period.kind} {period.year}"


def _in_subtree(unit: Unit, field: str, include_descendants: bool) -> Q:
    if include_descendants:
        return Q(**{f"{field}__path__startswith": unit.path})
    return Q(**{f"{field}_id": unit.pk})


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _indicator_order(indicator: Indicator) -> tuple:
    return (indicator.plan.unit.path, indicator.plan.kind, indicator.sort_order, indicator.pk)


def outcome_rows(unit: Unit, periods: Iterable[Period], *, include_descendants: bool = True) -> list[list]:
    """The rows of the "Utfall" sheet for ``unit`` (and, by default, every unit beneath it) in
    ``periods``: one row per period, unit and indicator the unit reports — the indicators of its
    own plans, those it is responsible for, those it has an årsmål or an outcome for — with the
    stored outcome or blank values. Values in column order of ``OUTCOME_COLUMNS`` (ids as int,
    numbers as Decimal or None, dates as date). A constant number of queries (about five, plus
    one per 500 extra indicators).
    """
    periods = sorted(periods, key=lambda p: (p.year, p.as_of))
    years = {p.year for p in periods}
    unit_filter = Q(path__startswith=unit.path) if include_descendants else Q(pk=unit.pk)
    units = {u.pk: u for u in Unit.objects.filter(unit_filter)}
    indicators = {
        i.pk: i for i in Indicator.objects.select_related("plan__unit").filter(plan__year__in=years).filter(
            _in_subtree(unit, "plan__unit", include_descendants)
            | _in_subtree(unit, "responsible_unit", include_descendants))
    }
    pairs: set[tuple[int, int]] = set()
    for indicator in indicators.values():
        if indicator.plan.unit_id in units:
            pairs.add((indicator.pk, indicator.plan.unit_id))
        if indicator.responsible_unit_id in units:
            pairs.add((indicator.pk, indicator.responsible_unit_id))
    for indicator_id, unit_id in (Target.objects.filter(year__in=years, indicator__plan__year__in=years)
                                  .filter(_in_subtree(unit, "unit", include_descendants))
                                  .values_list("indicator_id", "unit_id")):
        pairs.add((indicator_id, unit_id))
    outcomes = {}
    for stored in (Outcome.objects.filter(period__in=periods).filter(_in_subtree(unit, "unit", include_descendants))
                   .values_list(*_OUTCOME_VALUES)):
        outcomes[stored[:3]] = stored
        pairs.add(stored[:2])
    missing = {indicator_id for indicator_id, _unit in pairs} - set(indicators)
    for chunk in _chunks(missing):
        indicators.update((i.pk, i) for i in Indicator.objects.select_related("plan__unit").filter(pk__in=chunk))
    ordered = sorted(pairs, key=lambda pair: (units[pair[1]].path, _indicator_order(indicators[pair[0]])))
    sources = {value: str(label) for value, label in OutcomeSource.choices}
    rows = []
    for period in periods:
        for indicator_id, unit_id in ordered:
            indicator = indicators[indicator_id]
            if indicator.plan.year != period.year:
                continue
            outcome = outcomes.get((indicator_id, unit_id, period.pk))
            rows.append(_outcome_row(period, units[unit_id], indicator, outcome, sources))
    return rows


_OUTCOME_VALUES = ("indicator_id", "unit_id", "period_id", "value", "value_women", "value_men", "total_reason",
                   "forecast", "comment", "source_note", "source", "as_of")


def _outcome_row(period: Period, unit: Unit, indicator: Indicator, stored: tuple | None, sources: dict) -> list:
    label = period_label(period)
    if stored is None:
        return [label, unit.pk, unit.name, indicator.pk, indicator.name, indicator.unit_of_measure,
                None, None, None, "", None, "", "", "", None, ""]
    (_i, _u, _p, value, women, men, total_reason, forecast, comment, source_note, source, as_of) = stored
    return [label, unit.pk, unit.name, indicator.pk, indicator.name, indicator.unit_of_measure,
            value, women, men, total_reason, forecast, comment, source_note, sources.get(source, source), as_of, ""]


def target_rows(plan: Plan) -> list[list]:
    """The rows of the "Årsmål" sheet for ``plan``: every årsmål of its indicators (by indicator
    order, year, unit), and one blank row (the plan's unit and year) for an indicator without
    any. Values in column order of ``TARGET_COLUMNS``. Two queries."""
    indicators = list(Indicator.objects.filter(plan=plan).order_by("sort_order", "pk"))
    targets: dict[int, list[Target]] = {}
    for target in (Target.objects.filter(indicator__plan=plan).select_related("unit")
                   .order_by("year", "unit__path", "pk")):
        targets.setdefault(target.indicator_id, []).append(target)
    rows = []
    for indicator in indicators:
        for target in targets.get(indicator.pk) or [None]:
            unit = target.unit if target else plan.unit
            rows.append([
                indicator.pk, indicator.name, unit.pk, unit.name, target.year if target else plan.year,
                indicator.unit_of_measure,
                target.value if target else None, target.value_women if target else None,
                target.value_men if target else None, target.baseline if target else None,
                target.decision_reference if target else "", "",
            ])
    return rows


# --- Writers -----------------------------------------------------------------------------------

def _excel_number(value: Decimal | None):
    """A Decimal as an Excel number: int when whole, else float (Excel keeps 15 digits)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def write_xlsx(sheets: dict[str, tuple[tuple[Column, ...], list[list]]]) -> bytes:
    """An XLSX workbook with one sheet per entry of ``sheets`` (name → (columns, rows)).

    Header row bold (information-only columns in grey italics), frozen under the header,
    column widths from the spec; NUMBER and ID cells numeric, DATE cells dates ("ÅÅÅÅ-MM-DD"),
    TEXT and PERIOD cells text (never formulas). Returns the file's bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    info_font = Font(bold=True, italic=True, color="555555")
    info_fill = PatternFill("solid", fgColor="EEEEEE")
    for name, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        # A write-only sheet does not know its size when its top is written, so it leaves out
        # <dimension>; without it openpyxl parses a whole sheet twice when reading it back.
        # Excel always writes it; tell the writer the size (header + rows) up front.
        extent = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
        sheet.calculate_dimension = lambda extent=extent: extent
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, column.header)
            cell.data_type = "s"
            cell.font = info_font if column.kind == INFO else bold
            if column.kind == INFO:
                cell.fill = info_fill
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, column, value, WriteOnlyCell) for column, value in zip(columns, row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, column: Column, value, cell_class):
    if value is None or value == "":
        return None
    if column.kind == NUMBER:
        return _excel_number(value)
    if column.kind in (ID, YEAR):
        return int(value)
    if column.kind == DATE:
        return value  # openpyxl gives a date the number format "yyyy-mm-dd"
    text = str(value)
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)  # control characters an XLSX file cannot hold
    if text.startswith("="):
        cell = cell_class(sheet, text)
        cell.data_type = "s"  # text stays text: "=1+1" in a comment is not a formula
        return cell
    return text


def csv_text(column: Column, value) -> str:
    """One CSV field: numbers with decimal comma and no grouping, dates ISO, text as is (with a
    leading apostrophe before = + - @)."""
    if value is None or value == "":
        return ""
    if column.kind == NUMBER:
        return format_swedish_number(value, thousands_sep="")
    if column.kind in (ID, YEAR):
        return str(int(value))
    if column.kind == DATE:
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    text = str(value)
    if column.kind in (TEXT, INFO, PERIOD) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(columns: tuple[Column, ...], rows: list[list]) -> bytes:
    """A CSV file: UTF-8 with BOM, ``;`` separated, CRLF, header row first. Returns bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([csv_text(column, value) for column, value in zip(columns, row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Entry points ------------------------------------------------------------------------------

def export_outcomes(unit: Unit, periods: Iterable[Period], *, fmt: str = "xlsx",
                    include_descendants: bool = True) -> bytes:
    """The outcomes of ``unit`` (and its subtree) in ``periods`` as an XLSX (sheet "Utfall") or
    CSV file's bytes. ``fmt``: "xlsx" or "csv" (else ``ValueError``)."""
    rows = outcome_rows(unit, periods, include_descendants=include_descendants)
    return _write(fmt, OUTCOME_SHEET, OUTCOME_COLUMNS, rows)


def export_targets(plan: Plan, *, fmt: str = "xlsx") -> bytes:
    """The årsmål of ``plan`` as an XLSX (sheet "Årsmål") or CSV file's bytes."""
    return _write(fmt, TARGET_SHEET, TARGET_COLUMNS, target_rows(plan))


def _write(fmt: str, sheet: str, columns: tuple[Column, ...], rows: list[list]) -> bytes:
    if fmt == "xlsx":
        return write_xlsx({sheet: (columns, rows)})
    if fmt == "csv":
        return write_csv(columns, rows)
    raise ValueError(_("Okänt filformat ”%(fmt)s”; välj xlsx eller csv.") % {"fmt": fmt})


def outcomes_filename(unit: Unit, periods: list[Period], fmt: str) -> str:
    """A download name such as "utfall-KS-T1-2024.xlsx"."""
    label = "-".join(period_label(p).replace(" ", "-") for p in periods) or "alla"
    return f"utfall-{_slug(unit.short_name or unit.name)}-{label}.{fmt}"


def targets_filename(plan: Plan, fmt: str) -> str:
    """A download name such as "arsmal-KS-2024.xlsx"."""
    return f"arsmal-{_slug(plan.unit.short_name or plan.unit.name)}-{plan.year}.{fmt}"


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text.replace("å", "a").replace("ä", "a").replace("ö", "o")
                   .replace("Å", "A").replace("Ä", "A").replace("Ö", "O"))[:40] or "enhet"
