"""Permission matrix of follow-up entry and approval: every endpoint × every role × own unit (KS)
/ other unit (Utbildningsnämnden) — the exact status and whether the database changed.

Legend: OK = saved (302 back to the page, database changed); LOGIN = anonymous, sent to the
login page; 403 = the role does not allow it (``NotAllowedError``); 409 = the period is locked
and the user may not correct it ("Perioden är låst. …"); 200 = the form again with the error at
its field (a controller who forgot the correction reason). Nothing but OK changes the database.

Own unit: the role is held on KS (the administrator on KF, above KS). Periods belong to the whole
municipality: only administrators on the top unit (KF) manage them, so an administrator on
Utbildningsnämnden may not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pytest
from django.urls import reverse

from tests.followup.entry_helpers import (  # noqa: F401
    entry_url, followup_state, periods, set_period_status, sick_leave_row,
)
from tests.permission_matrix import LOGIN, OK, acting_user, case_ids, cases, assert_answer
from verksam.followup import actions
from verksam.followup.models import PeriodStatus

pytestmark = pytest.mark.django_db

#                 administratör controller redaktör läsare förtroendevald ingen roll anonym
ENTER_OWN = (OK, OK, OK, 403, 403, 403, LOGIN)
CORRECT_OWN = (OK, OK, 403, 403, 403, 403, LOGIN)
NO_REASON_OWN = (200, 200, 409, 403, 403, 403, LOGIN)
MANAGE_OWN = (OK, 403, 403, 403, 403, 403, LOGIN)
OTHER = (403, 403, 403, 403, 403)  # roles on Utbildningsnämnden only


@dataclass(frozen=True)
class Endpoint:
    """A POST endpoint: the state of T1 it needs, a valid request (url, data) and where OK leads."""

    t1_status: str
    request: Callable
    ok_location: Callable


ENDPOINTS = {
    "enter outcomes": Endpoint(PeriodStatus.OPEN, lambda c, p: (entry_url(c.ks), sick_leave_row(c)),
                               lambda c, p: entry_url(c.ks)),
    "correct a locked period": Endpoint(
        PeriodStatus.LOCKED,
        lambda c, p: (entry_url(c.ks), {**sick_leave_row(c, value="4,9", lock_version="0"),
                                        "correction_reason": "Felräknat i personalsystemet"}),
        lambda c, p: entry_url(c.ks)),
    "change a locked period without reason": Endpoint(
        PeriodStatus.LOCKED,
        lambda c, p: (entry_url(c.ks), {**sick_leave_row(c, value="4,9", lock_version="0"), "correction_reason": ""}),
        lambda c, p: entry_url(c.ks)),
    "set period status": Endpoint(
        PeriodStatus.OPEN,
        lambda c, p: (reverse("followup:period_status", args=[p["T1"].pk]), {"status": "locked"}),
        lambda c, p: "/uppfoljning/2024/"),
    "set deadlines": Endpoint(
        PeriodStatus.OPEN,
        lambda c, p: (reverse("followup:period_deadlines", args=[p["T1"].pk]),
                      {f"p{p['T1'].pk}-administration": "2024-05-08", f"p{p['T1'].pk}-board": "2024-05-15"}),
        lambda c, p: f"/uppfoljning/2024/#period-{p['T1'].pk}"),
    "create periods": Endpoint(
        PeriodStatus.OPEN, lambda c, p: (reverse("followup:period_create", args=[2025]), {}),
        lambda c, p: "/uppfoljning/2025/"),
}
OWN = {"enter outcomes": ENTER_OWN, "correct a locked period": CORRECT_OWN,
       "change a locked period without reason": NO_REASON_OWN, "set period status": MANAGE_OWN,
       "set deadlines": MANAGE_OWN, "create periods": MANAGE_OWN}

CASES = cases(OWN, {name: OTHER for name in ENDPOINTS})
TEXTS = {409: "Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl.",
         403: "Du har inte behörighet att göra detta för", 200: 'id="correction-error"'}


@pytest.mark.parametrize(("endpoint", "unit", "role", "expected"), CASES,
                         ids=case_ids(CASES))
def test_the_endpoint_answers_each_role_as_the_matrix_says(client, city, periods, django_user_model,
                                                           endpoint, unit, role, expected):
    spec = ENDPOINTS[endpoint]
    # a stored T1 outcome (version 0) for the correction endpoints to change
    actions.enter_outcome(city.sick_leave, city.ks, periods["T1"], value=Decimal("4.8"),
                          acting_user=city.users.admin)
    set_period_status(periods["T1"], spec.t1_status)
    url, data = spec.request(city, periods)
    user = acting_user(city, django_user_model, unit, role)
    if user is not None:
        client.force_login(user)
    before = followup_state()

    response = client.post(url, data)

    assert_answer(response, expected, followup_state() != before,
                 ok_location=lambda location: location == spec.ok_location(city, periods), texts=TEXTS)
