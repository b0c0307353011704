"""Follow-up forms (formulär): one row of the entry page, the correction reason, period status and
deadlines.

The forms only read and check input; every change goes through ``verksam.followup.actions``
(``enter_outcomes``, ``set_period_status``) or ``verksam.followup.actions_periods``
(``set_deadlines``). Numbers use ``SwedishDecimalField`` (decimal comma, "1 234,5"), with the
precision of the model fields so nothing is rounded silently.
"""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import SwedishDecimalField
from verksam.followup.models import Outcome, PeriodStatus
from verksam.organisation.models import UnitKind


class DateInput(forms.DateInput):
    """A browser date picker; the value is ISO "2024-05-15" both ways."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _decimal(name: str, label) -> SwedishDecimalField:
    model_field = Outcome._meta.get_field(name)
    return SwedishDecimalField(max_digits=model_field.max_digits, decimal_places=model_field.decimal_places,
                               required=False, label=label)


class OutcomeRowForm(forms.Form):
    """One indicator's row on the entry page (prefix ``i<indicator id>``).

    Fields: ``value`` (utfall, totalt), ``value_women``/``value_men`` and ``total_reason`` when
    the indicator is reported by sex, ``forecast`` (helårsprognos) at T1 and T2, ``comment``, and
    the hidden ``lock_version`` of the stored outcome (empty when there is none), passed to the
    action as ``expected_version``. All optional: a row that was not changed (``has_changed``) is
    not sent to the action, so an empty row creates nothing and an untouched row cannot clash with
    someone else's edit of it.
    """

    value = _decimal("value", _("Utfall"))
    value_women = _decimal("value_women", _("Kvinnor"))
    value_men = _decimal("value_men", _("Män"))
    total_reason = forms.CharField(label=_("Skäl till avvikande totalt"), max_length=300, required=False)
    forecast = _decimal("forecast", _("Helårsprognos"))
    comment = forms.CharField(label=_("Kommentar"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    VALUE_FIELDS = ("value", "value_women", "value_men", "total_reason", "forecast", "comment")

    def __init__(self, *args, indicator, period, outcome=None, **kwargs):
        if outcome is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(outcome, name) for name in self.VALUE_FIELDS}
            kwargs["initial"]["lock_version"] = outcome.lock_version
        super().__init__(*args, **kwargs)
        self.indicator, self.period, self.outcome = indicator, period, outcome
        if not indicator.by_sex:
            for name in ("value_women", "value_men", "total_reason"):
                del self.fields[name]
        elif not indicator.additive:
            del self.fields["total_reason"]  # a rate's total is not kvinnor + män: nothing to explain
        if not period.has_forecast:
            del self.fields["forecast"]
        unit = indicator.unit_of_measure
        for name in ("value", "value_women", "value_men", "forecast"):
            if name in self.fields and unit:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self.prefix}-unit"

    def values(self) -> dict:
        """The cleaned values for ``enter_outcomes``: field name → Decimal, text or None."""
        return {name: self.cleaned_data.get(name) for name in self.VALUE_FIELDS if name in self.fields}

    @property
    def expected_version(self) -> int | None:
        """The stored outcome's ``lock_version`` when the page was loaded (None for a new one)."""
        return self.cleaned_data.get("lock_version") if self.outcome is not None else None


class CorrectionForm(forms.Form):
    """The reason for correcting outcomes of a closed or locked period (skäl till rättelse).

    Not required here: ``enter_outcomes`` refuses a change without a reason
    (``PeriodLockedError`` at ``correction_reason``), and the view shows that message at the field.
    """

    correction_reason = forms.CharField(label=_("Skäl till rättelse"), max_length=300, required=False,
                                        help_text=_("Perioden är inte öppen: ändringar registreras som rättelser."))


class PeriodStatusForm(forms.Form):
    """The new status of a period: öppen, stängd or låst."""

    status = forms.ChoiceField(label=_("Status"), choices=PeriodStatus.choices)


class DeadlinesForm(forms.Form):
    """The last day (sista dag) per kind of unit in a period; one optional date field per unit
    kind given (``UnitKind`` values, lowest level first), named by the kind."""

    def __init__(self, *args, unit_kinds: list[str], period=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(UnitKind.choices)
        for kind in unit_kinds:
            self.fields[kind] = forms.DateField(label=capfirst(str(labels.get(kind, kind))), required=False,
                                                widget=DateInput)
        self.period = period

    def deadlines(self) -> dict:
        """Unit kind → due date or None, for ``actions_periods.set_deadlines``."""
        return {kind: self.cleaned_data.get(kind) for kind in self.fields}
