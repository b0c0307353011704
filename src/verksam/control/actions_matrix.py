"""Risk-matrix actions: create a matrix, edit a version not yet in use, make a new version with a
cell mapping, move a risk to a newer version.

DESIGN "Risk matrices are versioned": a matrix in use is not edited in place; a new version
comes with an explicit mapping of old cells; every risk keeps the version it was scored in.
Matrices are managed by holders of ``approve_followup`` (controllers, administrators) on the
matrix's unit.

Errors: ``NotAllowedError``, ``MatrixError`` / ``MatrixVersionInUseError`` (field set),
``ConcurrentEditError`` — Swedish messages.
"""

from __future__ import annotations

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from verksam.control.actions_common import refuse_unknown
from verksam.control.models import (
    MATRIX_DEFINITION_FIELDS, MatrixVersionInUseError, Risk, RiskMatrix, RiskMatrixVersion,
)
from verksam.control.rules.matrix import (
    MatrixError, MatrixSpec, check_cell_mapping, check_matrix, map_cell, score,
)
from verksam.core import permissions as perms
from verksam.core.audit import check_version, save_audited
from verksam.core.errors import DomainError


def _spec(values: dict, base=None) -> MatrixSpec:
    default = base or MatrixSpec()
    return MatrixSpec(**{name: copy.deepcopy(values.get(name, getattr(default, name)))
                         for name in MATRIX_DEFINITION_FIELDS})


@transaction.atomic
def create_matrix(unit, *, name: str, acting_user, description: str = "", is_example: bool = False,
                  **definition) -> RiskMatrix:
    """Create a risk matrix managed on ``unit`` (usable by its whole subtree) with version 1.

    ``definition``: likelihood_scale, consequence_scale, bands (see ``RiskMatrixVersion``); any
    left out takes the default 4 × 4 (sannolikhet osannolik … sannolik, konsekvens försumbar …
    allvarlig, bands 1–3 låg grön, 4–8 medel gul, 9–16 hög röd). Needs ``approve_followup`` on
    ``unit``. Returns the matrix.
    """
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, unit)
    refuse_unknown(definition, MATRIX_DEFINITION_FIELDS)
    if not (name or "").strip():
        raise DomainError(_("Riskmatrisen måste ha ett namn."), field="name")
    spec = _spec(definition)
    check_matrix(spec)
    matrix = RiskMatrix(unit=unit, name=name.strip(), description=description, is_example=is_example)
    save_audited(matrix, acting_user=acting_user, created=True)
    version = RiskMatrixVersion(matrix=matrix, number=1, **{n: getattr(spec, n) for n in MATRIX_DEFINITION_FIELDS})
    save_audited(version, acting_user=acting_user, created=True)
    return matrix


@transaction.atomic
def update_matrix_version(version: RiskMatrixVersion, *, acting_user, expected_version: int | None = None,
                          **changes) -> bool:
    """Change the scales or bands of a version that no risk has been scored in yet.

    Refused with ``MatrixVersionInUseError`` once the version is in use (make a new version with
    ``new_matrix_version``). Returns False when nothing changed.
    """
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, version.matrix.unit)
    refuse_unknown(changes, MATRIX_DEFINITION_FIELDS)
    check_version(version, expected_version)
    if RiskMatrixVersion.objects.filter(pk=version.pk, in_use=True).exists():
        raise MatrixVersionInUseError(field=next(iter(changes), "likelihood_scale"))
    spec = _spec(changes, version)
    check_matrix(spec)
    for name in MATRIX_DEFINITION_FIELDS:
        setattr(version, name, getattr(spec, name))
    return save_audited(version, acting_user=acting_user)


