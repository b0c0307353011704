"""Helpers shared by the internal-control actions (not a public API; see ``actions``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from verksam.core.errors import DomainError


def apply(instance, values: dict) -> None:
    """Set each ``values`` item as an attribute of ``instance``."""
    for name, value in values.items():
        setattr(instance, name, value)


def refuse_unknown(values: dict, allowed: tuple[str, ...]) -> None:
    """Raise ``DomainError`` ("Okänt fält: …") for keys of ``values`` outside ``allowed``."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s") % {"f": ", ".join(sorted(unknown))})


def current(name: str, values: dict, instance, default=None):
    """The new value of ``name`` when given, else the stored one (or ``default`` when creating)."""
    if name in values:
        return values[name]
    return getattr(instance, name) if instance is not None else default


def require_text(name: str, values: dict, instance, message: str) -> None:
    """Raise ``DomainError(message, field=name)`` when the field would be blank."""
    if not str(current(name, values, instance, "") or "").strip():
        raise DomainError(message, field=name)


def in_subtree(unit, ancestor) -> bool:
    """True when ``unit`` is ``ancestor`` or lies beneath it (materialised paths)."""
    return unit.path.startswith(ancestor.path)
