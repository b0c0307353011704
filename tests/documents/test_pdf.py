"""render_pdf: our own template → a tagged PDF (PDF/UA-1) with the context escaped."""

from __future__ import annotations

import io

import pytest
from django.template import TemplateDoesNotExist
from pypdf import PdfReader

from verksam.documents.formatting import format_amount_sek
from verksam.documents.pdf import render_pdf


def _text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_it_renders_a_template_to_a_tagged_pdf_with_title_and_language():
    content = render_pdf("documents/test_sample.html", {"title": "Provdokument", "amount": format_amount_sek(746_200_000)})
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "sv"
    assert reader.metadata.title == "Provdokument"
    assert "Omslutningsförändringar om 746,2 mnkr" in _text(content)


def test_text_in_the_context_is_escaped_never_rendered_as_a_template():
    content = render_pdf("documents/test_sample.html",
                         {"title": "{{ secret }} <b>fet</b>", "amount": "{% now 'Y' %}", "secret": "HEMLIGT"})
    text = _text(content)
    assert "{{ secret }} <b>fet</b>" in text
    assert "{% now 'Y' %}" in text
    assert "HEMLIGT" not in text


def test_an_unknown_template_is_an_error():
    with pytest.raises(TemplateDoesNotExist):
        render_pdf("documents/finns_inte.html", {})
