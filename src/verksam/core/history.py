"""History (ändringshistorik) of one object, read from django-simple-history, for people.

Apps register the kinds of object whose history can be shown (``register``) in a module named
``history`` of the app (found by ``autodiscover``, like the admin's ``admin`` modules), each with
the read check that applies to it — for plan content the read permission of its plan. The
generic view (``verksam.core.views_history``) turns an object's historical records into
``HistoryEntry`` rows: when, who, what kind (skapad / ändrad / borttagen), the reason and the
changed fields before → after, values written the Swedish way.

Query count is constant: one query for the records (with their users) and one per kind of
related object named in the changes, whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from django.db import models
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_lazy

from verksam.core.swedish_numbers import format_swedish_number

#: History types of django-simple-history and how they read in the UI.
CHANGE_KINDS = {"+": gettext_lazy("skapad"), "~": gettext_lazy("ändrad"), "-": gettext_lazy("borttagen")}

#: Bookkeeping fields never shown as changes.
NEVER_SHOWN = frozenset({"id", "lock_version", "created_at", "updated_at", "path"})


@dataclass(frozen=True)
class HistoryKind:
    """A kind of object whose history can be shown at ``/historik/<key>/<pk>/``.

    ``can_view(user, record)`` decides read access from the newest historical record (the object
    itself may be deleted); ``title(record)`` and ``back_url(record)`` are optional and may run a
    query each. ``hidden_fields`` are field names left out of the change lists.
    """

    key: str
    model: type[models.Model]
    can_view: Callable
    title: Callable | None = None
    back_url: Callable | None = None
    hidden_fields: frozenset[str] = frozenset()
    field_labels: dict = field(default_factory=dict)


_REGISTRY: dict[str, HistoryKind] = {}
_discovered = False


def register(kind: HistoryKind) -> None:
    """Make ``kind`` available to the history view (later registrations replace earlier ones)."""
    _REGISTRY[kind.key] = kind


def autodiscover() -> None:
    """Import every installed app's ``history`` module once, so their ``register`` calls run."""
    global _discovered
    if not _discovered:
        autodiscover_modules("history")
        _discovered = True


def get_kind(key: str) -> HistoryKind | None:
    """The registered kind for ``key`` ("mal", "arsmal", …) or None."""
    autodiscover()
    return _REGISTRY.get(key)


def key_for_model(model: type[models.Model]) -> str | None:
    """The registry key under which ``model`` is registered, or None."""
    autodiscover()
    for key, kind in _REGISTRY.items():
        if kind.model is model:
            return key
    return None


@dataclass
class FieldChange:
    """One changed field: its label and the old and new values as display text."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One historical record as shown: ``when`` (aware datetime), ``user`` (display name),
    ``kind`` ("+", "~", "-") with ``kind_label`` (skapad/ändrad/borttagen), ``reason`` and the
    field ``changes``."""

    when: dt.datetime
    user: str
    kind: str
    kind_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    record: object = None


def records_for(kind: HistoryKind, pk: int) -> list:
    """The historical records of ``kind.model`` with id ``pk``, oldest first (one query)."""
    return list(
        kind.model.history.filter(id=pk).select_related("history_user")
        .order_by("history_date", "history_id")
    )


def user_display(user) -> str:
    """"Förnamn Efternamn" or the user name; "(systemet)" when no user was recorded."""
    if user is None:
        return _("(systemet)")
    return user.get_full_name() or user.get_username()


def format_value(model_field: models.Field, value, related_names: dict) -> str:
    """A stored value as Swedish display text: "–" for empty, labels for choices, "Ja"/"Nej",
    "1 234,5" for decimals, ISO dates ("2024-03-01"), names of related objects."""
    if value is None or value == "":
        return "–"
    if model_field.is_relation:
        related = model_field.related_model
        name = related_names.get((related, value))
        return name if name is not None else _("#%(pk)s (borttagen)") % {"pk": value}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return format_swedish_number(value, minus="\u2212")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) \
            else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _shown_fields(kind: HistoryKind, record) -> list[str]:
    return [
        f.name for f in record.tracked_fields
        if f.editable and f.name not in NEVER_SHOWN and f.name not in kind.hidden_fields
    ]


def _raw_value(record, name: str):
    model_field = kind_field(record, name)
    return getattr(record, model_field.attname)


def kind_field(record, name: str) -> models.Field:
    """The field ``name`` of the tracked model (not the historical copy)."""
    return record.instance_type._meta.get_field(name)


def history_entries(kind: HistoryKind, records: list) -> list[HistoryEntry]:
    """Turn ``records`` (oldest first) into entries, newest first.

    A creation lists the fields that got a value (– → value; unset flags are left out); a change
    lists the fields that
    differ from the previous record (``record.diff_against(previous)``); a deletion lists none.
    Related objects are named with one query per related model.
    """
    raw: list[tuple[object, list[tuple[str, object, object]]]] = []
    previous = None
    for record in records:
        names = _shown_fields(kind, record)
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, included_fields=names)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        elif record.history_type == "+":
            changes = [(n, None, _raw_value(record, n)) for n in names
                       if _raw_value(record, n) not in (None, "", False)]
        else:
            changes = []
        order = {n: i for i, n in enumerate(names)}
        changes.sort(key=lambda c: order.get(c[0], len(order)))
        raw.append((record, changes))
        previous = record

    wanted: dict[type, set] = {}
    for record, changes in raw:
        for name, old, new in changes:
            model_field = kind_field(record, name)
            if model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update(v for v in (old, new) if v)
    related_names = {
        (related, pk): str(obj)
        for related, pks in wanted.items()
        for pk, obj in related._default_manager.in_bulk(list(pks)).items()
    }

    entries = []
    for record, changes in raw:
        entries.append(HistoryEntry(
            when=record.history_date,
            user=user_display(record.history_user),
            kind=record.history_type,
            kind_label=str(CHANGE_KINDS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
            changes=[
                FieldChange(
                    field=name,
                    label=capfirst(kind.field_labels.get(name) or kind_field(record, name).verbose_name),
                    old=format_value(kind_field(record, name), old, related_names),
                    new=format_value(kind_field(record, name), new, related_names),
                )
                for name, old, new in changes
            ],
            record=record,
        ))
    entries.reverse()
    return entries
