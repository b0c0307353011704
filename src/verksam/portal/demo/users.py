"""Demo users (demoanvändare) with one role each, and the acting user of the demo.

The users exist only for trying Verksam out: they share ``DEMO_PASSWORD`` and are created only
when ``VERKSAM_DEBUG`` is on or ``verksam demo --with-users`` is given. Without them, the demo is
recorded in the history under an existing superuser.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from verksam.core import permissions as perms
from verksam.core.models import Role, RoleAssignment
from verksam.portal.demo.base import DemoContext, upsert

DEMO_PASSWORD = "verksam-demo"


def demo_users_by_default() -> bool:
    """True when ``VERKSAM_DEBUG`` is on (the default): the local demo creates its users.

    Read from the environment rather than ``settings.DEBUG``, which test runners switch off.
    """
    from verksam.settings import env_bool

    return env_bool("VERKSAM_DEBUG", True)

# username, first name, last name, role, unit key
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    ("admin", "Demo", "Administratör", Role.ADMINISTRATOR, "kf"),
    ("controller", "Demo", "Controller", Role.CONTROLLER, "ks"),
    ("redaktor", "Demo", "Redaktör", Role.EDITOR, "ks"),
    ("lasare", "Demo", "Läsare", Role.READER, "ks"),
    ("politiker", "Demo", "Förtroendevald", Role.POLITICIAN, "ks"),
    ("utbildning", "Demo", "Redaktör Utbildning", Role.EDITOR, "utn"),
]


def create_demo_users() -> dict:
    """Create the accounts of ``DEMO_USERS`` that are missing (``admin`` as superuser and staff).

    Existing accounts keep their passwords; new ones share one hash of ``DEMO_PASSWORD`` (the
    password is shared and printed anyway). Returns username → user.
    """
    user_model = get_user_model()
    users = {}
    password_hash = None
    for username, first, last, role, _unit in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = user_model(username=username, first_name=first, last_name=last, password=password_hash)
        wanted_admin = role == Role.ADMINISTRATOR
        if user.pk is None or (wanted_admin and not (user.is_superuser and user.is_staff)):
            user.is_superuser = user.is_superuser or wanted_admin
            user.is_staff = user.is_staff or wanted_admin
            user.save()
        users[username] = user
    return users


def existing_superuser():
    """The first active superuser, or ``CommandError`` (Swedish) when there is none."""
    user = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError(_(
            "Demodata registreras i historiken under en administratör. Skapa en superanvändare "
            "först (verksam createsuperuser) eller kör verksam demo --with-users."
        ))
    return user


def assign_demo_roles(ctx: DemoContext, users: dict) -> None:
    """Give each demo user its role on its unit (needs the organisation step)."""
    for username, _first, _last, role, unit_key in DEMO_USERS:
        upsert(ctx, RoleAssignment, {"user": users[username], "unit": ctx.units[unit_key], "role": role}, {})
        perms.clear_cache(users[username])


def describe_demo_users(ctx: DemoContext) -> list[str]:
    """Lines naming each demo user, its role and unit, and the shared password."""
    lines = [_("Demoanvändare (lösenord för alla: %(pw)s):") % {"pw": DEMO_PASSWORD}]
    for username, _first, _last, role, unit_key in DEMO_USERS:
        extra = _(" (superanvändare)") if role == Role.ADMINISTRATOR else ""
        lines.append(f"  {username:<11} {Role(role).label} – {ctx.units[unit_key].name}{extra}")
    return lines
