"""The board count (nämndernas bedömningar) of one goal: "26 av 29 nämnder bedömer att målet
uppfylls helt".

Source: DESIGN.md, "Facts to build on" (a KF-mål weighs each board's own assessment, e.g. "26
av 29 nämnder bedömer att målet uppfylls helt") and "Rules decided" → "Decision summaries"
(any count equals the items listed): the counts always add up to the number of boards given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.followup.rules.aggregation import GoalVerdict

__all__ = ["BoardVerdictCount", "count_board_verdicts"]

ASSESSED = (GoalVerdict.HELT, GoalVerdict.DELVIS, GoalVerdict.EJ)
UNASSESSED = (GoalVerdict.NOT_ASSESSED, GoalVerdict.NOT_COMPUTED)


def _first_phrase(verdict: GoalVerdict, count: int, total: int) -> str:
    values = {"count": count, "total": total}
    if verdict == GoalVerdict.HELT:
        return ngettext("%(count)d av %(total)d nämnd bedömer att målet uppfylls helt",
                        "%(count)d av %(total)d nämnder bedömer att målet uppfylls helt", total) % values
    if verdict == GoalVerdict.DELVIS:
        return ngettext("%(count)d av %(total)d nämnd bedömer att målet uppfylls delvis",
                        "%(count)d av %(total)d nämnder bedömer att målet uppfylls delvis", total) % values
    if verdict == GoalVerdict.EJ:
        return ngettext("%(count)d av %(total)d nämnd bedömer att målet inte uppfylls",
                        "%(count)d av %(total)d nämnder bedömer att målet inte uppfylls", total) % values
    return ngettext("%(count)d av %(total)d nämnd har inte bedömt målet",
                    "%(count)d av %(total)d nämnder har inte bedömt målet", total) % values


def _next_phrase(verdict: GoalVerdict, count: int) -> str:
    if verdict == GoalVerdict.DELVIS:
        return _("%(count)d att det uppfylls delvis") % {"count": count}
    return _("%(count)d att det inte uppfylls") % {"count": count}


@dataclass(frozen=True)
class BoardVerdictCount:
    """How the boards assessed one goal.

    ``total``: the number of boards listed. ``counts``: every :class:`GoalVerdict` → number of
    boards (all five keys present; they sum to ``total``). ``boards``: verdict → the board keys
    (names or ids) in the order given, when a mapping was counted; empty tuples otherwise.
    """

    total: int
    counts: dict
    boards: dict

    def phrase(self, verdict) -> str:
        """One verdict's phrase, e.g. "26 av 29 nämnder bedömer att målet uppfylls helt";
        ej bedömd and ej beräknad read "1 av 29 nämnder har inte bedömt målet" (each its own
        count)."""
        verdict = GoalVerdict(verdict)
        return _first_phrase(verdict, self.counts[verdict], self.total)

    @property
    def unassessed(self) -> int:
        """Boards without an assessment (ej bedömd or ej beräknad)."""
        return sum(self.counts[verdict] for verdict in UNASSESSED)

    @property
    def sentence(self) -> str:
        """The whole count in Swedish, e.g. "26 av 29 nämnder bedömer att målet uppfylls helt,
        2 att det uppfylls delvis och 1 att det inte uppfylls." followed, when some boards have
        not assessed it, by "1 nämnd har inte bedömt målet."; verdicts with 0 boards are omitted."""
        if self.total == 0:
            return _("Ingen nämnd har bedömt målet.")
        present = [verdict for verdict in ASSESSED if self.counts[verdict]]
        if not present:
            return ngettext("0 av %(total)d nämnd har bedömt målet.",
                            "0 av %(total)d nämnder har bedömt målet.", self.total) % {"total": self.total}
        parts = [_first_phrase(present[0], self.counts[present[0]], self.total)]
        parts += [_next_phrase(verdict, self.counts[verdict]) for verdict in present[1:]]
        text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {_('och')} {parts[-1]}"
        text += "."
        if self.unassessed:
            text += " " + ngettext("%(count)d nämnd har inte bedömt målet.",
                                   "%(count)d nämnder har inte bedömt målet.",
                                   self.unassessed) % {"count": self.unassessed}
        return text


def count_board_verdicts(verdicts: Iterable | Mapping) -> BoardVerdictCount:
    """Count the boards' verdicts on one goal.

    ``verdicts``: an iterable of :class:`GoalVerdict` (or their values), or a mapping board →
    verdict (then ``boards`` lists them). ``None`` counts as ej bedömd — a board that has not
    assessed the goal is still a board listed. Raises ``ValueError`` for an unknown verdict.
    """
    pairs = list(verdicts.items()) if isinstance(verdicts, Mapping) else [(None, v) for v in verdicts]
    counts = {verdict: 0 for verdict in GoalVerdict}
    boards: dict = {verdict: [] for verdict in GoalVerdict}
    for board, verdict in pairs:
        try:
            verdict = GoalVerdict.NOT_ASSESSED if verdict is None else GoalVerdict(verdict)
        except ValueError:
            raise ValueError(f"Okänd bedömning av mål: {verdict!r}") from None
        counts[verdict] += 1
        if board is not None:
            boards[verdict].append(board)
    return BoardVerdictCount(len(pairs), counts, {k: tuple(v) for k, v in boards.items()})
