"""Benchmark (prestandamätning) of the follow-up at the size of Stockholm.

* :mod:`.generate` — a seeded generator of a Stockholm-sized city (≥ 60 nämnder/styrelser,
  ≥ 1 500 units beneath them, ≥ 30 000 indicator series a year, 5 years × T1/T2/VB) written
  with ``bulk_create``: benchmark data, not user edits, so it bypasses the actions on purpose
  and writes no history.
* :mod:`.database` — points Django's default connection at a separate SQLite file in
  ``VERKSAM_DATA_DIR/bench/`` (never the demo database).
* :mod:`.measure` — timing, peak memory and query counting of one step.
* :mod:`.run` — the benchmarks of issue 4 (roll-up, board follow-up page, Excel import), each
  against a baseline measured in the same run; ``verksam bench`` / ``make bench``.

See ``docs/benchmarks.md``.
"""
