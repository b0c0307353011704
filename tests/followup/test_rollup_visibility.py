"""The plan visibility rule in the roll-up reads (``queries_rollup.readable_data``): draft goals
are neither named nor counted for someone who may not read them — in the live proposals, the
stored proposal records and the KF page — while a reader of the draft sees them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.followup.rollup_helpers import add_board, assess, decide, periods_of
from verksam.followup.queries_rollup import kf_rollup

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(city):
    p = periods_of(city)
    utn = add_board(city, "Utbildningsnämnden", "UTN", unit=city.utn)
    decide(city.kf_budget)  # KS's and Utbildningsnämndens plans stay drafts
    assess(city, city.board_goal_2, city.ks, p.t2, "helt")
    assess(city, city.area_3_5, city.ks, p.t2, "helt")  # its stored proposal names board_goal_2
    return p


def test_a_stored_proposal_record_does_not_name_a_draft_goal_to_anonymous_callers(client, city, assessed):
    url = f"/api/assessments?unit={city.ks.pk}&period={assessed.t2.pk}"
    anonymous = {g["goal"]["code"]: g for g in client.get(url).json()["goals"]}
    assert "3.5.1" not in anonymous
    stored = anonymous["3.5"]["assessment"]["proposal"]
    assert stored["items"] == [] and stored["verdict"] == "helt"
    assert anonymous["3.5"]["proposal"]["measured_text"] == "inget underlag"

    client.force_login(city.users.ks_reader)
    read = {g["goal"]["code"]: g for g in client.get(url).json()["goals"]}
    assert read["3.5"]["assessment"]["proposal"]["items"] == [
        {"kind": "goal", "id": city.board_goal_2.pk, "unit": city.ks.pk, "verdict": "helt"}]
    assert read["3.5"]["proposal"]["measured_text"] == "1 av 1 mål bedömt"


def test_the_kf_rollup_counts_draft_goals_only_for_readers(city, assessed):
    def ks_row(user):
        goal = next(g for g in kf_rollup(assessed.t2, user=user) if g.goal.code == "3.5")
        return next(row for row in goal.boards if row.board.id == city.ks.pk)

    anonymous = ks_row(_anonymous())
    assert (anonymous.result.proposal.measured_text, anonymous.goals, anonymous.result.items) == (
        "inget underlag", [], [])
    reader = ks_row(city.users.ks_reader)
    assert reader.result.proposal.measured_text == "1 av 1 mål bedömt"
    assert [goal.code for goal, _stored in reader.goals] == ["3.5.1"]
    internal = ks_row(None)  # internal callers (user=None) see everything
    assert internal.result.proposal.measured_text == "1 av 1 mål bedömt"


def test_the_kf_page_does_not_show_a_draft_nammdmal_to_anonymous_visitors(client, city, assessed):
    url = reverse("followup_rollup:kf_rollup", args=[assessed.t2.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert city.board_goal_2.title not in anonymous.content.decode()
    client.force_login(city.users.ks_reader)
    assert city.board_goal_2.title in client.get(url).content.decode()


def _anonymous():
    from django.contrib.auth.models import AnonymousUser
    return AnonymousUser()
