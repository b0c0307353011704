"""The follow-up benchmark of issue 4 (``verksam bench``, ``make bench``).

Each step is timed against a baseline measured in the same run, in the same process and
database, and printed as a table (name, time, baseline time, ratio = time / baseline, peak
memory, queries):

1. **Sammanställning av hela staden** — ``verksam.followup.queries_rollup.rollup(period)``:
   every goal proposal and indicator verdict of the city for the last year's VB. Baseline:
   ``rollup_naive(period)``, the same computation read by a per-object ORM loop. Both results
   are compared (they must be equal). The aim is under 2 s on SQLite.
2. **The board's follow-up pages** — for kommunstyrelsen in that period: the entry page
   (*Nämndens registreringssida*, ``followup:entry``), the assessment page (*Nämndens
   bedömningssida*, ``followup_rollup:unit_assessments``) and the roll-up of every KF goal over
   all boards (*Sammanställningssidan för KF-målen*, ``followup_rollup:kf_rollup``), each fetched
   with Django's test Client in-process as the bench user (administratör on KF). Baseline: a
   bare view returning a small ``HttpResponse`` through the same Client and middleware
   (``verksam.followup.bench.urls``). Each page's queries are also counted in the small city
   (scale "small"): the two counts must be equal.
3. **Excelimport av utfall** — ``verksam.followup.exchange.importer.import_file`` of an XLSX
   with 100 000 outcome rows of the last year (the exporter's own file, ``export.outcome_rows``
   and ``write_xlsx``, with every value changed so every row is written). Baseline: openpyxl
   reading the same bytes in read-only mode without writing anything (ratio = import / plain
   read). Run once: it changes the database.

The city lives in ``VERKSAM_DATA_DIR/bench/verksam-bench-<scale>.sqlite3`` — never the demo
database — created fresh, or reused with ``reuse=True`` when it was generated with the same
scale and seed. Requests and steps run with ``DEBUG`` off (no query log). A step whose code is
missing or fails is printed with the reason instead of figures; the others still run.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from verksam.followup.bench.database import database_path, migrate, remove_database, use_sqlite
from verksam.followup.bench.generate import (
    BENCH_MUNICIPALITY_CODE, BENCH_USERNAME, SCALES, Scale, generate, get_scale,
)
from verksam.followup.bench.measure import Measurement, measure
from verksam.followup.models import Period, PeriodKind
from verksam.organisation.models import Municipality, Unit, UnitKind

ROW_ROLLUP = "Sammanställning av hela staden"
ROW_ENTRY_PAGE = "Nämndens registreringssida"
ROW_ASSESSMENT_PAGE = "Nämndens bedömningssida"
ROW_KF_PAGE = "Sammanställningssidan för KF-målen"
ROW_IMPORT = "Excelimport av utfall"
ROW_NAMES = (ROW_ROLLUP, ROW_ENTRY_PAGE, ROW_ASSESSMENT_PAGE, ROW_KF_PAGE, ROW_IMPORT)
"""The rows of the table, in order (the test checks each is printed)."""

ROLLUP_AIM_SECONDS = 2.0
"""Issue 4: the full-city roll-up under 2 s on SQLite on a 2-core machine."""
BENCH_URLCONF = "verksam.followup.bench.urls"
SMALL_SCALE = "small"
GENERATOR_VERSION = 2
"""Bumped when the generator's output changes, so ``--reuse`` regenerates an old file."""


@dataclass
class Row:
    """One line of the table: the step and its baseline (``Measurement`` or ``None``), the
    ``queries`` text, Swedish ``notes`` printed beneath the table and ``problem`` — why the step
    has no figures (its code is missing or it failed)."""

    name: str
    subject: str = ""
    measured: Measurement | None = None
    baseline: Measurement | None = None
    baseline_name: str = ""
    queries: str = ""
    notes: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def ratio(self) -> float | None:
        """Time / baseline time, or ``None`` without both."""
        if self.measured is None or self.baseline is None or not self.baseline.seconds:
            return None
        return self.measured.seconds / self.baseline.seconds


@dataclass
class City:
    """The generated city in the current database: KF, the measured board (kommunstyrelsen),
    the bench user and the measured period (VB of the last year)."""

    municipality: Municipality
    kf: Unit
    board: Unit
    user: object
    period: Period


def load_city() -> City:
    """The generated city of the current database (``Municipality.DoesNotExist`` without one)."""
    municipality = Municipality.objects.get(code=BENCH_MUNICIPALITY_CODE)
    units = Unit.objects.filter(municipality=municipality)
    period = Period.objects.filter(municipality=municipality, kind=PeriodKind.VB).order_by("-year").first()
    return City(municipality=municipality, kf=units.get(kind=UnitKind.COUNCIL),
                board=units.get(kind=UnitKind.EXECUTIVE_BOARD),
                user=get_user_model().objects.get(username=BENCH_USERNAME), period=period)


