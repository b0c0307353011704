"""Generator of a Stockholm-sized city for the benchmark (syntetisk storstad för prestandamätning).

The full scale (``SCALES["stockholm"]``) gives, per year 2020–2024:

* kommunfullmäktige (KF) at the root and 62 boards beneath it — kommunstyrelsen, 14
  stadsdelsnämnder, 25 facknämnder and 22 bolagsstyrelser — each with one förvaltning (or
  bolag), 4 avdelningar and 5 enheter per avdelning: 1 550 units beneath the boards;
* a decided KF budget with the three real inriktningsmål, 15 verksamhetsområdesmål ("1.1" …
  "3.5") and 2 KF indicators per verksamhetsområdesmål, measured for the whole city (KF);
* a decided verksamhetsplan per board with 5 nämndmål (each under a KF-mål), 2 activities per
  nämndmål and 21 indicators, each measured at all 26 units of the board's subtree:
  62 × 21 × 26 + 30 = 33 882 indicator series (indicator × unit) a year, each with an årsmål —
  so one year's three periods hold over 100 000 outcome slots (the Excel import benchmark);
* periods T1, T2 and VB — locked in the earlier years, open in the last (the year in
  progress); an outcome per series and period, of which every 25th (in generation
  order) is missing and every 100th (from the 13th) is stored without a value ("Uppgift
  saknas"); forecasts at T1 and T2; lower-is-better, neutral, zero-target and by-sex
  (kvinnor/män) indicators among them.

Everything is written with ``bulk_create`` in one transaction. This is benchmark data, not a
user's edits: it bypasses the actions (``verksam.followup.actions`` and the planning actions)
deliberately, so no permission is checked, no lock is honoured and **no history is written**.
Never run it against a database that holds real data; ``verksam bench`` runs it against a
separate SQLite file. Every generated row is marked ``is_example`` where the model has that
field. The output depends only on the scale and the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from verksam.core.models import Role, RoleAssignment
from verksam.followup.models import PERIOD_END, Outcome, OutcomeSource, Period, PeriodKind, PeriodStatus
from verksam.organisation.models import Municipality, Unit, UnitKind
from verksam.planning.models import (
    Activity, ActivityStatus, Direction, Goal, GoalLevel, Indicator, Origin, Plan, PlanKind, PlanStatus,
    Target, ToleranceKind,
)

BENCH_MUNICIPALITY_CODE = "9999"
"""Kommunkod of the generated city (not a real SCB code, so it never meets Kolada)."""
BENCH_MUNICIPALITY_NAME = "Benchmarkstad"
BENCH_USERNAME = "bench"
"""The user the benchmark's page requests log in as: administratör on KF (no password)."""

DIRECTION_GOALS = (
    "Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden.",
    "Ett grönt och fossilfritt Stockholm som leder en rättvis klimatomställning.",
    "Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla.",
)
"""Stockholm's KF inriktningsmål 2023–2024 (DESIGN "Facts to build on")."""

PERIOD_KINDS = (PeriodKind.T1, PeriodKind.T2, PeriodKind.VB)
PERIOD_SHARE = {PeriodKind.T1: Decimal(4) / 12, PeriodKind.T2: Decimal(8) / 12, PeriodKind.VB: Decimal(1)}
"""Part of the year an additive (antal, kr) outcome covers at each period."""

MISSING_EVERY = 25
"""Every 25th outcome slot (slot number ≡ 24 mod 25) has no outcome row at all."""
NO_VALUE_EVERY = 100
"""Every 100th slot (slot number ≡ 12 mod 100) has a row without a value ("Uppgift saknas")."""
NO_VALUE_AT = 12
BATCH = 20_000
"""Objects kept in memory before they are written (bounds memory at full scale)."""


