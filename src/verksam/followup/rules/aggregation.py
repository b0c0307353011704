"""Goal proposals (förslag till bedömning av mål): uppfyllt helt / delvis / ej.

Source: DESIGN.md, "Rules decided" → "Aggregation":

    Missing values are left out and counted ("2 av 3 indikatorer mätta"); when all are missing
    the proposal is *ej bedömd*, never *ej uppfyllt*. Weight blank means 1, weight 0 means left
    out; all left out is *ej beräknad*. A parent lies between its smallest and largest child.
    The bulk path and the single-object path share one function.

and "Facts to build on": a goal's assessment weighs its indicators, its child goals (each
board's own assessment of a KF-mål) and whether activities were done. The rule that turns them
into a proposal is data (:class:`AggregationRule`, with a stable ``id``) so a stored assessment
keeps the rule it was proposed by. The board count lives in :mod:`.board_count`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from verksam.followup.rules._numbers import PRECISION, as_decimal

__all__ = [
    "GoalVerdict", "ItemKind", "Item", "AggregationRule", "Proposal", "RULES", "WEIGHTED_SCORE",
    "WORST_OF", "MAJORITY", "get_rule", "propose_goal_verdict", "propose_many",
]


class GoalVerdict(models.TextChoices):
    """A goal's assessment (bedömning): uppfyllt helt / delvis / ej, or why there is none.

    ``NOT_ASSESSED`` (ej bedömd): every counted item lacks a value. ``NOT_COMPUTED`` (ej
    beräknad): nothing to count — no items, or every item has weight 0.
    """

    HELT = "helt", _("uppfyllt helt")
    DELVIS = "delvis", _("uppfyllt delvis")
    EJ = "ej", _("ej uppfyllt")
    NOT_ASSESSED = "not_assessed", _("ej bedömd")
    NOT_COMPUTED = "not_computed", _("ej beräknad")


class ItemKind(models.TextChoices):
    """What an item of a goal is: an indicator, a child goal or an activity."""

    INDICATOR = "indicator", _("indikator")
    GOAL = "goal", _("mål")
    ACTIVITY = "activity", _("aktivitet")


# Points per verdict, shared by indicator verdicts (Verdict) and goal verdicts (GoalVerdict),
# whose values coincide: "helt", "delvis", "ej".
SCORES = {"helt": Decimal(1), "delvis": Decimal("0.5"), "ej": Decimal(0)}
_VERDICT_BY_SCORE = {score: GoalVerdict(value) for value, score in SCORES.items()}
# No value: left out and counted as missing.
MISSING = frozenset({"not_measured", "not_assessed", "not_computed"})
# Nothing to judge against (a neutral indicator, no årsmål): not part of the goal at all.
IGNORED = frozenset({"no_verdict"})


@dataclass(frozen=True)
class Item:
    """One input of a goal proposal.

    ``verdict``: an indicator :class:`~verksam.followup.rules.verdicts.Verdict`, a child's
    :class:`GoalVerdict` (or their string values), for an activity ``True`` (genomförd) /
    ``False`` (ej genomförd), or ``None`` (no value). ``weight``: ``None`` means 1, 0 leaves the
    item out, otherwise a ``Decimal``/``int`` > 0. ``kind``: an :class:`ItemKind` value.
    """

    verdict: object
    weight: object = None
    kind: str = ItemKind.INDICATOR


def _as_item(entry) -> Item:
    if isinstance(entry, Item):
        return entry
    if isinstance(entry, tuple) and len(entry) in (2, 3):
        return Item(*entry)
    raise TypeError(f"Ett underlag ska vara Item eller (bedömning, vikt[, slag]), inte {entry!r}")


def _score_key(verdict) -> str | None:
    """The verdict as "helt"/"delvis"/"ej", a MISSING/IGNORED value, or None (missing)."""
    if verdict is None:
        return None
    if isinstance(verdict, bool):
        return "helt" if verdict else "ej"
    value = str(verdict.value if isinstance(verdict, models.Choices) else verdict)
    if value in SCORES or value in MISSING or value in IGNORED:
        return value
    raise ValueError(f"Okänd bedömning: {verdict!r}")


@dataclass(frozen=True)
class AggregationRule:
    """A rule that proposes a goal verdict, kept as data.

    ``id`` is stable and stored with each assessment; never reuse an id for changed behaviour —
    add a new rule. ``method`` is "weighted_score", "worst_of" or "majority".
    ``helt_from``/``delvis_from`` (weighted score only) are thresholds on the score 0–1; they
    must satisfy 0 < delvis_from ≤ 0.5 < helt_from ≤ 1 so that all-helt children give helt,
    all-delvis give delvis and all-ej give ej — which keeps a parent between its children.
    ``description`` is the Swedish text shown beside the proposal.
    """

    id: str
    method: str
    description: str
    helt_from: Decimal | None = None
    delvis_from: Decimal | None = None

    def __post_init__(self):
        if self.method not in ("weighted_score", "worst_of", "majority"):
            raise ValueError(f"Okänd metod för regeln {self.id}: {self.method!r}")
        if self.method == "weighted_score" and not (
            self.helt_from is not None and self.delvis_from is not None
            and 0 < self.delvis_from <= Decimal("0.5") < self.helt_from <= 1
        ):
            raise ValueError(f"Regeln {self.id}: gränserna ska uppfylla 0 < delvis ≤ 0,5 < helt ≤ 1.")


WEIGHTED_SCORE = AggregationRule(
    id="weighted_score_v1", method="weighted_score",
    helt_from=Decimal("0.75"), delvis_from=Decimal("0.25"),
    description=_("Viktad poäng: helt ger 1, delvis 0,5 och ej 0 poäng, vägt med vikterna. "
                  "Minst 0,75 ger uppfyllt helt, minst 0,25 uppfyllt delvis, lägre ej uppfyllt."),
)
WORST_OF = AggregationRule(
    id="worst_of_v1", method="worst_of",
    description=_("Sämsta bedömningen: målet får det sämsta bedömda underlagets bedömning."),
)
MAJORITY = AggregationRule(
    id="majority_v1", method="majority",
    description=_("Majoritet: den bedömning som har störst sammanlagd vikt; "
                  "vid lika vikt väljs den sämre."),
)
RULES: dict[str, AggregationRule] = {rule.id: rule for rule in (WEIGHTED_SCORE, WORST_OF, MAJORITY)}


def get_rule(rule) -> AggregationRule:
    """The rule itself, or the rule with this stored id; ``ValueError`` for an unknown id."""
    if isinstance(rule, AggregationRule):
        return rule
    try:
        return RULES[rule]
    except (KeyError, TypeError):
        raise ValueError(f"Okänd bedömningsregel: {rule!r}") from None


@dataclass(frozen=True)
class KindCount:
    """For one kind of item: how many were counted (weight > 0) and how many had a value."""

    kind: str
    measured: int
    counted: int


def _measured_text(kind: str, measured: int, counted: int) -> str:
    """Swedish "2 av 3 indikatorer mätta" for one kind of item (plural chosen by ``counted``)."""
    values = {"measured": measured, "counted": counted}
    if kind == ItemKind.INDICATOR:
        return ngettext("%(measured)d av %(counted)d indikator mätt",
                        "%(measured)d av %(counted)d indikatorer mätta", counted) % values
    if kind == ItemKind.GOAL:
        return ngettext("%(measured)d av %(counted)d mål bedömt",
                        "%(measured)d av %(counted)d mål bedömda", counted) % values
    if kind == ItemKind.ACTIVITY:
        return ngettext("%(measured)d av %(counted)d aktivitet redovisad",
                        "%(measured)d av %(counted)d aktiviteter redovisade", counted) % values
    raise KeyError(kind)


@dataclass(frozen=True)
class Proposal:
    """A proposed goal verdict with what it was computed from.

    ``score`` is 0–1 (helt 1, delvis 0,5, ej 0 — for worst-of and majority the chosen verdict's
    points), ``None`` when ej bedömd / ej beräknad. ``counts`` per kind (indicator, goal,
    activity) of items with weight > 0; ``left_out`` items had weight 0; ``without_verdict``
    items had nothing to judge against (neutral, no årsmål) and are not counted.
    """

    verdict: GoalVerdict
    score: Decimal | None
    rule_id: str
    counts: tuple[KindCount, ...] = field(default=())
    left_out: int = 0
    without_verdict: int = 0

    @property
    def measured(self) -> int:
        """Items with weight > 0 that had a value."""
        return sum(count.measured for count in self.counts)

    @property
    def counted(self) -> int:
        """Items with weight > 0 (measured or missing)."""
        return sum(count.counted for count in self.counts)

    @property
    def measured_text(self) -> str:
        """Swedish, e.g. "2 av 3 indikatorer mätta" or "2 av 3 indikatorer mätta, 1 av 1 mål
        bedömt"; "inget underlag" when nothing was counted."""
        parts = [
            _measured_text(count.kind, count.measured, count.counted)
            for count in self.counts if count.counted
        ]
        return ", ".join(parts) if parts else str(_("inget underlag"))

    def as_dict(self) -> dict:
        """A JSON-ready record for storing with the assessment (score as a string)."""
        return {
            "rule": self.rule_id, "verdict": self.verdict.value,
            "score": None if self.score is None else str(self.score),
            "measured": self.measured, "counted": self.counted,
            "left_out": self.left_out, "without_verdict": self.without_verdict,
        }