@dataclass
class Prepared:
    """The database of one scale: ``meta`` as written at generation (scale, seed, counts,
    seconds, generated_at) and whether it was ``reused``."""

    meta: dict
    reused: bool


def prepare(scale: Scale, *, seed: int, reuse: bool, progress: Callable[[str], None]) -> Prepared:
    """Within ``use_sqlite(database_path(scale.name))``: migrate and, unless a matching city can
    be reused, empty the file and generate the city. Returns what was generated."""
    meta_path = database_path(scale.name).with_suffix(".json")
    wanted = {"scale": asdict(scale), "seed": seed, "version": GENERATOR_VERSION}
    if reuse and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if {key: meta.get(key) for key in wanted} == json.loads(json.dumps(wanted)):
            migrate()
            if Municipality.objects.filter(code=BENCH_MUNICIPALITY_CODE).exists():
                return Prepared(meta, True)
    return _generate_fresh(scale, seed, wanted, progress)


def _generate_fresh(scale: Scale, seed: int, wanted: dict, progress) -> Prepared:
    from django.db import connections

    path = database_path(scale.name)
    connections["default"].close()
    remove_database(path)
    migrate()
    result = generate(scale, seed=seed, progress=progress)
    meta = {**wanted, "counts": result.counts, "seconds": result.seconds, "summary": result.summary(),
            "generated_at": timezone.localtime().isoformat(timespec="minutes")}
    path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return Prepared(meta, False)


# --- 1. The roll-up -------------------------------------------------------------------------------

def bench_rollup(city: City, *, repeat: int) -> Row:
    """Row 1: ``rollup(period)`` against ``rollup_naive(period)`` (see the module docstring)."""
    row = Row(ROW_ROLLUP, subject=str(city.period), baseline_name="rollup_naive (ORM-slinga per objekt)")
    try:
        from verksam.followup.queries_rollup import rollup, rollup_naive
    except ImportError as err:
        row.problem = f"verksam.followup.queries_rollup saknas ({err})"
        return row
    row.measured = measure(lambda: rollup(city.period), repeat=repeat)
    row.baseline = measure(lambda: rollup_naive(city.period), repeat=1)
    fast, naive = row.measured.result, row.baseline.result
    row.queries = f"{_int(row.measured.queries)} (baslinjen {_int(row.baseline.queries)})"
    row.notes.append(f"{_int(len(fast.goals))} målförslag (mål × enhet) och {_int(len(fast.indicators))} "
                     f"indikatorserier bedömda; regel {fast.rule_id}.")
    same = fast.goals == naive.goals and fast.indicators == naive.indicators
    row.notes.append("Samma resultat som baslinjen: " + ("ja." if same else "NEJ — resultaten skiljer sig!"))
    met = row.measured.seconds < ROLLUP_AIM_SECONDS
    row.notes.append(f"Målet under {_num(ROLLUP_AIM_SECONDS, 0)} s på SQLite: "
                     + ("uppnått." if met else "EJ uppnått."))
    return row


# --- 2. The board's follow-up page ----------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """A page to measure: its row ``name``, ``url_name``, the URL ``args`` for a city and
    whether it shows the ``whole_city`` (else the board)."""

    name: str
    url_name: str
    args: Callable[[City], list]
    whole_city: bool = False


PAGES = (
    Page(ROW_ENTRY_PAGE, "followup:entry", lambda city: [city.period.year, city.period.kind.lower(), city.board.pk]),
    Page(ROW_ASSESSMENT_PAGE, "followup_rollup:unit_assessments", lambda city: [city.period.pk, city.board.pk]),
    Page(ROW_KF_PAGE, "followup_rollup:kf_rollup", lambda city: [city.period.pk], whole_city=True),
)
"""The follow-up pages measured, as kommunstyrelsen's controller sees them: the entry page and
the assessment page of the board, and the roll-up of every KF goal over all boards (KS's view)."""


def _client(city: City) -> Client:
    client = Client()
    client.force_login(city.user)
    return client


def _getter(client: Client, url: str):
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} svarade {response.status_code}")
        return response
    return get


def page_queries(page: Page, city: City) -> int:
    """The queries of one request of ``page`` (after a warm-up request)."""
    get = _getter(_client(city), reverse(page.url_name, args=page.args(city)))
    get()
    return measure(get).queries


