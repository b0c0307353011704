"""The demo (demodata): Stockholms stad with kommunstyrelsens Verksamhetsplan 2024 (KS 2023/1237).

``load_demo`` runs the steps below in order, in one transaction; each step is idempotent, so
loading twice leaves the same data and writes no new history rows. Anything not taken from a
real source is marked ``is_example`` and shown with an "exempeldata" badge.

1. users — demo accounts (``users.DEMO_USERS``) or an existing superuser as acting user
2. organisation — Stockholms stad (0180) and its units
3. roles — the demo users' role assignments
4. parties — KF's parties, the persons of the memo and their memberships
5. council_budget — KF budget 2024 with the three real inriktningsmål (decided)
6. ks_plan — KS's Verksamhetsplan 2024 with the memo's seven attachments
7. draft_plans — two undecided plans for trying out editing
8. decision — the political case decides the KS plan (``verksam.cases.demo``), or a fallback
9. control — internal control 2024: KS's system för internkontroll, risk analysis and
   internkontrollplan with results through T2; two more boards (before followup, which locks
   T1/T2 and freezes KS's verksamhetsberättelse with its internal-control section)
10. followup — T1, T2 and VB 2024: outcomes, assessments, KS's approved verksamhetsberättelse
"""

from __future__ import annotations

from django.db import transaction

from verksam.portal.demo.base import DemoContext
from verksam.portal.demo.control import load_internal_control
from verksam.portal.demo.council_budget import load_council_budget
from verksam.portal.demo.decision import decide_ks_plan
from verksam.portal.demo.draft_plans import load_draft_plans
from verksam.portal.demo.followup import load_followup
from verksam.portal.demo.ks_plan import load_ks_plan
from verksam.portal.demo.organisation import load_organisation
from verksam.portal.demo.parties import load_parties
from verksam.portal.demo.users import (
    DEMO_PASSWORD, DEMO_USERS, assign_demo_roles, create_demo_users, describe_demo_users, existing_superuser,
)

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_demo"]


@transaction.atomic
def load_demo(*, with_users: bool, stdout=None) -> DemoContext:
    """Load the demo. ``with_users`` creates the demo accounts (else an existing superuser acts,
    or ``CommandError`` is raised); ``stdout`` is a writable stream (a command's ``self.stdout``)
    or None for silence. Returns the context with the loaded objects (``ctx.plans["ks_2024"]`` …).
    Nothing is written when a step fails."""
    def write(line: str) -> None:
        if stdout is not None:
            stdout.write(line)

    users = create_demo_users() if with_users else {}
    ctx = DemoContext(acting_user=users["admin"] if with_users else existing_superuser(), write=write)
    write(f"Demodata läses in (registreras som {ctx.acting_user.get_username()}):")
    load_organisation(ctx)
    if users:
        assign_demo_roles(ctx, users)
    load_parties(ctx)
    load_council_budget(ctx)
    ks_plan = load_ks_plan(ctx)
    load_draft_plans(ctx)
    ctx.plans["ks_2024"] = decide_ks_plan(ctx, ks_plan, stdout=stdout)
    load_internal_control(ctx)
    load_followup(ctx)
    write(f"Klart: {ctx.counts['created']} nya och {ctx.counts['changed']} ändrade poster.")
    if users:
        for line in describe_demo_users(ctx):
            write(line)
    return ctx
