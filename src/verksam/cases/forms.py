"""Forms for importing a case: the upload, and the review of the parsed case before saving.

``CaseUploadForm`` takes the memo file (.txt or .pdf). ``CaseReviewForm`` shows the parsed
import dict as editable fields — the case's head, each decision point's text and amount, each
attachment's title and reference — and ``apply(data)`` returns the dict with the corrections;
statements are shown read-only. Validation of the whole dict stays in
``verksam.cases.importer.clean_case_data`` (one place); this form only checks field formats.
"""

from __future__ import annotations

import copy
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.cases.models import DOCUMENT_KIND_BY_NAME
from verksam.core.swedish_numbers import SwedishNumberError, format_swedish_number, parse_amount_sek, parse_swedish_number

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CaseUploadForm(forms.Form):
    """The memo file to import: plain text (UTF-8) or PDF with a text layer, at most 20 MB."""

    file = forms.FileField(label=_("Promemoria (.txt eller .pdf)"),
                           help_text=_("T.ex. ett PM från borgarrådsberedningen, ett utlåtande eller ett "
                                       "tjänsteutlåtande."))

    def clean_file(self):
        """Refuse other extensions and files over 20 MB (Swedish messages)."""
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".txt", ".pdf")):
            raise forms.ValidationError(_("Välj en textfil (.txt) eller en PDF (.pdf)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 20 MB)."))
        return upload


class AmountField(forms.CharField):
    """An amount in kronor written the Swedish way: "746,2 mnkr", "12 tkr", "746 200 000 kr" or
    a bare number of kronor ("746 200 000"). Cleans to Decimal kronor or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        """A text box with a numeric keyboard that keeps the comma."""
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def to_python(self, value):
        """Text → Decimal kronor; the parser's Swedish message when unreadable."""
        value = super().to_python(value)
        if not value:
            return None
        try:
            if any(ch.isalpha() for ch in value):
                return parse_amount_sek(value)
            return parse_swedish_number(value)
        except SwedishNumberError as err:
            raise forms.ValidationError(str(err), code="invalid") from err

    def prepare_value(self, value):
        """Show kronor as "746 200 000"."""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return format_swedish_number(Decimal(str(value)))
        return value


