"""Read models for the coming pages: the risk matrix heat map of an analysis, and KS oversight
figures per board. Constant query counts (tests assert them at two sizes).

A risk's **level** is its residual score (after controls) when it has one, otherwise its
inherent score, banded in the risk's own matrix version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from verksam.control.models import (
    ControlOccasion, ControlPlan, Deviation, DeviationStatus, Risk, RiskAnalysis, RiskMatrixVersion,
)
from verksam.control.queries import oversight_municipality_ids
from verksam.core import permissions as perms
from verksam.control.rules.matrix import Band, band
from verksam.organisation.models import Unit, UnitKind

BOARD_KINDS = (UnitKind.EXECUTIVE_BOARD, UnitKind.BOARD, UnitKind.COMPANY_BOARD)
"""Unit kinds that keep their own internal control (kommunstyrelse, nämnder, bolagsstyrelser)."""


def risk_level(risk: Risk) -> tuple[int, Band]:
    """(score, band) of ``risk``: residual when scored, else inherent; ``matrix_version`` loaded."""
    value = risk.residual_score if risk.residual_score is not None else risk.inherent_score
    return value, band(value, risk.matrix_version)


@dataclass
class HeatCell:
    """One cell of the heat map: its scales, score, band and the risks placed in it."""

    likelihood: int
    consequence: int
    score: int
    band: Band
    risks: list = field(default_factory=list)


@dataclass
class HeatMap:
    """A matrix version drawn as a grid: ``rows`` from the highest likelihood down (as printed),
    each row from the lowest consequence; ``unplaced`` are risks without the scores asked for."""

    version: RiskMatrixVersion
    rows: list[list[HeatCell]]
    unplaced: list = field(default_factory=list)

    @property
    def likelihood_labels(self) -> list[str]:
        """Labels from the highest likelihood down, as the rows."""
        return [level["label"] for level in reversed(self.version.likelihood_scale)]

    @property
    def consequence_labels(self) -> list[str]:
        """Labels from the lowest consequence up, as the columns."""
        return [level["label"] for level in self.version.consequence_scale]


def heatmap(version: RiskMatrixVersion, risks, *, residual: bool = False) -> HeatMap:
    """Place ``risks`` (all scored in ``version``) in its grid by their inherent (or, with
    ``residual``, residual) likelihood × consequence. No queries."""
    grid = {}
    rows = []
    for lik in range(version.likelihood_levels, 0, -1):
        row = []
        for con in range(1, version.consequence_levels + 1):
            value = lik * con
            cell = HeatCell(lik, con, value, band(value, version))
            grid[(lik, con)] = cell
            row.append(cell)
        rows.append(row)
    unplaced = []
    prefix = "residual" if residual else "inherent"
    for risk in risks:
        cell = grid.get((getattr(risk, f"{prefix}_likelihood"), getattr(risk, f"{prefix}_consequence")))
        (cell.risks if cell is not None else unplaced).append(risk)
    return HeatMap(version=version, rows=rows, unplaced=unplaced)


def analysis_heatmaps(analysis: RiskAnalysis, *, residual: bool = False) -> list[HeatMap]:
    """One heat map per matrix version the analysis's risks are scored in, oldest version first
    (usually one). One query."""
    risks = list(analysis.risks.select_related("matrix_version").order_by("sort_order", "pk"))
    by_version: dict[int, list] = {}
    versions = {}
    for risk in risks:
        by_version.setdefault(risk.matrix_version_id, []).append(risk)
        versions[risk.matrix_version_id] = risk.matrix_version
    return [heatmap(versions[pk], by_version[pk], residual=residual)
            for pk in sorted(versions, key=lambda pk: versions[pk].number)]


@dataclass
class BoardOverview:
    """KS oversight figures of one board for a year, as of a date.

    ``levels`` counts risks per band label (by level, see the module docstring); ``occasions_due``
    are occasions due on or before ``as_of``, ``results`` those with a recorded result,
    ``deviations``/``open_deviations`` the deviations found. ``missing`` lists what stands out,
    in Swedish.
    """

    unit: Unit
    has_analysis: bool = False
    has_control_plan: bool = False
    risk_count: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    control_count: int = 0
    occasions_due: int = 0
    results: int = 0
    deviations: int = 0
    open_deviations: int = 0

    @property
    def missing(self) -> list[str]:
        """What is missing: "Riskanalys saknas", "Internkontrollplan saknas", "Resultat saknas för
        2 av 5 kontrolltillfällen"."""
        out = []
        if not self.has_analysis:
            out.append(_("Riskanalys saknas"))
        if not self.has_control_plan:
            out.append(_("Internkontrollplan saknas"))
        if self.results < self.occasions_due:
            out.append(ngettext("Resultat saknas för %(n)s av %(total)s kontrolltillfälle",
                                "Resultat saknas för %(n)s av %(total)s kontrolltillfällen", self.occasions_due)
                       % {"n": self.occasions_due - self.results, "total": self.occasions_due})
        return out


