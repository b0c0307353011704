"""Permission matrix of the board's internal-control pages (landing page, risk analysis, risks,
system för internkontroll): every page × every role, GET and POST — the exact status and whether
the database changed.

Legend: 200 = the page; OK = saved (302 and the database changed); LOGIN = anonymous, sent to
the login page; 403 = the refusal page ("Du har inte behörighet …"): the user may not read the
board, or may read but not make the change. Nothing but OK changes the database.

Own board: KS (the administrator holds the role on KF, above KS). "annan nämnd" is the editor of
Utbildningsnämnden. A second table checks another board's pages (Utbildningsnämnden): KS's
controller reads every board (KS oversight) but edits none; KS's editor reads none but KS.

Each role's request runs in a savepoint that is rolled back, so every role meets the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from django.db import transaction

from tests.control.views_helpers import risk_post, state, url
from verksam.control import actions
from verksam.control.models import RiskCategory

pytestmark = pytest.mark.django_db

OK, LOGIN = "ok", "login"
ROLES = ("administratör", "controller", "redaktör", "läsare", "förtroendevald", "ingen roll", "anonym", "annan nämnd")
USERS = {"administratör": "admin", "controller": "ks_controller", "redaktör": "ks_editor", "läsare": "ks_reader",
         "förtroendevald": "ks_politician", "ingen roll": "nobody", "anonym": None, "annan nämnd": "utb_editor"}

#           administratör controller redaktör läsare förtroendevald ingen roll anonym annan nämnd
READ = (200, 200, 200, 200, 200, 403, LOGIN, 403)
EDIT_FORM = (200, 200, 200, 403, 403, 403, LOGIN, 403)
EDIT = (OK, OK, OK, 403, 403, 403, LOGIN, 403)
APPROVE = (OK, OK, 403, 403, 403, 403, LOGIN, 403)


@dataclass(frozen=True)
class Endpoint:
    """A request: method and a function (city, data) → (url, post data)."""

    method: str
    request: Callable


def _risk_edit(c, d):
    return url("risk_edit", c.ks, 2024, d.risk.pk), risk_post(title=d.risk.title, lock_version="0", reason="Test",
                                                             owner="Ny ägare")


ENDPOINTS = {
    "GET landing page": (Endpoint("get", lambda c, d: (url("board", c.ks), None)), READ),
    "GET risk analysis": (Endpoint("get", lambda c, d: (url("analysis", c.ks), None)), READ),
    "GET system": (Endpoint("get", lambda c, d: (url("system", c.ks), None)), READ),
    "GET new risk form": (Endpoint("get", lambda c, d: (url("risk_create", c.ks), None)), EDIT_FORM),
    "GET edit risk form": (Endpoint("get", lambda c, d: (url("risk_edit", c.ks, 2024, d.risk.pk), None)), EDIT_FORM),
    "GET delete risk": (Endpoint("get", lambda c, d: (url("risk_delete", c.ks, 2024, d.risk.pk), None)), EDIT_FORM),
    "GET edit system": (Endpoint("get", lambda c, d: (url("system_edit", c.ks, 2024, d.system.pk), None)), EDIT_FORM),
    "POST new risk": (Endpoint("post", lambda c, d: (url("risk_create", c.ks), risk_post())), EDIT),
    "POST edit risk": (Endpoint("post", _risk_edit), EDIT),
    "POST delete risk": (Endpoint("post", lambda c, d: (url("risk_delete", c.ks, 2024, d.risk.pk),
                                                        {"reason": "Test"})), EDIT),
    "POST create analysis": (Endpoint("post", lambda c, d: (url("analysis_create", c.ks, 2025),
                                                            {"matrix": str(d.matrix.pk)})), EDIT),
    "POST copy analysis": (Endpoint("post", lambda c, d: (url("analysis_copy", c.ks, 2025), {})), EDIT),
    "POST create control plan": (Endpoint("post", lambda c, d: (url("control_plan_create", c.ks, 2025), {})), EDIT),
    "POST new system version": (Endpoint("post", lambda c, d: (url("system_create", c.ks, 2025), {})), EDIT),
    "POST edit system": (Endpoint("post", lambda c, d: (url("system_edit", c.ks, 2024, d.system.pk),
                                                        {"organisation": "O2", "roles": "R", "routines": "Ru",
                                                         "systems": "S", "lock_version": "0"})), EDIT),
    "POST approve system": (Endpoint("post", lambda c, d: (url("system_approve", c.ks, 2024, d.system.pk), {})),
                            APPROVE),
}


@dataclass
class Data:
    matrix: object
    risk: object
    system: object


@pytest.fixture
def data(city, ic):
    """KS 2024: the ``ic`` analysis and plan, a risk without controls, a complete draft system."""
    risk = actions.create_risk(ic.analysis, acting_user=city.users.ks_editor, title="Driftstopp",
                               category=RiskCategory.IT, inherent_likelihood=2, inherent_consequence=2)
    system = actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor, organisation="O",
                                           roles="R", routines="Ru", systems="S")
    return Data(matrix=ic.matrix, risk=risk, system=system)


def _outcome(client, user, endpoint: Endpoint, city, data):
    """(status label, changed) of the request by ``user`` inside a rolled-back savepoint."""
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        before = state()
        target, post = endpoint.request(city, data)
        response = client.post(target, post) if endpoint.method == "post" else client.get(target)
        changed = state() != before
        transaction.set_rollback(True)
    status = response.status_code
    if status == 302 and response["Location"].startswith("/konto/logga-in/"):
        label = LOGIN
    elif status == 302 and changed:
        label = OK
    else:
        label = status
    if label == 403:
        assert "Du har inte behörighet" in response.content.decode()
    return label, changed


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_each_role_gets_what_the_matrix_says(client, city, data, name):
    endpoint, expected = ENDPOINTS[name]
    got, wrongly_changed = {}, []
    for role in ROLES:
        username = USERS[role]
        user = getattr(city.users, username) if username else None
        label, changed = _outcome(client, user, endpoint, city, data)
        got[role] = label
        if changed and label != OK:
            wrongly_changed.append(role)
    assert got == dict(zip(ROLES, expected))
    assert wrongly_changed == []


@pytest.fixture
def utn(city, ic):
    """Utbildningsnämnden 2024: an analysis in KF's matrix with one risk."""
    analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.admin)
    risk = actions.create_risk(analysis, acting_user=city.users.admin, title="Lärarbrist",
                               category=RiskCategory.STAFF, inherent_likelihood=3, inherent_consequence=3)
    return risk


