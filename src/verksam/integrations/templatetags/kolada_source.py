"""Template filter for the Kolada credit (källhänvisning) of a synced outcome.

``{% load kolada_source %}{{ outcome|kolada_credit }}`` → "Källa: Kolada (N00090), hämtad
2024-05-02 14:05"; empty for an outcome that did not come from Kolada. Used by the partial
``integrations/_kolada_source.html``.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from verksam.followup.models import OutcomeSource
from verksam.integrations.kolada_sync import credit_text

register = template.Library()


@register.filter
def kolada_credit(outcome) -> str:
    """The credit of ``outcome`` (an Outcome) when its source is Kolada, else "".

    The stored ``source_note`` (written by the sync with ``credit_text``) is shown as it is;
    an outcome without one gets the text built from its indicator's KPI and ``fetched_at``,
    or plain "Källa: Kolada".
    """
    if outcome is None or getattr(outcome, "source", None) != OutcomeSource.KOLADA:
        return ""
    if outcome.source_note:
        return outcome.source_note
    kpi = getattr(getattr(outcome, "indicator", None), "kolada_kpi", "")
    if kpi and outcome.fetched_at:
        return credit_text(kpi, outcome.fetched_at)
    return _("Källa: Kolada")