def readable_boards(municipality, user) -> list[Unit]:
    """The boards of ``municipality`` whose internal control ``user`` may read, in tree order
    (three queries at most: the boards, the user's roles, the oversight check)."""
    boards = list(Unit.objects.filter(municipality=municipality, kind__in=BOARD_KINDS).order_by("path"))
    overseen = set(oversight_municipality_ids(user))
    return [unit for unit in boards
            if unit.municipality_id in overseen or perms.has_perm(user, perms.VIEW_DRAFTS, unit)]


def oversight(municipality, year: int, *, user, as_of: dt.date | None = None) -> list[BoardOverview]:
    """KS oversight: every board of ``municipality`` that ``user`` may read, in tree order, with
    its figures for ``year`` as of ``as_of`` (default today, capped at 31 December). A constant
    number of queries whatever the number of boards, risks and controls: seven for a KS
    controller, eight when the user's roles must be read too."""
    as_of = min(as_of or timezone.localdate(), dt.date(year, 12, 31))
    overview = {unit.pk: BoardOverview(unit=unit) for unit in readable_boards(municipality, user)}
    ids = list(overview)
    for unit_id in RiskAnalysis.objects.filter(unit_id__in=ids, year=year).values_list("unit_id", flat=True):
        overview[unit_id].has_analysis = True
    for risk in Risk.objects.filter(analysis__unit_id__in=ids, analysis__year=year).select_related(
            "matrix_version", "analysis"):
        entry = overview[risk.analysis.unit_id]
        entry.risk_count += 1
        label = risk_level(risk)[1].label
        entry.levels[label] = entry.levels.get(label, 0) + 1
    for unit_id, count in (ControlPlan.objects.filter(unit_id__in=ids, year=year)
                           .annotate(n=Count("controls")).values_list("unit_id", "n")):
        overview[unit_id].has_control_plan = True
        overview[unit_id].control_count = count
    unit_of_occasion = "control__control_plan__unit_id"
    due = (ControlOccasion.objects.filter(control__control_plan__unit_id__in=ids, control__control_plan__year=year,
                                          due__lte=as_of)
           .values(unit_of_occasion).annotate(n=Count("pk"), done=Count("result")))
    for row in due:
        entry = overview[row[unit_of_occasion]]
        entry.occasions_due, entry.results = row["n"], row["done"]
    unit_of_deviation = "result__occasion__control__control_plan__unit_id"
    found = (Deviation.objects.filter(result__occasion__control__control_plan__unit_id__in=ids,
                                      result__occasion__control__control_plan__year=year)
             .values(unit_of_deviation)
             .annotate(n=Count("pk"), open=Count("pk", filter=Q(status=DeviationStatus.OPEN))))
    for row in found:
        entry = overview[row[unit_of_deviation]]
        entry.deviations, entry.open_deviations = row["n"], row["open"]
    return list(overview.values())
