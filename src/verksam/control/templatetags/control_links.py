"""Template tags of internal control for other apps' pages (the plan page's links)."""

from __future__ import annotations

from django import template

from verksam.control.queries import can_read
from verksam.control.queries_overview import BOARD_KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def control_links_for(context, plan) -> bool:
    """True when the plan's unit keeps internal control (a board) and the request's user may read
    it — the plan page then links to the board's internal control for the plan year. No query
    beyond the user's role assignments, which the plan page has loaded already."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return plan.unit.kind in BOARD_KINDS and can_read(user, plan.unit)
