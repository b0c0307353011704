"""Planning forms (formulär) for goals, activities, indicators, årsmål and the plan's status.

The forms only read and check input; every change goes through ``verksam.planning.actions``
(views pass ``form.values()`` as keyword arguments). Fields take their Swedish labels, lengths
and choices from the model fields. Numbers use ``SwedishDecimalField`` (decimal comma).
Edit forms carry the object's ``lock_version`` as a hidden field, passed to the action as
``expected_version`` (optimistic lock → ``ConcurrentEditError``).
"""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import SwedishDecimalField
from verksam.organisation.models import Unit
from verksam.planning import queries
from verksam.planning.models import Activity, Goal, Indicator, Plan, Target


def _model_field(model, name: str, **overrides) -> forms.Field:
    """The form field Django derives from ``model.name`` (label, max_length, choices, required)."""
    return model._meta.get_field(name).formfield(**overrides)


def _decimal(model, name: str, **kwargs) -> SwedishDecimalField:
    """A ``SwedishDecimalField`` with the label and precision of the model's DecimalField."""
    model_field = model._meta.get_field(name)
    kwargs.setdefault("required", not model_field.blank)
    kwargs.setdefault("label", capfirst(model_field.verbose_name))
    return SwedishDecimalField(
        max_digits=model_field.max_digits, decimal_places=model_field.decimal_places, **kwargs,
    )


class DateInput(forms.DateInput):
    """A browser date picker; the value is ISO "2024-03-01" both ways."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker whose labels are indented by depth in the organisation tree."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'– ' * obj.depth}{obj.name}"


class GoalChoiceField(forms.ModelChoiceField):
    """A goal picker labelled "3.5 Stockholms stad är en attraktiv arbetsgivare (KF)"."""

    def label_from_instance(self, obj: Goal) -> str:
        suffix = " (KF)" if obj.plan.kind == "council_budget" else ""
        return f"{obj}{suffix}"


class VersionedForm(forms.Form):
    """Base for forms that edit an existing object: adds the hidden ``lock_version``."""

    #: Names of the fields passed on to the action (everything except ``lock_version``).
    value_fields: tuple[str, ...] = ()

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].required = editing

    def values(self) -> dict:
        """The cleaned values for the action: field name → value (Decimal, date, model, text)."""
        return {name: self.cleaned_data[name] for name in self.value_fields if name in self.fields}

    @property
    def expected_version(self) -> int | None:
        """The ``lock_version`` the form was loaded with (None on create forms)."""
        return self.cleaned_data.get("lock_version")


class GoalForm(VersionedForm):
    """Create or edit a goal (mål): level, code ("3.5"), title, description and parent — one of
    the plan's own goals or a KF goal of the same year."""

    value_fields = ("level", "code", "title", "description", "parent")

    level = _model_field(Goal, "level")
    code = _model_field(Goal, "code")
    title = _model_field(Goal, "title", widget=forms.TextInput)
    description = _model_field(Goal, "description", widget=forms.Textarea(attrs={"rows": 4}))
    parent = GoalChoiceField(queryset=Goal.objects.none(), required=False, label=_("Överordnat mål"))

    def __init__(self, *args, plan: Plan, goal: Goal | None = None, **kwargs):
        super().__init__(*args, editing=goal is not None, **kwargs)
        parents = queries.goal_parent_choices(plan)
        if goal is not None:
            parents = parents.exclude(pk=goal.pk)
        self.fields["parent"].queryset = parents


class ActivityForm(VersionedForm):
    """Create or edit an activity (aktivitet): goal, title, description, owner unit, start and end
    (inclusive dates), status and origin (KF or own)."""

    value_fields = ("goal", "title", "description", "owner_unit", "start", "end", "status", "origin")

    goal = GoalChoiceField(queryset=Goal.objects.none(), required=False, label=_("Mål"))
    title = _model_field(Activity, "title", widget=forms.TextInput)
    description = _model_field(Activity, "description", widget=forms.Textarea(attrs={"rows": 4}))
    owner_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Ansvarig enhet"))
    start = _model_field(Activity, "start", widget=DateInput)
    end = _model_field(Activity, "end", widget=DateInput)
    status = _model_field(Activity, "status")
    origin = _model_field(Activity, "origin")

    def __init__(self, *args, plan: Plan, activity: Activity | None = None, **kwargs):
        super().__init__(*args, editing=activity is not None, **kwargs)
        self.fields["goal"].queryset = queries.plan_goal_choices(plan).select_related("plan")
        self.fields["owner_unit"].queryset = queries.municipality_units(plan)


