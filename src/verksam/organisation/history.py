"""History kind of units (enheter) for the generic history page (``verksam.core.history``).

The organisation is public (the unit pages are), so is its history.
"""

from __future__ import annotations

from django.urls import reverse

from verksam.core.history import HistoryKind, register
from verksam.organisation.models import Unit

register(HistoryKind(
    key="enhet", model=Unit,
    can_view=lambda user, record: True,
    back_url=lambda record: reverse("organisation:unit_detail", args=[record.id])
    if record.history_type != "-" else None,
))
