"""Property-based tests: any text yields a ParsedCase or a Swedish MemoParseError — never
another exception. Inputs: random Unicode, recombinations of the seed's lines, truncations
and line deletions of the seed (skipped without the seed, failing under VERKSAM_REQUIRE_ALL=1).

``parse_memo`` has a last-resort net that turns unexpected errors into MemoParseError; these
tests also call the unguarded ``_parse`` so that a real bug is still found.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verksam.cases.memo_parser import MemoParseError, ParsedCase, _parse, parse_memo
from verksam.cases.memo_statements import STANCES, STATEMENT_KINDS

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_af22ac8c55b35c9f.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
SEED_LINES = SEED_TEXT.split("\n") if SEED_TEXT else ["PM Rotel I (Dnr KS 2023/1237)"]
HEADER = "PM Rotel I (Dnr KS 2023/1237)"

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def require_seed() -> None:
    if not SEED_TEXT:
        message = f"Seed-memot saknas: {SEED}"
        if os.environ.get("VERKSAM_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)


def check_contract(text: str) -> None:
    """Both the public function and the unguarded core give a case or MemoParseError."""
    for parse in (_parse, parse_memo):
        try:
            case = parse(text)
        except MemoParseError as error:
            assert str(error).strip(), "the error must carry a message"
            continue
        check_case(case)


def check_case(case: ParsedCase) -> None:
    data = json.loads(json.dumps(case.to_json(), ensure_ascii=False))
    assert data["reference"] and data["title"]
    assert data["kind"] in ("PM", "tjänsteutlåtande", "utlåtande", "protokollsutdrag")
    assert [p["number"] for p in data["proposals"]] == list(range(1, len(data["proposals"]) + 1))
    assert [a["number"] for a in data["attachments"]] == list(range(1, len(data["attachments"]) + 1))
    for index, statement in enumerate(data["statements"]):
        assert statement["kind"] in STATEMENT_KINDS
        assert statement["stance"] in (*STANCES, None)
        assert statement["same_as"] is None or 0 <= statement["same_as"] < index
        assert all(person["name"] for person in statement["persons"])


memo_alphabet = st.characters(blacklist_categories=("Cs",))
seed_line = st.sampled_from(SEED_LINES)
debris_line = st.sampled_from(
    ["", " ", "\f", "1.", "1. ", "2. Att", "• ", "•", "Reservation av", "Reservation av (M)",
     "Kommunstyrelsen", "Bilagor", "Förslag till beslut", "Föredragande borgarrådet",
     "Stockholm den 31 februari 2024", "dnr KS", "2023/1237-1.5", "likalydande med",
     "Ärendet", "Sammanfattning av ärendet", "it-", "\u00ad", "– ", "(båda M)", "746,2 mnkr",
     "1,234.5 mnkr", "9" * 40 + " kr", "Dnr KS 9999/1", "Särskilt uttalande görs av"]
)


@PROPERTY_SETTINGS
@given(st.text(alphabet=memo_alphabet, max_size=2000))
def test_random_unicode_gives_a_case_or_a_swedish_error(text):
    check_contract(text)


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(seed_line, debris_line, st.text(alphabet=memo_alphabet, max_size=40)), max_size=80))
def test_a_valid_header_followed_by_any_lines_gives_a_case_or_a_swedish_error(lines):
    check_contract("\n".join([HEADER, *lines]))


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(seed_line, debris_line), max_size=200), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_recombined_seed_lines_give_a_case_or_a_swedish_error(lines, separator):
    require_seed()
    check_contract(separator.join(lines))


@PROPERTY_SETTINGS
@given(st.integers(min_value=0, max_value=max(len(SEED_TEXT), 1)), st.booleans())
def test_truncations_of_the_seed_give_a_case_or_a_swedish_error(cut, keep_head):
    require_seed()
    check_contract(SEED_TEXT[:cut] if keep_head else SEED_TEXT[cut:])


@PROPERTY_SETTINGS
@given(st.sets(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), max_size=300))
def test_the_seed_with_lines_deleted_gives_a_case_or_a_swedish_error(deleted):
    require_seed()
    check_contract("\n".join(line for index, line in enumerate(SEED_LINES) if index not in deleted))


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(SEED_LINES[:200] or [HEADER]), min_size=1, max_size=300))
def test_shuffled_seed_lines_after_the_header_give_a_case_or_a_swedish_error(lines):
    require_seed()
    check_contract("\n\n".join([SEED_LINES[0], *lines]))


@pytest.mark.parametrize("value", [None, 42, b"\xff\xfe", b"PM Rotel I (Dnr KS 2023/1237)\n\nTitel\n", ["PM"]])
def test_non_text_input_gives_a_case_or_a_swedish_error(value):
    try:
        case = parse_memo(value)
    except MemoParseError:
        return
    check_case(case)
