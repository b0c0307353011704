"""Diarienummer: the current form "KS 2023/1237", the older "111-47/2016", attachments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verksam.cases.references import InvalidReference, Reference, find_references, parse_reference


def test_it_parses_the_current_form():
    assert parse_reference("KS 2023/1237") == Reference("KS", 2023, 1237, None)


def test_it_parses_an_attachment_reference():
    reference = parse_reference("KS 2023/1237-1.1")
    assert reference == Reference("KS", 2023, 1237, "1.1")
    assert reference.case == Reference("KS", 2023, 1237)
    assert str(reference) == "KS 2023/1237-1.1"


def test_it_parses_the_older_stockholm_form():
    reference = parse_reference("111-47/2016")
    assert (reference.prefix, reference.sequence, reference.year) == ("111", 47, 2016)
    assert reference.is_older_form
    assert str(reference) == "111-47/2016"


@pytest.mark.parametrize(
    "text",
    ["KS \n\n2023/1237-1.5", "Dnr KS 2023/1237-1.5", "dnr: KS\u00a02023 / 1237 - 1.5", "ks 2023/1237-1.5"],
)
def test_it_tolerates_line_breaks_labels_and_spacing(text):
    assert str(parse_reference(text)) == "KS 2023/1237-1.5"


@pytest.mark.parametrize(
    "text",
    ["", "KS", "2023/1237", "KS 2023/0", "KS 1800/12", "KS 2023/1237-", "KS 23/1237", "KS 2023/12a", "111-47"],
)
def test_it_refuses_what_is_not_a_reference_in_swedish(text):
    with pytest.raises(InvalidReference, match="inte ett giltigt diarienummer"):
        parse_reference(text)


def test_the_error_is_a_value_error_that_quotes_the_text():
    with pytest.raises(ValueError, match="KS 2023/x"):
        parse_reference("KS 2023/x")


def test_it_refuses_non_text_input():
    with pytest.raises(InvalidReference):
        parse_reference(None)


def test_it_finds_references_in_running_text():
    text = "PM Rotel I (Dnr KS 2023/1237) … dnr KS\n2023/1237-1.5 och äldre 111-47/2016, inte 2023-12-11."
    assert [str(r) for r in find_references(text)] == ["KS 2023/1237", "KS 2023/1237-1.5", "111-47/2016"]


references = st.builds(
    Reference,
    prefix=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=1, max_size=8),
    year=st.integers(min_value=1950, max_value=2100),
    sequence=st.integers(min_value=1, max_value=9_999_999),
    attachment=st.none() | st.from_regex(r"\A[1-9][0-9]{0,2}(\.[0-9]{1,3}){0,3}\Z"),
)
older_references = st.builds(
    Reference,
    prefix=st.integers(min_value=1, max_value=9999).map(str),
    year=st.integers(min_value=1950, max_value=2100),
    sequence=st.integers(min_value=1, max_value=9_999_999),
)


@given(references | older_references)
def test_str_and_parse_round_trip(reference):
    assert parse_reference(str(reference)) == reference


@given(st.text(max_size=40))
def test_any_text_gives_a_reference_or_invalid_reference(text):
    try:
        parse_reference(text)
    except InvalidReference:
        pass
