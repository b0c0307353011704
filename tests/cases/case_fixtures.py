"""Fixtures and helpers shared by the DB-side case tests (import, decisions, views, command)."""

from __future__ import annotations

import pytest

from verksam.cases.importer import import_case, parse_text
from verksam.cases.models import (
    Case, CaseAttachment, Decision, Document, HandlingStep, Meeting, ProfitCentre, Proposal, ProposedActivity,
    Statement, StatementPerson, StatementPoint, TurnoverChange,
)
from verksam.organisation.models import Party, Person

#: Every model an import or a decision writes, for "nothing written" and "same counts" checks.
COUNTED_MODELS = [
    Case, Document, CaseAttachment, HandlingStep, Meeting, Proposal, Decision, Statement, StatementPerson,
    StatementPoint, ProposedActivity, ProfitCentre, TurnoverChange, Person, Party,
]


def row_counts() -> dict[str, int]:
    """Rows per model (and per history table) — a fingerprint of what the database holds."""
    counts = {}
    for model in COUNTED_MODELS:
        counts[model.__name__] = model.objects.count()
        history = getattr(model, "history", None)
        if history is not None:
            counts[f"{model.__name__}.history"] = history.model.objects.count()
    return counts


def case_rows() -> dict[str, int]:
    """Rows per model, without the history tables."""
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


SMALL_MEMO = """PM Rotel I (Dnr KS 2023/99)

Verksamhetsplan 2024 för kommunstyrelsen

Förslag till beslut

Föredragande borgarrådet Karin Wanngård

Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.

1. Verksamhetsplan 2024 för kommunstyrelsen, i enlighet med bilaga 1 till promemorian, godkänns.

2. Redovisade omslutningsförändringar om 12,5 mnkr godkänns.

Stockholm den 10 januari 2024

Karin Wanngård

Bilagor

1. Verksamhetsplan KS 2024, dnr KS 2023/99-1.1
"""


@pytest.fixture
def seed_case(city, seed_memo_text):
    """The seed memo imported into the city (trusted caller, no acting user)."""
    data = parse_text(seed_memo_text)
    result = import_case(data, municipality=city.municipality, source_text=seed_memo_text,
                         source_filename="000_af22ac8c55b35c9f.txt")
    return result.case


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """MD5 password hashing in these tests: the ``city`` fixture creates seven users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
