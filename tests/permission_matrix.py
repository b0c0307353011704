"""The shared harness of the permission-matrix tests (planning editing, follow-up entry and
approval): the roles, the user holding each role on the own unit (KS) or the other unit
(Utbildningsnämnden), the parametrised cases and the check of one answer.

A matrix row lists the expected answer per role in ``ROLES`` order: ``OK`` (saved — a 302 to
the expected place and the database changed), ``LOGIN`` (anonymous: a 302 to the login page),
or a status code (403, 404, 409, 200 …). Nothing but OK may change the database.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import make_user
from verksam.core.models import Role

OK, LOGIN = "ok", "login"
ROLES = ("administratör", "controller", "redaktör", "läsare", "förtroendevald", "ingen roll", "anonym")
"""The columns of a matrix row: the five roles, a user without a role and an anonymous visitor."""

ROLE_CODES = {"administratör": Role.ADMINISTRATOR, "controller": Role.CONTROLLER, "redaktör": Role.EDITOR,
              "läsare": Role.READER, "förtroendevald": Role.POLITICIAN}
OWN_USERS = {"administratör": "admin", "controller": "ks_controller", "redaktör": "ks_editor",
             "läsare": "ks_reader", "förtroendevald": "ks_politician", "ingen roll": "nobody"}
"""The ``city`` fixture's users holding each role on the own unit (the administrator on KF, above KS)."""


def cases(own: dict[str, tuple], other: dict[str, tuple]) -> list[tuple[str, str, str, object]]:
    """``(endpoint, "KS" | "UTN", role, expected)`` for every endpoint and role: ``own`` maps an
    endpoint to its row for roles held on KS, ``other`` to its row for roles held on
    Utbildningsnämnden only (five roles: "ingen roll" and "anonym" are the same for both)."""
    found = [(name, "KS", role, expected) for name, row in own.items() for role, expected in zip(ROLES, row)]
    found += [(name, "UTN", role, expected) for name, row in other.items() for role, expected in zip(ROLES, row)]
    return found


def case_ids(found: list[tuple]) -> list[str]:
    """Readable test ids: "enter outcomes-KS-redaktör"."""
    return [f"{endpoint}-{unit}-{role}" for endpoint, unit, role, _expected in found]


def acting_user(city, django_user_model, unit: str, role: str):
    """The user for (unit, role); None for an anonymous visitor. Roles on UTN other than the
    city's ``utb_editor`` are made here."""
    if role == "anonym":
        return None
    if unit == "KS":
        return getattr(city.users, OWN_USERS[role])
    if role == "redaktör":
        return city.users.utb_editor
    return make_user(django_user_model, f"utn_{ROLE_CODES[role]}", unit=city.utn, role=ROLE_CODES[role])


def assert_answer(response, expected, changed: bool, *, ok_location: Callable[[str], bool],
                 texts: dict[int, str] | None = None) -> None:
    """Assert that ``response`` (and ``changed``, whether the database changed) is ``expected``.

    OK: 302, ``ok_location(Location)`` true and the database changed. LOGIN: 302 to
    "/konto/logga-in/?next=" and nothing changed. A status code: exactly that status, nothing
    changed, and — when ``texts`` has the status — that text in the body.
    """
    body = response.content.decode()
    if expected == OK:
        assert response.status_code == 302, body[:3000]
        assert ok_location(response["Location"]), response["Location"]
        assert changed
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/?next=")
        assert not changed
    else:
        assert response.status_code == expected, body[:3000]
        assert not changed
        if texts and expected in texts:
            assert texts[expected] in body
