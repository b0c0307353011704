"""The system för internkontroll page of a board and year: the latest version's four sections
(organisation, roller och ansvar, rutiner, system), editing a draft, approving it, a new
version from an approved one, and every version of the year with who approved it when.

URLs ``/internkontroll/<unit id>/<år>/system/`` (page), ``…/system/ny-version/`` (POST,
``create_control_system``), ``…/system/<id>/andra/`` (edit a draft, ``update_control_system``)
and ``…/system/<id>/godkann/`` (POST, ``approve_control_system``). An approved version is
read-only: editing it answers 409 with "Systemet för internkontroll är godkänt …". Status codes:
see ``verksam.control.views_access``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.control import actions
from verksam.control.actions_system import SECTION_LABELS, SECTIONS
from verksam.control.forms_system import ControlSystemForm
from verksam.control.models import ControlSystem, ControlSystemLockedError
from verksam.control.views_access import add_domain_error, board_flags, domain_refusals, load_board
from verksam.control.views_board import operational_plan
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError


def system_url(unit_id: int, year: int) -> str:
    """The system för internkontroll page of the board for ``year``."""
    return reverse("control_risks:system", args=[unit_id, year])


@login_required
@domain_refusals
def system(request, unit_id: int, year: int):
    """Show the latest version of the year (``?version=<n>`` for an earlier one) and the list
    of versions; buttons for what the user may do with it."""
    unit = load_board(request, unit_id, year)
    flags = board_flags(request.user, unit)
    versions = list(ControlSystem.objects.filter(unit=unit, year=year).select_related("approved_by")
                    .order_by("-version"))
    shown = versions[0] if versions else None
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        shown = next((v for v in versions if v.version == int(wanted)), shown)
    latest = versions[0] if versions else None
    current_draft = shown is not None and not shown.is_approved and shown.pk == latest.pk
    return render(request, "control/system/system.html", {
        "unit": unit, "year": year, "system": shown, "versions": versions, "latest": latest,
        "sections": [(name, SECTION_LABELS[name], getattr(shown, name)) for name in SECTIONS] if shown else [],
        "may_create": flags["can_edit"] and (latest is None or latest.is_approved),
        "offer_edit": current_draft and flags["can_edit"], "offer_approve": current_draft and flags["can_approve"],
        **flags,
    })


@login_required
@require_POST
@domain_refusals
def system_create(request, unit_id: int, year: int):
    """Start a new version (the first of the year, or a draft from the approved latest one)."""
    unit = load_board(request, unit_id, year, perm=perms.EDIT_PLAN)
    try:
        created = actions.create_control_system(unit, year, acting_user=request.user,
                                                plan=operational_plan(unit, year))
    except NotAllowedError:
        raise
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Version %(n)s av systemet för internkontroll har skapats som utkast.")
                         % {"n": created.version})
    return redirect(system_url(unit.pk, year))


def _load_system(request, unit_id: int, year: int, pk: int, perm: str):
    unit = load_board(request, unit_id, year, perm=perm)
    return unit, get_object_or_404(ControlSystem, pk=pk, unit=unit, year=year)


@login_required
@domain_refusals
def system_edit(request, unit_id: int, year: int, pk: int):
    """Edit the sections of a draft (``update_control_system`` with ``lock_version``); an
    approved version answers 409."""
    unit, item = _load_system(request, unit_id, year, pk, perms.EDIT_PLAN)
    if item.is_approved:
        raise ControlSystemLockedError()
    form = ControlSystemForm(request.POST or None, system=item)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_control_system(item, acting_user=request.user,
                                                    expected_version=form.expected_version, **form.values())
        except (NotAllowedError, ControlSystemLockedError):
            raise
        except DomainError as err:
            status = add_domain_error(form, err)
        else:
            messages.success(request, _("Systemet för internkontroll har sparats.") if changed
                             else _("Inget ändrades, så inget sparades."))
            return redirect(system_url(unit.pk, year))
    return render(request, "control/system/system_form.html", {
        "unit": unit, "year": year, "system": item, "form": form, "cancel_url": system_url(unit.pk, year),
    }, status=status)


@login_required
@require_POST
@domain_refusals
def system_approve(request, unit_id: int, year: int, pk: int):
    """Approve a draft (``approve_control_system``: ``approve_followup`` on the board, every
    section written); an empty section is named in the message and nothing is saved."""
    unit, item = _load_system(request, unit_id, year, pk, perms.VIEW_DRAFTS)
    try:
        actions.approve_control_system(item, acting_user=request.user)
    except (NotAllowedError, ControlSystemLockedError):
        raise
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Version %(n)s av systemet för internkontroll är godkänd.") % {"n": item.version})
    return redirect(system_url(unit.pk, year))
