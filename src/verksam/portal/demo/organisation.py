"""Demo organisation: Stockholms stad (kommunkod 0180) and a part of its unit tree.

Source: the names of Stockholm's council, boards, förvaltningar and Stockholms Stadshus AB are
the city's real ones; the memo KS 2023/1237 names kommunstyrelsen, stadsledningskontoret and
borgarrådsberedningen. The two avdelningar under stadsledningskontoret are example data.
"""

from __future__ import annotations

from verksam.organisation.models import Municipality, Unit, UnitKind
from verksam.portal.demo.base import DemoContext, upsert

MUNICIPALITY = {"name": "Stockholms stad", "code": "0180"}

# key, name, short name, kind, parent key, registry prefix, is_example
UNITS: list[tuple[str, str, str, str, str | None, str, bool]] = [
    ("kf", "Kommunfullmäktige", "KF", UnitKind.COUNCIL, None, "", False),
    ("ks", "Kommunstyrelsen", "KS", UnitKind.EXECUTIVE_BOARD, "kf", "KS", False),
    ("slk", "Stadsledningskontoret", "SLK", UnitKind.ADMINISTRATION, "ks", "", False),
    ("slk_ekonomi", "Ekonomiavdelningen", "", UnitKind.DEPARTMENT, "slk", "", True),
    ("slk_hr", "HR-avdelningen", "", UnitKind.DEPARTMENT, "slk", "", True),
    ("brb", "Borgarrådsberedningen", "", UnitKind.PREPARATORY_BODY, "ks", "", False),
    ("utn", "Utbildningsnämnden", "", UnitKind.BOARD, "kf", "", False),
    ("utf", "Utbildningsförvaltningen", "", UnitKind.ADMINISTRATION, "utn", "", False),
    ("son", "Socialnämnden", "", UnitKind.BOARD, "kf", "", False),
    ("sof", "Socialförvaltningen", "", UnitKind.ADMINISTRATION, "son", "", False),
    ("expn", "Exploateringsnämnden", "", UnitKind.BOARD, "kf", "", False),
    ("expk", "Exploateringskontoret", "", UnitKind.ADMINISTRATION, "expn", "", False),
    ("tn", "Trafiknämnden", "", UnitKind.BOARD, "kf", "", False),
    ("tk", "Trafikkontoret", "", UnitKind.ADMINISTRATION, "tn", "", False),
    ("mhn", "Miljö- och hälsoskyddsnämnden", "", UnitKind.BOARD, "kf", "", False),
    ("mf", "Miljöförvaltningen", "", UnitKind.ADMINISTRATION, "mhn", "", False),
    ("sdn_st", "Spånga-Tensta stadsdelsnämnd", "", UnitKind.BOARD, "kf", "", False),
    ("sdf_st", "Spånga-Tensta stadsdelsförvaltning", "", UnitKind.ADMINISTRATION, "sdn_st", "", False),
    ("stadshus", "Stockholms Stadshus AB", "", UnitKind.COMPANY, "kf", "", False),
]


def load_organisation(ctx: DemoContext) -> Municipality:
    """Create or update the municipality and ``UNITS``; fills ``ctx.units`` (key → Unit)."""
    municipality = upsert(ctx, Municipality, {"code": MUNICIPALITY["code"]},
                          {"name": MUNICIPALITY["name"], "is_example": False})
    ctx.municipality = municipality
    for order, (key, name, short_name, kind, parent_key, prefix, is_example) in enumerate(UNITS):
        ctx.units[key] = upsert(ctx, Unit, {"municipality": municipality, "name": name}, {
            "short_name": short_name, "kind": kind, "registry_prefix": prefix,
            "parent": ctx.units[parent_key] if parent_key else None,
            "sort_order": order * 10, "is_example": is_example,
        })
    ctx.write(f"  Organisation: {municipality.name} ({municipality.code}), {len(UNITS)} enheter")
    return municipality
