"""The system för internkontroll page: first version, editing a draft, approving, read-only once
approved, a new version from the approved one, and the list of versions with who approved."""

from __future__ import annotations

import pytest

from tests.control.views_helpers import element, field_error, text, url
from verksam.control import actions
from verksam.control.models import ControlSystem, ControlSystemStatus

pytestmark = pytest.mark.django_db

SECTIONS = {"organisation": "Nämnden och förvaltningen.", "roles": "Stadsdirektören ansvarar.",
            "routines": "Attestordning.", "systems": "Ekonomisystemet."}


def _draft(city, **sections):
    return actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor, **sections)


def test_without_a_system_editors_are_offered_to_create_it_and_readers_are_not(client, city):
    client.force_login(city.users.ks_reader)
    page = client.get(url("system", city.ks)).content.decode()
    assert text(element(page, "no-system", "p")) == "Kommunstyrelsen har inget system för internkontroll för 2024 ännu."
    assert 'id="system-actions"' not in page
    client.force_login(city.users.ks_editor)
    page = client.get(url("system", city.ks)).content.decode()
    assert "Skapa system för internkontroll" in text(element(page, "system-actions", "div"))
    response = client.post(url("system_create", city.ks))
    assert response.status_code == 302 and response["Location"] == url("system", city.ks)
    system = ControlSystem.objects.get(unit=city.ks, year=2024)
    assert (system.version, system.status, system.plan_id) == (1, ControlSystemStatus.DRAFT, city.ks_plan.pk)


def test_an_editor_edits_the_draft_and_a_stale_form_is_refused_with_409(client, city):
    system = _draft(city)
    client.force_login(city.users.ks_editor)
    page = client.get(url("system_edit", city.ks, 2024, system.pk)).content.decode()
    assert 'name="lock_version" value="0"' in page
    response = client.post(url("system_edit", city.ks, 2024, system.pk), {**SECTIONS, "lock_version": "0"})
    assert response.status_code == 302
    system.refresh_from_db()
    assert (system.roles, system.lock_version) == ("Stadsdirektören ansvarar.", 1)
    response = client.post(url("system_edit", city.ks, 2024, system.pk),
                           {**SECTIONS, "roles": "Annat", "lock_version": "0"})
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgiften" in response.content.decode()
    system.refresh_from_db()
    assert system.roles == "Stadsdirektören ansvarar."
    page = client.get(url("system", city.ks)).content.decode()
    assert text(element(page, "section-roles", "section")) == "Roller och ansvar Stadsdirektören ansvarar."
    assert text(element(page, "section-routines", "section")) == "Rutiner Attestordning."


def test_approving_an_incomplete_draft_names_the_empty_section_and_saves_nothing(client, city):
    system = _draft(city, **{**SECTIONS, "routines": ""})
    client.force_login(city.users.ks_controller)
    response = client.post(url("system_approve", city.ks, 2024, system.pk), follow=True)
    assert "Avsnittet Rutiner är tomt." in response.content.decode()
    system.refresh_from_db()
    assert system.status == ControlSystemStatus.DRAFT


def test_an_editor_may_not_approve(client, city):
    system = _draft(city, **SECTIONS)
    client.force_login(city.users.ks_editor)
    page = client.get(url("system", city.ks)).content.decode()
    assert "Godkänn" not in text(element(page, "system-actions", "div"))
    response = client.post(url("system_approve", city.ks, 2024, system.pk))
    assert response.status_code == 403
    system.refresh_from_db()
    assert system.status == ControlSystemStatus.DRAFT


def test_an_approved_version_is_read_only_and_a_new_version_starts_from_it(client, city):
    system = _draft(city, **SECTIONS)
    client.force_login(city.users.ks_controller)
    response = client.post(url("system_approve", city.ks, 2024, system.pk))
    assert response.status_code == 302
    system.refresh_from_db()
    assert (system.status, system.approved_by.username) == (ControlSystemStatus.APPROVED, "ks_controller")
    client.force_login(city.users.ks_editor)
    page = client.get(url("system", city.ks)).content.decode()
    assert text(element(page, "system-locked", "strong")) == (
        "En godkänd version kan inte ändras. Ändringar görs i en ny version.")
    assert text(element(page, "system-approved", "p")).startswith("Godkänd av ks_controller ")
    assert "Ändra utkastet" not in page
    response = client.get(url("system_edit", city.ks, 2024, system.pk))
    assert response.status_code == 409
    assert "Systemet för internkontroll är godkänt och kan inte ändras." in response.content.decode()
    response = client.post(url("system_edit", city.ks, 2024, system.pk), {**SECTIONS, "roles": "x",
                                                                            "lock_version": "1"})
    assert response.status_code == 409
    assert text(element(page, "system-actions", "div")) == "Skapa ny version"
    assert client.post(url("system_create", city.ks)).status_code == 302
    second = ControlSystem.objects.get(unit=city.ks, year=2024, version=2)
    assert (second.status, second.roles, second.previous_id) == (ControlSystemStatus.DRAFT, SECTIONS["roles"],
                                                                  system.pk)
    page = client.get(url("system", city.ks)).content.decode()
    assert text(element(page, "system-status", "span")) == "Utkast"
    assert text(element(page, "version-2", "tr")) == "version 2 Utkast – – Historik"
    assert text(element(page, "version-1", "tr")).startswith("version 1 Godkänd ks_controller 20")
    older = client.get(url("system", city.ks) + "?version=1").content.decode()
    assert text(element(older, "older-version", "p")) == (
        "Det här är en äldre version. Den senaste är version 2. Visa den senaste")
    assert 'id="system-actions"' not in older


def test_a_second_draft_is_refused_with_the_actions_message(client, city):
    _draft(city)
    client.force_login(city.users.ks_editor)
    response = client.post(url("system_create", city.ks), follow=True)
    assert "Det finns redan ett utkast till system för internkontroll 2024." in response.content.decode()
    assert ControlSystem.objects.count() == 1


def test_section_fields_are_shown_with_their_labels(client, city):
    system = _draft(city)
    client.force_login(city.users.ks_editor)
    page = client.get(url("system_edit", city.ks, 2024, system.pk)).content.decode()
    for label in ("Organisation", "Roller och ansvar", "Rutiner", "System"):
        assert f">{label}</label>" in page
    assert field_error(page, "roles") == ""
