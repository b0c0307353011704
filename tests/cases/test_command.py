"""``verksam case import FILE [--json]``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from verksam.cases.importer import parse_text
from verksam.cases.models import Case

from tests.cases.case_fixtures import row_counts, fast_passwords  # noqa: F401
from tests.conftest import SEED_MEMO

REPO = Path(__file__).resolve().parents[2]


def run(*args) -> tuple[int, str, str]:
    """Run the command in-process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("case", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_with_json_prints_exactly_the_parsers_dict(city, seed_memo_text):
    code, out, err = run("import", str(SEED_MEMO), "--json")
    assert code == 0
    assert out == json.dumps(parse_text(seed_memo_text), ensure_ascii=False, indent=2) + "\n"
    assert err == ("Ärendet KS 2023/1237 ”Verksamhetsplan 2024 för kommunstyrelsen” skapat: "
                   "4 beslutspunkter, 7 bilagor, 7 yttranden.\n")
    case = Case.objects.get()
    assert (case.reference, case.source_filename) == ("KS 2023/1237", "000_af22ac8c55b35c9f.txt")


@pytest.mark.django_db
def test_importing_the_same_file_twice_keeps_the_row_counts(city, seed_memo_text):
    assert run("import", str(SEED_MEMO))[0] == 0
    before = row_counts()
    code, out, _ = run("import", str(SEED_MEMO))
    assert code == 0
    assert out == ("Ärendet KS 2023/1237 ”Verksamhetsplan 2024 för kommunstyrelsen” oförändrat: "
                   "4 beslutspunkter, 7 bilagor, 7 yttranden.\n")
    assert row_counts() == before


@pytest.mark.parametrize("name, content, message", [
    ("skrap.txt", bytes(range(256)) * 8, "Fel: skrap.txt är varken en PDF eller en textfil.\n"),
    ("tom.txt", b"", "Fel: Filen är tom – det finns ingen text att läsa in.\n"),
    ("falsk.pdf", "PM Rotel I (Dnr KS 2023/1237)\n\nRubrik\n".encode(),
     "Fel: falsk.pdf är inte en PDF-fil (filhuvudet %PDF saknas).\n"),
    ("trasig.pdf", b"%PDF-1.7\n\x00\x01 inget mer", "Fel: trasig.pdf är en skadad eller oläslig PDF-fil"),
])
@pytest.mark.django_db
def test_a_malformed_file_gives_a_swedish_error_exit_1_and_no_rows(city, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = row_counts()
    code, out, err = run("import", str(path))
    assert (code, out) == (1, "")
    assert err.startswith(message)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_text_that_is_no_memo_is_refused_in_swedish(city, tmp_path):
    path = tmp_path / "brev.txt"
    path.write_text("Hej!\n\nVi ses på fredag.\n", encoding="utf-8")
    code, _, err = run("import", str(path))
    assert code == 1
    assert err == ("Fel: Hittar inget diarienummer i dokumentets huvud (väntat t.ex. ”Dnr KS 2023/1237” "
                   "eller ”Dnr 111-47/2016” bland de första raderna).\n")
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_without_a_municipality_the_command_says_what_to_do(db, tmp_path):
    memo = tmp_path / "pm.txt"
    memo.write_text("PM Rotel I (Dnr KS 2023/1237)\n\nVerksamhetsplan 2024 för kommunstyrelsen\n\n"
                    "Förslag till beslut\n\n1. Verksamhetsplanen godkänns.\n\n"
                    "Stockholm den 10 januari 2024\n", encoding="utf-8")
    code, _, err = run("import", str(memo))
    assert code == 1
    assert err.startswith("Fel: Ingen kommun finns i databasen.")


def test_the_verksam_command_exits_with_1_on_a_junk_file(tmp_path):
    junk = tmp_path / "skrap.pdf"
    junk.write_bytes(os.urandom(2048).replace(b"%PDF-", b"xxxxx"))
    env = {**os.environ, "VERKSAM_DATA_DIR": str(tmp_path / "var")}
    done = subprocess.run([sys.executable, "-m", "verksam.cli", "case", "import", str(junk)], env=env,
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("Fel: skrap.pdf ")


@pytest.mark.django_db
def test_the_summary_uses_singular_forms_for_one(city, tmp_path):
    from tests.cases.case_fixtures import SMALL_MEMO

    path = tmp_path / "pm.txt"
    path.write_text(SMALL_MEMO, encoding="utf-8")
    code, out, _ = run("import", str(path))
    assert code == 0
    assert out == ("Ärendet KS 2023/99 ”Verksamhetsplan 2024 för kommunstyrelsen” skapat: "
                   "2 beslutspunkter, 1 bilaga, 0 yttranden.\n")
