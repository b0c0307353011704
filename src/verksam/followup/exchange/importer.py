"""Import of outcomes and targets (utfall och årsmål) from XLSX or CSV — all or nothing.

``import_file(data, filename=…, acting_user=…)`` reads the file (``reader``), reads every cell
by its column (``cells``; numbers the Swedish way, numeric Excel cells as they are), looks the
ids up in a few queries, and then writes in ONE transaction:

* outcomes through ``verksam.followup.actions.enter_outcomes_bulk`` — the same rules as the
  entry page (permission on the unit, locked periods only with a Rättelseskäl, forecasts only in
  T1/T2, by-sex totals, no future dates); history rows name the acting user;
* årsmål through ``verksam.planning.actions.set_target`` (a decided plan's årsmål only with a new
  Beslut).

A row whose values equal the stored ones is *oförändrad*: nothing is written for it and no rule
is asked (an unchanged export of a locked period re-imports as "0 nya, 0 ändrade, N
oförändrade"). A row with only blanks and nothing stored is also oförändrad.

Every error in the file is collected — cell by cell, then every refusal of the actions — before
anything is refused: ``ImportRefused.errors`` is a list of ``CellError`` whose text reads
"Blad Utfall, rad 7, kolumn Utfall: …" (a CSV file is named by the sheet its headers match).
Then nothing is saved. A file that cannot be read at all raises ``reader.FileReadError``.

Result: ``ImportResult`` — counts per sheet and the text "N nya, M ändrade, K oförändrade".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.core.errors import DomainError, NotAllowedError, PlanLockedError
from verksam.followup import actions
from verksam.followup.exchange import cells
from verksam.followup.exchange.columns import (
    DATE, ID, INFO, NUMBER, OUTCOME_COLUMNS, OUTCOME_SHEET, PERIOD, TARGET_COLUMNS, TARGET_SHEET, TEXT, YEAR,
    Column, column_for_field,
)
from verksam.followup.exchange.reader import RawSheet, open_sheets
from verksam.followup.models import Outcome, OutcomeSource, Period
from verksam.followup.rules.by_sex import BySexError, total_from_sexes
from verksam.organisation.models import Unit
from verksam.planning import actions as planning_actions
from verksam.planning.models import Indicator, Target

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)`` — called now and then while importing."""

_CHUNK = 500
_TEXT_FIELDS = {"total_reason", "comment", "source_note", "decision_reference"}


@dataclass(frozen=True)
class CellError:
    """One refused cell or row: ``sheet`` ("Utfall"), ``row`` (as Excel numbers it), ``column``
    (the header, or ``None`` for the whole row) and the Swedish ``message``."""

    sheet: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            where = _("Blad %(sheet)s, rad %(row)d, kolumn %(column)s") % {
                "sheet": self.sheet, "row": self.row, "column": self.column}
        else:
            where = _("Blad %(sheet)s, rad %(row)d") % {"sheet": self.sheet, "row": self.row}
        return f"{where}: {self.message}"


class ImportRefused(DomainError):
    """The file had errors; nothing was saved. ``errors``: every ``CellError``, by sheet, row
    and column order; ``lines``: their texts."""

    def __init__(self, errors: list[CellError]):
        order = {OUTCOME_SHEET: 0, TARGET_SHEET: 1}
        self.errors = sorted(errors, key=lambda e: (order.get(e.sheet, 2), e.row, _column_index(e)))
        super().__init__(ngettext("Importen avbröts: %(n)d fel. Inget har sparats.",
                                  "Importen avbröts: %(n)d fel. Inget har sparats.", len(errors))
                         % {"n": len(errors)})

    @property
    def lines(self) -> list[str]:
        """Each error as "Blad …, rad …, kolumn …: …"."""
        return [str(error) for error in self.errors]


def _column_index(error: CellError) -> int:
    columns = OUTCOME_COLUMNS if error.sheet == OUTCOME_SHEET else TARGET_COLUMNS
    for index, column in enumerate(columns):
        if column.header == error.column:
            return index + 1
    return 0 if error.column is None else len(columns) + 1


