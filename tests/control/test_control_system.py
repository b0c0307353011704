"""System för internkontroll: versions per year, approval by a controller, immutable after."""

from __future__ import annotations

import pytest

from verksam.control import actions
from verksam.control.models import ControlSystem, ControlSystemLockedError
from verksam.core.errors import DomainError, NotAllowedError

pytestmark = pytest.mark.django_db

SECTIONS = {
    "organisation": "Kommunstyrelsen ansvarar för att den interna kontrollen är tillräcklig.",
    "roles": "Stadsdirektören ansvarar för att system och rutiner finns.",
    "routines": "Riskanalys i oktober, internkontrollplan i december, uppföljning i T2 och VB.",
    "systems": "Verksam, ekonomisystemet och diariet.",
}


def draft(city, year=2024, **sections):
    return actions.create_control_system(city.ks, year, plan=city.ks_plan if year == 2024 else None,
                                         acting_user=city.users.ks_editor, **(sections or SECTIONS))


def test_a_controller_approves_and_the_version_is_immutable_after(city):
    system = draft(city)
    with pytest.raises(NotAllowedError):
        actions.approve_control_system(system, acting_user=city.users.ks_editor)
    actions.approve_control_system(system, acting_user=city.users.ks_controller)
    system.refresh_from_db()
    assert (system.status, system.approved_by, system.version) == ("approved", city.users.ks_controller, 1)
    assert system.approved_at is not None

    with pytest.raises(ControlSystemLockedError) as err:
        actions.update_control_system(system, acting_user=city.users.ks_editor, routines="Ändrad")
    assert str(err.value.message) == ("Systemet för internkontroll är godkänt och kan inte ändras. "
                                      "Skapa en ny version.")
    with pytest.raises(ControlSystemLockedError):
        actions.approve_control_system(system, acting_user=city.users.ks_controller)
    stored = ControlSystem.objects.get(pk=system.pk)
    stored.routines = "Ändrad direkt"
    with pytest.raises(ControlSystemLockedError):
        stored.save()
    with pytest.raises(ControlSystemLockedError):
        stored.delete()
    assert ControlSystem.objects.get(pk=system.pk).routines == SECTIONS["routines"]


def test_approval_needs_every_section(city):
    system = draft(city, **{**SECTIONS, "systems": "  "})
    with pytest.raises(DomainError) as err:
        actions.approve_control_system(system, acting_user=city.users.ks_controller)
    assert (err.value.field, str(err.value.message)) == ("systems", "Avsnittet System är tomt.")
    assert ControlSystem.objects.get(pk=system.pk).status == "draft"


def test_a_new_version_copies_the_latest_and_numbers_within_the_year(city):
    first = draft(city)
    with pytest.raises(DomainError) as err:
        draft(city)
    assert (err.value.field, str(err.value.message)) == (
        "year", "Det finns redan ett utkast till system för internkontroll 2024.")
    actions.approve_control_system(first, acting_user=city.users.ks_controller)
    second = actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor,
                                           routines="Ny rutin för avvikelser.")
    assert (second.version, second.previous_id, second.organisation, second.routines) == (
        2, first.pk, SECTIONS["organisation"], "Ny rutin för avvikelser.")
    actions.approve_control_system(second, acting_user=city.users.ks_controller)
    next_year = actions.create_control_system(city.ks, 2025, acting_user=city.users.ks_editor)
    assert (next_year.version, next_year.previous_id, next_year.routines) == (1, second.pk, "Ny rutin för avvikelser.")


def test_another_boards_editor_cannot_write_ks_system(city):
    with pytest.raises(NotAllowedError):
        actions.create_control_system(city.ks, 2024, acting_user=city.users.utb_editor, **SECTIONS)
    system = draft(city)
    with pytest.raises(NotAllowedError):
        actions.update_control_system(system, acting_user=city.users.utb_editor, roles="X")