def propose_goal_verdict(items: Iterable, rule=WEIGHTED_SCORE) -> Proposal:
    """Propose a goal's verdict from its ``items`` by ``rule``.

    ``items``: :class:`Item` or tuples ``(verdict, weight)`` / ``(verdict, weight, kind)`` (kind
    defaults to indicator). ``rule``: an :class:`AggregationRule` or a stored rule id.

    Steps: items whose verdict is "no_verdict" are set aside (``without_verdict``); weight 0
    items are left out (``left_out``); the rest are counted, and those without a value (None,
    ej mätt, ej bedömd, ej beräknad) are missing. Nothing counted → ej beräknad; nothing
    measured → ej bedömd (never ej uppfyllt); otherwise the rule decides over the measured items.

    Raises ``ValueError`` for a negative weight, an unknown verdict, kind or rule id.
    """
    rule = get_rule(rule)
    measured: list[tuple[Decimal, Decimal]] = []  # (points, weight)
    per_kind: dict[str, list[int]] = {kind: [0, 0] for kind in ItemKind.values}
    left_out = without_verdict = 0
    for entry in items:
        item = _as_item(entry)
        if item.kind not in per_kind:
            raise ValueError(f"Okänt slag av underlag: {item.kind!r}")
        key = _score_key(item.verdict)
        if key in IGNORED:
            without_verdict += 1
            continue
        weight = Decimal(1) if item.weight is None else as_decimal(item.weight, "weight")
        if weight < 0:
            raise ValueError(f"Vikten får inte vara negativ: {item.weight}")
        if weight == 0:
            left_out += 1
            continue
        per_kind[item.kind][1] += 1
        if key is None or key in MISSING:
            continue
        per_kind[item.kind][0] += 1
        measured.append((SCORES[key], weight))
    counts = tuple(KindCount(kind, m, c) for kind, (m, c) in per_kind.items() if c)
    extra = {"rule_id": rule.id, "counts": counts, "left_out": left_out,
             "without_verdict": without_verdict}
    if not counts:
        return Proposal(GoalVerdict.NOT_COMPUTED, None, **extra)
    if not measured:
        return Proposal(GoalVerdict.NOT_ASSESSED, None, **extra)
    verdict, score = _decide(rule, measured)
    return Proposal(verdict, score, **extra)


