"""Output pages of a case: the comparison per decision point, the memo as PDF and DOCX, and
the Popolo JSON export.

Every view reads the case through ``verksam.cases.queries.visible_cases`` — a case the user may
not read is a 404, as on the case page — and then through one query function
(``case_comparison``, ``case_memo_pdf``/``case_memo_docx``, ``case_popolo``), each with a
constant number of queries.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from verksam.cases.models import Case
from verksam.cases.queries_popolo import case_popolo
from verksam.cases.queries import visible_cases
from verksam.cases.queries_comparison import case_comparison
from verksam.documents.case_memo import case_memo_docx, case_memo_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _load(request, pk: int) -> Case:
    """The case ``pk`` if ``request.user`` may read it, else 404."""
    return get_object_or_404(visible_cases(request.user), pk=pk)


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def case_comparison_page(request, pk: int):
    """The comparison page (jämförelse): per decision point the proposal, its supporters, who
    reserved against it in which body and with which stance, and what each party proposes
    instead; then every party's proposed activities beside the plan's activities."""
    comparison = case_comparison(_load(request, pk))
    return render(request, "cases/case_comparison.html", {"case": comparison.case, "comparison": comparison})


@require_GET
def case_pdf(request, pk: int):
    """The case as a PDF in the memo's structure, downloaded as "KS-2023-1237.pdf"."""
    content, filename = case_memo_pdf(_load(request, pk))
    return _download(content, "application/pdf", filename)


@require_GET
def case_docx(request, pk: int):
    """The case as a Word document in the memo's structure, downloaded as "KS-2023-1237.docx"."""
    content, filename = case_memo_docx(_load(request, pk))
    return _download(content, DOCX_TYPE, filename)


@require_GET
def case_popolo_json(request, pk: int):
    """The case in Popolo terms (docs/popolo-export.md) as UTF-8 JSON."""
    data = case_popolo(_load(request, pk), base_url=request.build_absolute_uri("/").rstrip("/"))
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{data["meta"]["filename"]}"'
    return response
