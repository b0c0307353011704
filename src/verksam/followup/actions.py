"""Follow-up actions (uppföljningsåtgärder): periods and outcomes.

Every outcome written — by the entry page, the Excel/CSV import, the Kolada sync or the API —
goes through ``enter_outcome`` (or ``enter_outcomes`` for many in one transaction, or
``enter_outcomes_bulk`` for imports of many thousands), so the rules hold everywhere:

- the acting user needs ``enter_outcomes`` on the unit (controllers also on locked periods);
- a closed or locked period takes a value only as a correction with a reason
  (DESIGN "Dates": a value for a locked period is only a correction with a reason);
- the date a value belongs to (``as_of``) may not lie in the future;
- by sex: for additive indicators the total is kvinnor + män unless a reason is given
  (``verksam.followup.rules.by_sex.total_from_sexes``);
- a save that changes nothing records nothing; a stale ``expected_version`` is refused.

Errors: ``NotAllowedError``, ``PeriodLockedError``, ``ConcurrentEditError``, ``DomainError``
with ``field`` set — Swedish messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.core import permissions as perms
from verksam.core.audit import check_version, save_audited
from verksam.core.errors import DomainError
from verksam.core.swedish_numbers import SwedishNumberError, check_storable
from verksam.planning.plausibility import check_indicator_values
from verksam.followup.models import (
    PERIOD_END, Outcome, OutcomeSource, Period, PeriodKind, PeriodStatus,
)
from verksam.followup.rules.by_sex import BySexError, total_from_sexes


class PeriodLockedError(DomainError):
    """The period is closed or locked: only a correction with a reason is accepted."""

    default_message = _("Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl.")


@transaction.atomic
def ensure_periods(municipality, year: int, *, acting_user=None) -> list[Period]:
    """Create (if missing) and return T1, T2 and VB of ``year``, per 30/4, 31/8 and 31/12.

    A period created here gets one history row naming ``acting_user`` (None: no user, e.g. a
    system task); existing periods are returned unchanged and record nothing. Permission is the
    caller's (``actions_periods.create_periods`` checks ``manage_periods``)."""
    existing = {p.kind: p for p in Period.objects.filter(municipality=municipality, year=year)}
    periods = []
    for kind in PeriodKind:
        period = existing.get(kind)
        if period is None:
            month, day = PERIOD_END[kind]
            period = Period(municipality=municipality, year=year, kind=kind, as_of=dt.date(year, month, day))
            save_audited(period, acting_user=acting_user, created=True)
        periods.append(period)
    return periods


@transaction.atomic
def set_period_status(period: Period, status: str, *, unit, acting_user) -> Period:
    """Open, close or lock ``period``; needs ``manage_periods`` on ``unit`` (normally KF/KS)."""
    perms.require(acting_user, perms.MANAGE_PERIODS, unit)
    if status not in PeriodStatus.values:
        raise DomainError(_("Okänd periodstatus."), field="status")
    period.status = status
    save_audited(period, acting_user=acting_user)
    return period


OUTCOME_FIELDS = ("value", "value_women", "value_men", "total_reason", "forecast", "comment", "source_note")


@dataclass
class OutcomeInput:
    """One outcome to write: indicator, unit, period and the values (Decimal or None)."""

    indicator: object
    unit: object
    period: Period
    values: dict
    as_of: dt.date | None = None
    source: str = OutcomeSource.MANUAL
    fetched_at: dt.datetime | None = None
    correction_reason: str = ""
    expected_version: int | None = None
    is_example: bool | None = None
    """True marks the outcome as example data (exempeldata, the demo), False as real data (e.g. a
    Kolada value replacing an example); None (a person's entry) keeps the flag of an unchanged
    outcome and makes a changed or new one real data."""


def _decimal(value, field: str):
    if value is None or value == "":
        return None
    try:
        number = Decimal(value)
    except Exception as exc:  # noqa: BLE001 - any unparsable value is a field error
        raise DomainError(_("Ogiltigt tal."), field=field) from exc
    if not number.is_finite():
        raise DomainError(_("Ogiltigt tal."), field=field)
    try:
        check_storable(number)
    except SwedishNumberError as err:
        raise DomainError(str(err), field=field) from err
    return number


