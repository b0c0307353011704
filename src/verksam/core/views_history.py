"""The history page (historik) of one object: every recorded change with who, when and what.

URL ``/historik/<kind>/<pk>/`` where ``kind`` is a key registered in ``verksam.core.history``
("plan", "mal", "aktivitet", "indikator", "arsmal", "enhet"). Works for deleted objects too
(their records remain). Read access is the kind's ``can_view`` — for plan content the read
permission of its plan, so drafts only for holders of ``view_drafts``; refused or unknown
objects give 404 so drafts are not revealed.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from verksam.core import history


def object_history(request, kind: str, pk: int):
    """Render ``core/history.html`` with ``entries`` newest first; constant query count."""
    registered = history.get_kind(kind)
    if registered is None:
        raise Http404(_("Okänd typ av uppgift."))
    records = history.records_for(registered, pk)
    if not records or not registered.can_view(request.user, records[-1]):
        raise Http404(_("Ingen historik hittades."))
    latest = records[-1]
    title = registered.title(latest) if registered.title else str(latest.instance)
    return render(request, "core/history.html", {
        "kind": registered,
        "object_title": title,
        "verbose_name": registered.model._meta.verbose_name,
        "back_url": registered.back_url(latest) if registered.back_url else None,
        "is_deleted": latest.history_type == "-",
        "entries": history.history_entries(registered, records),
    })
