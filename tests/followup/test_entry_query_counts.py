"""The entry page and the periods page read in a constant number of queries, whatever the number
of indicators, outcomes, earlier years and units (DESIGN: "Page and API reads come from query
functions with a constant number of queries; tests check the count at two data sizes")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.followup.entry_helpers import entry_url, periods  # noqa: F401
from tests.planning.plan_sizes import LARGE, SMALL, grow_plan
from verksam.followup import actions
from verksam.followup.models import Outcome, PeriodDeadline
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import Indicator, Plan, PlanKind, PlanStatus

pytestmark = pytest.mark.django_db

# session, user, unit, period, role assignments, indicators, targets, this period's outcomes,
# earlier outcomes (trend), the year's periods
ENTRY_QUERIES = 10
# session, user, municipality, top unit, periods, their deadlines, unit kinds, years with periods,
# years with plans, units to enter for, role assignments
PERIODS_QUERIES = 11


def fill_outcomes(city, periods) -> int:
    """T1 and T2 outcomes for every KS indicator of 2024, and a decided 2023 plan with the same
    indicators (by name) and VB 2023 outcomes; returns the number of 2024 indicators."""
    indicators = list(Indicator.objects.filter(plan=city.ks_plan))
    for kind in ("T1", "T2"):
        Outcome.objects.bulk_create([
            Outcome(indicator=i, unit=city.ks, period=periods[kind], value=Decimal("12.1") + n,
                    value_women=Decimal("13") if i.by_sex else None, value_men=Decimal("11") if i.by_sex else None,
                    forecast=Decimal("12.4"), as_of=periods[kind].as_of, entered_by=city.users.ks_editor)
            for n, i in enumerate(indicators)])
    plan_2023 = Plan.objects.create(unit=city.ks, year=2023, kind=PlanKind.OPERATIONAL_PLAN, title="VP 2023",
                                    status=PlanStatus.DRAFT)
    old = Indicator.objects.bulk_create([
        Indicator(plan=plan_2023, name=i.name, unit_of_measure=i.unit_of_measure, direction=i.direction,
                  kolada_kpi=i.kolada_kpi, responsible_unit=i.responsible_unit) for i in indicators])
    vb_2023 = actions.ensure_periods(city.municipality, 2023)[2]
    Outcome.objects.bulk_create([Outcome(indicator=i, unit=city.ks, period=vb_2023, value=Decimal("11.5"),
                                         as_of=vb_2023.as_of) for i in old])
    return len(indicators)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["3x2", "30x10"])
def test_the_entry_page_reads_in_the_same_number_of_queries_at_any_size(
        client, city, periods, django_assert_num_queries, size):
    grow_plan(city, **size)
    count = fill_outcomes(city, periods)
    client.force_login(city.users.ks_editor)
    with django_assert_num_queries(ENTRY_QUERIES):
        response = client.get(entry_url(city.ks, "t2"))
    assert response.status_code == 200
    html = response.content.decode()
    assert count == 2 + size["goals"] * size["indicators"]
    assert html.count('class="entry-row') == count
    assert html.count('<svg class="sparkline"') == count  # VB 2023, T1 2024, T2 2024 in every row


@pytest.mark.parametrize("units", [3, 40], ids=["3 units", "40 units"])
def test_the_periods_page_reads_in_the_same_number_of_queries_at_any_size(
        client, city, periods, django_assert_num_queries, units):
    for n in range(units):
        unit = Unit.objects.create(municipality=city.municipality, parent=city.utn, kind=UnitKind.SECTION,
                                   name=f"Enhet {n}")
        Plan.objects.create(unit=unit, year=2024, kind=PlanKind.OPERATIONAL_PLAN, title=f"VP {n}")
    for period in periods.values():
        PeriodDeadline.objects.create(period=period, unit_kind="board", due=period.as_of + dt.timedelta(days=14))
    client.force_login(city.users.admin)
    with django_assert_num_queries(PERIODS_QUERIES):
        response = client.get(reverse("followup:periods", args=[2024]))
    assert response.status_code == 200
    assert response.content.decode().count('aria-label="Tertialrapport 1 – ') == 2 + units  # KF and KS with their plans, and the new units
