"""PostgreSQL: the suite runs on it when DATABASE_URL names it (``.ci/run`` does, after SQLite)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.conftest import require_or_skip

DATABASE_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_runs_on_postgresql_when_database_url_names_it():
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL pekar inte på PostgreSQL; .ci/run kör sviten en andra gång mot PostgreSQL.")
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app = 'planning'")
        assert cursor.fetchone()[0] >= 1


@pytest.mark.postgres
def test_the_postgresql_server_of_the_ci_is_reachable():
    import psycopg

    try:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3") as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        version = None
        reason = str(error).strip()
    require_or_skip(version is not None, f"PostgreSQL på 127.0.0.1:5432 ({reason if version is None else ''})")
    assert int(version.split(".")[0]) >= 13