@dataclass(frozen=True)
class Scale:
    """The size of the generated city.

    ``boards``: nämnder and styrelser beneath KF (the first is kommunstyrelsen);
    ``departments`` (avdelningar) per förvaltning and ``sections`` (enheter) per avdelning;
    ``board_goals`` (nämndmål) and ``indicators`` per board plan; ``kf_indicators`` per
    verksamhetsområdesmål; ``activities`` per nämndmål; ``years`` in order.
    """

    name: str
    boards: int
    departments: int
    sections: int
    board_goals: int
    indicators: int
    kf_indicators: int
    activities: int
    years: tuple[int, ...]

    @property
    def units_per_board(self) -> int:
        """Units of one board's subtree, the board included: board, förvaltning, avdelningar, enheter."""
        return 2 + self.departments + self.departments * self.sections

    @property
    def units_beneath_boards(self) -> int:
        """Förvaltningar, avdelningar and enheter of all boards."""
        return self.boards * (self.units_per_board - 1)

    @property
    def series_per_year(self) -> int:
        """Indicator series (indicator × unit) with an årsmål in one year."""
        return self.boards * self.indicators * self.units_per_board + AREAS * self.kf_indicators


AREAS_PER_DIRECTION = 5
AREAS = len(DIRECTION_GOALS) * AREAS_PER_DIRECTION

SCALES = {
    "stockholm": Scale("stockholm", boards=62, departments=4, sections=5, board_goals=5, indicators=21,
                       kf_indicators=2, activities=2, years=(2020, 2021, 2022, 2023, 2024)),
    "small": Scale("small", boards=3, departments=2, sections=2, board_goals=3, indicators=6,
                   kf_indicators=1, activities=1, years=(2023, 2024)),
    "tiny": Scale("tiny", boards=2, departments=2, sections=1, board_goals=2, indicators=3,
                  kf_indicators=1, activities=1, years=(2024,)),
}
"""Named scales: "stockholm" (the benchmark), "small" (query counts at a small size), "tiny" (tests)."""


@dataclass(frozen=True)
class _Template:
    name: str
    unit: str
    direction: str
    by_sex: bool
    additive: bool
    tolerance_kind: str
    tolerance: Decimal
    low: float
    high: float
    places: int


def _bounded(template: "_Template", value: float) -> float:
    """``value`` capped at 100 for a share in "%" (planning.plausibility: 0–100 %)."""
    return min(value, 100.0) if template.unit == "%" else value


_REL, _ABS = ToleranceKind.RELATIVE, ToleranceKind.ABSOLUTE
_HIGHER, _LOWER, _NEUTRAL = Direction.HIGHER, Direction.LOWER, Direction.NEUTRAL
TEMPLATES = (
    _Template("Andel elever med godkända betyg", "%", _HIGHER, True, False, _REL, Decimal(10), 70, 95, 1),
    _Template("Sjukfrånvaro bland medarbetarna", "%", _LOWER, True, False, _ABS, Decimal("0.5"), 4, 9, 1),
    _Template("Antal deltagare i verksamheten", "antal", _HIGHER, True, True, _REL, Decimal(10), 200, 5000, 0),
    _Template("Kostnad per invånare", "kr", _LOWER, False, False, _REL, Decimal(5), 2000, 20000, 0),
    _Template("Andel nöjda brukare", "%", _HIGHER, False, False, _REL, Decimal(10), 75, 95, 1),
    _Template("Antal inkomna synpunkter", "antal", _NEUTRAL, False, True, _REL, Decimal(10), 10, 500, 0),
    _Template("Energianvändning per kvadratmeter", "kWh/m²", _LOWER, False, False, _REL, Decimal(10), 80, 160, 1),
    _Template("Andel fossilfria fordon", "%", _HIGHER, False, False, _REL, Decimal(15), 40, 100, 1),
    _Template("Antal personer i arbete eller studier efter insats", "antal", _HIGHER, True, True, _REL,
              Decimal(10), 20, 800, 0),
    _Template("Väntetid till första insats", "dagar", _LOWER, False, False, _ABS, Decimal(3), 5, 40, 0),
    _Template("Budgetavvikelse", "% av budget", _LOWER, False, False, _ABS, Decimal(1), 0, 0, 1),
    _Template("Medarbetarindex", "index", _HIGHER, False, False, _ABS, Decimal(3), 70, 85, 0),
)
"""Indicator kinds: higher/lower-is-better, neutral, by sex, additive, a zero target (Budgetavvikelse)."""


