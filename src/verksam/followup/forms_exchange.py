"""The upload form of the Excel/CSV import (importera utfall eller årsmål)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""Largest accepted file: 50 MB (about 500 000 outcome rows in XLSX)."""


class UploadForm(forms.Form):
    """One file, .xlsx or .csv, at most ``MAX_UPLOAD_BYTES``; errors in Swedish at the field."""

    file = forms.FileField(
        label=_("Fil (xlsx eller csv)"),
        help_text=_("En fil som exporterats härifrån, med samma rubriker. Inget sparas om någon rad har fel."),
        error_messages={"required": _("Välj en fil att importera."),
                        "empty": _("Filen är tom.")},
    )

    def clean_file(self):
        """Refuse other extensions and files over 50 MB."""
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Välj en .xlsx- eller .csv-fil."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är större än 50 MB."))
        return upload