class CaseReviewForm(forms.Form):
    """The parsed case as editable fields. ``data_dict`` is the parsed import dict;
    ``units`` the units the user may import for (choice of the responsible board)."""

    reference = forms.CharField(label=_("Diarienummer"), max_length=60)
    kind = forms.ChoiceField(label=_("Handlingstyp"), choices=[(k, k) for k in DOCUMENT_KIND_BY_NAME if k != "protokoll"])
    title = forms.CharField(label=_("Rubrik"), max_length=500)
    rotel = forms.CharField(label=_("Rotel"), max_length=40, required=False)
    date = forms.DateField(label=_("Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    responsible_unit = forms.ModelChoiceField(label=_("Ansvarig nämnd"), queryset=None, required=False,
                                              empty_label=_("(ingen – ärendet hör till hela kommunen)"))
    rapporteur_name = forms.CharField(label=_("Föredragande"), max_length=200, required=False)
    rapporteur_role = forms.CharField(label=_("Föredragandes roll"), max_length=120, required=False)
    prepared_by = forms.CharField(label=_("Beredning"), max_length=300, required=False)
    report_author = forms.CharField(label=_("Tjänsteutlåtande av"), max_length=300, required=False)
    report_date = forms.DateField(label=_("Tjänsteutlåtandets datum"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    HEAD_FIELDS = ("reference", "kind", "title", "rotel", "date", "responsible_unit", "rapporteur_name",
                   "rapporteur_role", "prepared_by", "report_author", "report_date")

    def __init__(self, *args, data_dict: dict, units, initial_unit=None, **kwargs):
        self.data_dict = data_dict
        rapporteur = data_dict.get("rapporteur") or {}
        report = data_dict.get("official_report") or {}
        initial = {
            "reference": data_dict.get("reference"), "kind": data_dict.get("kind"), "title": data_dict.get("title"),
            "rotel": data_dict.get("rotel"), "date": data_dict.get("date"),
            "responsible_unit": initial_unit.pk if initial_unit else None,
            "rapporteur_name": rapporteur.get("name"), "rapporteur_role": rapporteur.get("role"),
            "prepared_by": data_dict.get("prepared_by"), "report_author": report.get("author"),
            "report_date": report.get("date"),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units
        for i, proposal in enumerate(data_dict.get("proposals") or []):
            number = proposal.get("number")
            self.fields[f"proposal_{i}_text"] = forms.CharField(
                label=_("Punkt %(n)s") % {"n": number}, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"proposal_{i}_amount"] = AmountField(
                label=_("Belopp i punkt %(n)s (kr)") % {"n": number},
                help_text=_("T.ex. 746,2 mnkr eller 746 200 000."))
            self.initial.setdefault(f"proposal_{i}_text", proposal.get("text"))
            self.initial.setdefault(f"proposal_{i}_amount", proposal.get("amount_sek"))
        for i, attachment in enumerate(data_dict.get("attachments") or []):
            number = attachment.get("number")
            self.fields[f"attachment_{i}_title"] = forms.CharField(
                label=_("Bilaga %(n)s") % {"n": number}, max_length=500)
            self.fields[f"attachment_{i}_reference"] = forms.CharField(
                label=_("Diarienummer för bilaga %(n)s") % {"n": number}, max_length=60, required=False)
            self.initial.setdefault(f"attachment_{i}_title", attachment.get("title"))
            self.initial.setdefault(f"attachment_{i}_reference", attachment.get("reference"))

    def head_fields(self):
        """The bound fields of the case's head, in display order."""
        return [self[name] for name in self.HEAD_FIELDS]

    def proposal_rows(self):
        """(number, text field, amount field) per decision point."""
        return [(p.get("number"), self[f"proposal_{i}_text"], self[f"proposal_{i}_amount"])
                for i, p in enumerate(self.data_dict.get("proposals") or [])]

    def attachment_rows(self):
        """(number, title field, reference field) per attachment."""
        return [(a.get("number"), self[f"attachment_{i}_title"], self[f"attachment_{i}_reference"])
                for i, a in enumerate(self.data_dict.get("attachments") or [])]

    def apply(self) -> dict:
        """The parsed dict with this (valid) form's corrections applied; statements unchanged."""
        data = copy.deepcopy(self.data_dict)
        c = self.cleaned_data
        data.update(reference=c["reference"], kind=c["kind"], title=c["title"], rotel=c["rotel"] or None,
                    date=c["date"].isoformat() if c["date"] else None, prepared_by=c["prepared_by"] or None)
        data["rapporteur"] = ({"name": c["rapporteur_name"], "role": c["rapporteur_role"] or ""}
                              if c["rapporteur_name"] else None)
        if c["report_author"] or c["report_date"] or data.get("official_report") is not None:
            data["official_report"] = {"author": c["report_author"] or None,
                                       "date": c["report_date"].isoformat() if c["report_date"] else None}
        for i, proposal in enumerate(data.get("proposals") or []):
            proposal["text"] = c[f"proposal_{i}_text"]
            amount = c[f"proposal_{i}_amount"]
            proposal["amount_sek"] = None if amount is None else (
                int(amount) if amount == amount.to_integral_value() else float(amount))
        for i, attachment in enumerate(data.get("attachments") or []):
            attachment["title"] = c[f"attachment_{i}_title"]
            attachment["reference"] = c[f"attachment_{i}_reference"] or None
        return data

    def field_for(self, import_field: str | None) -> str | None:
        """The form field showing an import-JSON field ("proposals[3].amount_sek" →
        "proposal_3_amount"), or None when the form has no such field."""
        if not import_field:
            return None
        mapping = {"rapporteur.name": "rapporteur_name", "rapporteur.role": "rapporteur_role",
                   "official_report.author": "report_author", "official_report.date": "report_date"}
        if import_field in mapping:
            return mapping[import_field]
        if import_field in self.fields:
            return import_field
        for prefix, name in (("proposals", "proposal"), ("attachments", "attachment")):
            if import_field.startswith(f"{prefix}["):
                index, _, rest = import_field[len(prefix) + 1:].partition("].")
                suffix = {"text": "text", "amount_sek": "amount", "title": "title", "reference": "reference"}.get(rest)
                candidate = f"{name}_{index}_{suffix}"
                if suffix and candidate in self.fields:
                    return candidate
        return None
