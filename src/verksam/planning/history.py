"""History kinds of planning objects (plan, mål, aktivitet, indikator, årsmål) for the generic
history page (``verksam.core.history``). Read access follows the plan: everyone for decided
plans, drafts and submitted plans only for holders of ``view_drafts`` on the plan's unit.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from verksam.core.history import HistoryKind, register
from verksam.organisation.models import Unit
from verksam.planning.models import Activity, Goal, Indicator, Plan, Target
from verksam.planning.queries import visible_plans


def can_read_plan(user, plan_id: int) -> bool:
    """True when ``user`` may read the plan ``plan_id`` (one query)."""
    return visible_plans(user).filter(pk=plan_id).exists()


def _plan_url(plan_id: int, anchor: str = "") -> str:
    return reverse("planning:plan_detail", args=[plan_id]) + (f"#{anchor}" if anchor else "")


def _target_title(record) -> str:
    """"Sjukfrånvaro, årsmål 2024 för Kommunstyrelsen" (two queries)."""
    indicator = Indicator.objects.filter(pk=record.indicator_id).values_list("name", flat=True).first()
    unit = Unit.objects.filter(pk=record.unit_id).values_list("name", flat=True).first()
    return _("%(indicator)s, årsmål %(year)s för %(unit)s") % {
        "indicator": indicator or _("(borttagen indikator)"), "year": record.year, "unit": unit or "–",
    }


register(HistoryKind(
    key="plan", model=Plan,
    can_view=lambda user, record: can_read_plan(user, record.id),
    back_url=lambda record: _plan_url(record.id) if record.history_type != "-" else None,
))
register(HistoryKind(
    key="mal", model=Goal, hidden_fields=frozenset({"plan"}),
    can_view=lambda user, record: can_read_plan(user, record.plan_id),
    back_url=lambda record: _plan_url(record.plan_id, f"goal-{record.id}"),
))
register(HistoryKind(
    key="aktivitet", model=Activity, hidden_fields=frozenset({"plan"}),
    can_view=lambda user, record: can_read_plan(user, record.plan_id),
    back_url=lambda record: _plan_url(record.plan_id, f"activity-{record.id}"),
))
register(HistoryKind(
    key="indikator", model=Indicator, hidden_fields=frozenset({"plan"}),
    can_view=lambda user, record: can_read_plan(user, record.plan_id),
    back_url=lambda record: _plan_url(record.plan_id, f"indicator-{record.id}"),
))
register(HistoryKind(
    key="arsmal", model=Target, hidden_fields=frozenset({"plan"}),
    can_view=lambda user, record: can_read_plan(user, record.plan_id),
    title=_target_title, field_labels={"indicator": gettext_lazy("indikator")},
    back_url=lambda record: _plan_url(record.plan_id, f"indicator-{record.indicator_id}"),
))
