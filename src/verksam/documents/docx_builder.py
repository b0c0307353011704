"""DOCX building: a thin layer of our own over python-docx for documents in every domain.

``DocxBuilder`` offers the few blocks Verksam's documents are made of — headings, paragraphs,
numbered and bulleted lists, tables, a running page header and page numbers — with Swedish
defaults (document language sv-SE, numbers through ``verksam.documents.formatting``).

Numbered lists carry their numbers as text ("1." and a tab, hanging indent) rather than Word's
automatic numbering: the numbers are data ("punkt 4", "bilaga 7"), must restart for every list
and survive any word processor. Bulleted lists use Word's "List Bullet" style.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Iterable, Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from verksam.documents.formatting import format_number

#: Body and heading fonts (metric-compatible substitutes exist on every platform).
BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"


class DocxBuilder:
    """Build a Word document block by block; ``to_bytes()`` gives the .docx file.

    ``title`` goes into the document properties (and is not printed — add a heading for that);
    ``language`` is the proofing language of every style ("sv-SE"); ``author`` the properties'
    author. Methods return the python-docx object they created for the rare further tweak.
    """

    def __init__(self, title: str = "", *, language: str = "sv-SE", author: str = "Verksam"):
        self.document = Document()
        self.language = language
        props = self.document.core_properties
        props.title = title
        props.language = language
        props.author = author
        section = self.document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        self._setup_styles()

    # --- styles ------------------------------------------------------------------------

    def _setup_styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(11.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.1
        self._set_lang(normal)
        for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12.5), ("Heading 3", 11.5)):
            style = styles[name]
            style.font.name = HEADING_FONT
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = None
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:  # drop theme fonts so the named font applies
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)
            style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
            style.paragraph_format.space_after = Pt(6)
            self._set_lang(style)
        for name in ("List Bullet", "Header", "Footer"):
            self._set_lang(styles[name])

    def _set_lang(self, style) -> None:
        rpr = style.element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), self.language)
        lang.set(qn("w:eastAsia"), self.language)

    # --- blocks ------------------------------------------------------------------------

    def page_header(self, text: str) -> None:
        """Print ``text`` at the top of every page (e.g. "PM Rotel I (Dnr KS 2023/1237)")."""
        header = self.document.sections[0].header
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = text
        paragraph.style = self.document.styles["Header"]

    def page_numbers(self, prefix: str = "Sida") -> None:
        """Print "Sida 1 (5)" centred at the bottom of every page (Word fields PAGE, NUMPAGES)."""
        footer = self.document.sections[0].footer
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(f"{prefix} ")
        self._field(paragraph, "PAGE", "1")
        paragraph.add_run(" (")
        self._field(paragraph, "NUMPAGES", "1")
        paragraph.add_run(")")

    @staticmethod
    def _field(paragraph, instruction: str, placeholder: str) -> None:
        run = paragraph.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        text = OxmlElement("w:t")
        text.text = placeholder
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for element in (begin, instr, separate, text, end):
            run._r.append(element)

    def title(self, text: str):
        """The document's printed title (style "Title")."""
        return self.document.add_paragraph(text, style="Title")

    def heading(self, text: str, level: int = 1):
        """A heading of ``level`` 1–3 (styles "Heading 1" … "Heading 3"); ``ValueError`` otherwise."""
        if level not in (1, 2, 3):
            raise ValueError("Rubriknivån ska vara 1, 2 eller 3.")
        paragraph = self.document.add_heading(text, level=level)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def paragraph(self, text: str = "", *, bold: bool = False, italic: bool = False,
                  align: str | None = None, keep_with_next: bool = False, space_before: float | None = None):
        """A paragraph of body text. ``align`` "right" or "center"; ``space_before`` in points.
        Line breaks in ``text`` become line breaks in the paragraph."""
        paragraph = self.document.add_paragraph()
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold, run.italic = bold or None, italic or None
            if i < len(lines) - 1:
                run.add_break()
        if align:
            paragraph.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                                   "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        if space_before is not None:
            paragraph.paragraph_format.space_before = Pt(space_before)
        return paragraph

    def numbered_list(self, items: Iterable[str | tuple[object, str]], *, start: int = 1) -> list:
        """A numbered list. ``items`` are texts (numbered ``start``, ``start``+1, …) or
        (number, text) pairs carrying their own numbers ("4", "1.3"). Each paragraph reads
        "4.<tab>text" with a hanging indent."""
        paragraphs = []
        for offset, item in enumerate(items):
            number, text = item if isinstance(item, tuple) else (start + offset, item)
            paragraph = self.document.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.left_indent, fmt.first_line_indent = Cm(0.9), Cm(-0.9)
            fmt.tab_stops.add_tab_stop(Cm(0.9))
            fmt.space_after = Pt(4)
            paragraph.add_run(f"{number}.\t{text}")
            paragraphs.append(paragraph)
        return paragraphs

    def bulleted_list(self, items: Iterable[str]) -> list:
        """A bulleted list (style "List Bullet"), one paragraph per item."""
        paragraphs = []
        for text in items:
            paragraph = self.document.add_paragraph(text, style="List Bullet")
            paragraph.paragraph_format.space_after = Pt(3)
            paragraphs.append(paragraph)
        return paragraphs

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]], *,
              widths_cm: Sequence[float] | None = None):
        """A table with a bold header row repeated on every page. Cells that are numbers
        (``int``, ``Decimal``, ``float``) are written the Swedish way ("1 234,5") and
        right-aligned; ``None`` prints "–"; anything else as ``str``."""
        rows = [list(row) for row in rows]
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header_row = table.rows[0]
        trpr = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        for cell, text in zip(header_row.cells, headers):
            cell.paragraphs[0].add_run(str(text)).bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
                cell.text = format_number(value) if numeric or value is None else str(value)
                if numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if widths_cm:
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        return table

    def page_break(self) -> None:
        """Start a new page."""
        self.document.add_page_break()

    def to_bytes(self) -> bytes:
        """The finished .docx file."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
