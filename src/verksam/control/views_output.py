"""Downloads of attachments 5 and 6 (bilaga 5 och 6) of a board's internal control.

``/internkontroll/<unit_id>/<year>/bilaga-<5|6>.<pdf|docx|xlsx>`` (``control_output:attachment``).
The view is thin: it checks who may read, builds the attachment's one dict
(``verksam.control.attachment_data``) and renders it with the renderer of the extension.

Status codes: 302 to the login page for anonymous visitors (internal control is never public);
404 for an unknown unit, a unit whose internal control the user may not read
(``verksam.control.queries.can_read`` — the same rule as every internal-control page, KS
oversight included), an attachment number other than 5 or 6, an extension other than pdf, docx
or xlsx, and a board without the analysis or system that year (with a Swedish message); 200 the
file as an attachment with its Swedish file name.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from verksam.control.attachment_data import ATTACHMENT_NUMBERS, AttachmentNotFound, attachment_data, filename
from verksam.control.attachment_docx import render_attachment_docx
from verksam.control.attachment_pdf import render_attachment_pdf
from verksam.control.attachment_xlsx import render_attachment_xlsx
from verksam.control.queries import can_read
from verksam.organisation.models import Unit

FORMATS = {
    "pdf": ("application/pdf", render_attachment_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_attachment_docx),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_attachment_xlsx),
}
"""Extension → (content type, renderer of the attachment dict)."""


@require_GET
@login_required
def attachment(request, unit_id: int, year: int, number: int, ext: str):
    """Bilaga ``number`` of unit ``unit_id`` for ``year`` as a ``ext`` file (see the module
    docstring for the status codes)."""
    if number not in ATTACHMENT_NUMBERS:
        raise Http404(_("Internkontrollen har bilaga 5 och 6."))
    if ext not in FORMATS:
        raise Http404(_("Bilagan finns som pdf, docx eller xlsx."))
    unit = get_object_or_404(Unit.objects.select_related("municipality"), pk=unit_id)
    if not can_read(request.user, unit):
        raise Http404(_("Bilagan finns inte."))
    try:
        data = attachment_data(unit, year, number)
    except AttachmentNotFound as err:
        raise Http404(err.message) from err
    content_type, render = FORMATS[ext]
    response = HttpResponse(render(data), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename(data, ext))
    return response
