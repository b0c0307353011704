"""API of the organisation (organisation): ``GET /api/units``."""

from __future__ import annotations

from ninja import Router

from verksam.organisation.models import Municipality
from verksam.organisation.queries import unit_tree_ordered
from verksam.organisation.schemas import UnitOut

router = Router(tags=["Organisation"])


@router.get("/units", response=list[UnitOut], summary="Alla enheter",
            description="Alla enheter i organisationsträdet i visningsordning (djupet först, syskon "
                        "efter ordning och namn). Två frågor mot databasen oavsett antal.")
def list_units(request):
    """All units in display order as ``UnitOut`` (two queries: units, municipality codes)."""
    codes = dict(Municipality.objects.values_list("pk", "code"))
    return [UnitOut.of(unit, codes.get(unit.municipality_id, "")) for unit in unit_tree_ordered()]