def bench_page(page: Page, city: City, *, repeat: int, small_queries: int | None) -> Row:
    """Row 2: the page against the bare view; queries here and in the small city."""
    scope = "alla nämnder" if page.whole_city else (city.board.short_name or city.board.name)
    row = Row(page.name, subject=f"{scope}, {city.period}",
              baseline_name="bar Django-vy (HttpResponse) genom samma klient")
    try:
        url = reverse(page.url_name, args=page.args(city))
    except NoReverseMatch:
        row.problem = f"sidan {page.url_name} finns inte"
        return row
    client = _client(city)
    get_page, get_bare = _getter(client, url), _getter(client, reverse("bench_bare_view"))
    get_page(), get_bare()  # warm-up: templates compiled, URL resolvers filled
    row.measured = measure(get_page, repeat=repeat)
    row.baseline = measure(get_bare, repeat=repeat)
    here = row.measured.queries
    row.queries = f"{here} (liten stad: {'–' if small_queries is None else small_queries})"
    size = len(row.measured.result.content)
    row.notes.append(f"URL {url}; svar {_int(size)} byte.")
    if small_queries is not None:
        row.notes.append("Antal frågor lika i stor och liten stad: "
                         + ("ja." if here == small_queries else f"NEJ ({here} mot {small_queries})!"))
    return row


# --- 3. The Excel import -----------------------------------------------------------------------------

def import_file_bytes(city: City, rows_wanted: int) -> tuple[bytes, int]:
    """An XLSX "Utfall" sheet from the exporter with the first ``rows_wanted`` rows of the last
    year's periods (whole city), every value changed: +1 on Utfall (and on Kvinnor when given,
    so an additive total stays kvinnor + män; −1 from 99 up), 1 where it was blank. Returns (bytes, rows)."""
    from verksam.followup.exchange.columns import OUTCOME_COLUMNS, OUTCOME_SHEET
    from verksam.followup.exchange.export import outcome_rows, write_xlsx

    periods = Period.objects.filter(municipality=city.municipality, year=city.period.year)
    rows = outcome_rows(city.kf, periods)[:rows_wanted]
    fields = [column.field for column in OUTCOME_COLUMNS]
    value, women = fields.index("value"), fields.index("value_women")
    for row in rows:
        # −1 near the top so a share in % stays within 0–100 (planning.plausibility); the same
        # step on Kvinnor keeps an additive total equal to kvinnor + män
        step = -1 if max(row[value] or 0, row[women] or 0) >= 99 else 1
        row[value] = Decimal(1) if row[value] is None else row[value] + step
        if row[women] is not None:
            row[women] += step
    return write_xlsx({OUTCOME_SHEET: (OUTCOME_COLUMNS, rows)}), len(rows)


def read_plain(data: bytes) -> int:
    """The import baseline: openpyxl reads every cell of every sheet (read-only), writes nothing.
    Returns the number of rows read."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for sheet in workbook.worksheets:
        for _values in sheet.iter_rows(values_only=True):
            count += 1
    workbook.close()
    return count


def bench_import(city: City, *, rows_wanted: int) -> Row:
    """Row 3: ``import_file`` of ``rows_wanted`` changed outcomes against a plain openpyxl read."""
    row = Row(ROW_IMPORT, baseline_name="openpyxl läser samma fil (read-only) utan att skriva")
    try:
        from verksam.followup.exchange.importer import ImportRefused, import_file
    except ImportError as err:
        row.problem = f"verksam.followup.exchange saknas ({err})"
        return row
    started = time.perf_counter()
    data, count = import_file_bytes(city, rows_wanted)
    row.subject = f"{_int(count)} utfall, {city.period.year}"
    row.notes.append(f"Filen ({_int(len(data))} byte) skapades med exporten på {_num(time.perf_counter() - started)} s "
                     "(ingår inte i tiden).")
    row.baseline = measure(lambda: read_plain(data))
    try:
        row.measured = measure(lambda: import_file(data, filename="bench-utfall.xlsx", acting_user=city.user))
    except ImportRefused as err:
        row.problem = "importen avvisades: " + "; ".join(str(e) for e in err.errors[:3])
        return row
    row.queries = _int(row.measured.queries)
    row.notes.append(f"Importen: {row.measured.result.text}.")
    return row


# --- The run ---------------------------------------------------------------------------------------

@dataclass
class Options:
    """``scale`` (name in ``SCALES``), ``reuse`` an earlier database, ``repeat`` (runs of the
    repeatable steps; the median is shown), ``seed``, ``import_rows`` (rows in the import file,
    at most what the last year holds)."""

    scale: str = "stockholm"
    reuse: bool = False
    repeat: int = 3
    seed: int = 2024
    import_rows: int = 100_000


def run(options: Options, out: Callable[[str], None] = print) -> list[Row]:
    """Run every benchmark and print the table with ``out`` (one call per line). Returns the rows.
    Raises ``ValueError`` for an unknown scale."""
    scale = get_scale(options.scale)
    small = SCALES[SMALL_SCALE]
    with override_settings(DEBUG=False, ROOT_URLCONF=BENCH_URLCONF):
        small_queries: dict[str, int | None] = {}
        with use_sqlite(database_path(small.name)):
            prepare(small, seed=options.seed, reuse=True, progress=lambda line: None)
            small_city = load_city()
            for page in PAGES:
                try:
                    small_queries[page.name] = page_queries(page, small_city)
                except Exception:  # noqa: BLE001 - the page's own row reports the failure
                    small_queries[page.name] = None
        with use_sqlite(database_path(scale.name)):
            out(f"Benchmark skala {scale.name}: databas {database_path(scale.name)}")
            prepared = prepare(scale, seed=options.seed, reuse=options.reuse, progress=lambda line: out("  " + line))
            out(("Återanvänd (--reuse), genererad " + prepared.meta["generated_at"] + ": " if prepared.reused else "")
                + prepared.meta["summary"])
            city = load_city()
            steps = [(ROW_ROLLUP, lambda: bench_rollup(city, repeat=options.repeat))]
            steps += [(page.name, lambda page=page: bench_page(
                page, city, repeat=options.repeat, small_queries=small_queries.get(page.name))) for page in PAGES]
            steps.append((ROW_IMPORT, lambda: bench_import(city, rows_wanted=options.import_rows)))
            rows = []
            for name, step in steps:
                started = time.perf_counter()
                rows.append(_guarded(name, step))
                out(f"  {name}: mätt på {_num(time.perf_counter() - started)} s")
    for line in format_table(rows, repeat=options.repeat):
        out(line)
    return rows


def _guarded(name: str, step: Callable[[], Row]) -> Row:
    """Run one benchmark; an exception becomes the row's problem instead of ending the run."""
    try:
        return step()
    except Exception as err:  # noqa: BLE001 - report any failure of one step and carry on
        return Row(name, problem=f"fel: {type(err).__name__}: {err}")