def _check(entry: OutcomeInput, acting_user) -> dict:
    """Validate one entry and return the cleaned values (raises before anything is written)."""
    period = entry.period
    perms.require(acting_user, perms.ENTER_OUTCOMES, entry.unit)
    if entry.indicator.plan.year != period.year:
        raise DomainError(_("Indikatorn hör till %(y)s års plan, inte %(p)s.")
                          % {"y": entry.indicator.plan.year, "p": period}, field="period")
    unknown = set(entry.values) - set(OUTCOME_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    values = dict(entry.values)
    for name in ("value", "value_women", "value_men", "forecast"):
        if name in values:
            values[name] = _decimal(values[name], name)
    check_indicator_values(entry.indicator, values)
    if not entry.indicator.by_sex and (values.get("value_women") is not None or values.get("value_men") is not None):
        raise DomainError(_("Indikatorn redovisas inte per kön."), field="value_women")
    if "forecast" in values and values["forecast"] is not None and not period.has_forecast:
        raise DomainError(_("Helårsprognos lämnas bara i tertialrapport 1 och 2."), field="forecast")
    as_of = entry.as_of or period.as_of
    if as_of > timezone.localdate():
        raise DomainError(_("Datumet %(d)s ligger i framtiden.") % {"d": as_of.isoformat()}, field="as_of")
    if period.status != PeriodStatus.OPEN:
        if not entry.correction_reason.strip():
            raise PeriodLockedError(field="correction_reason")
        perms.require(acting_user, perms.APPROVE_FOLLOWUP, entry.unit)
    values["as_of"] = as_of
    return values


def _apply_by_sex(indicator, outcome: Outcome) -> None:
    if not indicator.additive:
        return
    try:
        outcome.value = total_from_sexes(outcome.value, outcome.value_women, outcome.value_men,
                                         reason=outcome.total_reason)
    except BySexError as err:
        raise DomainError(str(err), field="value") from err


_ENTRY_STAMP = ("entered_at", "entered_by_id")
"""Who entered an outcome and when: set on create and whenever a save changes the outcome."""

_COMPARED_FIELDS = tuple(
    f.attname for f in Outcome._meta.concrete_fields
    if f.attname not in {"id", "lock_version", "updated_at", "created_at", *_ENTRY_STAMP}
)
"""The fields whose change makes a save a change (everything but keys, versions and stamps)."""


def _apply(entry: OutcomeInput, values: dict, outcome: Outcome) -> None:
    """Set the checked ``values`` and the entry's source, fetch time, correction reason and
    example flag on ``outcome`` (not saved)."""
    for name, value in values.items():
        setattr(outcome, name, value)
    _apply_by_sex(entry.indicator, outcome)
    outcome.source = entry.source
    outcome.fetched_at = entry.fetched_at
    if entry.correction_reason:
        outcome.correction_reason = entry.correction_reason.strip()
    if entry.is_example is not None:
        outcome.is_example = bool(entry.is_example)


def _write(entry: OutcomeInput, values: dict, acting_user) -> tuple[Outcome, bool, bool]:
    """Write one checked entry; returns (outcome, created, changed).

    ``entered_at``/``entered_by`` are set when the outcome is created and whenever the save
    changes it; a save that changes nothing keeps them and records nothing."""
    outcome = Outcome.objects.filter(indicator=entry.indicator, unit=entry.unit, period=entry.period).first()
    created = outcome is None
    if created:
        outcome = Outcome(indicator=entry.indicator, unit=entry.unit, period=entry.period)
        _apply(entry, values, outcome)
        outcome.entered_by = acting_user
        save_audited(outcome, acting_user=acting_user, reason=entry.correction_reason, created=True)
        return outcome, True, True
    check_version(outcome, entry.expected_version)
    before = [getattr(outcome, name) for name in _COMPARED_FIELDS]
    _apply(entry, values, outcome)
    if before == [getattr(outcome, name) for name in _COMPARED_FIELDS]:
        return outcome, False, False
    if entry.is_example is None:
        outcome.is_example = False  # a value a person entered is real data, even over an example
    outcome.entered_by = acting_user
    outcome.entered_at = timezone.now()
    changed = save_audited(outcome, acting_user=acting_user, reason=entry.correction_reason)
    return outcome, False, changed


@transaction.atomic
def enter_outcome(indicator, unit, period: Period, *, acting_user, as_of: dt.date | None = None,
                  source: str = OutcomeSource.MANUAL, fetched_at=None, correction_reason: str = "",
                  expected_version: int | None = None, is_example: bool | None = None, **values) -> Outcome:
    """Create or change the outcome of ``indicator`` for ``unit`` in ``period``.

    ``values``: value, value_women, value_men (Decimal in the indicator's unit or None),
    total_reason, forecast (T1/T2 only), comment, source_note. ``is_example``: see
    ``OutcomeInput``. Returns the stored Outcome.
    """
    entry = OutcomeInput(indicator, unit, period, values, as_of, source, fetched_at, correction_reason,
                         expected_version, is_example)
    outcome, _created, _changed = _write(entry, _check(entry, acting_user), acting_user)
    return outcome


@dataclass
class BulkResult:
    """What ``enter_outcomes`` did: counts of created, changed and unchanged outcomes."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def enter_outcomes(entries: list[OutcomeInput], *, acting_user) -> BulkResult:
    """Write many outcomes all-or-nothing: every entry is validated before the first write; any
    error raises (with the entry's index in ``error.index``) and nothing is written."""
    checked = []
    for index, entry in enumerate(entries):
        try:
            checked.append((entry, _check(entry, acting_user)))
        except DomainError as err:
            err.index = index
            raise
    result = BulkResult()
    for index, (entry, values) in enumerate(checked):
        try:
            _outcome, created, changed = _write(entry, values, acting_user)
        except DomainError as err:
            err.index = index
            raise
        if created:
            result.created += 1
        elif changed:
            result.changed += 1
        else:
            result.unchanged += 1
    return result


# --- Bulk path (imports of many thousand outcomes) ---------------------------------------------

class BulkEntryError(DomainError):
    """Some entries of ``enter_outcomes_bulk`` were refused; nothing was written.

    ``errors`` lists ``(index, DomainError)`` pairs in entry order — every refused entry, not
    only the first — so an importer can name each row; each error keeps its ``field``.
    """

    def __init__(self, errors: list[tuple[int, DomainError]]):
        self.errors = errors
        super().__init__(ngettext("%(n)d post kunde inte sparas.", "%(n)d poster kunde inte sparas.",
                                  len(errors)) % {"n": len(errors)})


_BULK_CHUNK = 500  # ids per IN (...) when loading stored outcomes


def stored_outcomes(keys) -> dict[tuple[int, int, int], Outcome]:
    """The stored outcomes for ``keys`` — (indicator id, unit id, period id) tuples — keyed the
    same way, loaded in one query per period and 500 units (outcomes of other indicators of those
    units may be included)."""
    units_by_period: dict[int, set[int]] = {}
    for _indicator_id, unit_id, period_id in keys:
        units_by_period.setdefault(period_id, set()).add(unit_id)
    stored = {}
    for period_id, unit_ids in units_by_period.items():
        ids = sorted(unit_ids)
        for start in range(0, len(ids), _BULK_CHUNK):
            for outcome in Outcome.objects.filter(period_id=period_id, unit_id__in=ids[start:start + _BULK_CHUNK]):
                stored[(outcome.indicator_id, outcome.unit_id, outcome.period_id)] = outcome
    return stored


@transaction.atomic
def enter_outcomes_bulk(entries: list[OutcomeInput], *, acting_user, dry_run: bool = False,
                        batch_size: int = 1000, progress=None, stored: dict | None = None) -> BulkResult:
    """Write many outcomes all-or-nothing in a few queries — the path for large imports.

    The same rules as ``enter_outcome``/``enter_outcomes`` (``_check`` for permission, period
    lock, forecast, future dates and by-sex fields; the by-sex total; a save that changes nothing
    records nothing, counted exactly as ``enter_outcomes`` counts it), but: stored outcomes are
    loaded up front (one query per period and 500 units), new and changed outcomes are written
    with ``bulk_create_with_history``/``bulk_update_with_history`` (history rows with
    ``acting_user`` and the correction reason), and EVERY refused entry is collected before
    raising ``BulkEntryError`` (``errors``: ``[(index, DomainError)]``) — nothing is written then.
    The same indicator, unit and period twice is refused at the second entry.

    ``dry_run``: check and count only, write nothing. ``progress``: optional
    ``callable(done, total)`` called after each written batch. ``stored``: the stored outcomes
    as returned by ``stored_outcomes`` for these entries, when the caller has just loaded them
    in the same transaction (they are changed in place); else they are loaded here.
    Returns ``BulkResult``.
    """
    if stored is None:
        stored = stored_outcomes((e.indicator.pk, e.unit.pk, e.period.pk) for e in entries)
    errors: list[tuple[int, DomainError]] = []
    to_create: list[Outcome] = []
    to_update: list[Outcome] = []
    result = BulkResult()
    now = timezone.now()
    seen: set[tuple[int, int, int]] = set()
    for index, entry in enumerate(entries):
        key = (entry.indicator.pk, entry.unit.pk, entry.period.pk)
        try:
            if key in seen:
                raise DomainError(_("Samma indikator, enhet och period finns redan i en tidigare post."))
            seen.add(key)
            values = _check(entry, acting_user)
            outcome = stored.get(key)
            created = outcome is None
            if created:
                outcome = Outcome(indicator=entry.indicator, unit=entry.unit, period=entry.period)
            else:
                check_version(outcome, entry.expected_version)
                before = [getattr(outcome, name) for name in _COMPARED_FIELDS]
            _apply(entry, values, outcome)
        except DomainError as err:
            err.index = index
            errors.append((index, err))
            continue
        outcome._history_user = acting_user
        outcome._change_reason = entry.correction_reason
        if created:
            outcome.entered_by = acting_user
            outcome.entered_at = now
            to_create.append(outcome)
            result.created += 1
        elif before != (after := [getattr(outcome, name) for name in _COMPARED_FIELDS]):
            outcome._changed_fields = tuple(name for name, old, new in zip(_COMPARED_FIELDS, before, after)
                                            if old != new) + _ENTRY_STAMP
            outcome.entered_by = acting_user
            outcome.entered_at = now
            to_update.append(outcome)
            result.changed += 1
        else:
            result.unchanged += 1
    if errors:
        raise BulkEntryError(errors)
    if dry_run:
        return result
    _bulk_write(to_create, to_update, acting_user=acting_user, batch_size=batch_size, progress=progress)
    return result


def _bulk_write(to_create: list[Outcome], to_update: list[Outcome], *, acting_user, batch_size: int,
                progress) -> None:
    """Insert ``to_create`` and update ``to_update`` (each only in its changed fields, plus
    ``lock_version`` and ``updated_at``) with one history row each, in batches."""
    from simple_history.utils import bulk_create_with_history

    total = len(to_create) + len(to_update)
    done = 0
    for start in range(0, len(to_create), batch_size):
        batch = to_create[start:start + batch_size]
        bulk_create_with_history(batch, Outcome, batch_size=batch_size, default_user=acting_user)
        done += len(batch)
        if progress:
            progress(done, total)
    now = timezone.now()
    for start in range(0, len(to_update), batch_size):
        batch = to_update[start:start + batch_size]
        for outcome in batch:
            outcome.lock_version = (outcome.lock_version or 0) + 1
            outcome.updated_at = now
        _update_rows(batch)
        _insert_update_history(batch, acting_user=acting_user)
        done += len(batch)
        if progress:
            progress(done, total)


def _update_rows(outcomes: list[Outcome]) -> None:
    """UPDATE each outcome's changed fields — one ``executemany`` per set of changed fields.

    Django's ``bulk_update`` builds a CASE expression per field and row, which takes minutes
    for 100 000 rows; a prepared UPDATE run many times takes seconds. Values are prepared by the
    fields themselves (``get_db_prep_save``), as ``save()`` does."""
    from django.db import connections, router

    connection = connections[router.db_for_write(Outcome)]
    quote = connection.ops.quote_name
    meta = Outcome._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    groups: dict[tuple[str, ...], list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome._changed_fields, []).append(outcome)
    with connection.cursor() as cursor:
        for names, group in groups.items():
            fields = [by_attname[name] for name in (*names, "lock_version", "updated_at")]
            sql = (f"UPDATE {quote(meta.db_table)} SET "
                   + ", ".join(f"{quote(f.column)} = %s" for f in fields)
                   + f" WHERE {quote(meta.pk.column)} = %s")
            cursor.executemany(sql, [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] + [o.pk]
                                     for o in group])


_HISTORY_SPECIAL = {"history_date", "history_change_reason", "history_type", "history_user_id"}
_NEEDS_PREP = (models.DateTimeField, models.DateField, models.DecimalField, models.TimeField, models.JSONField)


def _insert_update_history(outcomes: list[Outcome], *, acting_user) -> None:
    """One history row ("~", the acting user, the object's ``_change_reason``) per changed
    outcome, as ``HistoryManager.bulk_history_create`` makes them, but inserted by one prepared
    ``executemany`` (Django's ``bulk_create`` compiles an INSERT per 34 rows on SQLite, which
    took most of a 100 000-row import). Falls back to ``bulk_history_create`` if the history
    model has a field this function does not know."""
    from django.conf import settings
    from django.db import connections, router

    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not outcomes:
        return
    history = Outcome.history.model
    tracked = {f.attname for f in history.tracked_fields}
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    if any(f.attname not in tracked and f.attname not in _HISTORY_SPECIAL for f in fields):
        Outcome.history.bulk_history_create(outcomes, update=True, default_user=acting_user)
        return
    connection = connections[router.db_for_write(history)]
    now = timezone.now()
    special = {"history_date": now, "history_type": "~",
               "history_user_id": acting_user.pk if acting_user is not None else None}
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    prepare = [(f, isinstance(f, _NEEDS_PREP)) for f in fields]
    rows = []
    for outcome in outcomes:
        special["history_change_reason"] = getattr(outcome, "_change_reason", "") or ""
        row = []
        for field, needs_prep in prepare:
            value = getattr(outcome, field.attname) if field.attname in tracked else special[field.attname]
            row.append(field.get_db_prep_save(value, connection) if needs_prep and value is not None else value)
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
