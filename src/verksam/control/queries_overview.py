"""Read models for the pages: the risk matrix heat map of an analysis, and KS oversight
figures per board with filters and a traffic light. Constant query counts (tests assert them
at two sizes).

A risk's **level** is its residual score (after controls) when it has one, otherwise its
inherent score, banded in the risk's own matrix version.

The oversight **traffic light** (trafikljus) per board is decided in one place,
``traffic_light``: red when the risk analysis or internkontrollplan is missing, an open
deviation is past its due date, or results are missing for occasions of a closed or locked
follow-up period; yellow when results are missing for due occasions, deviations are open or the
system för internkontroll is missing or not approved; green otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from verksam.control.models import (
    ControlOccasion, ControlPlan, ControlSystem, ControlSystemStatus, Deviation, DeviationStatus, Risk,
    RiskAnalysis, RiskCategory, RiskMatrixVersion,
)
from verksam.control.queries import oversight_municipality_ids
from verksam.control.rules.matrix import Band, band
from verksam.core import permissions as perms
from verksam.followup.models import Period, PeriodStatus
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import Goal, GoalLevel, PlanKind
from verksam.planning.queries import visible_plans

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


GOAL_ANCESTORS = 4
"""How many ``Goal.parent`` steps above a risk's goal are followed (unit goal → nämndmål →
verksamhetsområdesmål → inriktningsmål, and one spare)."""

KF_GOAL_LEVELS = (GoalLevel.DIRECTION, GoalLevel.AREA)
"""Goal levels of the KF budget (KF-mål): inriktningsmål and verksamhetsområdesmål."""

RISK_LIST_LIMIT = 200
"""At most this many risks are listed below the oversight table (the count says how many match)."""

_GOAL_CHAIN = "goal" + "__parent" * GOAL_ANCESTORS


def goal_chain(goal) -> list:
    """``goal`` and its ancestors, nearest first (no queries when loaded with
    ``select_related("goal__parent__parent…")`` to ``GOAL_ANCESTORS`` steps); [] for None."""
    chain = []
    while goal is not None:
        chain.append(goal)
        goal = goal.parent if goal.parent_id and len(chain) <= GOAL_ANCESTORS else None
    return chain


def kf_goal_of(goal):
    """The KF-mål a goal serves: the nearest of the goal itself and its ancestors whose level is
    a KF level (verksamhetsområdesmål before inriktningsmål); None when there is none."""
    return next((g for g in goal_chain(goal) if g.level in KF_GOAL_LEVELS), None)


@dataclass(frozen=True)
class OversightFilter:
    """Filters of the oversight page: ``goal`` a KF-mål id (risks whose goal is it or lies below
    it in the cascade), ``process`` (exact text), ``category`` (a ``RiskCategory`` value),
    ``level`` (a band label, e.g. "hög", by the risk's level). Empty values do not filter."""

    goal: int | None = None
    process: str = ""
    category: str = ""
    level: str = ""

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return bool(self.goal or self.process or self.category or self.level)

    def matches(self, risk: Risk) -> bool:
        """True when ``risk`` (goal chain and matrix version loaded) passes every filter."""
        if self.goal and self.goal not in {g.pk for g in goal_chain(risk.goal)}:
            return False
        if self.process and risk.process != self.process:
            return False
        if self.category and risk.category != self.category:
            return False
        return not self.level or risk_level(risk)[1].label == self.level


@dataclass(frozen=True)
class TrafficLight:
    """A board's traffic light: ``colour`` "red" / "yellow" / "green", ``label`` in Swedish
    ("Röd", "Gul", "Grön") and the ``reasons`` (Swedish sentences, red ones first)."""

    colour: str
    label: str
    reasons: tuple[str, ...] = ()


def traffic_light(entry: "BoardOverview") -> TrafficLight:
    """THE rule of the oversight traffic light (trafikljus), from a board's figures:

    * **red** (röd) — the risk analysis or the internkontrollplan is missing; or an open deviation
      is past its due date (``due`` before ``as_of``); or results are missing for occasions due on
      or before the date of the last closed or locked follow-up period of the year (that report
      has gone without them);
    * **yellow** (gul) — results are missing for occasions due by ``as_of``; or deviations are
      open; or the year's system för internkontroll is missing or not approved;
    * **green** (grön) — otherwise.

    With filters, the figures are those of the filtered risks and their controls; the analysis,
    plan and system are the board's.
    """
    red, yellow = [], []
    if not entry.has_analysis:
        red.append(_("Riskanalys saknas"))
    if not entry.has_control_plan:
        red.append(_("Internkontrollplan saknas"))
    if entry.overdue_deviations:
        red.append(ngettext("%(n)s öppen avvikelse är försenad", "%(n)s öppna avvikelser är försenade",
                            entry.overdue_deviations) % {"n": entry.overdue_deviations})
    unreported = entry.closed_due - entry.closed_results
    if entry.closed_period is not None and unreported > 0:
        red.append(ngettext("Resultat saknas för %(n)s kontrolltillfälle i %(period)s, som är stängd",
                            "Resultat saknas för %(n)s kontrolltillfällen i %(period)s, som är stängd", unreported)
                   % {"n": unreported, "period": entry.closed_period})
    if entry.results < entry.occasions_due:
        yellow.append(ngettext("Resultat saknas för %(n)s av %(total)s kontrolltillfälle",
                               "Resultat saknas för %(n)s av %(total)s kontrolltillfällen", entry.occasions_due)
                      % {"n": entry.occasions_due - entry.results, "total": entry.occasions_due})
    if entry.open_deviations:
        yellow.append(ngettext("%(n)s öppen avvikelse", "%(n)s öppna avvikelser", entry.open_deviations)
                      % {"n": entry.open_deviations})
    if entry.system_status != ControlSystemStatus.APPROVED:
        yellow.append(_("System för internkontroll saknas") if not entry.system_status
                      else _("System för internkontroll är inte godkänt"))
    if red:
        return TrafficLight("red", _("Röd"), tuple(red + yellow))
    if yellow:
        return TrafficLight("yellow", _("Gul"), tuple(yellow))
    return TrafficLight("green", _("Grön"))


@dataclass
class BoardOverview:
    """KS oversight figures of one board for a year, as of a date.

    ``levels`` counts risks per band label (by level, see the module docstring); ``occasions_due``
    are occasions due on or before ``as_of``, ``results`` those with a recorded result;
    ``closed_due``/``closed_results`` the same up to the last closed or locked period
    (``closed_period``, None when none is closed); ``deviations``/``open_deviations`` the
    deviations found, ``overdue_deviations`` the open ones whose due date is before ``as_of``;
    ``band_counts`` (label, colour, count) for every band in use on the page, lowest first.
    ``system_status`` is that of the year's latest system för internkontroll ("" when missing).
    ``missing`` lists what stands out, ``light`` the traffic light (``traffic_light``).
    """

    unit: Unit
    has_analysis: bool = False
    has_control_plan: bool = False
    system_status: str = ""
    system_version: int | None = None
    risk_count: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    control_count: int = 0
    occasions_due: int = 0
    results: int = 0
    closed_period: Period | None = None
    closed_due: int = 0
    closed_results: int = 0
    deviations: int = 0
    open_deviations: int = 0
    overdue_deviations: int = 0
    band_counts: list[tuple[str, str, int]] = field(default_factory=list)

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

    @property
    def system_label(self) -> str:
        """"Godkänt (version 2)", "Utkast (version 1)" or "Saknas"."""
        if not self.system_status:
            return _("Saknas")
        label = _("Godkänt") if self.system_status == ControlSystemStatus.APPROVED else _("Utkast")
        return _("%(status)s (version %(n)s)") % {"status": label, "n": self.system_version}

    @property
    def light(self) -> TrafficLight:
        """The traffic light by ``traffic_light``."""
        return traffic_light(self)

    def level_counts(self, bands: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
        """(label, colour, count) for each band ``(label, colour)`` of the page, in that order."""
        return [(label, colour, self.levels.get(label, 0)) for label, colour in bands]


@dataclass
class OversightPage:
    """Everything the oversight page shows: ``boards`` (``BoardOverview``), ``risks`` — the
    matching risks, at most ``RISK_LIST_LIMIT``, of ``risk_total`` — and the filter choices:
    ``goals`` (the year's KF-mål), ``processes`` (texts present), ``categories`` and ``bands``
    ((label, colour) of the bands in use, lowest first)."""

    year: int
    as_of: dt.date
    filters: OversightFilter
    boards: list[BoardOverview]
    risks: list[Risk]
    risk_total: int
    goals: list
    processes: list[str]
    categories: list[tuple[str, str]]
    bands: list[tuple[str, str]]

    @property
    def risk_rows(self) -> list[dict]:
        """The listed risks as ``{"risk", "unit", "kf_goal", "score", "band"}`` (no queries)."""
        rows = []
        for risk in self.risks:
            score, level = risk_level(risk)
            rows.append({"risk": risk, "unit": risk.analysis.unit, "kf_goal": kf_goal_of(risk.goal),
                         "score": score, "band": level})
        return rows


def readable_boards(municipality, user) -> list[Unit]:
    """The boards of ``municipality`` whose internal control ``user`` may read, in tree order
    (three queries at most: the boards, the user's roles, the oversight check)."""
    boards = list(Unit.objects.filter(municipality=municipality, kind__in=BOARD_KINDS).order_by("path"))
    overseen = set(oversight_municipality_ids(user))
    return [unit for unit in boards
            if unit.municipality_id in overseen or perms.has_perm(user, perms.VIEW_DRAFTS, unit)]


def _bands_in_use(risks) -> list[tuple[str, str]]:
    """(label, colour) of every band of the matrix versions of ``risks``, lowest first, each
    label once."""
    seen: dict[str, tuple[int, str]] = {}
    for version in {risk.matrix_version_id: risk.matrix_version for risk in risks}.values():
        for item in version.bands or []:
            seen.setdefault(item["label"], (int(item["min"]), item["colour"]))
    return [(label, colour) for label, (_low, colour) in sorted(seen.items(), key=lambda kv: kv[1][0])]


def _kf_goals(municipality, year: int, user) -> list:
    """The year's KF-mål (inriktningsmål, verksamhetsområdesmål of KF budgets the user may read)
    in plan order (one query)."""
    return list(Goal.objects.filter(plan__in=visible_plans(user), plan__kind=PlanKind.COUNCIL_BUDGET,
                                    plan__year=year, plan__unit__municipality=municipality,
                                    level__in=KF_GOAL_LEVELS).order_by("plan_id", "code", "sort_order", "pk"))


def oversight_page(municipality, year: int, *, user, as_of: dt.date | None = None,
                   filters: OversightFilter | None = None) -> OversightPage:
    """KS oversight (tillsyn över nämndernas interna kontroll): every board of ``municipality``
    that ``user`` may read, in tree order, with its figures for ``year`` as of ``as_of`` (default
    today, capped at 31 December), for the risks passing ``filters`` and the controls on them.
    A constant number of queries whatever the number of boards, risks and controls: eleven for
    a KS controller whose roles are already loaded (boards, oversight roles, analyses, systems,
    closed period, risks, plans, occasions, deviations, KF budget plans' roles check, KF goals)."""
    filters = filters or OversightFilter()
    as_of = min(as_of or timezone.localdate(), dt.date(year, 12, 31))
    overview = {unit.pk: BoardOverview(unit=unit) for unit in readable_boards(municipality, user)}
    ids = list(overview)
    for unit_id in RiskAnalysis.objects.filter(unit_id__in=ids, year=year).values_list("unit_id", flat=True):
        overview[unit_id].has_analysis = True
    for unit_id, version, status in (ControlSystem.objects.filter(unit_id__in=ids, year=year)
                                     .order_by("version").values_list("unit_id", "version", "status")):
        overview[unit_id].system_version, overview[unit_id].system_status = version, status
    closed = (Period.objects.filter(municipality=municipality, year=year, as_of__lte=as_of,
                                    status__in=[PeriodStatus.CLOSED, PeriodStatus.LOCKED])
              .order_by("-as_of").first())
    all_risks = list(Risk.objects.filter(analysis__unit_id__in=ids, analysis__year=year)
                     .select_related("matrix_version", "analysis__unit", _GOAL_CHAIN)
                     .order_by("analysis__unit__path", "sort_order", "pk"))
    risks = [risk for risk in all_risks if filters.matches(risk)]
    for risk in risks:
        entry = overview[risk.analysis.unit_id]
        entry.risk_count += 1
        label = risk_level(risk)[1].label
        entry.levels[label] = entry.levels.get(label, 0) + 1
    # Controls count when they are on a matching risk (any control, with no filter).
    risk_ids = [risk.pk for risk in risks]
    on_risk = (lambda path: Q(**{f"{path}__in": risk_ids})) if filters.active else (lambda path: Q())
    for unit_id, count in (ControlPlan.objects.filter(unit_id__in=ids, year=year)
                           .annotate(n=Count("controls", filter=on_risk("controls__risk_id")))
                           .values_list("unit_id", "n")):
        overview[unit_id].has_control_plan = True
        overview[unit_id].control_count = count
    unit_of_occasion = "control__control_plan__unit_id"
    closed_q = Q(due__lte=closed.as_of) if closed is not None else Q(pk__in=[])
    due = (ControlOccasion.objects.filter(on_risk("control__risk_id"), control__control_plan__unit_id__in=ids,
                                          control__control_plan__year=year, due__lte=as_of)
           .values(unit_of_occasion)
           .annotate(n=Count("pk"), done=Count("result"), closed_n=Count("pk", filter=closed_q),
                     closed_done=Count("result", filter=closed_q)))
    for row in due:
        entry = overview[row[unit_of_occasion]]
        entry.occasions_due, entry.results = row["n"], row["done"]
        entry.closed_due, entry.closed_results = row["closed_n"], row["closed_done"]
    for entry in overview.values():
        entry.closed_period = closed
    unit_of_deviation = "result__occasion__control__control_plan__unit_id"
    is_open = Q(status=DeviationStatus.OPEN)
    found = (Deviation.objects.filter(on_risk("result__occasion__control__risk_id"),
                                      result__occasion__control__control_plan__unit_id__in=ids,
                                      result__occasion__control__control_plan__year=year)
             .values(unit_of_deviation)
             .annotate(n=Count("pk"), open=Count("pk", filter=is_open),
                       overdue=Count("pk", filter=is_open & Q(due__lt=as_of))))
    for row in found:
        entry = overview[row[unit_of_deviation]]
        entry.deviations, entry.open_deviations, entry.overdue_deviations = row["n"], row["open"], row["overdue"]
    bands = _bands_in_use(all_risks)
    for entry in overview.values():
        entry.band_counts = entry.level_counts(bands)
    return OversightPage(
        year=year, as_of=as_of, filters=filters, boards=list(overview.values()), risks=risks[:RISK_LIST_LIMIT],
        risk_total=len(risks), goals=_kf_goals(municipality, year, user),
        processes=sorted({risk.process for risk in all_risks if risk.process}, key=str.casefold),
        categories=list(RiskCategory.choices), bands=bands,
    )


def oversight(municipality, year: int, *, user, as_of: dt.date | None = None,
              filters: OversightFilter | None = None) -> list[BoardOverview]:
    """The boards of ``oversight_page`` only (same figures; see there)."""
    return oversight_page(municipality, year, user=user, as_of=as_of, filters=filters).boards
