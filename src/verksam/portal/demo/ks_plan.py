"""Demo: kommunstyrelsens Verksamhetsplan 2024 (KS 2023/1237).

Source: title, reference, description and the seven attachments with their titles and
references are taken from the memo KS 2023/1237 (``../shared/seeds/000_af22ac8c55b35c9f.txt``).
The nämndmål, indicators, årsmål and activities are example data (``is_example``); some
activities use the memo's wording of KS's work (föredragande borgarrådets synpunkter,
stadsledningskontorets tjänsteutlåtande) and say so. Three indicators are bound to real Kolada
key figures: N00090 (sjukfrånvaro bland kommunens anställda), N00945 (andel VAB-dagar som tas ut
av män) and N01951 (invånare totalt); their årsmål are example values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from verksam.planning.models import (
    ActivityStatus, Direction, GoalLevel, Origin, PlanKind, ToleranceKind,
)
from verksam.portal.demo.base import DemoContext
from verksam.portal.demo.plan_content import (
    sync_activity, sync_attachment, sync_goal, sync_indicator, sync_plan, sync_target,
)

YEAR = 2024
TITLE = "Verksamhetsplan 2024 för kommunstyrelsen"
REFERENCE = "KS 2023/1237"
DESCRIPTION = (
    "Med utgångspunkt från kommunfullmäktiges budget 2024 redovisas i kommunstyrelsens "
    "verksamhetsplan nämndmål, aktiviteter och indikatorer med årsmål samt budget för "
    "kommunstyrelsen."
)
TARGET_DECISION = "KS 2023/1237, punkt 1"
MEMO_SOURCE = "Formuleringen kommer ur {what} i KS 2023/1237; som aktivitet i planen är den exempeldata."

# number, title, reference — real, from the memo's list of bilagor
ATTACHMENTS: list[tuple[int, str, str]] = [
    (1, "Verksamhetsplan KS 2024", "KS 2023/1237-1.1"),
    (2, "Blankettset VP KS 2024", "KS 2023/1237-1.2"),
    (3, "Plan för upphandling VP KS 2024", "KS 2023/1237-1.3"),
    (4, "Kompetensförsörjningsplan VP KS 2024", "KS 2023/1237-1.4"),
    (5, "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024", "KS 2023/1237-1.5"),
    (6, "System för internkontroll VP KS 2024", "KS 2023/1237-1.6"),
    (7, "Ledningens genomgång – informationssäkerhetsplan VP KS 2024", "KS 2023/1237-1.7"),
]

# code, KF-mål code, title — example data
BOARD_GOALS: list[tuple[str, str, str]] = [
    ("1.1.1", "1.1", "Kommunstyrelsen leder och samordnar stadens trygghetsarbete och brottsförebyggande arbete"),
    ("1.1.2", "1.1", "Staden har en sammanhållen och stärkt krisberedskap och förmåga i det civila försvaret"),
    ("1.3.1", "1.3", "Kommunstyrelsen leder stadens arbete för jämställdhet och jämlikhet"),
    ("2.1.1", "2.1", "Kommunstyrelsen leder stadens arbete för att Stockholm ska bli klimatpositivt senast 2030"),
    ("2.3.1", "2.3", "Stadens arbete med klimatanpassning sker i ökad takt"),
    ("3.1.1", "3.1", "Stadens verksamheter styrs och följs upp så att ekonomin är i långsiktig balans"),
    ("3.4.1", "3.4", "Kommunstyrelsen leder den övergripande planeringen för att nå bostadsmålen"),
    ("3.5.1", "3.5", "Staden är en attraktiv arbetsgivare med heltid som norm och ett utvecklat friskvårdsarbete"),
]

# name, goal code, fields of the indicator, årsmål (value, baseline) — targets are example values
INDICATORS: list[tuple[str, str, dict, Decimal, Decimal | None]] = [
    ("Sjukfrånvaro bland kommunens anställda", "3.5.1",
     {"unit_of_measure": "%", "direction": Direction.LOWER, "by_sex": True, "kolada_kpi": "N00090",
      "source": "Kolada"}, Decimal("6.5"), Decimal("7.1")),
    ("Andel VAB-dagar som tas ut av män", "1.3.1",
     {"unit_of_measure": "%", "direction": Direction.HIGHER, "kolada_kpi": "N00945", "source": "Kolada"},
     Decimal("42"), Decimal("40.8")),
    ("Invånare totalt", "3.4.1",
     {"unit_of_measure": "antal", "direction": Direction.NEUTRAL, "kolada_kpi": "N01951", "source": "Kolada",
      "tolerance_kind": ToleranceKind.ABSOLUTE, "tolerance": Decimal("5000")},
     Decimal("990000"), None),
    ("Andel medarbetare med heltidsanställning", "3.5.1",
     {"unit_of_measure": "%", "direction": Direction.HIGHER, "source": "Stadens personalsystem"},
     Decimal("90"), Decimal("87")),
    ("Andel invånare som känner sig trygga i sitt bostadsområde", "1.1.1",
     {"unit_of_measure": "%", "direction": Direction.HIGHER, "by_sex": True,
      "source": "Stockholms stads trygghetsmätning"}, Decimal("80"), Decimal("77")),
    ("Växthusgasutsläpp per invånare", "2.1.1",
     {"unit_of_measure": "ton CO₂e", "direction": Direction.LOWER, "source": "Miljöförvaltningen"},
     Decimal("1.5"), Decimal("1.9")),
    ("Andel nämnder och bolag med en ekonomi i balans", "3.1.1",
     {"unit_of_measure": "%", "direction": Direction.HIGHER, "source": "Stadsledningskontoret",
      "tolerance_kind": ToleranceKind.ABSOLUTE, "tolerance": Decimal("5")}, Decimal("100"), Decimal("93")),
]

_RAPPORTEUR = MEMO_SOURCE.format(what="föredragande borgarrådets synpunkter")
_OFFICIAL = MEMO_SOURCE.format(what="stadsledningskontorets tjänsteutlåtande")

# title, goal code, owner unit key, origin, description — all example data
ACTIVITIES: list[tuple[str, str, str, str, str]] = [
    ("Förebygga att barn och unga dras in i organiserad brottslighet", "1.1.1", "slk", Origin.COUNCIL, _RAPPORTEUR),
    ("Skapa en stad där alla känner sig trygga i sina bostadsområden", "1.1.1", "slk", Origin.OWN, _RAPPORTEUR),
    ("Stärka stadens krisberedskap och förmåga i det civila försvaret", "1.1.2", "slk", Origin.OWN, ""),
    ("Ta fram en handlingsplan för jämställdhetsintegrering i stadens styrning", "1.3.1", "slk", Origin.OWN, ""),
    ("Fortsätta arbetet för att Stockholm ska vara klimatpositivt till år 2030", "2.1.1", "slk", Origin.COUNCIL,
     _RAPPORTEUR),
    ("Samordna nämndernas och bolagens arbete med klimatanpassning", "2.3.1", "slk", Origin.OWN, ""),
    ("Vidareutveckla ekonomi- och verksamhetsstyrningen för en kostnadseffektiv verksamhet med hög kvalitet",
     "3.1.1", "slk_ekonomi", Origin.OWN, _OFFICIAL),
    ("Prioritera stadens fyra identifierade fokusområden, inklusive Järva", "3.4.1", "slk", Origin.OWN, _RAPPORTEUR),
    ("Främja heltid som norm", "3.5.1", "slk_hr", Origin.OWN, _RAPPORTEUR),
    ("Utveckla friskvårdsarbetet", "3.5.1", "slk_hr", Origin.OWN, _RAPPORTEUR),
]


def load_ks_plan(ctx: DemoContext):
    """Create or complete KS's Verksamhetsplan 2024 as a draft (needs the KF budget step); a plan
    already decided is left as it is. ``ctx.plans["ks_2024"]`` gets the plan."""
    ks = ctx.units["ks"]
    plan = sync_plan(ctx, "ks_2024", unit=ks, year=YEAR, kind=PlanKind.OPERATIONAL_PLAN, title=TITLE,
                     reference=REFERENCE, description=DESCRIPTION, is_example=False)
    if plan.is_decided:
        for goal in plan.goals.all():
            ctx.goals[goal.code] = goal
    else:
        _load_content(ctx, plan)
    ctx.write(f"  {TITLE} ({REFERENCE}): {len(ATTACHMENTS)} bilagor, {len(BOARD_GOALS)} nämndmål, "
              f"{len(INDICATORS)} indikatorer, {len(ACTIVITIES)} aktiviteter")
    return plan


def _load_content(ctx: DemoContext, plan) -> None:
    ks = ctx.units["ks"]
    for number, title, reference in ATTACHMENTS:
        sync_attachment(ctx, plan, number, title, reference)
    for order, (code, parent_code, title) in enumerate(BOARD_GOALS):
        sync_goal(ctx, plan, level=GoalLevel.BOARD, code=code, title=title, parent=ctx.goals[parent_code],
                  owner_unit=ks, sort_order=order, is_example=True)
    for order, (name, goal_code, fields, value, baseline) in enumerate(INDICATORS):
        indicator = sync_indicator(ctx, plan, name=name, goal=ctx.goals[goal_code], responsible_unit=ks,
                                   sort_order=order, is_example=True, **fields)
        sync_target(ctx, indicator, is_example=True, value=value, baseline=baseline,
                    decision_reference=TARGET_DECISION)
    for order, (title, goal_code, owner_key, origin, description) in enumerate(ACTIVITIES):
        sync_activity(ctx, plan, title=title, goal=ctx.goals[goal_code], owner_unit=ctx.units[owner_key],
                      origin=origin, description=description, start=dt.date(YEAR, 1, 1),
                      end=dt.date(YEAR, 12, 31), status=ActivityStatus.PLANNED, sort_order=order,
                      is_example=True)
