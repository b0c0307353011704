"""Goal proposals and the board count (DESIGN.md "Rules decided" → "Aggregation")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verksam.followup.rules.aggregation import (
    MAJORITY, RULES, WEIGHTED_SCORE, WORST_OF, AggregationRule, GoalVerdict, Item, ItemKind,
    get_rule, propose_goal_verdict, propose_many,
)
from verksam.followup.rules.board_count import count_board_verdicts
from verksam.followup.rules.verdicts import Verdict

D = Decimal
H, DV, E, NM = Verdict.HELT, Verdict.DELVIS, Verdict.EJ, Verdict.NOT_MEASURED


def test_missing_values_are_left_out_and_counted():
    proposal = propose_goal_verdict([(H, None), (H, None), (NM, None)])
    assert proposal.verdict == GoalVerdict.HELT
    assert proposal.score == D(1)
    assert proposal.measured_text == "2 av 3 indikatorer mätta"


def test_all_missing_is_ej_bedomd_never_ej_uppfyllt():
    proposal = propose_goal_verdict([(NM, None), (None, D(2))])
    assert proposal.verdict == GoalVerdict.NOT_ASSESSED
    assert str(proposal.verdict.label) == "ej bedömd"
    assert proposal.score is None
    assert proposal.measured_text == "0 av 2 indikatorer mätta"


def test_weight_zero_is_left_out_and_all_left_out_is_ej_beraknad():
    proposal = propose_goal_verdict([(E, 0), (H, None)])
    assert (proposal.verdict, proposal.left_out, proposal.measured_text) == (
        GoalVerdict.HELT, 1, "1 av 1 indikator mätt")
    nothing = propose_goal_verdict([(E, 0), (H, D(0))])
    assert (nothing.verdict, nothing.left_out, nothing.measured_text) == (
        GoalVerdict.NOT_COMPUTED, 2, "inget underlag")
    assert str(nothing.verdict.label) == "ej beräknad"


def test_a_goal_without_items_is_ej_beraknad():
    assert propose_goal_verdict([]).verdict == GoalVerdict.NOT_COMPUTED


def test_a_neutral_indicator_is_set_aside_not_counted():
    proposal = propose_goal_verdict([(Verdict.NO_VERDICT, None), (DV, None)])
    assert (proposal.verdict, proposal.without_verdict, proposal.measured_text) == (
        GoalVerdict.DELVIS, 1, "1 av 1 indikator mätt")


@pytest.mark.parametrize("items, verdict, score", [
    ([(H, 3), (E, 1)], GoalVerdict.HELT, D("0.75")),                 # edge of helt
    ([(H, None), (DV, None)], GoalVerdict.HELT, D("0.75")),
    ([(H, 1), (E, 2)], GoalVerdict.DELVIS, D(1) / D(3)),
    ([(H, 1), (E, 3)], GoalVerdict.DELVIS, D("0.25")),                # edge of delvis
    ([(DV, 1), (E, 2), (E, 2)], GoalVerdict.EJ, D("0.1")),
    ([(DV, None), (DV, None)], GoalVerdict.DELVIS, D("0.5")),
])
def test_the_weighted_score_rule(items, verdict, score):
    proposal = propose_goal_verdict(items, rule=WEIGHTED_SCORE)
    assert (proposal.verdict, proposal.score) == (verdict, +score)


def test_the_worst_of_rule_takes_the_worst_measured_item():
    proposal = propose_goal_verdict([(H, 5), (DV, 1), (NM, 1), (E, 0)], rule=WORST_OF)
    assert (proposal.verdict, proposal.score) == (GoalVerdict.DELVIS, D("0.5"))


def test_the_majority_rule_weighs_and_takes_the_worse_on_a_tie():
    assert propose_goal_verdict([(H, 2), (DV, 1), (DV, 1), (E, 3)], rule=MAJORITY).verdict == GoalVerdict.EJ
    assert propose_goal_verdict([(H, 2), (DV, 1), (DV, 1)], rule=MAJORITY).verdict == GoalVerdict.DELVIS
    assert propose_goal_verdict([(H, 3), (DV, 1), (DV, 1)], rule=MAJORITY).verdict == GoalVerdict.HELT


def test_indicators_child_goals_and_activities_are_counted_by_kind():
    items = [Item(H), Item(NM), Item(GoalVerdict.DELVIS, kind=ItemKind.GOAL),
             Item(GoalVerdict.NOT_ASSESSED, kind=ItemKind.GOAL), Item(True, kind=ItemKind.ACTIVITY),
             Item(False, kind=ItemKind.ACTIVITY), Item(None, kind=ItemKind.ACTIVITY)]
    proposal = propose_goal_verdict(items)
    assert proposal.measured_text == (
        "1 av 2 indikatorer mätta, 1 av 2 mål bedömda, 2 av 3 aktiviteter redovisade")
    # helt 1 + delvis 0,5 + done 1 + not done 0 over 4 items = 0,625 → delvis
    assert (proposal.verdict, proposal.score) == (GoalVerdict.DELVIS, D("0.625"))


def test_stored_string_values_are_understood():
    assert propose_goal_verdict([("helt", None), ("not_measured", None)]).verdict == GoalVerdict.HELT


def test_the_rules_are_data_with_stable_ids_and_swedish_descriptions():
    assert list(RULES) == ["weighted_score_v1", "worst_of_v1", "majority_v1"]
    assert get_rule("worst_of_v1") is WORST_OF
    assert str(WEIGHTED_SCORE.description).startswith("Viktad poäng: helt ger 1, delvis 0,5 och ej 0 poäng")
    proposal = propose_goal_verdict([(H, None)], rule="majority_v1")
    assert proposal.as_dict() == {"rule": "majority_v1", "verdict": "helt", "score": "1", "measured": 1,
                                  "counted": 1, "left_out": 0, "without_verdict": 0}


def test_it_refuses_bad_weights_verdicts_rules_and_thresholds():
    with pytest.raises(ValueError, match="negativ"):
        propose_goal_verdict([(H, -1)])
    with pytest.raises(ValueError, match="Okänd bedömning"):
        propose_goal_verdict([("bra", None)])
    with pytest.raises(ValueError, match="bedömningsregel"):
        get_rule("snitt")
    with pytest.raises(ValueError, match="gränserna"):
        AggregationRule(id="x", method="weighted_score", description="x",
                        helt_from=D("0.5"), delvis_from=D("0.25"))


def test_the_bulk_path_gives_what_the_single_path_gives():
    mapping = {1: [(H, None)], 2: [(NM, None)], 3: [(E, 2), (H, 1)]}
    assert propose_many(mapping, rule=WORST_OF) == {
        key: propose_goal_verdict(items, rule=WORST_OF) for key, items in mapping.items()}


# --- properties ---------------------------------------------------------------------------

RANK = {GoalVerdict.EJ: 0, GoalVerdict.DELVIS: 1, GoalVerdict.HELT: 2}
CHILD_RANK = {"ej": 0, "delvis": 1, "helt": 2}
POINTS = {"ej": D(0), "delvis": D("0.5"), "helt": D(1)}
weights = st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2))
children = st.lists(st.tuples(st.sampled_from([H, DV, E, NM, Verdict.NO_VERDICT]), weights), max_size=12)


@given(items=children, rule=st.sampled_from(list(RULES.values())))
def test_a_parent_lies_between_its_smallest_and_largest_child(items, rule):
    counted = [v for v, w in items if v in (H, DV, E) and w != 0]
    proposal = propose_goal_verdict(items, rule=rule)
    if not counted:
        assert proposal.verdict in (GoalVerdict.NOT_ASSESSED, GoalVerdict.NOT_COMPUTED)
        return
    assert min(POINTS[v] for v in counted) <= proposal.score <= max(POINTS[v] for v in counted)
    assert min(CHILD_RANK[v] for v in counted) <= RANK[proposal.verdict] <= max(CHILD_RANK[v] for v in counted)


@given(items=children)
def test_missing_values_never_make_a_goal_ej_uppfyllt(items):
    with_missing = items + [(NM, None), (None, 5)]
    proposal = propose_goal_verdict(with_missing)
    assert proposal.verdict == propose_goal_verdict(items).verdict or proposal.verdict == GoalVerdict.NOT_ASSESSED
    assert proposal.measured == propose_goal_verdict(items).measured


# --- board count --------------------------------------------------------------------------

def test_the_board_count_reads_like_the_city_reports():
    count = count_board_verdicts(["helt"] * 26 + ["delvis"] * 2 + [GoalVerdict.EJ])
    assert count.phrase(GoalVerdict.HELT) == "26 av 29 nämnder bedömer att målet uppfylls helt"
    assert count.sentence == ("26 av 29 nämnder bedömer att målet uppfylls helt, 2 att det uppfylls "
                              "delvis och 1 att det inte uppfylls.")
    assert count.counts[GoalVerdict.HELT] == 26 and count.total == 29


def test_unassessed_boards_are_counted_and_named():
    count = count_board_verdicts({"Utbildningsnämnden": "delvis", "Kulturnämnden": None,
                                  "Idrottsnämnden": GoalVerdict.NOT_COMPUTED})
    assert count.sentence == ("1 av 3 nämnder bedömer att målet uppfylls delvis. "
                              "2 nämnder har inte bedömt målet.")
    assert count.boards[GoalVerdict.NOT_ASSESSED] == ("Kulturnämnden",)
    assert count.phrase("not_assessed") == "1 av 3 nämnder har inte bedömt målet"


def test_the_board_count_with_no_assessment_or_no_board():
    assert count_board_verdicts([None, None]).sentence == "0 av 2 nämnder har bedömt målet."
    assert count_board_verdicts([]).sentence == "Ingen nämnd har bedömt målet."
    assert count_board_verdicts(["ej"]).sentence == "1 av 1 nämnd bedömer att målet inte uppfylls."


def test_the_board_count_refuses_an_unknown_verdict():
    with pytest.raises(ValueError, match="Okänd bedömning av mål"):
        count_board_verdicts(["bra"])


@given(st.lists(st.sampled_from([None, *GoalVerdict]), max_size=60))
def test_the_counts_always_equal_the_boards_listed(verdicts):
    count = count_board_verdicts(verdicts)
    assert count.total == len(verdicts) == sum(count.counts.values())
