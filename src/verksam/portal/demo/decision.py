"""Demo: the decision that adopts KS's Verksamhetsplan 2024.

When the cases app provides ``verksam.cases.demo.load_demo_case``, the political case
KS 2023/1237 is loaded from the memo and decides the plan (issue 3). Otherwise the plan is
submitted and decided here: by kommunstyrelsen, reference KS 2023/1237, decision point 1 (real,
from the memo's förslag till beslut) on 17 January 2024 (an example date, noted in the plan's
description).
"""

from __future__ import annotations

import datetime as dt

from verksam.core.audit import save_audited
from verksam.planning import actions
from verksam.planning.models import Plan
from verksam.portal.demo.base import DemoContext
from verksam.portal.demo.plan_content import submit_if_draft

DECIDED_ON = dt.date(2024, 1, 17)  # example
DECISION_REFERENCE = "KS 2023/1237"
DECISION_POINT = "1"
DATE_NOTE = "Beslutsdatumet 17 januari 2024 är exempeldata."


def decide_ks_plan(ctx: DemoContext, plan: Plan, stdout=None) -> Plan:
    """Have the KS plan decided once: through the cases app's ``load_demo_case(plan=,
    acting_user=, stdout=)`` when it exists (it receives the plan undecided, as utkast, and must
    leave it beslutad), else by ``actions.submit_plan`` and ``actions.decide_plan``. A plan that
    is already decided is left untouched. Returns the plan as stored."""
    if plan.is_decided:
        ctx.write(f"  Beslut: {plan.title} är redan beslutad ({plan.decision_reference}).")
        return plan
    try:
        from verksam.cases.demo import load_demo_case
    except ImportError:
        load_demo_case = None
    if load_demo_case is not None:
        load_demo_case(plan=plan, acting_user=ctx.acting_user, stdout=stdout)
        plan.refresh_from_db()
        ctx.write(f"  Beslut: ärendet {DECISION_REFERENCE} inläst; planen är {plan.get_status_display().lower()}.")
        return plan
    if DATE_NOTE not in plan.description:
        plan.description = f"{plan.description}\n\n{DATE_NOTE}".strip()
        save_audited(plan, acting_user=ctx.acting_user, reason="Demodata")
    submit_if_draft(ctx, plan)
    actions.decide_plan(plan, decided_on=DECIDED_ON, decided_by=ctx.units["ks"],
                        decision_reference=DECISION_REFERENCE, decision_point=DECISION_POINT,
                        acting_user=ctx.acting_user)
    ctx.write(f"  Beslut: kommunstyrelsen {DECIDED_ON.isoformat()}, {DECISION_REFERENCE}, punkt {DECISION_POINT} "
              "(datumet är exempeldata).")
    return plan
