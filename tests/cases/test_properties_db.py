"""Property: any text through the DB importer yields a case or a clear Swedish error — never a
crash, never a partial write."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from verksam.cases.importer import CaseImportError, import_case, parse_text
from verksam.cases.models import Case

from tests.cases.case_fixtures import SMALL_MEMO, fast_passwords, row_counts  # noqa: F401
from tests.conftest import SEED_MEMO

SWEDISH_HINTS = ("är", "inte", "saknas", "Hittar", "ska", "för", "kan", "Fältet", "Dokumentet", "Ärendet", "Filen")
SMALL_LINES = SMALL_MEMO.splitlines()
SEED_LINES = SEED_MEMO.read_text(encoding="utf-8").splitlines() if SEED_MEMO.exists() else SMALL_LINES

settings_db = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(municipality, text: str) -> None:
    """Import ``text``; assert a case or a Swedish error with nothing written."""
    before = row_counts()
    try:
        result = import_case(parse_text(text), municipality=municipality, source_text=text)
    except CaseImportError as error:
        message = str(error.message)
        assert message and any(hint in message for hint in SWEDISH_HINTS), message
        assert row_counts() == before
    else:
        assert Case.objects.filter(pk=result.case.pk, reference=result.case.reference).exists()


def _apply(lines: list[str], edits) -> str:
    lines = list(lines)
    for position, op, noise in edits:
        index = position % max(len(lines), 1)
        if not lines:
            lines = [noise]
        elif op == "drop":
            del lines[index]
        elif op == "twice":
            lines.insert(index, lines[index])
        else:
            lines[index] = noise
    return "\n".join(lines)


def mutated(lines: list[str]):
    """A memo with up to 25 lines dropped, duplicated or replaced by random text."""
    edit = st.tuples(st.integers(min_value=0, max_value=len(lines) - 1), st.sampled_from(["drop", "twice", "noise"]),
                     st.text(max_size=40))
    return st.lists(edit, max_size=25).map(lambda edits: _apply(lines, edits))


@pytest.mark.django_db
@settings_db
@given(text=st.text(max_size=400))
def test_any_text_gives_a_case_or_a_swedish_error_and_no_rows(city, text):
    check(city.municipality, text)


@pytest.mark.django_db
@settings_db
@given(body=st.text(max_size=300), reference=st.sampled_from(["KS 2023/1237", "111-47/2016", "KS 2023/12-1.1",
                                                              "ks 1800/1", "X 2023/0"]))
def test_a_memo_head_with_random_text_gives_a_case_or_a_swedish_error(city, body, reference):
    check(city.municipality, f"PM Rotel I (Dnr {reference})\n\n{body}\n\nFörslag till beslut\n\n1. {body}\n")


@pytest.mark.django_db
@settings_db
@given(text=mutated(SMALL_LINES))
def test_a_damaged_small_memo_gives_a_case_or_a_swedish_error(city, text):
    check(city.municipality, text)


@pytest.mark.django_db
@settings_db
@given(text=mutated(SEED_LINES))
def test_a_damaged_seed_memo_gives_a_case_or_a_swedish_error(city, text):
    check(city.municipality, text)