def format_table(rows: list[Row], *, repeat: int) -> list[str]:
    """The table and the notes as lines of text."""
    header = ("Mätning", "Tid", "CPU", "Baslinje", "Kvot", "Minnestopp", "Frågor")
    lines = [header]
    for row in rows:
        name = f"{row.name} ({row.subject})" if row.subject else row.name
        if row.problem or row.measured is None:
            lines.append((name, "–", "–", "–", "–", "–", row.problem or "ej mätt"))
            continue
        baseline = row.baseline
        lines.append((name, _seconds(row.measured.seconds), _seconds(row.measured.cpu),
                      _seconds(baseline.seconds) if baseline else "–",
                      _ratio(row.ratio), _memory(row.measured), row.queries))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [""]
    for line in lines:
        cells = [cell.ljust(width) if i == 0 else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(line, widths))]
        text.append("  ".join(cells).rstrip())
    text.insert(2, "-" * len(text[1]))
    text.append("")
    text.append(f"Tid: median av {repeat} körningar för sammanställningen och sidorna, en körning för "
                "baslinjen rollup_naive och för importen och dess baslinje. Tid är väggklocka, CPU processens "
                "processortid. Kvot = tid / baslinjens tid. "
                "Minnestopp: processens högsta RSS under steget (ökning inom parentes).")
    for row in rows:
        if row.problem:
            continue
        text.append(f"{row.name}:")
        if row.baseline is not None:
            text.append(f"  Baslinje: {row.baseline_name} — {_seconds(row.baseline.seconds)} "
                        f"(CPU {_seconds(row.baseline.cpu)}), "
                        f"minnestopp {_memory(row.baseline)}, {_int(row.baseline.queries)} frågor.")
        text.extend(f"  {note}" for note in row.notes)
    return text


# --- Formatting (Swedish: decimal comma, thin groups) -----------------------------------------------

def _int(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _num(number: float, places: int = 1) -> str:
    return f"{number:,.{places}f}".replace(",", "\u00a0").replace(".", ",")


def _seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{_num(seconds * 1000, 1)} ms"
    return f"{_num(seconds, 2)} s"


def _ratio(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    return f"{_num(ratio, 3 if ratio < 0.1 else 2)}×"


def _memory(measured: Measurement) -> str:
    if measured.peak is None:
        return "–"
    mib = measured.peak / 2**20
    growth = f" (+{_num(measured.growth / 2**20, 0)})" if measured.growth is not None else ""
    return f"{_num(mib, 0)} MiB{growth}" if measured.per_step else f"≤ {_num(mib, 0)} MiB"
