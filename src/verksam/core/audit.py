"""Audit (ändringshistorik) helpers on top of django-simple-history.

Every change to organisation and plan data goes through an action that calls ``save_audited``
or ``delete_audited``: the acting user and a reason land in the history row in the same
transaction as the change, and a save that changes nothing records nothing.
"""

from __future__ import annotations

from django.db import models

from verksam.core.errors import ConcurrentEditError


def changed_fields(instance: models.Model, values: dict) -> dict:
    """The subset of ``values`` (field name → new value) that differs from ``instance``."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


def check_version(instance: models.Model, expected: int | None) -> None:
    """Refuse with ``ConcurrentEditError`` when the stored ``lock_version`` is not ``expected``.

    ``expected`` None skips the check (API clients and commands that load and save at once).
    The stored row is re-read inside the caller's transaction, with a row lock where the
    database supports it.
    """
    if expected is None or instance.pk is None:
        return
    current = (
        type(instance)._default_manager.select_for_update()
        .filter(pk=instance.pk).values_list("lock_version", flat=True).first()
    )
    if current is None or int(current) != int(expected):
        raise ConcurrentEditError()


def save_audited(instance: models.Model, *, acting_user, reason: str = "", created: bool = False) -> bool:
    """Save ``instance`` with a history row naming ``acting_user`` and ``reason``.

    Returns False (and writes nothing) when an existing object has no changed field, so a save
    that changes nothing records nothing. Bumps ``lock_version`` when the model has one.
    """
    if not created and instance.pk is not None:
        stored = type(instance)._default_manager.filter(pk=instance.pk).first()
        if stored is not None:
            names = [
                f.attname for f in instance._meta.concrete_fields
                if f.attname not in {"lock_version", "updated_at", "created_at"}
            ]
            if all(getattr(stored, n) == getattr(instance, n) for n in names):
                return False
    if hasattr(instance, "lock_version") and instance.pk is not None and not created:
        instance.lock_version = (instance.lock_version or 0) + 1
    instance._history_user = acting_user
    instance._change_reason = reason
    instance.save()
    return True


def delete_audited(instance: models.Model, *, acting_user, reason: str = "") -> None:
    """Delete ``instance``; its history gets a deletion row naming ``acting_user``."""
    instance._history_user = acting_user
    instance._change_reason = reason
    instance.delete()
