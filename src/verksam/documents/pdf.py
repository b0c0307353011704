"""PDF rendering: one of our own HTML templates → a tagged PDF (WeasyPrint).

Templates rendered here belong to the code base (``templates/documents/…`` in the apps), never
text entered by users — a user's text only ever arrives as a context value and is escaped by the
Django template engine. The PDF is tagged for accessibility as PDF/UA-1 (WeasyPrint's
``pdf_variant="pdf/ua-1"``, which implies ``pdf_tags=True``); the template's ``<html lang>`` and
``<title>`` become the document language and title.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

#: The PDF variant every Verksam PDF is written in (tagged, with language and title).
PDF_VARIANT = "pdf/ua-1"


class PdfRenderError(RuntimeError):
    """WeasyPrint could not render the document (message in Swedish, cause chained)."""


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """Render the Django template ``template_name`` with ``context`` and return the PDF bytes.

    ``request`` (optional) is passed to the template engine (context processors). Relative URLs
    in the template resolve against the static files directory (``settings.STATICFILES_DIRS``'s
    first entry), so a template may link its own stylesheet; templates normally inline their CSS.
    The result starts with ``%PDF-`` and is a PDF/UA-1 variant (tagged).

    Raises ``TemplateDoesNotExist`` for an unknown template and ``PdfRenderError`` when
    WeasyPrint fails.
    """
    from weasyprint import HTML  # imported lazily: loading WeasyPrint takes a moment

    html = render_to_string(template_name, context or {}, request=request)
    dirs = list(getattr(settings, "STATICFILES_DIRS", []) or [])
    base_url = str(dirs[0]) + "/" if dirs else None
    try:
        return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
    except Exception as exc:  # WeasyPrint raises many kinds; the caller needs one
        raise PdfRenderError(f"PDF-filen kunde inte skapas: {exc}") from exc
