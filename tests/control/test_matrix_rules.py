"""Risk scores and colour bands in the default 4 × 4 matrix, and matrix validation (pure rules)."""

from __future__ import annotations

import pytest

from verksam.control.rules import MatrixError, MatrixSpec, band, cells, check_cell_mapping, check_matrix, score

DEFAULT = MatrixSpec()


def test_the_default_matrix_has_the_common_swedish_labels():
    assert [level["label"] for level in DEFAULT.likelihood_scale] == [
        "osannolik", "mindre sannolik", "möjlig", "sannolik"]
    assert [level["label"] for level in DEFAULT.consequence_scale] == [
        "försumbar", "lindrig", "kännbar", "allvarlig"]
    assert len(cells(DEFAULT)) == 16


@pytest.mark.parametrize("likelihood, consequence, expected_score, expected_band, colour_name", [
    (1, 1, 1, "låg", "grön"),
    (1, 3, 3, "låg", "grön"),
    (2, 2, 4, "medel", "gul"),
    (2, 4, 8, "medel", "gul"),
    (3, 3, 9, "hög", "röd"),
    (3, 4, 12, "hög", "röd"),
    (4, 4, 16, "hög", "röd"),
])
def test_score_is_likelihood_times_consequence_and_falls_in_its_band(likelihood, consequence, expected_score,
                                                                     expected_band, colour_name):
    value = score(likelihood, consequence, DEFAULT)
    assert value == expected_score
    found = band(value, DEFAULT)
    assert (found.label, found.colour_name) == (expected_band, colour_name)


def test_three_by_four_is_twelve_and_high_red():
    found = band(score(3, 4, DEFAULT), DEFAULT)
    assert (found.label, found.colour, found.colour_name, found.low, found.high) == ("hög", "#c62828", "röd", 9, 16)


@pytest.mark.parametrize("likelihood, consequence, field, message", [
    (5, 1, "likelihood", "Sannolikheten 5 ligger utanför matrisen (1–4)."),
    (0, 1, "likelihood", "Sannolikheten 0 ligger utanför matrisen (1–4)."),
    (2, 5, "consequence", "Konsekvensen 5 ligger utanför matrisen (1–4)."),
    (None, 2, "likelihood", "Sannolikheten måste anges som ett heltal 1–4."),
    ("2,5", 2, "likelihood", "Sannolikheten måste anges som ett heltal 1–4."),
    (2, 2.5, "consequence", "Konsekvensen måste anges som ett heltal 1–4."),
    (True, 2, "likelihood", "Sannolikheten måste anges som ett heltal 1–4."),
])
def test_a_score_outside_the_matrix_is_refused_in_swedish_at_its_field(likelihood, consequence, field, message):
    with pytest.raises(MatrixError) as err:
        score(likelihood, consequence, DEFAULT)
    assert (err.value.field, str(err.value.message)) == (field, message)


def test_a_five_by_five_matrix_accepts_five():
    spec = MatrixSpec(
        likelihood_scale=[{"label": str(n)} for n in range(1, 6)],
        consequence_scale=[{"label": str(n)} for n in range(1, 6)],
        bands=[{"min": 1, "max": 4, "label": "låg", "colour": "#2e7d32"},
               {"min": 5, "max": 25, "label": "hög", "colour": "#c62828"}],
    )
    check_matrix(spec)
    assert score(5, 5, spec) == 25
    assert band(25, spec).label == "hög"


def test_bands_must_cover_every_score_exactly_once():
    gap = MatrixSpec(bands=[{"min": 1, "max": 3, "label": "låg", "colour": "#2e7d32"},
                            {"min": 5, "max": 16, "label": "hög", "colour": "#c62828"}])
    with pytest.raises(MatrixError) as err:
        check_matrix(gap)
    assert (err.value.field, str(err.value.message)) == (
        "bands", "Färgbanden ska täcka riskvärdena 1–16 precis en gång var.")
    overlap = MatrixSpec(bands=[{"min": 1, "max": 9, "label": "låg", "colour": "#2e7d32"},
                                {"min": 9, "max": 16, "label": "hög", "colour": "#c62828"}])
    with pytest.raises(MatrixError):
        check_matrix(overlap)


def test_a_band_needs_a_colour():
    spec = MatrixSpec(bands=[{"min": 1, "max": 16, "label": "alla", "colour": "röd"}])
    with pytest.raises(MatrixError) as err:
        check_matrix(spec)
    assert str(err.value.message) == "Varje färgband behöver en benämning och en färg (#rrggbb)."


def test_a_cell_mapping_must_name_every_old_cell():
    mapping = {cell: cell for cell in cells(DEFAULT)}
    del mapping[(4, 4)]
    with pytest.raises(MatrixError) as err:
        check_cell_mapping(DEFAULT, DEFAULT, mapping)
    assert (err.value.field, str(err.value.message)) == (
        "cell_mapping", "Cellmappningen saknar 1 av den gamla versionens 16 celler, t.ex. 4×4.")


def test_a_cell_mapping_may_not_point_outside_the_new_version():
    three = MatrixSpec(likelihood_scale=DEFAULT.likelihood_scale[:3], consequence_scale=DEFAULT.consequence_scale[:3],
                       bands=[{"min": 1, "max": 9, "label": "alla", "colour": "#2e7d32"}])
    mapping = {cell: cell for cell in cells(DEFAULT)}
    with pytest.raises(MatrixError) as err:
        check_cell_mapping(DEFAULT, three, mapping)
    assert str(err.value.message) == "Cellen 1×4 ligger utanför den nya versionen."
