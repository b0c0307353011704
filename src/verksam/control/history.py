"""History kinds of internal-control objects for the generic history page
(``/historik/<key>/<pk>/``, ``verksam.core.history``).

Read access follows the board the object belongs to (``verksam.control.queries.can_read``: the
board's own readers, and KS controllers for every board); risk-matrix versions are readable by
every signed-in user (they are configuration, not a board's data). Each check runs at most three
queries, found from the newest historical record, so deleted objects keep their history.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from verksam.control.models import (
    Control, ControlOccasion, ControlPlan, ControlResult, ControlSystem, Deviation, Risk, RiskAnalysis,
    RiskMatrix, RiskMatrixVersion,
)
from verksam.control.queries import can_read
from verksam.core.history import HistoryKind, register
from verksam.organisation.models import Unit


def _can_read_unit(user, unit_id) -> bool:
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        return bool(user is not None and user.is_authenticated and user.is_superuser)
    return can_read(user, unit)


def _unit_via(model, pk, path: str):
    return model.objects.filter(pk=pk).values_list(path, flat=True).first() if pk else None


def _matrix_reader(user, record) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


register(HistoryKind(
    key="internkontrollsystem", model=ControlSystem,
    can_view=lambda user, record: _can_read_unit(user, record.unit_id),
))
register(HistoryKind(
    key="riskanalys", model=RiskAnalysis,
    can_view=lambda user, record: _can_read_unit(user, record.unit_id),
))
register(HistoryKind(
    key="risk", model=Risk, hidden_fields=frozenset({"analysis", "copied_from"}),
    can_view=lambda user, record: _can_read_unit(user, _unit_via(RiskAnalysis, record.analysis_id, "unit_id")),
))
register(HistoryKind(
    key="internkontrollplan", model=ControlPlan,
    can_view=lambda user, record: _can_read_unit(user, record.unit_id),
))
register(HistoryKind(
    key="kontrollmoment", model=Control, hidden_fields=frozenset({"control_plan", "copied_from"}),
    can_view=lambda user, record: _can_read_unit(user, _unit_via(ControlPlan, record.control_plan_id, "unit_id")),
))
register(HistoryKind(
    key="kontrollresultat", model=ControlResult,
    field_labels={"occasion": gettext_lazy("kontrolltillfälle")},
    can_view=lambda user, record: _can_read_unit(
        user, _unit_via(ControlOccasion, record.occasion_id, "control__control_plan__unit_id")),
))
register(HistoryKind(
    key="avvikelse", model=Deviation, hidden_fields=frozenset({"result"}),
    can_view=lambda user, record: _can_read_unit(
        user, _unit_via(ControlResult, record.result_id, "occasion__control__control_plan__unit_id")),
))
register(HistoryKind(key="riskmatris", model=RiskMatrix, can_view=_matrix_reader))
register(HistoryKind(key="riskmatrisversion", model=RiskMatrixVersion, can_view=_matrix_reader))