#                          ks_controller ks_editor utb_editor
OTHER_BOARD = {
    "GET landing page": (200, 403, 200),
    "GET risk analysis": (200, 403, 200),
    "GET system": (200, 403, 200),
    "GET new risk form": (403, 403, 200),
    "POST new risk": (403, 403, OK),
    "POST edit risk": (403, 403, OK),
    "POST create control plan": (403, 403, OK),
}


@pytest.mark.parametrize("name", list(OTHER_BOARD))
def test_ks_controllers_read_every_board_but_edit_only_their_own(client, city, utn, name):
    requests = {
        "GET landing page": ("get", url("board", city.utn), None),
        "GET risk analysis": ("get", url("analysis", city.utn), None),
        "GET system": ("get", url("system", city.utn), None),
        "GET new risk form": ("get", url("risk_create", city.utn), None),
        "POST new risk": ("post", url("risk_create", city.utn), risk_post()),
        "POST edit risk": ("post", url("risk_edit", city.utn, 2024, utn.pk),
                           risk_post(title="Lärarbrist", category="staff", lock_version="0", owner="Ny")),
        "POST create control plan": ("post", url("control_plan_create", city.utn), {}),
    }
    method, target, post = requests[name]
    endpoint = Endpoint(method, lambda c, d: (target, post))
    got = {}
    for username in ("ks_controller", "ks_editor", "utb_editor"):
        got[username] = _outcome(client, getattr(city.users, username), endpoint, city, None)[0]
    assert got == dict(zip(("ks_controller", "ks_editor", "utb_editor"), OTHER_BOARD[name]))


def test_a_ks_controller_on_another_boards_analysis_is_offered_no_edit_buttons(client, city, utn):
    client.force_login(city.users.ks_controller)
    page = client.get(url("analysis", city.utn)).content.decode()
    assert 'id="risk-%d"' % utn.pk in page
    assert 'id="analysis-actions"' not in page and "riskanalys/risk/" not in page
    board = client.get(url("board", city.utn)).content.decode()
    assert 'id="create-plan"' not in board and 'id="create-system"' not in board
    own = client.get(url("analysis", city.ks)).content.decode()
    assert 'id="analysis-actions"' in own and "riskanalys/risk/" in own  # on KS itself the controller edits