def _decide(rule: AggregationRule, measured: list[tuple[Decimal, Decimal]]):
    if rule.method == "worst_of":
        score = min(points for points, _weight in measured)
        return _VERDICT_BY_SCORE[score], score
    if rule.method == "majority":
        totals: dict[Decimal, Decimal] = {}
        for points, weight in measured:
            totals[points] = totals.get(points, Decimal(0)) + weight
        # Greatest total weight; on a tie the worse (lower) score.
        score = max(totals, key=lambda points: (totals[points], -points))
        return _VERDICT_BY_SCORE[score], score
    with localcontext() as context:
        context.prec = PRECISION
        score = sum(points * weight for points, weight in measured) / sum(w for _p, w in measured)
    score = +score  # rounded to the default 28 digits, monotonically: stays within the children
    if score >= rule.helt_from:
        return GoalVerdict.HELT, score
    if score >= rule.delvis_from:
        return GoalVerdict.DELVIS, score
    return GoalVerdict.EJ, score


def propose_many(mapping: Mapping, rule=WEIGHTED_SCORE) -> dict:
    """Bulk path: ``{key: items}`` → ``{key: Proposal}``, calling :func:`propose_goal_verdict`
    for each key (same code path as a single goal; ``key`` is e.g. a goal id)."""
    rule = get_rule(rule)
    return {key: propose_goal_verdict(items, rule=rule) for key, items in mapping.items()}