@dataclass
class Counts:
    """Rows created (nya), changed (ändrade) and unchanged (oförändrade) in one sheet."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def text(self) -> str:
        """ "2 nya, 1 ändrade, 40 oförändrade"."""
        return _("%(created)d nya, %(changed)d ändrade, %(unchanged)d oförändrade") % {
            "created": self.created, "changed": self.changed, "unchanged": self.unchanged}


@dataclass
class ImportResult:
    """What an import did: ``outcomes`` and ``targets`` (``Counts`` or ``None`` when the file had
    no such sheet)."""

    outcomes: Counts | None = None
    targets: Counts | None = None

    @property
    def text(self) -> str:
        """The counts in Swedish: "0 nya, 0 ändrade, 12 oförändrade"; with both sheets
        "Utfall: …; Årsmål: …"."""
        if self.outcomes and self.targets:
            return _("Utfall: %(outcomes)s; Årsmål: %(targets)s") % {
                "outcomes": self.outcomes.text, "targets": self.targets.text}
        counts = self.outcomes or self.targets or Counts()
        return counts.text

    def as_dict(self) -> dict:
        """JSON-ready form (for ``BackgroundTask.result``)."""
        return {"text": self.text,
                **{name: vars(counts) for name, counts in (("outcomes", self.outcomes), ("targets", self.targets))
                   if counts is not None}}


@dataclass
class _Row:
    """A parsed data row: ``row`` number, ``ids`` (field → id or key), ``values`` (the present
    value fields), ``dates``/``texts`` for as_of and reasons."""

    row: int
    ids: dict
    values: dict
    as_of: object = None
    as_of_given: bool = False
    reason: str = ""


@dataclass
class _Sheet:
    name: str
    columns: list[tuple[int, Column]] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)


def import_file(data: bytes, *, filename: str, acting_user, only_unit: Unit | None = None,
                only_period: Period | None = None, only_plan=None, progress: Progress | None = None) -> ImportResult:
    """Import the outcomes and/or årsmål in ``data`` (the bytes of an .xlsx or .csv file named
    ``filename``) as ``acting_user``, all or nothing.

    ``only_unit``/``only_period`` restrict outcome rows to that unit's subtree and period,
    ``only_plan`` årsmål rows to that plan's indicators (the web pages pass them; the command does
    not). Raises ``reader.FileReadError`` for an unreadable file and ``ImportRefused`` (every
    error, by sheet/row/column) when any row is refused; nothing is written then.
    """
    report = progress or (lambda done, total, message: None)
    errors: list[CellError] = []
    parsed: dict[str, _Sheet] = {}
    with open_sheets(data, filename) as sheets:
        for raw in sheets:
            if raw.name in parsed:
                continue
            parsed[raw.name] = _read_sheet(raw, errors, report)
    result = ImportResult()
    report(0, 0, _("Kontrollerar och sparar …"))
    with transaction.atomic():
        if OUTCOME_SHEET in parsed:
            result.outcomes = _import_outcomes(parsed[OUTCOME_SHEET], errors, acting_user, only_unit, only_period,
                                               report)
        if TARGET_SHEET in parsed:
            result.targets = _import_targets(parsed[TARGET_SHEET], errors, acting_user, only_plan)
        if errors:
            raise ImportRefused(errors)
    return result


# --- Reading cells -----------------------------------------------------------------------------

def _read_sheet(raw: RawSheet, errors: list[CellError], report: Progress) -> _Sheet:
    spec = OUTCOME_COLUMNS if raw.name == OUTCOME_SHEET else TARGET_COLUMNS
    sheet = _Sheet(raw.name)
    by_header = {column.header.casefold(): column for column in spec}
    seen: set[str] = set()
    before = len(errors)
    for index, header in enumerate(raw.headers):
        if not header:
            continue
        column = by_header.get(header.casefold())
        if column is None:
            errors.append(CellError(raw.name, raw.header_row, header,
                                    _("Kolumnen finns inte i formatet; rubrikerna ska vara som i exporten.")))
        elif column.header in seen:
            errors.append(CellError(raw.name, raw.header_row, column.header, _("Kolumnen finns två gånger.")))
        else:
            seen.add(column.header)
            if column.kind != INFO:
                sheet.columns.append((index, column))
    for column in spec:
        if column.required and column.header not in seen:
            errors.append(CellError(raw.name, raw.header_row, column.header, _("Kolumnen saknas.")))
    if len(errors) > before:
        return sheet  # without the right columns the rows cannot be read
    total = raw.total or 0
    message = _("Läser bladet %(sheet)s …") % {"sheet": raw.name}
    for count, (number, cells_in_row) in enumerate(raw.rows, start=1):
        row = _read_row(raw, sheet, number, cells_in_row, errors)
        if row is not None:
            sheet.rows.append(row)
        if count % 2000 == 0:
            report(count, max(total, count), message)
    return sheet


_MAX_LENGTH = {"total_reason": 300, "source_note": 300, "correction_reason": 300, "decision_reference": 200,
               "reason": 1000}


def _read_row(raw: RawSheet, sheet: _Sheet, number: int, row: tuple, errors: list[CellError]) -> _Row | None:
    parsed = _Row(number, {}, {})
    ok = True
    for index, column in sheet.columns:
        value = row[index] if index < len(row) else None
        try:
            if column.kind == ID:
                parsed.ids[column.field] = cells.read_id(value)
            elif column.kind == YEAR:
                parsed.ids[column.field] = cells.read_year(value)
            elif column.kind == PERIOD:
                parsed.ids[column.field] = cells.read_period(value)
            elif column.kind == NUMBER:
                parsed.values[column.field] = cells.read_number(value)
            elif column.kind == DATE:
                parsed.as_of = cells.read_date(value)
                parsed.as_of_given = True
            elif column.kind == TEXT:
                text = cells.read_text(value, is_csv=raw.is_csv, max_length=_MAX_LENGTH.get(column.field))
                if column.field in ("correction_reason", "reason"):
                    parsed.reason = text
                else:
                    parsed.values[column.field] = text
        except cells.CellProblem as problem:
            errors.append(CellError(raw.name, number, column.header, str(problem)))
            ok = False
    for index, column in sheet.columns:
        if column.required and parsed.ids.get(column.field) is None and ok:
            errors.append(CellError(raw.name, number, column.header, _("Värde saknas.")))
            ok = False
    return parsed if ok else None


# --- Lookups -----------------------------------------------------------------------------------

def _load(model, ids, *related) -> dict:
    ids = sorted({i for i in ids if i is not None})
    found = {}
    for start in range(0, len(ids), _CHUNK):
        found.update((obj.pk, obj) for obj in model.objects.select_related(*related).filter(pk__in=ids[start:start + _CHUNK]))
    return found


def _error_column(columns: tuple[Column, ...], err: DomainError, permission_column: str) -> str | None:
    if isinstance(err, (NotAllowedError, PlanLockedError)) and not err.field:
        return permission_column
    column = column_for_field(columns, err.field)
    return column.header if column else None


# --- Outcomes ----------------------------------------------------------------------------------

def _import_outcomes(sheet: _Sheet, errors: list[CellError], acting_user, only_unit, only_period,
                     report: Progress) -> Counts:
    name = sheet.name
    units = _load(Unit, (r.ids["unit"] for r in sheet.rows))
    indicators = _load(Indicator, (r.ids["indicator"] for r in sheet.rows), "plan")
    periods = {(p.municipality_id, p.year, p.kind): p for p in Period.objects.all()}
    resolved = []
    first_row: dict[tuple[int, int, int], int] = {}
    for row in sheet.rows:
        unit = units.get(row.ids["unit"])
        indicator = indicators.get(row.ids["indicator"])
        bad = False
        if unit is None:
            errors.append(CellError(name, row.row, "Enhet-id",
                                    _("Det finns ingen enhet med id %(id)d.") % {"id": row.ids["unit"]}))
            bad = True
        if indicator is None:
            errors.append(CellError(name, row.row, "Indikator-id",
                                    _("Det finns ingen indikator med id %(id)d.") % {"id": row.ids["indicator"]}))
            bad = True
        if bad:
            continue
        kind, year = row.ids["period"]
        period = periods.get((unit.municipality_id, year, kind))
        if period is None:
            errors.append(CellError(name, row.row, "Period",
                                    _("Perioden %(kind)s %(year)d finns inte.") % {"kind": kind, "year": year}))
            continue
        if only_unit is not None and not unit.path.startswith(only_unit.path):
            errors.append(CellError(name, row.row, "Enhet-id",
                                    _("%(unit)s ligger utanför %(scope)s, som importen gäller.")
                                    % {"unit": unit.name, "scope": only_unit.name}))
            continue
        if only_period is not None and period.pk != only_period.pk:
            errors.append(CellError(name, row.row, "Period",
                                    _("Raden gäller %(kind)s %(year)d, men importen gäller %(scope)s %(scope_year)d.")
                                    % {"kind": kind, "year": year, "scope": only_period.kind,
                                       "scope_year": only_period.year}))
            continue
        key = (indicator.pk, unit.pk, period.pk)
        if key in first_row:
            errors.append(CellError(name, row.row, "Indikator-id",
                                    _("Samma period, enhet och indikator som rad %(row)d.") % {"row": first_row[key]}))
            continue
        first_row[key] = row.row
        resolved.append((row, indicator, unit, period))
    stored = actions.stored_outcomes(first_row)
    counts = Counts()
    entries: list[actions.OutcomeInput] = []
    entry_rows: list[int] = []
    for row, indicator, unit, period in resolved:
        outcome = stored.get((indicator.pk, unit.pk, period.pk))
        if _outcome_unchanged(row, indicator, period, outcome):
            counts.unchanged += 1
            continue
        as_of = row.as_of if row.as_of_given else (outcome.as_of if outcome else None)
        entries.append(actions.OutcomeInput(indicator, unit, period, dict(row.values), as_of=as_of,
                                            source=OutcomeSource.IMPORT, correction_reason=row.reason))
        entry_rows.append(row.row)
    if not entries:
        return counts
    total = len(entries)

    def written(done: int, _total: int) -> None:
        report(done, total, _("Sparar utfall …"))

    try:
        bulk = actions.enter_outcomes_bulk(entries, acting_user=acting_user, dry_run=bool(errors), progress=written,
                                           stored=stored)
    except actions.BulkEntryError as refused:
        for index, err in refused.errors:
            errors.append(CellError(name, entry_rows[index], _error_column(OUTCOME_COLUMNS, err, "Enhet-id"),
                                    str(err.message)))
        return counts
    counts.created += bulk.created
    counts.changed += bulk.changed
    counts.unchanged += bulk.unchanged
    return counts


def _same(name: str, old, new) -> bool:
    if name in _TEXT_FIELDS:
        return (old or "") == (new or "")
    return old == new


def _outcome_unchanged(row: _Row, indicator: Indicator, period: Period, outcome: Outcome | None) -> bool:
    """True when writing ``row`` would change nothing the file carries."""
    if outcome is None:
        return all(value in (None, "") for value in row.values.values())
    values = dict(row.values)
    if indicator.additive and {"value", "value_women", "value_men"} & set(values):
        try:
            values["value"] = total_from_sexes(
                values.get("value", outcome.value), values.get("value_women", outcome.value_women),
                values.get("value_men", outcome.value_men),
                reason=values.get("total_reason", outcome.total_reason))
        except BySexError:
            return False
    if not all(_same(name, getattr(outcome, name), value) for name, value in values.items()):
        return False
    return not row.as_of_given or (row.as_of or period.as_of) == outcome.as_of


# --- Targets -----------------------------------------------------------------------------------

def _import_targets(sheet: _Sheet, errors: list[CellError], acting_user, only_plan) -> Counts:
    name = sheet.name
    indicators = _load(Indicator, (r.ids["indicator"] for r in sheet.rows), "plan__unit")
    units = _load(Unit, (r.ids.get("unit") for r in sheet.rows))
    stored: dict[tuple[int, int, int], Target] = {}
    ids = sorted(indicators)
    for start in range(0, len(ids), _CHUNK):
        for target in Target.objects.filter(indicator_id__in=ids[start:start + _CHUNK]):
            stored[(target.indicator_id, target.unit_id, target.year)] = target
    counts = Counts()
    first_row: dict[tuple[int, int, int], int] = {}
    for row in sheet.rows:
        indicator = indicators.get(row.ids["indicator"])
        if indicator is None:
            errors.append(CellError(name, row.row, "Indikator-id",
                                    _("Det finns ingen indikator med id %(id)d.") % {"id": row.ids["indicator"]}))
            continue
        if only_plan is not None and indicator.plan_id != only_plan.pk:
            errors.append(CellError(name, row.row, "Indikator-id",
                                    _("Indikatorn hör inte till %(plan)s.") % {"plan": only_plan.title}))
            continue
        unit_id = row.ids.get("unit")
        unit = units.get(unit_id) if unit_id is not None else indicator.plan.unit
        if unit is None:
            errors.append(CellError(name, row.row, "Enhet-id",
                                    _("Det finns ingen enhet med id %(id)d.") % {"id": unit_id}))
            continue
        year = row.ids.get("year") or indicator.plan.year
        key = (indicator.pk, unit.pk, year)
        if key in first_row:
            errors.append(CellError(name, row.row, "Indikator-id",
                                    _("Samma indikator, enhet och år som rad %(row)d.") % {"row": first_row[key]}))
            continue
        first_row[key] = row.row
        target = stored.get(key)
        if target is None and all(value in (None, "") for value in row.values.values()):
            counts.unchanged += 1
            continue
        if target is not None and all(_same(n, getattr(target, n), v) for n, v in row.values.items()):
            counts.unchanged += 1
            continue
        try:
            with transaction.atomic():
                planning_actions.set_target(indicator, unit=unit, year=year, acting_user=acting_user,
                                            reason=row.reason, **row.values)
        except DomainError as err:
            errors.append(CellError(name, row.row, _error_column(TARGET_COLUMNS, err, "Indikator-id"),
                                    str(err.message)))
            continue
        if target is None:
            counts.created += 1
        else:
            counts.changed += 1
    return counts
