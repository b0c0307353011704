"""GET /api/units: every unit of the organisation tree in display order."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_every_unit_with_kind_parent_depth_and_municipality(client, city):
    response = client.get("/api/units")
    assert response.status_code == 200

    def unit(u, kind, kind_label, parent, depth):
        return {"id": u.pk, "name": u.name, "short_name": u.short_name, "kind": kind, "kind_label": kind_label,
                "parent": parent.pk if parent else None, "depth": depth, "municipality_code": "0180",
                "is_example": False}

    assert response.json() == [
        unit(city.kf, "council", "Kommunfullmäktige", None, 0),
        unit(city.ks, "executive_board", "Kommunstyrelse", city.kf, 1),
        unit(city.slk, "administration", "Förvaltning", city.ks, 2),
        unit(city.utn, "board", "Nämnd", city.kf, 1),
        unit(city.utf, "administration", "Förvaltning", city.utn, 2),
    ]


def test_it_answers_with_an_empty_list_before_any_unit_exists(client, db):
    assert client.get("/api/units").json() == []
