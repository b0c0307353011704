"""Read queries for the organisation (constant number of queries per call)."""

from __future__ import annotations

from verksam.organisation.models import Municipality, Unit


def municipality():
    """The municipality this install serves (the first one), or None before the demo is loaded."""
    return Municipality.objects.order_by("pk").first()


def unit_tree():
    """All units in tree order (by materialised path), with parent loaded: one query."""
    return list(Unit.objects.select_related("parent").order_by("path"))


def unit_tree_ordered():
    """Units in display order: depth-first, siblings by ``sort_order`` then name (one query)."""
    units = unit_tree()
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.sort_order, u.name))
    ordered: list[Unit] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            unit.tree_depth = depth
            ordered.append(unit)
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered
