"""KS oversight page (tillsyn över nämndernas interna kontroll): ``/internkontroll/``.

Query parameters: ``year`` (2000–2100, default the latest year up to this year with internal
control, else this year), ``goal`` (a KF-mål id), ``process``,
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


def _year(value: str | None, data_years: list[int]) -> int:
    """The year asked for in ``?year=``; without one, the latest year up to this year that has
    internal control in ``data_years`` (else this year). 404 for a malformed year."""
    if not value:
        this_year = timezone.localdate().year
        past = [y for y in data_years if y <= this_year]
        return max(past) if past else this_year
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


def _data_years(municipality) -> list[int]:
    """Years with a risk analysis or control plan in the municipality (two queries)."""
    years = set(RiskAnalysis.objects.filter(unit__municipality=municipality).values_list("year", flat=True))
    years |= set(ControlPlan.objects.filter(unit__municipality=municipality).values_list("year", flat=True))
    return sorted(years)


def _years(data_years: list[int], year: int) -> list[int]:
    """The year choices: every year from the first with data to the last, this year and ``year``."""
    years = {timezone.localdate().year, year, *data_years}
    return list(range(min(years), max(years) + 1))


@login_required
def index(request):
    """The oversight page of the year in ``?year=`` for the filters in the query string."""
    municipality = org_queries.municipality()
    data_years = _data_years(municipality) if municipality else []
    year = _year(request.GET.get("year"), data_years)
    filters = _filters(request.GET)
    page = oversight_page(municipality, year, user=request.user, filters=filters) if municipality else None
    return render(request, "control/oversight/index.html", {
        "page": page, "year": year, "filters": filters, "years": _years(data_years, year),
    })
