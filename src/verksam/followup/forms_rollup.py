"""Forms of the assessment page (bedömning): a goal's verdict, analysis and reason.

The forms only read the input; the rules (reason when the verdict differs from the proposal,
locked periods, approval) are checked by ``verksam.followup.assessments`` and its Swedish
errors are put next to the field they name.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.followup.assessments import GIVEN_GOAL_VERDICTS
from verksam.followup.rules import GoalVerdict, Verdict


class GoalAssessmentForm(forms.Form):
    """A unit's assessment of one goal; ``correction`` adds the correction reason (closed or
    locked period)."""

    verdict = forms.ChoiceField(
        label=_("Bedömning"), required=False,
        choices=[("", _("– ingen bedömning ännu –"))] + [(v.value, v.label) for v in GIVEN_GOAL_VERDICTS],
    )
    analysis = forms.CharField(label=_("Analys"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Skäl när bedömningen avviker från förslaget"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    correction_reason = forms.CharField(label=_("Skäl till rättelse"), required=False, max_length=300,
                                        help_text=_("Perioden är inte öppen: ändringen registreras som rättelse."))
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not correction:
            del self.fields["correction_reason"]


def goal_form_initial(result) -> dict:
    """Initial values from a ``proposals.GoalResult``: the stored assessment, or the proposal
    preselected when it is helt, delvis or ej."""
    stored = result.stored
    if stored is not None:
        return {"verdict": stored.verdict, "analysis": stored.analysis, "reason": stored.reason,
                "lock_version": stored.lock_version}
    proposed = result.proposal.verdict
    return {"verdict": proposed.value if proposed in (GoalVerdict.HELT, GoalVerdict.DELVIS, GoalVerdict.EJ) else ""}


INDICATOR_CHOICES = [(v.value, v.label) for v in Verdict]
"""Verdicts a unit may give an indicator."""
