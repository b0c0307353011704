"""Attachments 5 and 6 as tagged PDF (bilaga 5 och 6 som PDF), rendered from their dicts.

``render_attachment_pdf(data)`` takes the dict of ``verksam.control.attachment_data`` and nothing
else (no queries) and renders ``control/documents/attachment_5.html`` or ``attachment_6.html``
through ``verksam.documents.render_pdf`` (WeasyPrint, PDF/UA-1). The risk matrix of bilaga 5 is
an inline SVG (``matrix_svg``) drawn from the matrix data — grid, scale labels, colour bands,
risk numbers in their cells — whose ``<title>`` carries the whole text alternative (the tagged
PDF figure's /Alt); the band of every cell is also printed in words in the legend, so colour is
never the only carrier of meaning.
"""

from __future__ import annotations

import copy
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from verksam.control.attachment_data import iter_risks
from verksam.documents.pdf import render_pdf

TEMPLATES = {5: "control/documents/attachment_5.html", 6: "control/documents/attachment_6.html"}
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
CELL_W, CELL_H, LABEL_W, AXIS_W, HEAD_H = 78, 44, 104, 22, 40


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` ("#rrggbb"): relative luminance
    above 0,4 gets black ("#f9a825" → black, "#c62828" → white)."""
    try:
        r, g, b = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "#000000"

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if luminance > 0.4 else "#ffffff"


def _text(x, y, content, *, size=9, anchor="middle", weight="normal", fill="#000000", rotate=None) -> str:
    transform = f' transform="rotate({rotate} {x} {y})"' if rotate is not None else ""
    return (f'<text x="{x}" y="{y}" font-family={quoteattr(FONT)} font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}"{transform}>{escape(str(content))}</text>')


def matrix_svg(matrix: dict, *, svg_id: str) -> str:
    """The matrix of a bilaga 5 dict as an SVG grid: rows from the highest likelihood down, columns
    from the lowest consequence, each cell filled with its band's colour and holding its score
    (small, top left) and its risk numbers ("1, 3", bold, centred); scale labels at the left and
    below, axis names "Sannolikhet" and "Konsekvens". ``role="img"`` with ``<title>`` = the
    alternative text (``matrix["alt"]``) and ``<desc>`` = the caption."""
    rows = matrix["rows"]
    n_rows, n_cols = len(rows), len(rows[0]["cells"]) if rows else 0
    left = AXIS_W + LABEL_W
    width, height = left + n_cols * CELL_W + 4, n_rows * CELL_H + HEAD_H + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(svg_id)} role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<title id="{svg_id}-title">{escape(matrix["alt"])}</title>',
        f'<desc id="{svg_id}-desc">{escape(matrix["caption"])}</desc>',
    ]
    for i, row in enumerate(rows):
        y = i * CELL_H + 2
        parts.append(_text(left - 6, y + CELL_H / 2 + 3, f'{row["likelihood"]} {row["label"]}', anchor="end", size=8.5))
        for j, cell in enumerate(row["cells"]):
            x = left + j * CELL_W
            ink = text_colour(cell["colour"])
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" fill={quoteattr(cell["colour"])} '
                         f'stroke="#ffffff" stroke-width="1.5"/>')
            parts.append(_text(x + 4, y + 11, cell["score"], size=7.5, anchor="start", fill=ink))
            if cell["risks"]:
                parts.append(_text(x + CELL_W / 2, y + CELL_H / 2 + 5, ", ".join(map(str, cell["risks"])),
                                   size=11, weight="bold", fill=ink))
    bottom = n_rows * CELL_H + 2
    for j, label in enumerate(matrix["consequence_labels"]):
        parts.append(_text(left + j * CELL_W + CELL_W / 2, bottom + 13, f"{j + 1} {label}", size=8.5))
    parts.append(_text(left + n_cols * CELL_W / 2, bottom + 31, _("Konsekvens"), size=9, weight="bold"))
    middle = n_rows * CELL_H / 2 + 2
    parts.append(_text(12, middle, _("Sannolikhet"), size=9, weight="bold", rotate=-90))
    parts.append("</svg>")
    return "".join(parts)


def with_svg(data: dict) -> dict:
    """A copy of a bilaga 5 dict whose matrices carry ``svg`` (safe markup) and whose scores and
    bands carry ``ink`` (the text colour on their band colour)."""
    view = copy.deepcopy(data)
    for index, matrix in enumerate(view.get("matrices", []), start=1):
        matrix["svg"] = mark_safe(matrix_svg(matrix, svg_id=f"matris-{index}"))  # noqa: S308 - escaped inside
        for item in matrix["bands"]:
            item["ink"] = text_colour(item["colour"])
    for risk in iter_risks(view):
        for key in ("inherent", "residual"):
            if risk[key]:
                risk[key]["ink"] = text_colour(risk[key]["colour"])
    return view


def render_attachment_pdf(data: dict) -> bytes:
    """Bilaga 5 or 6 as a tagged PDF (bytes starting ``%PDF-``); raises ``PdfRenderError``."""
    view = with_svg(data) if data["number"] == 5 else data
    return render_pdf(TEMPLATES[data["number"]], {"data": view})
