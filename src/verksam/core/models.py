"""Shared mechanisms: role assignments (rolltilldelning) that scope permissions to a unit subtree.

See ``verksam.core.permissions`` for what each role may do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles (roller) a user can hold on a unit and everything beneath it."""

    ADMINISTRATOR = "administrator", _("Administratör")
    CONTROLLER = "controller", _("Controller")
    EDITOR = "editor", _("Redaktör")
    READER = "reader", _("Läsare")
    POLITICIAN = "politician", _("Förtroendevald")


class RoleAssignment(models.Model):
    """A user's role on a unit; it applies to the unit and its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments",
        verbose_name=_("användare"),
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="role_assignments",
        verbose_name=_("enhet"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class VersionedModel(models.Model):
    """Base for editable records: ``lock_version`` guards against silent overwrites.

    A form carries the version it was loaded with; the action refuses the save with
    ``ConcurrentEditError`` when the stored version has moved on.
    """

    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True
