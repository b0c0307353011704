"""Forms of control results (kontrollresultat) and deviations (avvikelser).

The forms only read and check input; every change goes through ``verksam.control.actions``
(``record_result``, ``open_deviation``, ``update_deviation``, ``close_deviation``,
``reopen_deviation``), which validate again and are the authority. Field names are the actions'
keyword names, so a ``DomainError`` with ``field`` lands next to its input.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.control.forms_controls import DateInput
from verksam.control.models import ControlResult, Deviation, ResultOutcome

DEVIATION_VALUE_FIELDS = ("actions", "responsible", "due")


class ResultForm(forms.Form):
    """The result of one occasion: ``outcome`` (utan anmärkning / avvikelse), ``finding``
    (iakttagelse; required at avvikelse by the action), ``as_of`` (the date the result belongs
    to; empty: the occasion's date), the hidden ``lock_version`` of a stored result, and
    ``correction_reason`` when the period is closed or locked (``correction`` True).

    With ``with_deviation`` (the result has no deviation yet) the form also carries the deviation
    opened at avvikelse: ``actions`` (åtgärder), ``responsible`` (ansvarig, required by
    ``open_deviation``) and ``due`` (klart senast); its finding is the result's.
    """

    outcome = forms.ChoiceField(label=_("Resultat"), choices=ResultOutcome.choices, widget=forms.RadioSelect)
    finding = forms.CharField(label=_("Iakttagelse"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Vad kontrollen fann. Krävs vid avvikelse."))
    as_of = forms.DateField(label=_("Avser datum"), required=False, widget=DateInput,
                            help_text=_("Tomt: tillfällets datum."))
    actions = forms.CharField(label=_("Åtgärder"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Ansvarig för åtgärderna"), max_length=200, required=False)
    due = forms.DateField(label=_("Klart senast"), required=False, widget=DateInput)
    correction_reason = forms.CharField(label=_("Skäl till rättelse"), max_length=300, required=False,
                                        help_text=_("Perioden är inte öppen: resultatet registreras som rättelse."))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, result: ControlResult | None = None, with_deviation: bool = True,
                 correction: bool = False, **kwargs):
        if result is not None and "initial" not in kwargs:
            kwargs["initial"] = {"outcome": result.outcome, "finding": result.finding, "as_of": result.as_of,
                                 "lock_version": result.lock_version}
        super().__init__(*args, **kwargs)
        self.result, self.with_deviation = result, with_deviation
        if not with_deviation:
            for name in DEVIATION_VALUE_FIELDS:
                del self.fields[name]
        if not correction:
            del self.fields["correction_reason"]

    @property
    def is_deviation(self) -> bool:
        """True when the cleaned outcome is avvikelse."""
        return self.cleaned_data.get("outcome") == ResultOutcome.DEVIATION

    def result_values(self) -> dict:
        """Keyword arguments for ``record_result``."""
        data = self.cleaned_data
        return {"outcome": data["outcome"], "finding": data.get("finding", ""), "as_of": data.get("as_of"),
                "correction_reason": data.get("correction_reason", ""),
                "expected_version": data.get("lock_version") if self.result is not None else None}

    def deviation_values(self) -> dict:
        """Keyword arguments for ``open_deviation`` (finding taken from the result)."""
        data = self.cleaned_data
        return {"finding": data.get("finding", ""), "actions": (data.get("actions") or "").strip(),
                "responsible": (data.get("responsible") or "").strip(), "due": data.get("due")}


class DeviationForm(forms.Form):
    """Change an open deviation: finding, actions (åtgärder), responsible and due (klart senast),
    with the hidden ``lock_version``."""

    value_fields = ("finding", "actions", "responsible", "due")

    finding = forms.CharField(label=_("Avvikelse"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(label=_("Åtgärder"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Ansvarig"), max_length=200, required=False)
    due = forms.DateField(label=_("Klart senast"), required=False, widget=DateInput)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=True, min_value=0)

    def __init__(self, *args, deviation: Deviation, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(deviation, name) for name in self.value_fields}
            kwargs["initial"]["lock_version"] = deviation.lock_version
        super().__init__(*args, **kwargs)
        self.deviation = deviation

    def values(self) -> dict:
        """Keyword arguments for ``update_deviation`` (without ``expected_version``)."""
        data = self.cleaned_data
        return {"finding": data.get("finding", ""), "actions": data.get("actions", ""),
                "responsible": data.get("responsible", ""), "due": data.get("due")}


class CloseDeviationForm(forms.Form):
    """Close a deviation with a note (what was done)."""

    note = forms.CharField(label=_("Kommentar vid stängning"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenDeviationForm(forms.Form):
    """Reopen a closed deviation; the reason is required by the action."""

    reason = forms.CharField(label=_("Skäl att öppna igen"), max_length=300, required=False)
