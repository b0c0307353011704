"""Helpers of the internal-control page tests: URLs, a valid risk POST and small HTML readers
(the project has no HTML parser dependency; the pages mark what tests read with ids)."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from verksam.control.models import ControlPlan, ControlSystem, Deviation, Risk, RiskAnalysis


def url(name: str, unit, year: int = 2024, *extra) -> str:
    """``control_risks:<name>`` for the board ``unit`` and ``year`` (plus extra args)."""
    return reverse(f"control_risks:{name}", args=[unit.pk, year, *extra])


def risk_post(**overrides) -> dict:
    """A valid POST of the risk form: an IT risk scored 2 × 3, treatment undecided."""
    data = {"title": "Driftstopp i ekonomisystemet", "description": "", "category": "it", "owner": "IT-chefen",
            "goal": "", "process": "Ekonomiadministration", "activity": "", "inherent_likelihood": "2",
            "inherent_consequence": "3", "residual_likelihood": "", "residual_consequence": "", "treatment": "",
            "treatment_motivation": "", "action_activity": ""}
    data.update(overrides)
    return data


def text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    collapsed = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()
    return re.sub(r" ([.,;:)])", r"\1", collapsed)


def element(page: str, element_id: str, tag: str = r"\w+") -> str:
    """The inner HTML of the (non-nested) element with ``id`` (raises when missing)."""
    match = re.search(rf'<({tag})\b[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"#{element_id} not on the page"
    return match.group(2)


def field_error(page: str, name: str) -> str:
    """The error text shown at form field ``name`` ("" when none)."""
    match = re.search(rf'id="id_{name}_error"[^>]*>(.*?)</small>', page, re.S)
    return text(match.group(1)) if match else ""


def cell_markers(page: str, version_pk: int, likelihood: int, consequence: int) -> list[str]:
    """The risk numbers shown in a heat-map cell."""
    inner = element(page, f"cell-{version_pk}-{likelihood}-{consequence}", "td")
    return re.findall(r'class="risk-marker"[^>]*><span class="vh">[^<]*</span>(\d+)<', inner)


def heatmap_rows(page: str, version_pk: int) -> list[str]:
    """The row headers of a heat map, top to bottom."""
    table = element(page, f"heatmap-{version_pk}", "table")
    return [text(h) for h in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)]


def state() -> tuple:
    """A fingerprint of everything the pages may change (counts and lock versions)."""
    return (
        tuple(RiskAnalysis.objects.order_by("pk").values_list("pk", "lock_version")),
        tuple(Risk.objects.order_by("pk").values_list("pk", "lock_version")),
        tuple(ControlPlan.objects.order_by("pk").values_list("pk", "lock_version")),
        tuple(ControlSystem.objects.order_by("pk").values_list("pk", "lock_version", "status")),
        Deviation.objects.count(),
    )
