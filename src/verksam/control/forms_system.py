"""Form of the system för internkontroll: the four sections of a draft version.

Sections may be left empty while drafting; approving (``approve_control_system``) refuses an
empty section at its field. The form carries ``lock_version`` (optimistic lock →
``ConcurrentEditError``); every change goes through ``update_control_system``.
"""

from __future__ import annotations

from django import forms

from verksam.control.actions_system import SECTION_LABELS, SECTIONS
from verksam.control.models import ControlSystem
from verksam.planning.forms import VersionedForm


class ControlSystemForm(VersionedForm):
    """Edit the sections organisation, roller och ansvar, rutiner and system of a draft."""

    value_fields = SECTIONS

    organisation = forms.CharField(required=False, label=SECTION_LABELS["organisation"],
                                   widget=forms.Textarea(attrs={"rows": 6}))
    roles = forms.CharField(required=False, label=SECTION_LABELS["roles"], widget=forms.Textarea(attrs={"rows": 6}))
    routines = forms.CharField(required=False, label=SECTION_LABELS["routines"],
                               widget=forms.Textarea(attrs={"rows": 6}))
    systems = forms.CharField(required=False, label=SECTION_LABELS["systems"], widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, system: ControlSystem, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(system, name) for name in SECTIONS}
            kwargs["initial"]["lock_version"] = system.lock_version
        super().__init__(*args, editing=True, **kwargs)