@transaction.atomic
def new_matrix_version(matrix: RiskMatrix, changes: dict, cell_mapping: dict, *, acting_user,
                       note: str = "") -> RiskMatrixVersion:
    """Make the next version of ``matrix`` from its latest version with ``changes`` applied.

    ``changes``: likelihood_scale, consequence_scale, bands (any left out are copied).
    ``cell_mapping``: every cell (likelihood, consequence) of the latest version → its cell in the
    new version, e.g. ``{(4, 4): (5, 5), …}`` — explicit, all cells (``MatrixError`` at
    "cell_mapping" otherwise). Risks already scored stay on their version; ``move_risk_to_version``
    carries one over through the mapping. Returns the new version.
    """
    perms.require(acting_user, perms.APPROVE_FOLLOWUP, matrix.unit)
    refuse_unknown(changes, MATRIX_DEFINITION_FIELDS)
    base = matrix.latest_version()
    spec = _spec(changes, base)
    check_matrix(spec)
    mapping = check_cell_mapping(base, spec, cell_mapping)
    version = RiskMatrixVersion(
        matrix=matrix, number=base.number + 1, previous=base, note=note,
        cell_mapping={f"{old[0]},{old[1]}": [new[0], new[1]] for old, new in sorted(mapping.items())},
        **{n: getattr(spec, n) for n in MATRIX_DEFINITION_FIELDS},
    )
    save_audited(version, acting_user=acting_user, created=True)
    return version


def mark_in_use(version: RiskMatrixVersion, *, acting_user) -> None:
    """Freeze ``version`` (``in_use``) when the first risk is scored in it (history row)."""
    if not version.in_use:
        version.in_use = True
        save_audited(version, acting_user=acting_user, reason=_("Första risken bedömd i versionen"))


def mapped_cell(from_version: RiskMatrixVersion, to_version: RiskMatrixVersion, likelihood: int,
                consequence: int) -> tuple[int, int]:
    """The cell of (likelihood, consequence) of ``from_version`` in the later ``to_version`` of the
    same matrix, following each version's ``cell_mapping`` in turn (one query per step).
    Raises ``MatrixError`` (field "matrix_version") when ``to_version`` is not a later version."""
    if from_version.matrix_id != to_version.matrix_id or to_version.number < from_version.number:
        raise MatrixError(_("Risken kan bara flyttas till en senare version av samma matris."),
                          field="matrix_version")
    chain = list(RiskMatrixVersion.objects.filter(
        matrix_id=to_version.matrix_id, number__gt=from_version.number, number__lte=to_version.number,
    ).order_by("number"))
    cell = (likelihood, consequence)
    for step in chain:
        cell = map_cell(step.cell_mapping, *cell)
    return cell


def rescored_values(risk: Risk, version: RiskMatrixVersion) -> dict:
    """The fields of ``risk`` scored in the later ``version`` through the cell mappings:
    matrix_version, inherent/residual likelihood, consequence and score."""
    values = {"matrix_version": version}
    for kind in ("inherent", "residual"):
        lik, con = getattr(risk, f"{kind}_likelihood"), getattr(risk, f"{kind}_consequence")
        if lik is None or con is None:
            continue
        new_lik, new_con = mapped_cell(risk.matrix_version, version, lik, con)
        values.update({f"{kind}_likelihood": new_lik, f"{kind}_consequence": new_con,
                       f"{kind}_score": score(new_lik, new_con, version)})
    return values


@transaction.atomic
def move_risk_to_version(risk: Risk, version: RiskMatrixVersion, *, acting_user, reason: str = "") -> bool:
    """Carry ``risk`` over to a later version of its matrix: its cells are mapped through each
    version's cell mapping and rescored. Needs ``edit_plan`` on the risk analysis's unit.
    Returns False when the risk already is in ``version``."""
    perms.require(acting_user, perms.EDIT_PLAN, risk.analysis.unit)
    if risk.matrix_version_id == version.pk:
        return False
    for name, value in rescored_values(risk, version).items():
        setattr(risk, name, value)
    mark_in_use(version, acting_user=acting_user)
    return save_audited(risk, acting_user=acting_user, reason=reason)
