"""KS oversight page (tillsyn över nämndernas interna kontroll): ``/internkontroll/``.

Query parameters: ``year`` (2000–2100, default this year), ``goal`` (a KF-mål id), ``process``,
``category`` (a ``RiskCategory`` value) and ``level`` (a band label). Unknown or malformed
filter values are ignored (the form shows "Alla"); a malformed year answers 404.

Every board the user may read (KS controllers and administrators: all boards of the
municipality; a board's own users: their board) with its figures and traffic light from
``verksam.control.queries_overview.oversight_page`` — a constant number of queries — and the
matching risks below. Anonymous visitors are sent to the login page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.control.models import ControlPlan, RiskAnalysis, RiskCategory
from verksam.control.queries_overview import OversightFilter, oversight_page
from verksam.organisation import queries as org_queries


def _year(value: str | None) -> int:
    if not value:
        return timezone.localdate().year
    try:
        year = int(value)
    except ValueError:
        raise Http404(_("Okänt år.")) from None
    if not 2000 <= year <= 2100:
        raise Http404(_("Okänt år."))
    return year


def _filters(params) -> OversightFilter:
    """The filters of the query string; a goal that is not a positive integer or an unknown
    category is ignored."""
    goal = params.get("goal", "").strip()
    category = params.get("category", "").strip()
    return OversightFilter(
        goal=int(goal) if goal.isdigit() and 0 < int(goal) < 2**63 else None,
        process=params.get("process", "").strip(),
        category=category if category in RiskCategory.values else "",
        level=params.get("level", "").strip(),
    )


def _years(municipality, year: int) -> list[int]:
    """Years with a risk analysis or control plan in the municipality, this year and ``year``."""
    years = {timezone.localdate().year, year}
    years |= set(RiskAnalysis.objects.filter(unit__municipality=municipality).values_list("year", flat=True))
    years |= set(ControlPlan.objects.filter(unit__municipality=municipality).values_list("year", flat=True))
    return sorted(years)


@login_required
def index(request):
    """The oversight page of the year in ``?year=`` for the filters in the query string."""
    year = _year(request.GET.get("year"))
    municipality = org_queries.municipality()
    filters = _filters(request.GET)
    page = oversight_page(municipality, year, user=request.user, filters=filters) if municipality else None
    return render(request, "control/oversight/index.html", {
        "page": page, "year": year, "filters": filters,
        "years": _years(municipality, year) if municipality else [year],
    })
