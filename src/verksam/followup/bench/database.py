"""The benchmark's own SQLite databases in ``VERKSAM_DATA_DIR/bench/`` (never the demo database).

``use_sqlite(path)`` points Django's ``default`` connection at another SQLite file, with the
same options as Verksam's own SQLite set-up (WAL, synchronous NORMAL, IMMEDIATE transactions),
whatever ``DATABASE_URL`` says; the previous configuration comes back when the block ends.
Everything in the process that uses ``default`` — the ORM, the test Client, the importer —
then reads and writes the benchmark file.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections

SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
"""The options of ``verksam.settings`` for SQLite (kept equal so the figures are Verksam's)."""


def bench_dir() -> Path:
    """``VERKSAM_DATA_DIR/bench`` (``settings.DATA_DIR``), created when missing."""
    path = Path(settings.DATA_DIR) / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(scale_name: str) -> Path:
    """The SQLite file of one scale, e.g. ``var/bench/verksam-bench-stockholm.sqlite3``."""
    return bench_dir() / f"verksam-bench-{scale_name}.sqlite3"


def remove_database(path: Path) -> None:
    """Delete a benchmark SQLite file with its WAL and shared-memory files, if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def use_sqlite(path: Path):
    """Within the block, Django's ``default`` database is the SQLite file ``path``.

    The settings dict of the connection is changed in place (``connections.settings`` is the
    same object as ``settings.DATABASES``) and the open connection closed, so the next query
    opens ``path``; on exit the old values are put back and the benchmark connection closed.
    """
    config = connections.settings["default"]
    saved = dict(config)
    connections["default"].close()
    del connections["default"]
    config.update({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": dict(SQLITE_OPTIONS),
                   "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "CONN_MAX_AGE": 0})
    try:
        yield
    finally:
        connections["default"].close()
        del connections["default"]
        config.clear()
        config.update(saved)


def migrate() -> None:
    """Bring the current default database up to date, silently."""
    call_command("migrate", interactive=False, verbosity=0)
