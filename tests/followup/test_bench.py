"""The benchmark (``verksam bench``): the generator's exact output at a tiny scale, the measuring
helpers, and the command end to end. No wall-clock limits (DESIGN: no timing asserts in tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.db.models import Sum

from verksam.followup.bench import generate as gen
from verksam.followup.bench.measure import measure
from verksam.followup.bench.run import ROW_IMPORT, ROW_NAMES, Row, format_table
from verksam.followup.models import Outcome, Period, PeriodStatus
from verksam.organisation.models import Municipality, Unit, UnitKind
from verksam.planning.models import Activity, Direction, Goal, GoalLevel, Indicator, Plan, PlanStatus, Target

BOARD_KINDS = (UnitKind.EXECUTIVE_BOARD, UnitKind.BOARD, UnitKind.COMPANY_BOARD)


def test_the_stockholm_scale_is_as_large_as_issue_4_asks():
    scale = gen.SCALES["stockholm"]
    assert (scale.boards, scale.units_beneath_boards, scale.series_per_year) == (62, 1550, 33882)
    assert scale.years == (2020, 2021, 2022, 2023, 2024)
    # one year's three periods hold more than the 100 000 outcomes the import benchmark needs
    assert scale.series_per_year * 3 == 101646


@pytest.mark.django_db
def test_the_tiny_city_has_exactly_the_planned_rows():
    result = gen.generate("tiny")
    # 2 boards × (förvaltning + 2 avdelningar + 1 enhet each) = 10 units beneath them, plus KF
    # and the boards; 15 KF indicators (1 per verksamhetsområdesmål) + 2 boards × 3 indicators ×
    # 6 units = 51 series; 153 outcome slots, every 25th missing (6) → 147 outcomes.
    assert result.counts == {"units": 13, "boards": 2, "plans": 3, "goals": 22, "activities": 4, "indicators": 21,
                             "series": 51, "targets": 51, "periods": 3, "outcomes": 147}
    city = Municipality.objects.get(code=gen.BENCH_MUNICIPALITY_CODE)
    units = Unit.objects.filter(municipality=city)
    assert units.count() == 13
    assert list(units.filter(kind__in=BOARD_KINDS).values_list("name", flat=True)) == [
        "Kommunstyrelsen", "Facknämnd 01"]
    assert units.filter(parent__kind__in=BOARD_KINDS).count() == 2
    assert units.exclude(kind__in=(*BOARD_KINDS, UnitKind.COUNCIL)).count() == 10
    assert all(u.path == f"{u.parent.path if u.parent_id else ''}{u.pk}/" for u in units.select_related("parent"))
    assert Plan.objects.filter(status=PlanStatus.DECIDED).count() == 3
    assert [Goal.objects.filter(level=level).count() for level in (GoalLevel.DIRECTION, GoalLevel.AREA,
                                                                     GoalLevel.BOARD)] == [3, 15, 4]
    assert Goal.objects.filter(level=GoalLevel.AREA, code="3.5").exists()
    assert (Activity.objects.count(), Indicator.objects.count(), Target.objects.count()) == (4, 21, 51)
    assert list(Period.objects.values_list("kind", "status")) == [
        ("T1", PeriodStatus.OPEN), ("T2", PeriodStatus.OPEN), ("VB", PeriodStatus.OPEN)]
    assert Outcome.objects.count() == 147
    # slots 12 and 112 are stored without a value ("Uppgift saknas")
    assert Outcome.objects.filter(value__isnull=True, comment="Uppgift saknas för perioden.").count() == 2


@pytest.mark.django_db
def test_the_tiny_city_has_lower_is_better_neutral_zero_target_and_by_sex_series():
    gen.generate("tiny")
    assert set(Indicator.objects.values_list("direction", flat=True)) == set(Direction.values)
    assert Target.objects.filter(value=0, indicator__name__endswith="Budgetavvikelse").exists()
    by_sex = Outcome.objects.filter(indicator__by_sex=True, value__isnull=False)
    assert by_sex.exists() and not by_sex.filter(value_women__isnull=True).exists()
    for outcome in by_sex.filter(indicator__additive=True):
        assert outcome.value == outcome.value_women + outcome.value_men
    assert Outcome.objects.filter(forecast__isnull=False, period__kind="VB").count() == 0


@pytest.mark.django_db
def test_the_generator_is_deterministic_and_writes_no_history():
    gen.generate("tiny", seed=7)
    # exact figures of seed 7: the same seed always gives the same city
    assert Outcome.objects.aggregate(total=Sum("value"))["total"] == Decimal("218665.7")
    assert Target.objects.aggregate(total=Sum("value"))["total"] == Decimal("89162.3")
    assert Outcome.history.count() == 0 and Target.history.count() == 0 and Unit.history.count() == 0


@pytest.mark.django_db
def test_it_refuses_to_generate_the_city_twice():
    gen.generate("tiny")
    with pytest.raises(ValueError, match="Benchmarkstaden finns redan i databasen."):
        gen.generate("tiny")
    with pytest.raises(ValueError, match="Okänd skala 'huge'; välj bland stockholm, small, tiny."):
        gen.get_scale("huge")


@pytest.mark.django_db
def test_measure_counts_the_queries_of_a_step():
    measured = measure(lambda: (list(Unit.objects.all()), list(Plan.objects.all())), repeat=2)
    assert measured.queries == 2 and len(measured.runs) == 2
    assert measured.peak is not None and measured.peak > 0


def test_a_step_without_figures_prints_its_reason_in_the_table():
    lines = format_table([Row(ROW_IMPORT, problem="verksam.followup.exchange saknas")], repeat=3)
    assert lines[1].split() == ["Mätning", "Tid", "CPU", "Baslinje", "Kvot", "Minnestopp", "Frågor"]
    assert lines[3].split() == ["Excelimport", "av", "utfall", "–", "–", "–", "–", "–", "verksam.followup.exchange",
                                "saknas"]


def _clean_env(tmp_path) -> dict[str, str]:
    """This environment without Verksam's and Django's variables, data in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VERKSAM_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update({"VERKSAM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "verksam.settings"})
    return env


def test_verksam_bench_tiny_runs_end_to_end_and_prints_every_row(tmp_path):
    def bench(*args):
        result = subprocess.run([sys.executable, "-m", "verksam.cli", "bench", "--scale", "tiny", "--repeat", "1",
                                 *args], env=_clean_env(tmp_path), cwd=tmp_path, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr
        return result.stdout

    out = bench()
    assert "Genererade skala tiny (frö 2024)" in out
    for name in ROW_NAMES:
        assert f"\n{name} (" in out
    assert "Samma resultat som baslinjen: ja." in out
    assert "Antal frågor lika i stor och liten stad: ja." in out
    assert "Importen: 51 nya, 147 ändrade, 0 oförändrade." in out
    assert " fel: " not in out and "saknas" not in out
    # its own SQLite files; the demo database is never created
    assert sorted(p.name for p in (tmp_path / "bench").glob("*.sqlite3")) == [
        "verksam-bench-small.sqlite3", "verksam-bench-tiny.sqlite3"]
    assert not (tmp_path / "verksam.sqlite3").exists()

    again = bench("--reuse")
    assert "Återanvänd (--reuse), genererad " in again and "Genererade skala tiny" in again
    for name in ROW_NAMES:
        assert f"\n{name} (" in again
