"""The decided internal-control rules of DESIGN.md as pure functions (no models, no database).

* :mod:`.matrix` — risk matrices as data: ``score`` (likelihood × consequence, refused outside
  the matrix), ``band`` (score → label and colour), matrix and cell-mapping validation
  ("Risk matrices are versioned").
* :mod:`.recurrence` — control occasions: ``occasions(frequency, start, end)`` with month ends
  kept and inclusive ends, ``plan_regeneration`` for frequency changes, ``shift_years`` for
  copying a plan to the next year ("Recurrence").

See ``docs/internal-control.md`` for the rules with worked examples.
"""

from verksam.control.rules.matrix import (
    DEFAULT_BANDS, DEFAULT_CONSEQUENCE_SCALE, DEFAULT_LIKELIHOOD_SCALE, Band, MatrixError, MatrixSpec, band,
    cells, check_cell_mapping, check_matrix, map_cell, score,
)
from verksam.control.rules.recurrence import (
    Frequency, RecurrenceError, Regeneration, add_months, occasions, plan_regeneration, shift_years,
)

__all__ = [
    "DEFAULT_BANDS", "DEFAULT_CONSEQUENCE_SCALE", "DEFAULT_LIKELIHOOD_SCALE", "Band", "Frequency", "MatrixError",
    "MatrixSpec", "RecurrenceError", "Regeneration", "add_months", "band", "cells", "check_cell_mapping",
    "check_matrix", "map_cell", "occasions", "plan_regeneration", "score", "shift_years",
]