@dataclass
class GenerationResult:
    """What :func:`generate` wrote: ``counts`` (name → rows; "series" summed over the years) and
    ``seconds`` (wall clock)."""

    scale: Scale
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        """One Swedish line, e.g. "Genererade skala stockholm (frö 2024) på 95,3 s: 1 613 enheter, …"."""
        names = {"units": "enheter", "boards": "nämnder/styrelser", "plans": "planer", "goals": "mål",
                 "activities": "aktiviteter", "indicators": "indikatorer", "series": "indikatorserier (alla år)",
                 "targets": "årsmål", "periods": "perioder", "outcomes": "utfall"}
        parts = ", ".join(f"{_thousands(self.counts[key])} {label}" for key, label in names.items())
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        return f"Genererade skala {self.scale.name} (frö {self.seed}) på {seconds} s: {parts}."


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def get_scale(scale) -> Scale:
    """The :class:`Scale` itself or the named one; ``ValueError`` naming the known scales."""
    if isinstance(scale, Scale):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"Okänd skala {scale!r}; välj bland {', '.join(SCALES)}.") from None


def is_generated() -> bool:
    """True when the current database already holds the generated city."""
    return Municipality.objects.filter(code=BENCH_MUNICIPALITY_CODE).exists()


def generate(scale="stockholm", *, seed: int = 2024, progress=None) -> GenerationResult:
    """Write the city of ``scale`` (a :class:`Scale` or a name in :data:`SCALES`) to the default database.

    ``seed`` fixes every random choice; ``progress`` (optional) is called with a Swedish line
    per step. Returns a :class:`GenerationResult` with the row counts and the seconds taken.
    Raises ``ValueError`` for an unknown scale or when the city is already there (see
    :func:`is_generated`). All or nothing: one transaction.
    """
    scale = get_scale(scale)
    if is_generated():
        raise ValueError("Benchmarkstaden finns redan i databasen.")
    started = time.perf_counter()
    builder = _Builder(scale, random.Random(seed), progress or (lambda line: None))
    with transaction.atomic():
        builder.build()
    return GenerationResult(scale, seed, builder.counts, time.perf_counter() - started)


