"""Forms of the risk analysis pages (väsentlighets- och riskanalys): a risk, deleting a risk and
creating the analysis with its risk matrix.

The forms only read input; every change goes through ``verksam.control.actions``, which is the
authority on every rule (scores within the matrix, a motivated acceptance, goals and activities
of the board's year). So the goal and activity pickers offer the board's own choices but accept
any goal or activity: one of another plan reaches the action and its Swedish error ("Målet hör
inte till …") is shown at the field. Scores are plain whole numbers for the same reason
("Sannolikheten 5 ligger utanför matrisen (1–4).").

Edit forms carry ``lock_version`` (optimistic lock → ``ConcurrentEditError``) and a ``reason``
that lands in the history row.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verksam.control.models import Risk, RiskMatrix, Treatment
from verksam.planning.forms import VersionedForm
from verksam.planning.models import Activity, Goal, PlanKind

SCORE_FIELDS = ("inherent_likelihood", "inherent_consequence", "residual_likelihood", "residual_consequence")


def _model_field(name: str, **overrides) -> forms.Field:
    return Risk._meta.get_field(name).formfield(**overrides)


def usable_matrices(unit):
    """Risk matrices ``unit`` may score in: those managed on the unit or one of its ancestors,
    the one highest up (usually KF's, the default) first."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    return RiskMatrix.objects.filter(unit_id__in=ids).select_related("unit").order_by("unit__path", "name")


def goal_choices(unit, year: int) -> list[Goal]:
    """The goals a risk of ``unit``'s analysis for ``year`` may be tied to: the KF-mål of the
    municipality's KF budget and the goals of the board's own plans (and its förvaltningar's),
    KF goals first, each in code order."""
    goals = (Goal.objects.filter(plan__year=year)
             .filter(Q(plan__kind=PlanKind.COUNCIL_BUDGET, plan__unit__municipality_id=unit.municipality_id)
                     | Q(plan__unit__path__startswith=unit.path))
             .select_related("plan"))
    return sorted(goals, key=lambda g: (g.plan.kind != PlanKind.COUNCIL_BUDGET, _code_key(g.code), g.pk))


def _code_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in (code or "").split("."))


def activity_choices(unit, year: int) -> list[Activity]:
    """Activities of the board's (and its förvaltningar's) plans for ``year``, by title."""
    return list(Activity.objects.filter(plan__year=year, plan__unit__path__startswith=unit.path)
                .select_related("plan").order_by("title", "pk"))


def _goal_label(goal: Goal) -> str:
    return f"{goal} (KF)" if goal.plan.kind == PlanKind.COUNCIL_BUDGET else str(goal)


def _scale_help(scale: list[dict]) -> str:
    return ", ".join(f"{n} = {level['label']}" for n, level in enumerate(scale, start=1))


class RiskForm(VersionedForm):
    """Create or edit a risk: title, description, category, owner, goal, process, activity, the
    inherent (and optional residual) likelihood × consequence in the matrix ``version``, the
    treatment with its motivation or activity, and on edit the reason for the change.

    ``values()`` gives the keyword arguments of ``create_risk``/``update_risk``; ``reason`` is
    read separately.
    """

    value_fields = (
        "title", "description", "category", "owner", "goal", "process", "activity", *SCORE_FIELDS,
        "treatment", "treatment_motivation", "action_activity",
    )

    title = _model_field("title", widget=forms.TextInput)
    description = _model_field("description", widget=forms.Textarea(attrs={"rows": 3}))
    category = _model_field("category")
    owner = _model_field("owner")
    goal = forms.ModelChoiceField(queryset=Goal.objects.select_related("plan"), required=False, label=_("Mål"))
    process = _model_field("process")
    activity = forms.ModelChoiceField(queryset=Activity.objects.all(), required=False, label=_("Aktivitet"))
    inherent_likelihood = forms.IntegerField(required=False, label=_("Sannolikhet"))
    inherent_consequence = forms.IntegerField(required=False, label=_("Konsekvens"))
    residual_likelihood = forms.IntegerField(required=False, label=_("Sannolikhet efter kontroll"))
    residual_consequence = forms.IntegerField(required=False, label=_("Konsekvens efter kontroll"))
    treatment = forms.ChoiceField(required=False, label=_("Hantering"),
                                  choices=[("", _("Inte beslutad"))] + list(Treatment.choices))
    treatment_motivation = _model_field("treatment_motivation", widget=forms.Textarea(attrs={"rows": 2}),
                                        label=_("Motivering (krävs när risken accepteras)"))
    action_activity = forms.ModelChoiceField(queryset=Activity.objects.all(), required=False,
                                             label=_("Åtgärd (aktivitet i verksamhetsplanen)"))
    reason = forms.CharField(required=False, max_length=300, label=_("Skäl till ändringen"),
                             help_text=_("Sparas i historiken."))

    def __init__(self, *args, analysis, version, risk: Risk | None = None, **kwargs):
        if risk is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(risk, f"{name}_id" if name in ("goal", "activity", "action_activity")
                                               else name) for name in self.value_fields}
            kwargs["initial"]["lock_version"] = risk.lock_version
        super().__init__(*args, editing=risk is not None, **kwargs)
        if risk is None:
            del self.fields["reason"]
        unit, year = analysis.unit, analysis.year
        empty = [("", "---------")]
        self.fields["goal"].widget.choices = empty + [(g.pk, _goal_label(g)) for g in goal_choices(unit, year)]
        activities = activity_choices(unit, year)
        self.fields["activity"].widget.choices = empty + [(a.pk, a.title) for a in activities]
        own = [a for a in activities if a.plan.unit_id == unit.pk and a.plan.kind == PlanKind.OPERATIONAL_PLAN]
        self.fields["action_activity"].widget.choices = empty + [(a.pk, a.title) for a in own]
        for axis, scale in (("likelihood", version.likelihood_scale), ("consequence", version.consequence_scale)):
            for prefix in ("inherent", "residual"):
                field = self.fields[f"{prefix}_{axis}"]
                field.widget.attrs.update({"min": 1, "max": len(scale), "inputmode": "numeric"})
                field.help_text = _scale_help(scale)

    @property
    def change_reason(self) -> str:
        """The reason for the change (edit forms), "" otherwise."""
        return self.cleaned_data.get("reason", "") if "reason" in self.fields else ""


class RiskDeleteForm(forms.Form):
    """Confirm deleting a risk, with the reason saved in the history."""

    reason = forms.CharField(required=False, max_length=300, label=_("Skäl till borttagningen"))


class AnalysisCreateForm(forms.Form):
    """Start the board's risk analysis for a year in one of the matrices it may use (default the
    one highest up, usually KF's)."""

    matrix = forms.ModelChoiceField(queryset=RiskMatrix.objects.none(), label=_("Riskmatris"), empty_label=None)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        matrices = usable_matrices(unit)
        self.fields["matrix"].queryset = matrices
        default = matrices.first()
        if default is not None:
            self.fields["matrix"].initial = default.pk
