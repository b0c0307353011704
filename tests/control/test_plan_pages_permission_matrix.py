"""Permission matrix of the internkontrollplan pages: every page and form × GET/POST × every role,
on KS's own internal control and on another board's (Utbildningsnämnden) — the exact status and
whether the database changed.

Legend: OK = saved (302 to a page of the board, database changed); LOGIN = anonymous, sent to the
login page; 200 = the page is shown; 403 = the role does not allow it (reading another board's
internal control, or changing it without the permission). Nothing but OK changes the database.

Roles: the administrator is on KF (above everything); controller, editor, reader and politician
on KS; ``utb_editor`` is Utbildningsnämnden's editor; "ingen roll" is signed in without roles.
KS controllers and administrators read every board (KS oversight) and change none but their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse

from tests.control.plan_helpers import D, control_post, deviation_on, monthly_control, occasions
from verksam.control import actions
from verksam.control.models import Control, ControlOccasion, ControlPlan, ControlResult, Deviation

pytestmark = pytest.mark.django_db

OK, LOGIN = "ok", "login"
ROLES = ("administratör", "controller", "redaktör", "läsare", "förtroendevald", "annan nämnds redaktör",
         "ingen roll", "anonym")
USERS = {"administratör": "admin", "controller": "ks_controller", "redaktör": "ks_editor", "läsare": "ks_reader",
         "förtroendevald": "ks_politician", "annan nämnds redaktör": "utb_editor", "ingen roll": "nobody"}

#                 admin controller redaktör läsare förtroendevald utb_editor ingen roll anonym
KS_READ = (200, 200, 200, 200, 200, 403, 403, LOGIN)
KS_FORM = (200, 200, 200, 403, 403, 403, 403, LOGIN)
KS_WRITE = (OK, OK, OK, 403, 403, 403, 403, LOGIN)
UTN_READ = (200, 200, 403, 403, 403, 200, 403, LOGIN)
UTN_FORM = (200, 403, 403, 403, 403, 200, 403, LOGIN)
UTN_WRITE = (OK, 403, 403, 403, 403, OK, 403, LOGIN)


@dataclass(frozen=True)
class Endpoint:
    """A page or form: its method, and the url and POST data from the board's objects."""

    method: str
    request: callable
    kind: str  # "read", "form" or "write"


def _args(b, *extra):
    return [b.unit.pk, b.year, *extra]


ENDPOINTS = {
    "plan": Endpoint("get", lambda b: (reverse("control_plan:plan", args=_args(b)), None), "read"),
    "deviations": Endpoint("get", lambda b: (reverse("control_plan:deviations", args=_args(b)), None), "read"),
    "occasion page": Endpoint("get", lambda b: (reverse("control_plan:occasion", args=_args(b, b.free.pk)), None),
                              "read"),
    "deviation page": Endpoint("get", lambda b: (reverse("control_plan:deviation", args=_args(b, b.open.pk)), None),
                               "read"),
    "new control form": Endpoint("get", lambda b: (reverse("control_plan:control_create", args=_args(b)), None),
                                 "form"),
    "edit control form": Endpoint(
        "get", lambda b: (reverse("control_plan:control_edit", args=_args(b, b.control.pk)), None), "form"),
    "delete control form": Endpoint(
        "get", lambda b: (reverse("control_plan:control_delete", args=_args(b, b.extra.pk)), None), "form"),
    "create plan": Endpoint("post", lambda b: (reverse("control_plan:plan_create", args=[b.unit.pk, 2025]), {}),
                            "write"),
    "create control": Endpoint(
        "post", lambda b: (reverse("control_plan:control_create", args=_args(b)), control_post()), "write"),
    "edit control": Endpoint(
        "post", lambda b: (reverse("control_plan:control_edit", args=_args(b, b.control.pk)),
                           control_post(b.control, title="Ändrad rubrik", reason="Tydligare")), "write"),
    "delete control": Endpoint(
        "post", lambda b: (reverse("control_plan:control_delete", args=_args(b, b.extra.pk)), {"reason": "Dubblett"}),
        "write"),
    "record result": Endpoint(
        "post", lambda b: (reverse("control_plan:occasion", args=_args(b, b.free.pk)),
                           {"outcome": "deviation", "finding": "Brist", "actions": "Rätta", "responsible": "Chef",
                            "due": "2024-12-31"}), "write"),
    "change deviation": Endpoint(
        "post", lambda b: (reverse("control_plan:deviation", args=_args(b, b.open.pk)),
                           {"finding": "Brist", "actions": "Nya åtgärder", "responsible": "Chef", "due": "",
                            "lock_version": "0"}), "write"),
    "close deviation": Endpoint(
        "post", lambda b: (reverse("control_plan:deviation_close", args=_args(b, b.open.pk)), {"note": "Klart"}),
        "write"),
    "reopen deviation": Endpoint(
        "post", lambda b: (reverse("control_plan:deviation_reopen", args=_args(b, b.closed.pk)),
                           {"reason": "Nya brister"}), "write"),
}
EXPECTED = {("KS", "read"): KS_READ, ("KS", "form"): KS_FORM, ("KS", "write"): KS_WRITE,
            ("UTN", "read"): UTN_READ, ("UTN", "form"): UTN_FORM, ("UTN", "write"): UTN_WRITE}

