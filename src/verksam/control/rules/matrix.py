"""Risk matrices (riskmatriser) as data: scores, bands, validation and cell mappings.

Source: DESIGN.md, "Facts to build on" (internal control: likelihood × consequence, commonly
1–4 each, score 1–16; scales, labels and colour bands differ between municipalities) and
"Rules decided" → "Risk matrices are versioned" (a matrix in use is not edited in place: a new
version comes with an explicit mapping of old cells).

A matrix version is anything with these attributes (a ``RiskMatrixVersion`` or a
``MatrixSpec``):

* ``likelihood_scale`` and ``consequence_scale`` — lists of ``{"label": str, "description":
  str}``; position 0 is value 1. The sizes are the lengths of these lists.
* ``bands`` — list of ``{"min": int, "max": int, "label": str, "colour": "#rrggbb",
  "colour_name": str}``, score ranges inclusive at both ends, together covering 1 … L × C.

The score of a cell is likelihood × consequence (sannolikhet × konsekvens). Everything here is
pure: no models, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from verksam.core.errors import DomainError

__all__ = [
    "Band", "DEFAULT_BANDS", "DEFAULT_CONSEQUENCE_SCALE", "DEFAULT_LIKELIHOOD_SCALE", "MatrixError",
    "MatrixSpec", "MAX_LEVELS", "band", "cells", "check_cell_mapping", "check_matrix", "map_cell", "score",
]

MAX_LEVELS = 10
"""The largest scale a matrix may have on either axis."""

DEFAULT_LIKELIHOOD_SCALE = [
    {"label": "osannolik", "description": "Risken är praktiskt taget obefintlig att fel ska uppstå."},
    {"label": "mindre sannolik", "description": "Risken är mycket liten att fel ska uppstå."},
    {"label": "möjlig", "description": "Det finns en möjlig risk att fel ska uppstå."},
    {"label": "sannolik", "description": "Det är mycket troligt att fel ska uppstå."},
]
"""Sannolikhet 1–4 with the common Swedish labels (DESIGN: internal control)."""

DEFAULT_CONSEQUENCE_SCALE = [
    {"label": "försumbar", "description": "Obetydlig konsekvens som knappast uppfattas av intressenter."},
    {"label": "lindrig", "description": "Uppfattas som liten av intressenter och påverkar verksamheten "
                                        "i begränsad omfattning."},
    {"label": "kännbar", "description": "Uppfattas som besvärande av intressenter och påverkar "
                                        "möjligheten att nå verksamhetens mål."},
    {"label": "allvarlig", "description": "Uppfattas som allvarlig av intressenter och hindrar att "
                                          "verksamhetens mål nås."},
]
"""Konsekvens 1–4 with the common Swedish labels (DESIGN: internal control)."""

DEFAULT_BANDS = [
    {"min": 1, "max": 3, "label": "låg", "colour": "#2e7d32", "colour_name": "grön"},
    {"min": 4, "max": 8, "label": "medel", "colour": "#f9a825", "colour_name": "gul"},
    {"min": 9, "max": 16, "label": "hög", "colour": "#c62828", "colour_name": "röd"},
]
"""Colour bands of the default 4 × 4 matrix: 1–3 låg (grön), 4–8 medel (gul), 9–16 hög (röd)."""


class MatrixError(DomainError):
    """A value or definition that does not fit the risk matrix; ``field`` names the input."""


@dataclass(frozen=True)
class Band:
    """The band a score falls in: ``label`` ("hög"), ``colour`` ("#c62828"), ``colour_name``
    ("röd") and the inclusive score range ``low``–``high``."""

    label: str
    colour: str
    colour_name: str
    low: int
    high: int


@dataclass
class MatrixSpec:
    """A matrix version as plain data (for tests, defaults and validation before saving)."""

    likelihood_scale: list = field(default_factory=lambda: [dict(x) for x in DEFAULT_LIKELIHOOD_SCALE])
    consequence_scale: list = field(default_factory=lambda: [dict(x) for x in DEFAULT_CONSEQUENCE_SCALE])
    bands: list = field(default_factory=lambda: [dict(x) for x in DEFAULT_BANDS])


def _levels(version) -> tuple[int, int]:
    return len(version.likelihood_scale or []), len(version.consequence_scale or [])


def _as_level(value, name: str, label: str, levels: int) -> int:
    if isinstance(value, bool) or value is None:
        raise MatrixError(_("%(label)s måste anges som ett heltal 1–%(n)s.") % {"label": label, "n": levels},
                          field=name)
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or str(value).strip() != str(number):
        raise MatrixError(_("%(label)s måste anges som ett heltal 1–%(n)s.") % {"label": label, "n": levels},
                          field=name)
    if not 1 <= number <= levels:
        raise MatrixError(
            _("%(label)s %(value)s ligger utanför matrisen (1–%(n)s).")
            % {"label": label, "value": number, "n": levels},
            field=name,
        )
    return number


def score(likelihood, consequence, version) -> int:
    """The risk score (riskvärde) likelihood × consequence in ``version``.

    ``likelihood`` and ``consequence`` are integers from 1 to the size of their axis (strings of
    digits are accepted). Returns an int, 1 … L × C. Raises ``MatrixError`` with ``field``
    "likelihood" or "consequence" and a Swedish message — e.g. "Sannolikheten 5 ligger utanför
    matrisen (1–4)." — for a missing, non-integer or out-of-range value.
    """
    rows, cols = _levels(version)
    lik = _as_level(likelihood, "likelihood", _("Sannolikheten"), rows)
    con = _as_level(consequence, "consequence", _("Konsekvensen"), cols)
    return lik * con


def band(value: int, version) -> Band:
    """The colour band of score ``value`` in ``version`` (e.g. 12 → Band("hög", "#c62828",
    "röd", 9, 16) in the default 4 × 4). Raises ``MatrixError`` (field "score") when no band
    covers the score."""
    for item in version.bands or []:
        if int(item["min"]) <= int(value) <= int(item["max"]):
            return Band(label=item["label"], colour=item["colour"], colour_name=item.get("colour_name", ""),
                        low=int(item["min"]), high=int(item["max"]))
    raise MatrixError(_("Riskvärdet %(v)s hör inte till något färgband i matrisen.") % {"v": value},
                      field="score")


def cells(version) -> list[tuple[int, int]]:
    """Every cell (likelihood, consequence) of ``version``, likelihood-major: (1, 1), (1, 2), …"""
    rows, cols = _levels(version)
    return [(lik, con) for lik in range(1, rows + 1) for con in range(1, cols + 1)]


def _check_scale(scale, name: str, axis: str) -> None:
    if not isinstance(scale, list) or not 2 <= len(scale) <= MAX_LEVELS:
        raise MatrixError(_("Skalan för %(axis)s ska ha 2–%(n)s nivåer.") % {"axis": axis, "n": MAX_LEVELS},
                          field=name)
    for position, level in enumerate(scale, start=1):
        if not isinstance(level, dict) or not str(level.get("label", "")).strip():
            raise MatrixError(_("Nivå %(n)s för %(axis)s saknar benämning.") % {"n": position, "axis": axis},
                              field=name)


def check_matrix(version) -> None:
    """Refuse a matrix definition that cannot be used: scales of 2–10 labelled levels per axis;
    bands with integer ranges that together cover 1 … L × C exactly once, each with a label and
    a colour "#rrggbb". Raises ``MatrixError`` (field "likelihood_scale", "consequence_scale" or
    "bands")."""
    _check_scale(version.likelihood_scale, "likelihood_scale", _("sannolikhet"))
    _check_scale(version.consequence_scale, "consequence_scale", _("konsekvens"))
    rows, cols = _levels(version)
    top = rows * cols
    covered: list[int] = []
    for item in version.bands or []:
        try:
            low, high = int(item["min"]), int(item["max"])
        except (KeyError, TypeError, ValueError) as exc:
            raise MatrixError(_("Varje färgband behöver lägsta och högsta riskvärde."), field="bands") from exc
        colour = str(item.get("colour", ""))
        if not str(item.get("label", "")).strip() or not (len(colour) == 7 and colour.startswith("#")):
            raise MatrixError(_("Varje färgband behöver en benämning och en färg (#rrggbb)."), field="bands")
        if low > high:
            raise MatrixError(_("Färgbandet %(l)s börjar efter att det slutar.") % {"l": item["label"]},
                              field="bands")
        covered.extend(range(low, high + 1))
    if sorted(covered) != list(range(1, top + 1)):
        raise MatrixError(
            _("Färgbanden ska täcka riskvärdena 1–%(top)s precis en gång var.") % {"top": top}, field="bands")


def check_cell_mapping(old_version, new_version, mapping: dict) -> dict[tuple[int, int], tuple[int, int]]:
    """Validate an explicit mapping of every cell of ``old_version`` to a cell of ``new_version``.

    ``mapping`` maps (likelihood, consequence) → (likelihood, consequence); keys may also be
    strings "l,c" and values lists [l, c] (as stored in JSON). Returns the mapping with tuple
    keys and values. Raises ``MatrixError`` (field "cell_mapping") when a cell of the old
    version is missing, a key is not a cell of the old version or a target lies outside the new
    version.
    """
    normalised: dict[tuple[int, int], tuple[int, int]] = {}
    for key, value in (mapping or {}).items():
        try:
            old = tuple(int(x) for x in (key.split(",") if isinstance(key, str) else key))
            new = tuple(int(x) for x in value)
        except (TypeError, ValueError) as exc:
            raise MatrixError(_("Cellmappningen ska ange celler som (sannolikhet, konsekvens)."),
                              field="cell_mapping") from exc
        if len(old) != 2 or len(new) != 2:
            raise MatrixError(_("Cellmappningen ska ange celler som (sannolikhet, konsekvens)."),
                              field="cell_mapping")
        normalised[old] = new
    old_cells, new_cells = set(cells(old_version)), set(cells(new_version))
    extra = sorted(set(normalised) - old_cells)
    if extra:
        raise MatrixError(_("Cellen %(c)s finns inte i den gamla versionen.") % {"c": "×".join(map(str, extra[0]))},
                          field="cell_mapping")
    missing = sorted(old_cells - set(normalised))
    if missing:
        raise MatrixError(
            _("Cellmappningen saknar %(n)s av den gamla versionens %(total)s celler, t.ex. %(c)s.")
            % {"n": len(missing), "total": len(old_cells), "c": "×".join(map(str, missing[0]))},
            field="cell_mapping",
        )
    outside = sorted(cell for cell in normalised.values() if cell not in new_cells)
    if outside:
        raise MatrixError(_("Cellen %(c)s ligger utanför den nya versionen.") % {"c": "×".join(map(str, outside[0]))},
                          field="cell_mapping")
    return normalised


def map_cell(mapping: dict, likelihood: int, consequence: int) -> tuple[int, int]:
    """The new cell of (likelihood, consequence) under a stored mapping (keys "l,c", values
    [l, c]) or a tuple-keyed one. Raises ``MatrixError`` when the cell is not mapped."""
    for key in (f"{likelihood},{consequence}", (likelihood, consequence)):
        if key in mapping:
            lik, con = mapping[key]
            return int(lik), int(con)
    raise MatrixError(_("Cellen %(l)s×%(c)s saknas i cellmappningen.") % {"l": likelihood, "c": consequence},
                      field="cell_mapping")