class IndicatorForm(VersionedForm):
    """Create or edit an indicator (indikator): goal, name, unit of measure ("%", "antal"),
    direction, by sex, periodicity, source, Kolada KPI ("N00090"), responsible unit and the
    tolerance of the delvis band (kind and size, Swedish number)."""

    value_fields = ("goal", "name", "description", "unit_of_measure", "direction", "by_sex",
                    "periodicity", "source", "kolada_kpi", "responsible_unit", "tolerance_kind",
                    "tolerance")

    goal = GoalChoiceField(queryset=Goal.objects.none(), required=False, label=_("Mål"))
    name = _model_field(Indicator, "name", widget=forms.TextInput)
    description = _model_field(Indicator, "description", widget=forms.Textarea(attrs={"rows": 3}))
    unit_of_measure = _model_field(Indicator, "unit_of_measure")
    direction = _model_field(Indicator, "direction")
    by_sex = _model_field(Indicator, "by_sex")
    periodicity = _model_field(Indicator, "periodicity")
    source = _model_field(Indicator, "source")
    kolada_kpi = _model_field(Indicator, "kolada_kpi")
    responsible_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Ansvarig enhet"))
    tolerance_kind = _model_field(Indicator, "tolerance_kind")
    tolerance = _decimal(Indicator, "tolerance", required=True)

    def __init__(self, *args, plan: Plan, indicator: Indicator | None = None, **kwargs):
        super().__init__(*args, editing=indicator is not None, **kwargs)
        self.fields["goal"].queryset = queries.plan_goal_choices(plan).select_related("plan")
        self.fields["responsible_unit"].queryset = queries.municipality_units(plan)


class TargetForm(VersionedForm):
    """Set an årsmål (target): value, kvinnor, män, startvärde and the decision reference.

    On a decided plan the form is a revision (``revising=True``): the decision reference of the
    new decision is required and a reason (motivering) may be given; ``set_target`` enforces
    both the ``revise_target`` permission and the new reference. Kvinnor/män are offered only
    for indicators reported by sex (``by_sex``).
    """

    value_fields = ("value", "value_women", "value_men", "baseline", "decision_reference")

    value = _decimal(Target, "value", label=_("Årsmål"))
    value_women = _decimal(Target, "value_women", label=_("Kvinnor"))
    value_men = _decimal(Target, "value_men", label=_("Män"))
    baseline = _decimal(Target, "baseline", label=_("Startvärde"))
    decision_reference = _model_field(Target, "decision_reference", label=_("Beslut"),
                                      help_text=_("T.ex. ”KS 2023/1237, punkt 1”."))
    reason = forms.CharField(label=_("Motivering"), required=False, max_length=500,
                             widget=forms.TextInput)

    def __init__(self, *args, target: Target | None = None, revising: bool = False, by_sex: bool = True,
                 **kwargs):
        super().__init__(*args, editing=target is not None, **kwargs)
        self.revising = revising
        if not by_sex:
            del self.fields["value_women"], self.fields["value_men"]
        if not revising:
            del self.fields["reason"]
        else:
            self.fields["decision_reference"].help_text = _(
                "Planen är beslutad: ange det nya beslutet som ändrar årsmålet, t.ex. ”KS 2024/812, punkt 3”."
            )

    def values(self) -> dict:
        """The årsmål values for ``set_target`` (the reason is passed separately)."""
        values = super().values()
        values["decision_reference"] = (values["decision_reference"] or "").strip()
        return values


class ReturnToDraftForm(forms.Form):
    """Send a submitted plan back to draft, with an optional reason."""

    reason = forms.CharField(label=_("Motivering"), required=False, max_length=500)


class DecidePlanForm(forms.Form):
    """Record the decision that adopts a plan: date, deciding body, decision reference and point."""

    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DateInput)
    decided_by = UnitChoiceField(queryset=Unit.objects.none(), label=_("Beslutande organ"))
    decision_reference = forms.CharField(label=_("Beslutets diarienummer"), max_length=60,
                                         help_text=_("T.ex. ”KS 2023/1237”."))
    decision_point = forms.CharField(label=_("Beslutspunkt"), max_length=20, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = queries.municipality_units(plan)
