"""Demo parties, persons and memberships (partier, förtroendevalda, uppdrag i organ).

Source: the parties represented in Stockholm's kommunfullmäktige 2022–2026; the persons, their
parties and the bodies they acted in are those named in the memo KS 2023/1237 (the föredragande
borgarråd, the reservations in borgarrådsberedningen and kommunstyrelsen, the
ersättaryttrande). Karin Wanngård as finansborgarråd chairs kommunstyrelsen.
"""

from __future__ import annotations

from verksam.organisation.models import Membership, MembershipRole, Party, Person
from verksam.portal.demo.base import DemoContext, upsert

# abbreviation, name — the parties of KF 2022–2026
PARTIES: list[tuple[str, str]] = [
    ("S", "Socialdemokraterna"),
    ("M", "Moderaterna"),
    ("V", "Vänsterpartiet"),
    ("MP", "Miljöpartiet de gröna"),
    ("L", "Liberalerna"),
    ("C", "Centerpartiet"),
    ("SD", "Sverigedemokraterna"),
    ("KD", "Kristdemokraterna"),
]

# name, party abbreviation
PERSONS: list[tuple[str, str]] = [
    ("Karin Wanngård", "S"),
    ("Christofer Fjellner", "M"),
    ("Dennis Wedin", "M"),
    ("Jan Jönsson", "L"),
    ("Annika Friberg", "M"),
    ("Johan Paccamonti", "M"),
    ("Gabriel Kroon", "SD"),
    ("Kristin Jacobsson", "C"),
    ("Nike Örbrink", "KD"),
]

# person, unit key, role, title
MEMBERSHIPS: list[tuple[str, str, str, str]] = [
    ("Karin Wanngård", "brb", MembershipRole.MAYOR, "finansborgarråd"),
    ("Christofer Fjellner", "brb", MembershipRole.MAYOR, ""),
    ("Dennis Wedin", "brb", MembershipRole.MAYOR, ""),
    ("Jan Jönsson", "brb", MembershipRole.MAYOR, ""),
    ("Karin Wanngård", "ks", MembershipRole.CHAIR, ""),
    ("Christofer Fjellner", "ks", MembershipRole.MEMBER, ""),
    ("Jan Jönsson", "ks", MembershipRole.MEMBER, ""),
    ("Annika Friberg", "ks", MembershipRole.MEMBER, ""),
    ("Johan Paccamonti", "ks", MembershipRole.MEMBER, ""),
    ("Gabriel Kroon", "ks", MembershipRole.MEMBER, ""),
    ("Kristin Jacobsson", "ks", MembershipRole.MEMBER, ""),
    ("Nike Örbrink", "ks", MembershipRole.SUBSTITUTE, ""),
]


def load_parties(ctx: DemoContext) -> None:
    """Create or update ``PARTIES``, ``PERSONS`` and ``MEMBERSHIPS`` (needs the organisation
    step); fills ``ctx.parties`` (abbreviation → Party) and ``ctx.persons`` (name → Person)."""
    muni = ctx.municipality
    for abbreviation, name in PARTIES:
        ctx.parties[abbreviation] = upsert(ctx, Party, {"municipality": muni, "abbreviation": abbreviation},
                                           {"name": name})
    for name, party in PERSONS:
        ctx.persons[name] = upsert(ctx, Person, {"municipality": muni, "name": name},
                                   {"party": ctx.parties[party], "is_example": False})
    for person, unit_key, role, title in MEMBERSHIPS:
        upsert(ctx, Membership, {"person": ctx.persons[person], "unit": ctx.units[unit_key], "role": role},
               {"title": title})
    ctx.write(f"  Partier och personer: {len(PARTIES)} partier, {len(PERSONS)} personer, "
              f"{len(MEMBERSHIPS)} uppdrag i organ")