CASES = [(name, board) for name in ENDPOINTS for board in ("KS", "UTN")]


def board(unit, editor, control_plan=None, control=None) -> SimpleNamespace:
    """A board's plan 2024 with a control (tertial), an extra deletable control, an open and a
    closed deviation on the first two occasions, and the free VB occasion."""
    control_plan = control_plan or actions.create_control_plan(unit, 2024, acting_user=editor)
    control = control or actions.create_control(control_plan, acting_user=editor, title="Kontroll av avtal",
                                                method="sample", frequency="tertial", start=D(2024, 1, 1),
                                                responsible="Chef")
    first, second, free = occasions(control)
    closed = deviation_on(second, editor)
    actions.close_deviation(closed, acting_user=editor, note="Klart")
    return SimpleNamespace(unit=unit, year=2024, control=control, free=free, open=deviation_on(first, editor),
                           closed=closed, extra=monthly_control(control_plan, editor))


def state() -> tuple:
    """Every internal-control history row count: any write adds one."""
    return tuple(model.history.count() for model in (ControlPlan, Control, ControlOccasion, ControlResult,
                                                     Deviation))


def answer(client, spec: Endpoint, url: str, data, board_prefix: str):
    """What the endpoint answered, in the matrix's terms: OK, LOGIN or the status code; a status
    other than OK that changed the database is reported as "changed <status>"."""
    before = state()
    response = client.post(url, data) if spec.method == "post" else client.get(url)
    changed = state() != before
    body = response.content.decode()
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/konto/logga-in/?next=") and not changed:
            return LOGIN
        if location.startswith(board_prefix) and changed:
            return OK
        return f"302 to {location}, changed={changed}"
    if changed:
        return f"changed {response.status_code}"
    if response.status_code == 403:
        assert "Du har inte behörighet att" in body
    return response.status_code


@pytest.mark.parametrize(("endpoint", "unit"), CASES, ids=[f"{e}-{u}" for e, u in CASES])
def test_the_page_answers_each_role_as_the_matrix_says(client, ic, city, endpoint, unit):
    ks = board(city.ks, city.users.ks_editor, ic.control_plan, ic.control)
    utn = board(city.utn, city.users.utb_editor)
    target = ks if unit == "KS" else utn
    spec = ENDPOINTS[endpoint]
    url, data = spec.request(target)
    answers = []
    for role in ROLES:
        client.logout()
        if role != "anonym":
            client.force_login(getattr(city.users, USERS[role]))
        with transaction.atomic():  # each role meets the same state: roll back what it changed
            answers.append(answer(client, spec, url, data, f"/internkontroll/{target.unit.pk}/"))
            transaction.set_rollback(True)
    assert dict(zip(ROLES, answers)) == dict(zip(ROLES, EXPECTED[(unit, spec.kind)]))


@pytest.mark.parametrize(("user", "edit_links"), [("ks_controller", False), ("utb_editor", True),
                                                  ("admin", True)])
def test_readers_of_another_board_get_no_buttons(client, ic, city, user, edit_links):
    utn = board(city.utn, city.users.utb_editor)
    client.force_login(getattr(city.users, user))
    html = client.get(reverse("control_plan:plan", args=[utn.unit.pk, 2024])).content.decode()
    assert ('id="new-control"' in html) is edit_links
    assert ("/andra/" in html) is edit_links
    assert ('id="read-only"' in html) is not edit_links
    html = client.get(reverse("control_plan:occasion", args=[utn.unit.pk, 2024, utn.free.pk])).content.decode()
    assert ('id="result-form"' in html) is edit_links
    html = client.get(reverse("control_plan:deviation", args=[utn.unit.pk, 2024, utn.open.pk])).content.decode()
    assert ('id="close"' in html) is edit_links
