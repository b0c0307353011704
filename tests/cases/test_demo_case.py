"""The demo hook ``verksam.cases.demo.load_demo_case``: from the memo or from the facts,
deciding the KS plan, idempotent."""

from __future__ import annotations

import io

import pytest

from verksam.cases.demo import DEMO_CASE, load_demo_case, repository_root, seed_memo_candidates
from verksam.cases.importer import parse_text
from verksam.cases.models import Case
from verksam.cases.queries import case_to_dict
from verksam.planning.models import PlanStatus

from tests.cases.case_fixtures import fast_passwords, row_counts  # noqa: F401
from tests.conftest import SEED_MEMO, require_or_skip


def _facts(data: dict) -> dict:
    """The import dict without the memo's prose (summary, the rapporteur's views, the quoted
    tjänsteutlåtande, statement texts, points, activities)."""
    facts = {k: v for k, v in data.items()
             if k not in {"summary", "statements", "rapporteur_views", "official_report_text"}}
    facts["statements"] = [{k: v for k, v in s.items() if k not in {"text", "points", "proposed_activities"}}
                           for s in data["statements"]]
    return facts


def test_the_seed_memo_is_looked_for_beside_the_repository(monkeypatch):
    monkeypatch.delenv("VERKSAM_SEED_MEMO", raising=False)
    assert seed_memo_candidates()[0] == SEED_MEMO
    assert (repository_root() / "pyproject.toml").exists()


@pytest.mark.django_db
def test_the_hook_imports_the_memo_and_decides_the_plan_once(city, monkeypatch):
    require_or_skip(SEED_MEMO.exists(), f"{SEED_MEMO} (../shared bredvid repot)")
    monkeypatch.setenv("VERKSAM_SEED_MEMO", str(SEED_MEMO))
    out = io.StringIO()
    case = load_demo_case(plan=city.ks_plan, acting_user=city.users.admin, stdout=out)
    assert f"inläst från promemorian {SEED_MEMO}" in out.getvalue()
    assert (case.reference, case.is_decided, case.is_example, case.plan) == ("KS 2023/1237", True, False, city.ks_plan)
    assert case.notes.startswith("Kommunstyrelsens sammanträdesdatum 17 januari 2024 är exempeldata")
    city.ks_plan.refresh_from_db()
    assert (city.ks_plan.status, city.ks_plan.decision_reference, city.ks_plan.decision_point) == (
        PlanStatus.DECIDED, "KS 2023/1237", "1")
    before = row_counts()
    again = io.StringIO()
    assert load_demo_case(plan=city.ks_plan, acting_user=city.users.admin, stdout=again).pk == case.pk
    assert again.getvalue() == "  Ärende: KS 2023/1237 är redan inläst och beslutat – inget ändrat."
    assert row_counts() == before


@pytest.mark.django_db
def test_without_the_memo_the_same_case_is_built_from_the_facts(city, monkeypatch, tmp_path):
    monkeypatch.setenv("VERKSAM_SEED_MEMO", str(tmp_path / "saknas.txt"))
    out = io.StringIO()
    case = load_demo_case(plan=city.ks_plan, acting_user=city.users.admin, stdout=out)
    assert "promemorian saknas" in out.getvalue() and "byggt från faktauppgifterna" in out.getvalue()
    assert case.is_decided and case.is_example
    assert _facts(case_to_dict(case)) == _facts(DEMO_CASE)
    city.ks_plan.refresh_from_db()
    assert city.ks_plan.status == PlanStatus.DECIDED
    assert Case.objects.count() == 1


def test_the_facts_match_what_the_parser_reads_from_the_memo():
    require_or_skip(SEED_MEMO.exists(), f"{SEED_MEMO} (../shared bredvid repot)")
    assert _facts(DEMO_CASE) == _facts(parse_text(SEED_MEMO.read_text(encoding="utf-8")))
