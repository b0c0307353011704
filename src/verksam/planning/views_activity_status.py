"""Reporting an activity's status (genomförd, pågående …) — follow-up data, allowed in decided plans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.errors import DomainError
from verksam.planning import actions
from verksam.planning.models import Activity
from verksam.planning.views_common import domain_refusals, load_content, plan_url, refused


@login_required
@require_POST
@domain_refusals
def activity_status(request, pk: int):
    """POST ``status`` (and optional ``lock_version``): set the activity's status through
    ``actions.set_activity_status``; back to the plan page at the activity."""
    activity = load_content(request, Activity, pk, "owner_unit")
    version = request.POST.get("lock_version")
    try:
        changed = actions.set_activity_status(
            activity, request.POST.get("status", ""), acting_user=request.user,
            expected_version=int(version) if version and version.isdigit() else None,
        )
    except DomainError as err:
        if err.field == "status":
            return refused(request, err, status=400, plan=activity.plan)
        raise
    if changed:
        messages.success(request, _("Status för ”%(a)s” sparad.") % {"a": activity.title})
    return redirect(plan_url(activity.plan_id, f"activity-{activity.pk}"))
