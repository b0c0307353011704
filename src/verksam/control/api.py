"""API of internal control (internkontroll): ``GET /api/risks`` and ``GET /api/controls``.

Read-only, with the read scope of ``verksam.control.queries``: a board's own users read their
board, KS controllers and administrators every board of the municipality, anonymous callers
nothing. A unit that does not exist or whose internal control may not be read answers 404;
missing or bad parameters 422 — both ``{"detail": "<svenskt meddelande>"}``
(``verksam.api.errors``). A readable unit without a risk analysis or internkontrollplan for the
year answers an empty list. Each endpoint reads in a constant number of queries.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router

from verksam.api.errors import NotFoundError
from verksam.api.schemas import ERROR_RESPONSES
from verksam.control.models import Control, ControlOccasion, Deviation, Risk
from verksam.control.queries import can_read
from verksam.control.queries_overview import GOAL_ANCESTORS
from verksam.control.schemas import ControlOut, DeviationOut, OccasionOut, ResultOut, RiskOut
from verksam.organisation.models import Unit
from verksam.planning.api import MAX_ID, YEAR_MAX, YEAR_MIN

router = Router(tags=["Internkontroll"])

UNIT_PARAM = Query(..., ge=1, le=MAX_ID, description="Nämndens id.")
YEAR_PARAM = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description=f"År ({YEAR_MIN}–{YEAR_MAX}).")


def _readable_unit(request, unit_id: int) -> Unit:
    """The unit, when the caller may read its internal control; else ``NotFoundError`` (the same
    answer for a unit that does not exist, so nothing is revealed)."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not can_read(request.user, unit):
        raise NotFoundError(_("Det finns ingen enhet med id %(id)s vars internkontroll du kan läsa.") % {"id": unit_id})
    return unit


@router.get("/risks", response={200: list[RiskOut], **ERROR_RESPONSES}, summary="En nämnds risker",
            description="Riskerna i nämndens väsentlighets- och riskanalys för året: kategori, riskägare, process, "
                        "mål och KF-mål, matrisversion, bruttorisk och nettorisk (sannolikhet × konsekvens, "
                        "riskvärde och färgband), risknivå, hantering och kontrollmoment.")
def list_risks(request, unit: int = UNIT_PARAM, year: int = YEAR_PARAM):
    """``RiskOut`` rows in the analysis's order (four queries with the caller's roles: unit,
    roles, risks, control ids)."""
    found = _readable_unit(request, unit)
    risks = list(Risk.objects.filter(analysis__unit=found, analysis__year=year)
                 .select_related("matrix_version__matrix", "goal" + "__parent" * GOAL_ANCESTORS, "action_activity")
                 .order_by("sort_order", "pk"))
    controls: dict[int, list[int]] = {}
    if risks:
        for risk_id, control_id in (Control.objects.filter(risk__in=[r.pk for r in risks])
                                    .order_by("sort_order", "pk").values_list("risk_id", "pk")):
            controls.setdefault(risk_id, []).append(control_id)
    return [RiskOut.of(risk, controls.get(risk.pk, [])) for risk in risks]


@router.get("/controls", response={200: list[ControlOut], **ERROR_RESPONSES}, summary="En nämnds kontrollmoment",
            description="Kontrollmomenten i nämndens internkontrollplan för året med metod, frekvens, ansvarig och "
                        "redovisningsperiod, och varje kontrolltillfälle med resultat (null om inget registrerats) "
                        "och avvikelser med åtgärder, ansvarig, sista dag och status.")
def list_controls(request, unit: int = UNIT_PARAM, year: int = YEAR_PARAM):
    """``ControlOut`` rows in the plan's order (five queries with the caller's roles: unit,
    roles, controls, occasions with results, deviations)."""
    found = _readable_unit(request, unit)
    controls = list(Control.objects.filter(control_plan__unit=found, control_plan__year=year)
                    .order_by("sort_order", "pk"))
    if not controls:
        return []
    ids = [c.pk for c in controls]
    occasions: dict[int, list] = {}
    for occasion in (ControlOccasion.objects.filter(control_id__in=ids).select_related("result__period")
                     .order_by("due", "pk")):
        occasions.setdefault(occasion.control_id, []).append(occasion)
    deviations: dict[int, list] = {}
    for deviation in Deviation.objects.filter(result__occasion__control_id__in=ids).order_by("pk"):
        deviations.setdefault(deviation.result_id, []).append(DeviationOut.of(deviation))
    out = []
    for control in controls:
        rows = []
        for occasion in occasions.get(control.pk, []):
            result = getattr(occasion, "result", None)
            rows.append(OccasionOut(due=occasion.due, result=ResultOut.of(result) if result else None,
                                    deviations=deviations.get(result.pk, []) if result else []))
        out.append(ControlOut.of(control, rows))
    return out
