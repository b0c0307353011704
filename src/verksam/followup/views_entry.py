"""The entry page (registrera utfall) of one unit in one period: one form for all its indicators.

URL ``/uppfoljning/<år>/<t1|t2|vb>/enhet/<unit id>/``. GET shows each indicator with the
previous value, the årsmål, the trend and the verdict proposal beside the inputs (read-only for
users who may not enter). POST sends the changed rows to ``verksam.followup.actions.enter_outcomes``
in one call: all or nothing.

Status codes (the permission matrix test asserts them):

* 302 to the login page — anonymous visitor;
* 404 — no such unit or period;
* 403 — the user may not enter outcomes for the unit (``NotAllowedError``), or may enter but not
  correct a closed or locked period and gave a reason;
* 409 — the period is closed or locked and the user may not correct it (``PeriodLockedError``),
  or a row was changed by someone else since the page was loaded (``ConcurrentEditError``: the
  form keeps the input and says which row);
* 200 — the form again with Swedish errors at the row and field; nothing saved;
* 302 back to the page after saving, with "Utfallen har sparats: …".

The view only decides what to offer; the action checks permissions, period status, dates and
the by-sex rule again and is the authority.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from verksam.core import permissions as perms
from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError
from verksam.followup import actions
from verksam.followup.forms import CorrectionForm, OutcomeRowForm
from verksam.followup.models import Period, PeriodKind
from verksam.followup.queries_entry import entry_page, propose_verdict, unit_indicators
from verksam.organisation.models import Unit
from verksam.planning.models import Target


def refused(request, err: DomainError, *, status: int, back_url: str | None = None):
    """The refusal page with the error's Swedish message."""
    return render(request, "followup/refused.html", {"message": err.message, "back_url": back_url}, status=status)


def domain_refusals(view):
    """Turn ``NotAllowedError`` into a 403 and ``PeriodLockedError`` into a 409 refusal page;
    other domain errors are the view's to show at the fields."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as err:
            return refused(request, err, status=403)
        except actions.PeriodLockedError as err:
            return refused(request, err, status=409, back_url=request.path)

    return wrapper


def entry_url(period: Period, unit_id: int) -> str:
    """The entry page of ``unit_id`` in ``period``."""
    return reverse("followup:entry", args=[period.year, period.kind.lower(), unit_id])


def load_period_and_unit(year: int, kind: str, unit_id: int) -> tuple[Period, Unit]:
    """The unit and its municipality's period ``kind`` ("t1", "t2", "vb") of ``year``, or 404."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=unit_id)
    if kind.upper() not in PeriodKind.values:
        raise Http404(_("Okänd period."))
    period = get_object_or_404(Period, municipality_id=unit.municipality_id, year=year, kind=kind.upper())
    return period, unit


def _row_forms(page, data) -> list[OutcomeRowForm]:
    return [OutcomeRowForm(data, prefix=f"i{row.indicator.pk}", indicator=row.indicator, period=page.period,
                           outcome=row.outcome) for row in page.rows]


def _saved_message(result: actions.BulkResult) -> str:
    if not result.created and not result.changed:
        return _("Inget ändrades, så inget sparades.")
    parts = []
    if result.created:
        parts.append(ngettext("%(n)s nytt", "%(n)s nya", result.created) % {"n": result.created})
    if result.changed:
        parts.append(ngettext("%(n)s ändrat", "%(n)s ändrade", result.changed) % {"n": result.changed})
    return _("Utfallen har sparats: %(parts)s.") % {"parts": " och ".join(parts)}


