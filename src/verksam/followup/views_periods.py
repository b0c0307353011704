"""The periods page (uppföljningsperioder) of a year and what administrators do on it.

``/uppfoljning/<år>/`` lists T1, T2 and VB with the date each is reported per, its status and
the due dates per organisation level (lowest level first), and links to the entry pages of the
units whose outcomes the user may enter. Holders of ``manage_periods`` (administrators on the
top unit) also get: create the year's periods, open / close / lock a period
(``verksam.followup.actions.set_period_status``) and set the due dates
(``verksam.followup.actions_periods.set_deadlines``).

Status codes of the POST endpoints: 302 to the login page for anonymous visitors; 403 without
``manage_periods`` (``NotAllowedError``); 404 for an unknown period; 200 with the periods page
and the Swedish error at the field when the input is refused (nothing saved); 302 back to the
periods page after a change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup import actions
from verksam.followup.actions_periods import create_periods, set_deadlines
from verksam.followup.forms import DeadlinesForm, PeriodStatusForm
from verksam.followup.models import Period, PeriodStatus
from verksam.followup.queries_periods import period_owner_unit, periods_page, unit_kinds_lowest_first
from verksam.followup.views_entry import domain_refusals
from verksam.organisation import queries as org_queries


def periods_url(year: int) -> str:
    """The periods page of ``year``."""
    return reverse("followup:periods", args=[year])


def _render(request, year: int, *, bound: dict | None = None, errors: list[str] | None = None, status: int = 200):
    """Render the periods page of ``year``; ``bound`` maps a period id to a bound deadlines form
    to show instead of a fresh one (with its errors)."""
    page = periods_page(request.user, year)
    deadline_forms = {}
    if page.can_manage:
        for row in page.periods:
            form = (bound or {}).get(row.period.pk)
            if form is None:
                form = DeadlinesForm(prefix=f"p{row.period.pk}", unit_kinds=[d.unit_kind for d in row.deadlines],
                                     initial={d.unit_kind: d.due for d in row.deadlines}, period=row.period)
            deadline_forms[row.period.pk] = form
    rows = [(row, deadline_forms.get(row.period.pk)) for row in page.periods]
    return render(request, "followup/periods.html", {
        "page": page, "rows": rows, "errors": errors or [], "statuses": PeriodStatus.choices,
    }, status=status)


def period_index(request):
    """``/uppfoljning/``: the periods page of the latest year with periods up to this year, or of
    this year when there are none (one query)."""
    this_year = timezone.localdate().year
    latest = (Period.objects.filter(year__lte=this_year).order_by("-year")
              .values_list("year", flat=True).first())
    return redirect(periods_url(latest or this_year))


def period_list(request, year: int):
    """The periods page of ``year`` (readable by everyone; controls only for ``manage_periods``)."""
    if not 2000 <= year <= 2100:
        raise Http404(_("Okänt år."))
    return _render(request, year)


def _owner(period_or_municipality):
    municipality = getattr(period_or_municipality, "municipality", period_or_municipality)
    return period_owner_unit(municipality)


@login_required
@require_POST
@domain_refusals
def period_create(request, year: int):
    """Create T1, T2 and VB of ``year`` (``manage_periods``)."""
    municipality = org_queries.municipality()
    if municipality is None:
        raise Http404(_("Ingen kommun är upplagd."))
    try:
        create_periods(municipality, year, unit=_owner(municipality), acting_user=request.user)
    except NotAllowedError:
        raise
    except DomainError as err:
        return _render(request, year, errors=[str(err.message)])
    messages.success(request, _("Perioderna för %(year)s är upprättade.") % {"year": year})
    return redirect(periods_url(year))


@login_required
@require_POST
@domain_refusals
def period_status(request, pk: int):
    """Open, close or lock the period ``pk`` (``set_period_status``, ``manage_periods``)."""
    period = get_object_or_404(Period.objects.select_related("municipality"), pk=pk)
    perms.require(request.user, perms.MANAGE_PERIODS, _owner(period))  # refuse early, before reading the form
    form = PeriodStatusForm(request.POST)
    if not form.is_valid():
        return _render(request, period.year, errors=[
            _("%(period)s: %(error)s") % {"period": period, "error": " ".join(form.errors.get("status", []))}])
    try:
        actions.set_period_status(period, form.cleaned_data["status"], unit=_owner(period),
                                  acting_user=request.user)
    except NotAllowedError:
        raise
    except DomainError as err:
        return _render(request, period.year, errors=[f"{period}: {err.message}"])
    messages.success(request, _("%(period)s är nu %(status)s.")
                     % {"period": period, "status": str(period.get_status_display()).lower()})
    return redirect(periods_url(period.year))


@login_required
@require_POST
@domain_refusals
def period_deadlines(request, pk: int):
    """Set the due dates per kind of unit of the period ``pk`` (``set_deadlines``, ``manage_periods``)."""
    period = get_object_or_404(Period.objects.select_related("municipality"), pk=pk)
    owner = _owner(period)
    perms.require(request.user, perms.MANAGE_PERIODS, owner)  # refuse early, before reading the form
    kinds = unit_kinds_lowest_first(period.municipality)
    kinds += sorted(set(period.deadlines.values_list("unit_kind", flat=True)) - set(kinds))
    form = DeadlinesForm(request.POST, prefix=f"p{period.pk}", unit_kinds=kinds, period=period)
    if form.is_valid():
        try:
            set_deadlines(period, form.deadlines(), unit=owner, acting_user=request.user)
        except NotAllowedError:
            raise
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, str(err.message))
        else:
            messages.success(request, _("Sista dagarna för %(period)s har sparats.") % {"period": period})
            return redirect(periods_url(period.year) + f"#period-{period.pk}")
    return _render(request, period.year, bound={period.pk: form})
