"""Forms of the report pages (rapporter): create, summary, section text, correction.

Forms only shape the input; the rules (permissions, frozen reports, ready sections) are in
``verksam.followup.reports`` and their Swedish errors are put next to the fields by the views.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.followup.models import Period
from verksam.organisation.models import Unit


class CreateReportForm(forms.Form):
    """Which unit and period to build a report for (choices given by the view)."""

    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())

    def __init__(self, *args, units=None, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["period"].queryset = periods if periods is not None else Period.objects.none()
        self.fields["period"].label_from_instance = lambda p: f"{p.get_kind_display()} {p.year}"


class SummaryForm(forms.Form):
    """The report's summary (sammanfattning) and the version it was loaded with."""

    summary = forms.CharField(label=_("Sammanfattning"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SectionForm(forms.Form):
    """A section's text and the version it was loaded with."""

    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CorrectionForm(forms.Form):
    """A correction (rättelse) of an approved report: what is corrected and why."""

    change = forms.CharField(label=_("Vad rättas"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("T.ex. ”Sjukfrånvaro: utfallet 4,8 % ska vara 4,9 %.”"))
    reason = forms.CharField(label=_("Skäl"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
