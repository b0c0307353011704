"""Case pages: the list, the case page, and importing a memo (upload → review → confirm).

Import flow: the upload page takes a .txt or .pdf memo, reads and parses it (nothing is saved)
and keeps the parsed dict with the source text in the session under a token; the review page
shows the parsed case beside the source text with editable fields; confirming saves through
``verksam.cases.importer.import_case`` — which checks the permission (controller or
administratör on the case's unit) and validates the whole case again. Errors come back in
Swedish at the field they concern; nothing is half-written.

Status codes: 302 to the login page for anonymous visitors on the import pages; 403 when the
user may import for no unit, or not for the chosen one; 404 for a case the user may not read
(cases under preparation are visible to roles with ``view_drafts`` on the unit; decided cases to
everyone) or an unknown import token; 409 when the case is decided and would change.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.cases.forms import CaseReviewForm, CaseUploadForm
from verksam.cases.importer import (
    IMPORT_PERMISSION, CaseImportError, OrganisationDirectory, import_case, match_plan, parse_text, read_memo,
    responsible_unit_for,
)
from verksam.cases.models import CaseLockedError
from verksam.cases.queries import case_detail as load_case_detail, latest_cases, visible_cases
from verksam.core import permissions as perms
from verksam.core.errors import DomainError, NotAllowedError
from verksam.organisation.models import Unit
from verksam.organisation.queries import municipality as current_municipality

SESSION_KEY = "verksam_case_imports"
MAX_PENDING = 3


def _import_units(user):
    """Units of the municipality the user may import cases for (``IMPORT_PERMISSION``)."""
    muni = current_municipality()
    if muni is None:
        return muni, []
    units = list(Unit.objects.filter(municipality=muni).order_by("path"))
    return muni, [u for u in units if perms.has_perm(user, IMPORT_PERMISSION, u)]


def _refused(request, message, status: int):
    return render(request, "cases/refused.html", {"message": message}, status=status)


def case_list(request):
    """The cases the visitor may read, newest first."""
    _, units = _import_units(request.user) if request.user.is_authenticated else (None, [])
    return render(request, "cases/case_list.html", {"cases": latest_cases(request.user), "can_import": bool(units)})


def case_detail(request, pk: int):
    """The case page: head, handling, documents, förslag till beslut with amounts, attachments,
    decisions, and the statements grouped by body with persons, parties and stances."""
    case = get_object_or_404(
        visible_cases(request.user).select_related("responsible_unit", "rapporteur__party", "prepared_by_unit",
                                                   "plan", "municipality"), pk=pk)
    detail = load_case_detail(case)
    unit = case.responsible_unit
    can_import = bool(unit) and perms.has_perm(request.user, IMPORT_PERMISSION, unit)
    return render(request, "cases/case_detail.html", {"case": case, "detail": detail,
                                                      "can_reimport": can_import and not case.is_decided})


def _pending(request) -> dict:
    return request.session.get(SESSION_KEY, {})


@login_required
def case_upload(request):
    """Upload a memo; on success the parsed case waits in the session for review."""
    muni, units = _import_units(request.user)
    if muni is None:
        return _refused(request, _("Ingen kommun är upplagd ännu. Kör ”verksam demo” eller lägg upp kommunen."), 409)
    if not units:
        return _refused(request, _("Du har inte behörighet att läsa in ärenden. Det kräver rollen controller "
                                   "eller administratör."), 403)
    form = CaseUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = read_memo(upload, filename=upload.name)
            data = parse_text(text)
        except CaseImportError as error:
            form.add_error("file", error.message)
        else:
            pending = _pending(request)
            while len(pending) >= MAX_PENDING:
                pending.pop(next(iter(pending)))
            token = secrets.token_urlsafe(12)
            pending[token] = {"data": data, "text": text, "filename": upload.name[:255]}
            request.session[SESSION_KEY] = pending
            return redirect("cases:case_review", token=token)
    return render(request, "cases/case_upload.html", {"form": form})


@login_required
def case_review(request, token: str):
    """The parsed case beside its source text, with editable fields; POST saves it."""
    pending = _pending(request).get(token)
    if pending is None:
        raise Http404(_("Inläsningen finns inte längre – ladda upp filen igen."))
    muni, units = _import_units(request.user)
    if muni is None or not units:
        return _refused(request, _("Du har inte behörighet att läsa in ärenden."), 403)
    data = pending["data"]
    unit_qs = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
    directory = OrganisationDirectory(muni, request.user)
    guessed = responsible_unit_for(data, directory)
    form = CaseReviewForm(request.POST or None, data_dict=data, units=unit_qs,
                          initial_unit=guessed if guessed in units else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = import_case(form.apply(), municipality=muni, acting_user=request.user,
                                 source_text=pending["text"], source_filename=pending["filename"],
                                 responsible_unit=form.cleaned_data["responsible_unit"])
        except NotAllowedError as error:
            form.add_error("responsible_unit", error.message)
            status = 403
        except CaseLockedError as error:
            form.add_error(None, error.message)
            status = 409
        except DomainError as error:
            form.add_error(form.field_for(error.field), error.message)
        else:
            remaining = _pending(request)
            remaining.pop(token, None)
            request.session[SESSION_KEY] = remaining
            case = result.case
            if result.created:
                messages.success(request, _("Ärendet %(ref)s är inläst.") % {"ref": case.reference})
            elif result.changed:
                messages.success(request, _("Ärendet %(ref)s är uppdaterat.") % {"ref": case.reference})
            else:
                messages.info(request, _("Ärendet %(ref)s fanns redan och är oförändrat.") % {"ref": case.reference})
            return redirect(reverse("cases:case_detail", args=[case.pk]))
    unit = form.cleaned_data.get("responsible_unit") if form.is_bound and form.is_valid() else guessed
    plan_match = match_plan(muni, reference=data.get("reference") or "", title=data.get("title") or "", unit=unit)
    return render(request, "cases/case_review.html", {
        "form": form, "data": data, "source_text": pending["text"], "filename": pending["filename"],
        "token": token, "plan_match": plan_match,
    }, status=status)
