"""API schemas of the organisation (organisation): units (enheter) of the municipality's tree."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from verksam.organisation.models import Unit


class UnitRefOut(Schema):
    """A short reference to a unit (enhet), used wherever another object names one."""

    id: int
    name: str = Field(description="Enhetens namn, t.ex. ”Kommunstyrelsen”.")
    short_name: str = Field(description="Förkortning, t.ex. ”KS”; tom sträng om ingen finns.")

    @staticmethod
    def of(unit: Unit | None) -> "UnitRefOut | None":
        """The reference of ``unit``, or None for no unit."""
        if unit is None:
            return None
        return UnitRefOut(id=unit.pk, name=unit.name, short_name=unit.short_name)


class UnitOut(Schema):
    """A unit in the organisation tree (kommunfullmäktige, kommunstyrelse, nämnd, förvaltning …)."""

    id: int
    name: str = Field(description="Enhetens namn.")
    short_name: str = Field(description="Förkortning, t.ex. ”KS”; tom sträng om ingen finns.")
    kind: str = Field(description="Typ som kod: council, executive_board, board, company_board, company, "
                                  "preparatory_body, administration, department, section.")
    kind_label: str = Field(description="Typ på svenska, t.ex. ”Kommunstyrelse”.")
    parent: int | None = Field(description="Överordnad enhets id; null för en rot (kommunfullmäktige).")
    depth: int = Field(description="Djup i trädet: 0 för en rot, 1 för dess barn och så vidare.")
    municipality_code: str = Field(description="Kommunkod (SCB/Kolada), t.ex. ”0180” för Stockholm.")
    is_example: bool = Field(description="Sant när uppgiften är exempeldata och inte hämtad ur en verklig källa.")

    @staticmethod
    def of(unit: Unit, municipality_code: str) -> "UnitOut":
        """The API form of ``unit``; ``municipality_code`` is passed in so no query is made."""
        return UnitOut(
            id=unit.pk, name=unit.name, short_name=unit.short_name, kind=unit.kind,
            kind_label=str(unit.get_kind_display()), parent=unit.parent_id, depth=unit.depth,
            municipality_code=municipality_code, is_example=unit.is_example,
        )
