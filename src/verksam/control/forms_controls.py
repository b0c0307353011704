"""Forms of the internkontrollplan: a kontrollmoment (create, edit, delete) and creating the plan.

The forms only read and check input; every change goes through ``verksam.control.actions``
(``create_control``, ``update_control``, ``delete_control``, ``create_control_plan``), which
validates again and is the authority (responsible required, dates within the plan's year, the
risk from the same board and year). Edit forms carry the control's ``lock_version`` (optimistic
lock → ``ConcurrentEditError``) and a reason (skäl) stored in the history.
"""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from verksam.control.models import Control, ControlPlan, Risk


class DateInput(forms.DateInput):
    """A browser date picker; the value is ISO "2024-04-30" both ways."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _model_field(model, name: str, **overrides) -> forms.Field:
    """The form field Django derives from ``model.name`` (label, max_length, choices)."""
    field = model._meta.get_field(name).formfield(**overrides)
    field.label = capfirst(field.label)
    return field


class RiskChoiceField(forms.ModelChoiceField):
    """A risk picker labelled by the risk's title and its goal ("… (1.1.1 Kommunstyrelsen …)")."""

    def label_from_instance(self, obj: Risk) -> str:
        return f"{obj.title} ({obj.goal})" if obj.goal_id else obj.title


class ControlForm(forms.Form):
    """Create or edit a kontrollmoment: risk (from the board's väsentlighets- och riskanalys of
    the plan's year, optional), title, description, method, frequency, start (first occasion),
    end (inclusive, default 31 December), responsible (ansvarig) and reported_in (T1, T2, VB).
    When editing: the hidden ``lock_version`` and an optional reason for the change.

    ``responsible`` is not required here on purpose: the action refuses a blank one with its own
    Swedish message at the field ("Ange vem som är ansvarig för kontrollmomentet.").
    """

    value_fields = ("risk", "title", "description", "method", "frequency", "start", "end", "responsible",
                    "reported_in")

    risk = RiskChoiceField(queryset=Risk.objects.none(), required=False, label=_("Risk"),
                           empty_label=_("– ingen risk –"))
    title = _model_field(Control, "title", widget=forms.TextInput)
    description = _model_field(Control, "description", widget=forms.Textarea(attrs={"rows": 3}))
    method = _model_field(Control, "method")
    frequency = _model_field(Control, "frequency",
                             help_text=_("Tillfällena räknas fram av frekvensen. Ändras frekvensen behålls "
                                         "registrerade resultat och tidigare tillfällen."))
    start = _model_field(Control, "start", widget=DateInput)
    end = _model_field(Control, "end", widget=DateInput, required=False,
                       help_text=_("Tom: 31 december samma år."))
    responsible = _model_field(Control, "responsible", required=False,
                               help_text=_("Krävs: vem som utför kontrollen (roll eller namn)."))
    reported_in = _model_field(Control, "reported_in")
    reason = forms.CharField(label=_("Skäl till ändringen"), max_length=300, required=False,
                             help_text=_("Sparas i historiken."))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, control_plan: ControlPlan, control: Control | None = None, **kwargs):
        if control is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(control, name) for name in self.value_fields}
            kwargs["initial"]["lock_version"] = control.lock_version
        super().__init__(*args, **kwargs)
        self.control_plan, self.control = control_plan, control
        self.fields["risk"].queryset = (Risk.objects.filter(analysis__unit_id=control_plan.unit_id,
                                                            analysis__year=control_plan.year)
                                        .select_related("goal").order_by("sort_order", "pk"))
        if control is None:
            del self.fields["reason"]
            del self.fields["lock_version"]
        else:
            self.fields["lock_version"].required = True

    def values(self) -> dict:
        """The cleaned values for the action: field name → value (Risk or None, text, date)."""
        values = {name: self.cleaned_data.get(name) for name in self.value_fields}
        values["responsible"] = values["responsible"] or ""
        return values

    @property
    def expected_version(self) -> int | None:
        """The ``lock_version`` the form was loaded with (None on the create form)."""
        return self.cleaned_data.get("lock_version")

    @property
    def change_reason(self) -> str:
        """The reason for the change (empty on the create form)."""
        return (self.cleaned_data.get("reason") or "").strip()


class DeleteControlForm(forms.Form):
    """The reason for deleting a kontrollmoment (optional, stored in the history)."""

    reason = forms.CharField(label=_("Skäl till borttagningen"), max_length=300, required=False)
