"""Permission matrix: every editing endpoint × every role × own unit (KS) / other unit
(Utbildningsnämnden) — the exact status and whether the database changed.

Legend: OK = saved (302 back to the plan page, database changed); LOGIN = anonymous, sent to the
login page; 403 = may read the plan but not do this; 404 = may not read the (draft) plan at all;
409 = "Planen är beslutad och kan inte ändras." (an editor trying to revise a decided årsmål).
Nothing but OK changes the database.
"""

from __future__ import annotations

import pytest

from tests.permission_matrix import LOGIN, OK, acting_user, case_ids, cases, assert_answer
from tests.planning.edit_helpers import ENDPOINTS, db_state, fast_passwords, set_status  # noqa: F401

pytestmark = pytest.mark.django_db

# Own unit: the role is held on KS (the administrator on KF, above KS).
#                administratör controller redaktör läsare förtroendevald ingen roll anonym
EDIT_OWN = (OK, OK, OK, 403, 403, 404, LOGIN)
DECIDE_OWN = (OK, OK, 403, 403, 403, 404, LOGIN)
# A decided plan is public (no 404); its editors are told it is decided (409).
REVISE_OWN = (OK, OK, 409, 403, 403, 403, LOGIN)
# Other unit: the role is held on Utbildningsnämnden only.
DRAFT_OTHER = (404, 404, 404, 404, 404)  # KS's draft is invisible to them
REVISE_OTHER = (403, 403, 403, 403, 403)

OWN = {
    "create goal": EDIT_OWN, "edit goal": EDIT_OWN, "delete goal": EDIT_OWN,
    "create activity": EDIT_OWN, "edit activity": EDIT_OWN, "delete activity": EDIT_OWN,
    "create indicator": EDIT_OWN, "edit indicator": EDIT_OWN, "delete indicator": EDIT_OWN,
    "set target": EDIT_OWN, "create target": EDIT_OWN, "submit": EDIT_OWN, "return to draft": EDIT_OWN,
    "decide": DECIDE_OWN, "revise target": REVISE_OWN,
}
OTHER = {name: (REVISE_OTHER if name == "revise target" else DRAFT_OTHER) for name in ENDPOINTS}

CASES = cases(OWN, OTHER)


@pytest.mark.parametrize(("endpoint", "unit", "role", "expected"), CASES,
                         ids=case_ids(CASES))
def test_the_endpoint_answers_each_role_as_the_matrix_says(client, city, django_user_model,
                                                           endpoint, unit, role, expected):
    spec = ENDPOINTS[endpoint]
    url, data = spec.request(city)
    set_status(city.ks_plan, spec.status)
    user = acting_user(city, django_user_model, unit, role)
    if user is not None:
        client.force_login(user)
    before = db_state(city.ks_plan)

    response = client.post(url, data)

    assert_answer(response, expected, db_state(city.ks_plan) != before,
                 ok_location=lambda location: location.startswith(f"/planer/{city.ks_plan.pk}/"))
