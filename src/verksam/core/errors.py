"""Domain errors (domänfel) raised by actions and shown to users in Swedish.

Every error carries a user-facing message (Swedish by default, English through gettext) and,
where it belongs to one form field, the field name, so views and the API can put the message
next to the field.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refused domain operation. ``message`` is user-facing; ``field`` names the input field."""

    default_message = _("Åtgärden kunde inte utföras.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class PlanLockedError(DomainError):
    """The plan is decided (beslutad) and therefore read-only."""

    default_message = _("Planen är beslutad och kan inte ändras.")


class ConcurrentEditError(DomainError):
    """Someone else saved the object after it was loaded into the form (optimistic lock)."""

    default_message = _(
        "Någon annan har ändrat uppgiften sedan du öppnade den. Ladda om sidan och gör om ändringen."
    )


class NotAllowedError(DomainError):
    """The acting user's roles do not allow the operation on this unit."""

    default_message = _("Du har inte behörighet att göra detta för den här enheten.")
