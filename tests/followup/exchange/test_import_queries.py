"""The import looks ids and stored outcomes up in a few queries, not per row: the same number of
queries for 2 rows as for 24."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.core import permissions as perms
from verksam.followup.exchange.importer import import_file
from verksam.planning.models import Indicator

from .helpers import xlsx_bytes

HEAD = ["Period", "Enhet-id", "Indikator-id", "Utfall", "Kommentar"]


def _queries(city, rows, value) -> int:
    data = xlsx_bytes({"Utfall": [HEAD, *[["T1 2024", unit.pk, indicator.pk, value, "k"] for unit, indicator in rows]]})
    user = city.users.ks_editor
    perms.clear_cache(user)
    with CaptureQueriesContext(connection) as captured:
        result = import_file(data, filename="u.xlsx", acting_user=user)
    assert result.outcomes.unchanged == 0
    return len(captured)


@pytest.mark.django_db
def test_creating_and_changing_cost_the_same_queries_for_2_rows_as_for_24(city, periods):
    indicators = [Indicator.objects.create(plan=city.ks_plan, name=f"Indikator {n}", responsible_unit=city.ks)
                  for n in range(12)]
    small = [(city.ks, indicators[0]), (city.slk, indicators[0])]
    large = [(unit, indicator) for indicator in indicators for unit in (city.ks, city.slk)]
    created_small = _queries(city, small, 1)
    changed_small = _queries(city, small, 2)
    created_large = _queries(city, [pair for pair in large if pair not in small], 1)
    changed_large = _queries(city, large, Decimal("2.5"))
    assert created_small == created_large
    assert changed_small == changed_large
    assert created_small <= 12 and changed_small <= 12
