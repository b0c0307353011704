"""Versioned risk matrices: a version in use is not edited in place; a new version comes with an
explicit cell mapping and old risks keep the version they were scored in."""

from __future__ import annotations

import pytest

from verksam.control import actions
from verksam.control.models import MatrixVersionInUseError, RiskCategory, RiskMatrixVersion
from verksam.control.rules import MatrixError, cells
from verksam.core.errors import NotAllowedError

pytestmark = pytest.mark.django_db

FIVE_LEVELS = {
    "likelihood_scale": [{"label": x, "description": ""} for x in
                         ("osannolik", "mindre sannolik", "möjlig", "sannolik", "mycket sannolik")],
    "consequence_scale": [{"label": x, "description": ""} for x in
                          ("försumbar", "lindrig", "kännbar", "allvarlig", "mycket allvarlig")],
    "bands": [{"min": 1, "max": 4, "label": "låg", "colour": "#2e7d32", "colour_name": "grön"},
              {"min": 5, "max": 12, "label": "medel", "colour": "#f9a825", "colour_name": "gul"},
              {"min": 13, "max": 25, "label": "hög", "colour": "#c62828", "colour_name": "röd"}],
}


def identity_mapping(version):
    return {cell: cell for cell in cells(version)}


def test_a_new_matrix_gets_version_1_with_the_default_4x4(ic):
    version = ic.version
    assert (version.number, version.size_label, version.in_use) == (1, "4 × 4", True)
    assert version.bands[2] == {"min": 9, "max": 16, "label": "hög", "colour": "#c62828", "colour_name": "röd"}


def test_a_version_not_yet_in_use_can_be_edited(city):
    matrix = actions.create_matrix(city.kf, name="Ny matris", acting_user=city.users.admin)
    version = matrix.latest_version()
    bands = [{"min": 1, "max": 5, "label": "låg", "colour": "#2e7d32", "colour_name": "grön"},
             {"min": 6, "max": 16, "label": "hög", "colour": "#c62828", "colour_name": "röd"}]
    assert actions.update_matrix_version(version, acting_user=city.users.admin, bands=bands) is True
    version.refresh_from_db()
    assert version.bands == bands


def test_editing_a_version_in_use_is_refused_and_nothing_changes(ic, city):
    version = ic.version
    before = list(version.bands)
    with pytest.raises(MatrixVersionInUseError) as err:
        actions.update_matrix_version(version, acting_user=city.users.admin,
                                      bands=[{"min": 1, "max": 16, "label": "alla", "colour": "#000000"}])
    assert str(err.value.message) == ("Matrisversionen används och kan inte ändras. Skapa en ny version med en "
                                      "mappning av de gamla cellerna.")
    assert err.value.field == "bands"
    version.refresh_from_db()
    assert version.bands == before


def test_the_model_itself_refuses_an_in_place_edit_of_a_version_in_use(ic):
    version = RiskMatrixVersion.objects.get(pk=ic.version.pk)
    version.likelihood_scale = version.likelihood_scale[:3]
    with pytest.raises(MatrixVersionInUseError):
        version.save()


def test_a_new_version_with_a_mapping_keeps_old_risks_on_the_old_version(ic, city):
    mapping = {(lik, con): (lik + 1 if lik == 4 else lik, con + 1 if con == 4 else con)
               for lik, con in cells(ic.version)}
    new = actions.new_matrix_version(ic.matrix, FIVE_LEVELS, mapping, acting_user=city.users.admin,
                                     note="5 × 5 från 2025")
    assert (new.number, new.size_label, new.previous_id, new.in_use) == (2, "5 × 5", ic.version.pk, False)
    assert new.cell_mapping["4,4"] == [5, 5]
    assert new.cell_mapping["3,4"] == [3, 5]
    ic.risk.refresh_from_db()
    assert (ic.risk.matrix_version_id, ic.risk.inherent_score) == (ic.version.pk, 12)

    later = actions.create_risk(ic.analysis, acting_user=city.users.ks_editor, title="Ny risk",
                                category=RiskCategory.IT, inherent_likelihood=5, inherent_consequence=5)
    assert (later.matrix_version_id, later.inherent_score) == (new.pk, 25)


def test_a_risk_moved_to_the_new_version_follows_the_mapping_and_is_rescored(ic, city):
    mapping = {(lik, con): (lik + 1 if lik == 4 else lik, con + 1 if con == 4 else con)
               for lik, con in cells(ic.version)}
    new = actions.new_matrix_version(ic.matrix, FIVE_LEVELS, mapping, acting_user=city.users.admin)
    assert actions.move_risk_to_version(ic.risk, new, acting_user=city.users.ks_editor) is True
    ic.risk.refresh_from_db()
    assert (ic.risk.matrix_version_id, ic.risk.inherent_likelihood, ic.risk.inherent_consequence,
            ic.risk.inherent_score) == (new.pk, 3, 5, 15)
    new.refresh_from_db()
    assert new.in_use is True


def test_a_new_version_without_a_complete_mapping_is_refused_and_not_created(ic, city):
    mapping = identity_mapping(ic.version)
    del mapping[(2, 3)]
    with pytest.raises(MatrixError) as err:
        actions.new_matrix_version(ic.matrix, {}, mapping, acting_user=city.users.admin)
    assert err.value.field == "cell_mapping"
    assert ic.matrix.versions.count() == 1


def test_only_controllers_manage_matrices(ic, city):
    with pytest.raises(NotAllowedError):
        actions.new_matrix_version(ic.matrix, {}, identity_mapping(ic.version), acting_user=city.users.ks_editor)
    with pytest.raises(NotAllowedError):
        actions.create_matrix(city.kf, name="Egen", acting_user=city.users.ks_controller)
    assert actions.create_matrix(city.ks, name="KS egen", acting_user=city.users.ks_controller).name == "KS egen"