class _Builder:
    """Holds the state of one generation run; :meth:`build` writes it all."""

    def __init__(self, scale: Scale, rng: random.Random, progress):
        self.scale, self.rng, self.progress = scale, rng, progress
        self.counts = dict.fromkeys(("units", "boards", "plans", "goals", "activities", "indicators",
                                     "series", "targets", "periods", "outcomes"), 0)
        self.slot = 0  # outcome slot number, in generation order (decides missing values)

    # -- organisation ------------------------------------------------------------------------
    def build(self) -> None:
        self.municipality = Municipality.objects.create(name=BENCH_MUNICIPALITY_NAME, code=BENCH_MUNICIPALITY_CODE,
                                                        is_example=True)
        self._units()
        self._user()
        self._periods()
        for year in self.scale.years:
            self._year(year)
            self.progress(f"{year}: {_thousands(self.counts['outcomes'])} utfall hittills")

    def _create_level(self, units: list[Unit]) -> list[Unit]:
        """Bulk-create one level of the tree and set the materialised paths from the new keys."""
        Unit.objects.bulk_create(units)
        for unit in units:
            unit.path = f"{unit.parent.path if unit.parent_id else ''}{unit.pk}/"
        Unit.objects.bulk_update(units, ["path"], batch_size=2000)
        self.counts["units"] += len(units)
        return units

    def _unit(self, parent, kind, name, short_name="", sort_order=0, prefix="") -> Unit:
        return Unit(municipality=self.municipality, parent=parent, kind=kind, name=name, short_name=short_name,
                    registry_prefix=prefix, sort_order=sort_order, is_example=True)

    def _board_names(self):
        rest = self.scale.boards - 1
        districts, companies = round(rest * 14 / 61), round(rest * 22 / 61)
        yield UnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", "KS", UnitKind.ADMINISTRATION, "Stadsledningskontoret"
        for n in range(1, districts + 1):
            yield (UnitKind.BOARD, f"Stadsdelsnämnd {n:02d}", f"SDN{n:02d}", UnitKind.ADMINISTRATION,
                   f"Stadsdelsförvaltning {n:02d}")
        for n in range(1, rest - districts - companies + 1):
            yield (UnitKind.BOARD, f"Facknämnd {n:02d}", f"FN{n:02d}", UnitKind.ADMINISTRATION,
                   f"Fackförvaltning {n:02d}")
        for n in range(1, companies + 1):
            yield UnitKind.COMPANY_BOARD, f"Bolagsstyrelse {n:02d}", f"BS{n:02d}", UnitKind.COMPANY, f"Bolag {n:02d}"

    def _units(self) -> None:
        self.kf = self._create_level([self._unit(None, UnitKind.COUNCIL, "Kommunfullmäktige", "KF", prefix="KF")])[0]
        names = list(self._board_names())
        self.boards = self._create_level([
            self._unit(self.kf, kind, name, short, index, prefix=short)
            for index, (kind, name, short, _kind, _admin) in enumerate(names)])
        self.counts["boards"] = len(self.boards)
        admins = self._create_level([
            self._unit(board, admin_kind, admin_name, sort_order=0)
            for board, (_k, _n, _s, admin_kind, admin_name) in zip(self.boards, names)])
        departments = self._create_level([
            self._unit(admin, UnitKind.DEPARTMENT, f"{board.short_name} avdelning {d}", sort_order=d)
            for board, admin in zip(self.boards, admins) for d in range(1, self.scale.departments + 1)])
        sections = self._create_level([
            self._unit(department, UnitKind.SECTION, f"{department.name.replace('avdelning', 'enhet')}.{s}",
                       sort_order=s)
            for department in departments for s in range(1, self.scale.sections + 1)])
        # Each board's subtree in tree order: board, förvaltning, avdelning 1, its enheter, avdelning 2 …
        by_parent: dict[int, list[Unit]] = {}
        for unit in departments + sections:
            by_parent.setdefault(unit.parent_id, []).append(unit)
        self.subtrees: list[list[Unit]] = []
        self.admins = admins
        for board, admin in zip(self.boards, admins):
            tree = [board, admin]
            for department in by_parent.get(admin.pk, []):
                tree.append(department)
                tree.extend(by_parent.get(department.pk, []))
            self.subtrees.append(tree)
        self.progress(f"{_thousands(self.counts['units'])} enheter")

    def _user(self) -> None:
        user, created = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        self.user = user
        RoleAssignment.objects.get_or_create(user=user, unit=self.kf, role=Role.ADMINISTRATOR)

    def _periods(self) -> None:
        last = self.scale.years[-1]
        periods = []
        for year in self.scale.years:
            for kind in PERIOD_KINDS:
                month, day = PERIOD_END[kind]
                status = PeriodStatus.OPEN if year == last else PeriodStatus.LOCKED
                periods.append(Period(municipality=self.municipality, year=year, kind=kind,
                                      as_of=dt.date(year, month, day), status=status))
        Period.objects.bulk_create(periods)
        self.periods = {(p.year, p.kind): p for p in periods}
        self.counts["periods"] = len(periods)

    # -- one plan year -----------------------------------------------------------------------
    def _year(self, year: int) -> None:
        scale, decided_on = self.scale, dt.date(year - 1, 12, 15)

        def plan(unit, kind, title, reference):
            return Plan(unit=unit, year=year, kind=kind, title=title, status=PlanStatus.DECIDED, reference=reference,
                        decided_on=decided_on, decided_by=unit if kind == PlanKind.OPERATIONAL_PLAN else self.kf,
                        decision_reference=reference, decision_point="1", is_example=True)

        budget = plan(self.kf, PlanKind.COUNCIL_BUDGET, f"Budget {year} för {BENCH_MUNICIPALITY_NAME}",
                      f"KF {year - 1}/100")
        board_plans = [plan(board, PlanKind.OPERATIONAL_PLAN, f"Verksamhetsplan {year} för {board.name}",
                            f"{board.short_name} {year - 1}/{1000 + index}")
                       for index, board in enumerate(self.boards)]
        Plan.objects.bulk_create([budget, *board_plans])
        self.counts["plans"] += 1 + len(board_plans)

        def goal(plan_, parent, level, code, title, owner, order):
            return Goal(plan=plan_, parent=parent, level=level, code=code, title=title, owner_unit=owner,
                        sort_order=order, is_example=True)

        directions = [goal(budget, None, GoalLevel.DIRECTION, str(d + 1), text, self.kf, d)
                      for d, text in enumerate(DIRECTION_GOALS)]
        Goal.objects.bulk_create(directions)
        areas = [goal(budget, direction, GoalLevel.AREA, f"{d + 1}.{a + 1}",
                      f"Verksamhetsområdesmål {d + 1}.{a + 1}", self.kf, d * AREAS_PER_DIRECTION + a)
                 for d, direction in enumerate(directions) for a in range(AREAS_PER_DIRECTION)]
        Goal.objects.bulk_create(areas)
        board_goals: list[list[Goal]] = []
        for b, (board, plan_) in enumerate(zip(self.boards, board_plans)):
            goals = []
            for g in range(scale.board_goals):
                area = areas[(b * scale.board_goals + g) % AREAS]
                goals.append(goal(plan_, area, GoalLevel.BOARD, f"{area.code}.{g + 1}",
                                  f"{board.name}: nämndmål {g + 1} under {area.code}", board, g))
            board_goals.append(goals)
        Goal.objects.bulk_create([g for goals in board_goals for g in goals])
        self.counts["goals"] += len(directions) + len(areas) + sum(map(len, board_goals))

        statuses = [ActivityStatus.DONE, ActivityStatus.DONE, ActivityStatus.ONGOING, ActivityStatus.POSTPONED,
                    ActivityStatus.PLANNED, ActivityStatus.CANCELLED]
        activities = [
            Activity(plan=plan_, goal=g, title=f"Aktivitet {n + 1} för mål {g.code}", owner_unit=admin,
                     start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), status=self.rng.choice(statuses),
                     origin=Origin.OWN, sort_order=n, is_example=True)
            for plan_, goals, admin in zip(board_plans, board_goals, self.admins)
            for g in goals for n in range(scale.activities)]
        Activity.objects.bulk_create(activities, batch_size=2000)
        self.counts["activities"] += len(activities)

        # Indicators with the units they are measured at: KF indicators for the whole city (KF),
        # board indicators at every unit of the board's subtree.
        measured: list[tuple[Indicator, _Template, list[Unit]]] = []
        for a, area in enumerate(areas):
            for k in range(scale.kf_indicators):
                template = TEMPLATES[(a + k) % len(TEMPLATES)]
                measured.append((self._indicator(budget, area, template, f"KF-indikator {area.code}.{k + 1}: ",
                                                 self.boards[0], Origin.COUNCIL, k), template, [self.kf]))
        for b, (plan_, goals, tree) in enumerate(zip(board_plans, board_goals, self.subtrees)):
            for i in range(scale.indicators):
                template = TEMPLATES[(b + i) % len(TEMPLATES)]
                measured.append((self._indicator(plan_, goals[i % len(goals)], template, f"{i + 1}. ", tree[0],
                                                 Origin.OWN, i), template, tree))
        Indicator.objects.bulk_create([indicator for indicator, _t, _u in measured], batch_size=2000)
        self.counts["indicators"] += len(measured)
        self._targets_and_outcomes(year, measured)

    def _indicator(self, plan_, goal_, template: _Template, prefix: str, responsible, origin, order) -> Indicator:
        return Indicator(plan=plan_, goal=goal_, name=f"{prefix}{template.name}", unit_of_measure=template.unit,
                         direction=template.direction, by_sex=template.by_sex, additive=template.additive,
                         responsible_unit=responsible, origin=origin, tolerance_kind=template.tolerance_kind,
                         tolerance=template.tolerance, sort_order=order, is_example=True,
                         periodicity="tertial")

    def _number(self, value: float, places: int) -> Decimal:
        return Decimal(f"{value:.{places}f}")

    def _targets_and_outcomes(self, year: int, measured) -> None:
        rng, targets, outcomes = self.rng, [], []
        periods = [self.periods[(year, kind)] for kind in PERIOD_KINDS]
        for indicator, template, units in measured:
            for unit in units:
                target_value = rng.uniform(template.low, template.high)
                target = Target(plan_id=indicator.plan_id, indicator=indicator, unit=unit, year=year,
                                value=self._number(target_value, template.places),
                                decision_reference=f"{indicator.plan.reference}, punkt 1", is_example=True)
                if template.by_sex:
                    target.value_women, target.value_men = self._split(target.value, template)
                if target_value and rng.random() < 0.5:
                    start = target_value * (0.9 if template.direction != _LOWER else 1.1)
                    target.baseline = self._number(start, template.places)
                targets.append(target)
                for period in periods:
                    outcome = self._outcome(indicator, template, unit, period, target_value)
                    if outcome is not None:
                        outcomes.append(outcome)
                if len(outcomes) >= BATCH:
                    self._flush(targets, outcomes)
                    targets, outcomes = [], []
        self._flush(targets, outcomes)
        self.counts["series"] += sum(len(units) for _i, _t, units in measured)

    def _split(self, total: Decimal, template: _Template) -> tuple[Decimal, Decimal]:
        """Kvinnor and män: for additive indicators they sum to ``total``; otherwise both near it."""
        if template.additive:
            women = self._number(float(total) * self.rng.uniform(0.4, 0.6), template.places)
            return women, total - women
        return tuple(self._number(_bounded(template, max(float(total) * (1 + self.rng.gauss(0, 0.05)), 0)),
                                  template.places)
                     for _ in range(2))

    def _outcome(self, indicator, template: _Template, unit, period, target_value: float) -> Outcome | None:
        slot, self.slot = self.slot, self.slot + 1
        if slot % MISSING_EVERY == MISSING_EVERY - 1:
            return None
        outcome = Outcome(indicator=indicator, unit=unit, period=period, as_of=period.as_of, is_example=True,
                          entered_by=self.user,
                          source=OutcomeSource.IMPORT if slot % 10 == 3 else OutcomeSource.MANUAL)
        if slot % NO_VALUE_EVERY == NO_VALUE_AT:
            outcome.comment = "Uppgift saknas för perioden."
            return outcome
        rng = self.rng
        full_year = (target_value * (1 + rng.gauss(0, 0.1)) if target_value
                     else rng.gauss(0, 1.5))  # zero target: spread in the indicator's own unit
        if template.low >= 0 and target_value:
            full_year = max(full_year, 0)
        share = PERIOD_SHARE[period.kind] if template.additive else 1
        outcome.value = self._number(_bounded(template, full_year * float(share)), template.places)
        if template.by_sex:
            outcome.value_women, outcome.value_men = self._split(outcome.value, template)
        if period.kind != PeriodKind.VB and rng.random() < 0.8:
            outcome.forecast = self._number(_bounded(template, full_year * (1 + rng.gauss(0, 0.03))), template.places)
        return outcome

    def _flush(self, targets: list[Target], outcomes: list[Outcome]) -> None:
        Target.objects.bulk_create(targets, batch_size=2000)
        Outcome.objects.bulk_create(outcomes, batch_size=2000)
        self.counts["targets"] += len(targets)
        self.counts["outcomes"] += len(outcomes)
