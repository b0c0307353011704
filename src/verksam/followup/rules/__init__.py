"""The decided follow-up rules of DESIGN.md ("Rules decided") as pure functions.

No models and no database: every function takes plain values (``Decimal``, strings of the
planning ``TextChoices``, ``None`` for a missing value) and returns plain values, so the
single-object path, the bulk roll-up, the API and the reports call the same code.

* :mod:`.verdicts` — indicator verdicts (årsmålet uppnås helt / delvis / ej, ej mätt).
* :mod:`.progress` — progress from a baseline (startvärde → årsmål), försämring.
* :mod:`.aggregation` — goal proposals (uppfyllt helt / delvis / ej, ej bedömd, ej beräknad)
  from indicators, child goals and activities, with rules as data, and the board count
  (:mod:`.board_count`: "26 av 29 nämnder bedömer att målet uppfylls helt").
* :mod:`.by_sex` — totals from kvinnor and män, shares by sex, rate roll-up.

See ``docs/followup-rules.md`` for the rules with worked examples.
"""

from verksam.followup.rules.aggregation import (
    RULES, AggregationRule, GoalVerdict, Item, ItemKind, Proposal, get_rule, propose_goal_verdict,
    propose_many,
)
from verksam.followup.rules.board_count import BoardVerdictCount, count_board_verdicts
from verksam.followup.rules.by_sex import (
    BySexError, ShareBySex, rate_rollup, share_by_sex, total_from_sexes,
)
from verksam.followup.rules.progress import Progress, progress
from verksam.followup.rules.verdicts import Verdict, indicator_verdict

__all__ = [
    "RULES", "AggregationRule", "BoardVerdictCount", "BySexError", "GoalVerdict", "Item", "ItemKind",
    "Progress", "Proposal", "ShareBySex", "Verdict", "count_board_verdicts", "get_rule",
    "indicator_verdict", "progress", "propose_goal_verdict", "propose_many", "rate_rollup",
    "share_by_sex", "total_from_sexes",
]