def _save(request, page, forms: list[OutcomeRowForm], correction: CorrectionForm | None):
    """Send the changed rows to ``enter_outcomes``. Returns (response, status): a redirect after
    saving, or None and the status to render the form with (errors put on the forms)."""
    changed = [f for f in forms if f.has_changed()]
    if not changed:
        messages.info(request, _("Inget ändrades, så inget sparades."))
        return redirect(request.path), 302
    reason = correction.cleaned_data.get("correction_reason", "") if correction is not None else ""
    entries = [actions.OutcomeInput(f.indicator, page.unit, page.period, f.values(), correction_reason=reason,
                                    expected_version=f.expected_version) for f in changed]
    try:
        result = actions.enter_outcomes(entries, acting_user=request.user)
    except actions.PeriodLockedError as err:
        if correction is None or not page.can_correct:
            raise
        correction.add_error("correction_reason", str(err.message))
        return None, 200
    except NotAllowedError:
        raise
    except DomainError as err:
        index = getattr(err, "index", None)
        form = changed[index] if index is not None and index < len(changed) else None
        if form is None:
            raise
        form.add_error(err.field if err.field in form.fields else None, str(err.message))
        return None, 409 if isinstance(err, ConcurrentEditError) else 200
    messages.success(request, _saved_message(result))
    return redirect(request.path), 302


@login_required
@domain_refusals
def entry(request, year: int, kind: str, unit_id: int):
    """Show (GET) or save (POST) the outcomes of the unit ``unit_id`` in the period ``kind`` of
    ``year``. POST needs ``enter_outcomes`` on the unit (else 403 before anything is read)."""
    period, unit = load_period_and_unit(year, kind, unit_id)
    if request.method == "POST":
        perms.require(request.user, perms.ENTER_OUTCOMES, unit)
    page = entry_page(request.user, period, unit)
    data = request.POST if request.method == "POST" else None
    forms = _row_forms(page, data)
    correction = CorrectionForm(data) if not page.is_open else None
    status = 200
    if data is not None:
        valid = all([f.is_valid() for f in forms]) and (correction is None or correction.is_valid())
        if valid:
            response, status = _save(request, page, forms, correction)
            if response is not None:
                return response
    form_of = {row.indicator.pk: form for row, form in zip(page.rows, forms)}
    error_rows = [row for row in page.rows if form_of[row.indicator.pk].errors]
    groups = [(group, [(row, form_of[row.indicator.pk]) for row in group.rows]) for group in page.groups]
    return render(request, "followup/entry.html", {
        "page": page, "period": period, "unit": unit, "groups": groups, "error_rows": error_rows,
        "correction": correction, "has_errors": bool(error_rows) or bool(correction and correction.errors),
        "entry_url": request.path,
    }, status=status)


@login_required
def entry_proposal(request, year: int, kind: str, unit_id: int, indicator_id: int):
    """The verdict proposal for the values typed in one row, before saving (htmx fragment).

    GET with the row's fields (``i<id>-value``, ``i<id>-forecast``, …); answers the proposal of
    ``propose_verdict`` for them — the same as the page shows after saving. Unreadable numbers
    give the proposal for no value (the field error comes when saving). Read access as the page.
    """
    period, unit = load_period_and_unit(year, kind, unit_id)
    may_enter = perms.has_perm(request.user, perms.ENTER_OUTCOMES, unit)
    indicator = get_object_or_404(unit_indicators(request.user, period, unit, include_drafts=may_enter),
                                  pk=indicator_id)
    form = OutcomeRowForm(request.GET, prefix=f"i{indicator.pk}", indicator=indicator, period=period)
    values = form.cleaned_data if form.is_valid() else {}
    target = Target.objects.filter(indicator=indicator, unit=unit, year=period.year).first()
    verdict, on_forecast = propose_verdict(indicator, target, period, values.get("value"), values.get("forecast"))
    return render(request, "followup/_proposal.html", {"verdict": verdict, "on_forecast": on_forecast})


def entry_by_period(request, period_id: int, unit_id: int):
    """Redirect ``/uppfoljning/perioder/<period id>/enhet/<unit id>/`` to the entry page."""
    period = get_object_or_404(Period, pk=period_id)
    return redirect(entry_url(period, unit_id))
