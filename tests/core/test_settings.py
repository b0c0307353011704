"""Settings from the environment: production settings pass ``check --deploy``; DATABASE_URL
selects PostgreSQL, its absence SQLite in WAL mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PRINT_DATABASE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({k: str(db.get(k, '')) for k in ('ENGINE', 'NAME', 'HOST', 'PORT', 'USER')} "
    "| {'INIT': db.get('OPTIONS', {}).get('init_command', '')}))"
)


def clean_env(env: dict[str, str], tmp_path) -> dict[str, str]:
    """This process's environment without Verksam's and Django's variables (other tests may have
    set e.g. DJANGO_ALLOW_ASYNC_UNSAFE), plus ``env``."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("VERKSAM_", "DJANGO_")) and k != "DATABASE_URL"}
    base.update({"VERKSAM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "verksam.settings", **env})
    return base


def run_verksam(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """Run ``python -m verksam.cli ARGS`` (the ``verksam`` command) in a clean environment."""
    return subprocess.run([sys.executable, "-m", "verksam.cli", *args], env=clean_env(env, tmp_path),
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


def database_settings(env: dict[str, str], tmp_path) -> dict:
    result = subprocess.run([sys.executable, "-c", PRINT_DATABASE], env=clean_env(env, tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


PRODUCTION = {
    "VERKSAM_DEBUG": "0",
    "VERKSAM_SECRET_KEY": "p9Xk2vQ7rT4wZ1mN8bL5cH3jF6gD0sA-yU_eR7tI9oP2qW4xC6vB8nM1kJ3hG5fD7sA",
    "VERKSAM_ALLOWED_HOSTS": "verksam.example.se",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_verksam(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_refuse_a_missing_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "VERKSAM_SECRET_KEY"}
    result = run_verksam(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "VERKSAM_SECRET_KEY måste sättas när VERKSAM_DEBUG=0." in result.stderr


def test_database_url_selects_postgresql(tmp_path):
    db = database_settings({"DATABASE_URL": "postgres://verksam@db.example.se:5433/verksam_prod"}, tmp_path)
    assert (db["ENGINE"], db["NAME"], db["HOST"], db["PORT"], db["USER"]) == (
        "django.db.backends.postgresql", "verksam_prod", "db.example.se", "5433", "verksam")


def test_without_database_url_it_uses_sqlite_in_wal_mode_in_the_data_dir(tmp_path):
    db = database_settings({}, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "verksam.sqlite3")
    assert "PRAGMA journal_mode=WAL" in db["INIT"]
