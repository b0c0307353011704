"""Demo hook: the case KS 2023/1237 that adopts kommunstyrelsens Verksamhetsplan 2024.

``load_demo_case(plan=…, acting_user=…, stdout=…)`` is called at the end of ``verksam demo``.
It imports the real memo ``shared/seeds/000_af22ac8c55b35c9f.txt`` (beside the repository:
``<repo>/../shared/seeds/…``; the environment variable ``VERKSAM_SEED_MEMO`` overrides the path)
through the same importer as ``verksam case import``. When the memo is missing it builds the
same case from ``DEMO_CASE`` below — the memo's facts (reference, title, dates, decision points
with amounts, attachments, the statements' persons, parties, bodies and stances), without its
prose. Either way the case is then decided by kommunstyrelsen on 17 January 2024 — an example
date (the memo gives only the PM date, 10 January 2024), marked as such in the case — which
decides the plan. Calling it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction

from verksam.cases.actions import decide_case
from verksam.cases.importer import import_case, parse_text
from verksam.cases.models import Case
from verksam.organisation.models import Unit, UnitKind

SEED_NAME = "000_af22ac8c55b35c9f.txt"
DEMO_REFERENCE = "KS 2023/1237"
DECIDED_ON = dt.date(2024, 1, 17)  # example data: the memo gives only the PM date
DATE_NOTE = ("Kommunstyrelsens sammanträdesdatum 17 januari 2024 är exempeldata: promemorian anger bara "
             "PM-datumet 10 januari 2024.")
FALLBACK_NOTE = ("Promemorians text saknades när demodata lästes in; ärendet är uppbyggt av fakta ur den "
                 "(beslutspunkter, bilagor, reservationernas personer, partier, organ och ställningstaganden) "
                 "utan yttrandenas text och föreslagna aktiviteter.")


def _statement(kind, body, persons, stance, same_as=None):
    return {"kind": kind, "body": body, "persons": [{"name": n, "party": p} for n, p in persons],
            "stance": stance, "points": [], "same_as": same_as, "proposed_activities": [], "text": ""}


#: The facts of PM Rotel I, KS 2023/1237 (in the import JSON shape), for when the memo is missing.
DEMO_CASE = {
    "reference": DEMO_REFERENCE,
    "kind": "PM",
    "rotel": "Rotel I",
    "title": "Verksamhetsplan 2024 för kommunstyrelsen",
    "date": "2024-01-10",
    "summary": None,
    "rapporteur": {"name": "Karin Wanngård", "role": "borgarråd"},
    "prepared_by": "stadsledningskontoret",
    "official_report": {"author": "stadsledningskontoret", "date": "2023-12-11"},
    "proposals": [
        {"number": 1, "text": "Verksamhetsplan 2024 för kommunstyrelsen, i enlighet med bilaga 1-7 till "
                              "promemorian, godkänns.", "amount_sek": None},
        {"number": 2, "text": "Visningsenheten får utgöra en resultatenhet.", "amount_sek": None},
        {"number": 3, "text": "Stadens gemensamma och centrala it-prislista får utgöra en resultatenhet.",
         "amount_sek": None},
        {"number": 4, "text": "Redovisade omslutningsförändringar om 746,2 mnkr godkänns.", "amount_sek": 746200000},
    ],
    "attachments": [
        {"number": n, "title": title, "reference": f"KS 2023/1237-1.{n}"}
        for n, title in enumerate([
            "Verksamhetsplan KS 2024",
            "Blankettset VP KS 2024",
            "Plan för upphandling VP KS 2024",
            "Kompetensförsörjningsplan VP KS 2024",
            "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024",
            "System för internkontroll VP KS 2024",
            "Ledningens genomgång – informationssäkerhetsplan VP KS 2024",
        ], start=1)
    ],
    "statements": [
        _statement("reservation", "borgarrådsberedningen", [("Christofer Fjellner", "M"), ("Dennis Wedin", "M")],
                   "delvis bifall"),
        _statement("reservation", "borgarrådsberedningen", [("Jan Jönsson", "L")], "delvis bifall"),
        _statement("reservation", "kommunstyrelsen", [("Christofer Fjellner", "M"), ("Annika Friberg", "M"),
                                                      ("Johan Paccamonti", "M")], "delvis bifall", same_as=0),
        _statement("reservation", "kommunstyrelsen", [("Gabriel Kroon", "SD")], "avslag"),
        _statement("reservation", "kommunstyrelsen", [("Jan Jönsson", "L")], "delvis bifall", same_as=1),
        _statement("reservation", "kommunstyrelsen", [("Kristin Jacobsson", "C")], "delvis bifall"),
        _statement("ersättaryttrande", "kommunstyrelsen", [("Nike Örbrink", "KD")], "delvis avslag"),
    ],
}


def repository_root() -> Path | None:
    """The repository checkout holding this package (the directory with ``pyproject.toml``
    above ``settings.BASE_DIR``), or None for an installed package."""
    for directory in Path(settings.BASE_DIR).resolve().parents:
        if (directory / "pyproject.toml").exists():
            return directory
    return None


def seed_memo_candidates() -> list[Path]:
    """Where the seed memo is looked for, in order: ``VERKSAM_SEED_MEMO``; else
    ``<repo>/../shared/seeds/<name>`` and ``<cwd>/../shared/seeds/<name>``."""
    override = os.environ.get("VERKSAM_SEED_MEMO", "").strip()
    if override:
        return [Path(override).expanduser()]
    candidates = []
    root = repository_root()
    if root is not None:
        candidates.append(root.parent / "shared" / "seeds" / SEED_NAME)
    candidates.append(Path.cwd().resolve().parent / "shared" / "seeds" / SEED_NAME)
    unique: list[Path] = []
    for path in candidates:
        if path not in unique:
            unique.append(path)
    return unique


def seed_memo_path() -> Path | None:
    """The first existing seed memo of ``seed_memo_candidates()``, or None."""
    return next((path for path in seed_memo_candidates() if path.is_file()), None)


def _executive_board(plan) -> Unit:
    if plan.unit.kind == UnitKind.EXECUTIVE_BOARD:
        return plan.unit
    return Unit.objects.get(municipality_id=plan.unit.municipality_id, kind=UnitKind.EXECUTIVE_BOARD)


@transaction.atomic
def load_demo_case(*, plan, acting_user, stdout=None) -> Case:
    """Import KS 2023/1237 (from the seed memo, else from ``DEMO_CASE``) for ``plan`` — KS's
    Verksamhetsplan 2024, not yet decided — and decide it by kommunstyrelsen on 17 January 2024
    (example date), which decides the plan. ``stdout`` (a stream with ``write``, or None) is
    told which source was used. Idempotent: a decided case is left as it is. Returns the case."""
    def write(line: str) -> None:
        if stdout is not None:
            stdout.write(line)

    municipality = plan.unit.municipality
    case = Case.objects.filter(municipality=municipality, reference=DEMO_REFERENCE).first()
    if case is not None and case.is_decided:
        write(f"  Ärende: {DEMO_REFERENCE} är redan inläst och beslutat – inget ändrat.")
        return case
    path = seed_memo_path()
    if path is not None:
        text = path.read_text(encoding="utf-8")
        result = import_case(parse_text(text), municipality=municipality, acting_user=acting_user,
                             source_text=text, source_filename=path.name, notes=DATE_NOTE, plan=plan,
                             responsible_unit=plan.unit)
        write(f"  Ärende: {DEMO_REFERENCE} inläst från promemorian {path}.")
    else:
        tried = ", ".join(str(p) for p in seed_memo_candidates())
        result = import_case(DEMO_CASE, municipality=municipality, acting_user=acting_user, is_example=True,
                             notes=f"{DATE_NOTE} {FALLBACK_NOTE}", plan=plan, responsible_unit=plan.unit)
        write(f"  Ärende: promemorian saknas ({tried}); {DEMO_REFERENCE} byggt från faktauppgifterna i "
              "verksam.cases.demo.")
    case = result.case
    body = _executive_board(plan)
    decide_case(case, body=body, decided_on=DECIDED_ON, acting_user=acting_user, is_example=True)
    write(f"  Ärende: beslutat av {body.name.lower()} {DECIDED_ON.isoformat()} (exempeldatum), punkt 1–4.")
    case.refresh_from_db()
    return case
