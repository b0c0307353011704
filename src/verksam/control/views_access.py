"""Shared plumbing of the board's internal-control pages (landing page, risk analysis, system
för internkontroll): loading the board, the read gate and domain errors → responses.

Status codes of every page and endpoint (``tests/control/test_pages_permission_matrix.py``
asserts them):

* 302 to the login page — anonymous visitor (anonymous users see nothing of internal control);
* 404 — no such unit, a unit that keeps no internal control of its own (not a kommunstyrelse,
  nämnd or bolagsstyrelse), a year outside 2000–2100, or an object of another board or year;
* 403 — the user may not read the board (``view_drafts``, KS oversight included), or may read
  but not make the change (``NotAllowedError``) — the same refusal page as follow-up's;
* 409 — the system för internkontroll is approved (``ControlSystemLockedError``), or the object
  was changed by someone else since the form was loaded (``ConcurrentEditError``, the form keeps
  the input), or the risk has controls and cannot be deleted;
* 200 — the page, or the form again with Swedish errors at the fields; nothing saved;
* 302 back to the page after a saved change, with a message.

The views only decide what to offer; the actions (``verksam.control.actions``) check the
permission again and are the authority.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from verksam.control.models import ControlSystemLockedError
from verksam.control.queries import can_read
from verksam.control.queries_overview import BOARD_KINDS
from verksam.core import permissions as perms
from verksam.core.errors import ConcurrentEditError, DomainError, NotAllowedError
from verksam.organisation.models import Unit


def refused(request, err: DomainError, *, status: int, back_url: str | None = None):
    """The refusal page with the error's Swedish message."""
    return render(request, "control/risks/refused.html", {"message": err.message, "back_url": back_url},
                  status=status)


def domain_refusals(view):
    """Turn ``NotAllowedError`` into a 403 and ``ControlSystemLockedError`` into a 409 refusal
    page; other domain errors are the view's to show at the fields."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowedError as err:
            return refused(request, err, status=403)
        except ControlSystemLockedError as err:
            return refused(request, err, status=409, back_url=request.path)

    return wrapper


def load_board(request, unit_id: int, year: int, *, perm: str | None = None) -> Unit:
    """The board ``unit_id`` (municipality loaded) when ``request.user`` may read its internal
    control; 404 for a missing unit, a unit that is not a board or a year outside 2000–2100;
    ``NotAllowedError`` (→ 403) when the user may not read it, or lacks ``perm`` when given."""
    if not 2000 <= year <= 2100:
        raise Http404
    unit = get_object_or_404(Unit.objects.select_related("municipality"), pk=unit_id, kind__in=BOARD_KINDS)
    if not can_read(request.user, unit):
        raise NotAllowedError(_("Du har inte behörighet att läsa den interna kontrollen för %(unit)s.")
                              % {"unit": unit.name})
    if perm is not None:
        perms.require(request.user, perm, unit)
    return unit


def board_flags(user, unit: Unit) -> dict:
    """What ``user`` is offered on the board's pages: ``can_edit`` (risk analysis, risks, control
    plan, drafts of the system — ``edit_plan``) and ``can_approve`` (approve the system —
    ``approve_followup``). Uses the user's cached role assignments."""
    return {
        "can_edit": perms.has_perm(user, perms.EDIT_PLAN, unit),
        "can_approve": perms.has_perm(user, perms.APPROVE_FOLLOWUP, unit),
    }


def add_domain_error(form, err: DomainError) -> int:
    """Put ``err.message`` at ``err.field`` (or at the top of the form) and return the status to
    answer with: 409 for a concurrent edit, else 200."""
    field = err.field if err.field in form.fields else None
    form.add_error(field, str(err.message))
    return 409 if isinstance(err, ConcurrentEditError) else 200
