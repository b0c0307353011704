"""``verksam bench [--scale stockholm|small|tiny] [--reuse] [--repeat N] [--seed N] [--import-rows N]``.

Generates a Stockholm-sized city in a separate SQLite file (``VERKSAM_DATA_DIR/bench/``, never
the demo database) and prints the follow-up benchmark of issue 4 — the full-city roll-up, the
board's follow-up page and the Excel import of 100 000 outcomes, each with its ratio to a
baseline measured in the same run, peak memory and queries. See ``verksam.followup.bench.run``
and ``docs/benchmarks.md``. ``make bench`` runs it with the defaults.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from verksam.followup.bench.generate import SCALES
from verksam.followup.bench.run import Options, run


class Command(BaseCommand):
    """Run the follow-up benchmark (prestandamätning av uppföljningen)."""

    help = ("Prestandamätning av uppföljningen i en genererad stad av Stockholms storlek, i en egen "
            "SQLite-fil under VERKSAM_DATA_DIR/bench/.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="stockholm",
                            help="Stadens storlek: stockholm (standard), small eller tiny (för test).")
        parser.add_argument("--reuse", action="store_true",
                            help="Återanvänd en tidigare genererad databas med samma skala och frö.")
        parser.add_argument("--repeat", type=int, default=3,
                            help="Antal körningar av sammanställningen och sidorna (medianen visas).")
        parser.add_argument("--seed", type=int, default=2024, help="Frö för slumpen (samma frö, samma stad).")
        parser.add_argument("--import-rows", type=int, default=100_000,
                            help="Antal utfallsrader i importfilen (högst vad sista året rymmer).")

    def handle(self, *args, scale: str, reuse: bool, repeat: int, seed: int, import_rows: int, **options):
        if repeat < 1 or import_rows < 1:
            raise CommandError("--repeat och --import-rows ska vara minst 1.")
        run(Options(scale=scale, reuse=reuse, repeat=repeat, seed=seed, import_rows=import_rows),
            out=self.stdout.write)
