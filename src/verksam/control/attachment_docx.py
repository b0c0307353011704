"""Attachments 5 and 6 as Word documents (bilaga 5 och 6 som DOCX), rendered from their dicts.

``render_attachment_docx(data)`` takes the dict of ``verksam.control.attachment_data`` and nothing
else (no queries) and builds the document through ``verksam.documents.DocxBuilder``: headings in
Word's heading styles (Heading 1 for the parts, 2 for the KF goals, 3 for the goals under them),
the risk matrix as a table whose cells are shaded with the band colours and hold the risk
numbers, one table per risk and one per set of kontrollmoment — the same facts as the PDF.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from django.utils.translation import gettext as _

from verksam.control.attachment_pdf import text_colour
from verksam.documents.docx_builder import DocxBuilder


def shade(cell, colour: str) -> None:
    """Fill a python-docx table cell with ``colour`` ("#rrggbb") and set its text colour for
    contrast (``text_colour``)."""
    tcpr = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour.lstrip("#").upper())
    tcpr.append(fill)
    ink = RGBColor.from_string(text_colour(colour).lstrip("#").upper())
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = ink


def _cover(doc: DocxBuilder, data: dict, facts: list[str]) -> None:
    doc.page_header(f"{data['unit']['name']} · {data['label']} · {data['title']}")
    doc.page_numbers()
    doc.paragraph(data["municipality"]["name"], bold=True)
    doc.paragraph(data["unit"]["name"])
    doc.paragraph(data["label"] + (f" · dnr {data['reference']}" if data["reference"] else ""))
    doc.title(data["title"])
    lines = [_("Nämnd: %(v)s") % {"v": data["unit"]["name"]}, _("År: %(v)s") % {"v": data["year"]}]
    if data["plan"]:
        plan = data["plan"]
        lines.append(_("Verksamhetsplan: %(v)s") % {"v": plan["title"]}
                     + (f" (dnr {plan['reference']})" if plan["reference"] else ""))
    lines.append(_("Diarienummer: %(v)s") % {"v": data["reference"] or "–"})
    doc.paragraph("\n".join(lines + facts))
    if data["is_example"]:
        doc.paragraph(_("Exempeldata – bilagan innehåller påhittade uppgifter."), bold=True)


def _matrix(doc: DocxBuilder, matrix: dict) -> None:
    doc.paragraph(f"{matrix['caption']} – {matrix['matrix_name']}, " + _("version") +
                  f" {matrix['version_number']} ({matrix['size_label']})", bold=True, keep_with_next=True)
    headers = [_("Sannolikhet \\ konsekvens")] + [f"{i} {label}" for i, label in
                                                  enumerate(matrix["consequence_labels"], start=1)]
    rows = [[f"{row['likelihood']} {row['label']}"] + [", ".join(map(str, c["risks"])) for c in row["cells"]]
            for row in matrix["rows"]]
    table = doc.table(headers, rows)
    for row, row_data in zip(table.rows[1:], matrix["rows"]):
        for cell, cell_data in zip(row.cells[1:], row_data["cells"]):
            shade(cell, cell_data["colour"])
    doc.paragraph(_("Färgband: %(b)s.") % {"b": ", ".join(b["text"] for b in matrix["bands"])}, italic=True)
    if matrix["unplaced"]:
        doc.paragraph(_("Utan värde efter kontroll: risk %(n)s.") % {"n": ", ".join(map(str, matrix["unplaced"]))},
                      italic=True)
    doc.paragraph(matrix["alt"], italic=True)


def _score_text(score: dict | None) -> str:
    if score is None:
        return _("Ej bedömd")
    return (_("sannolikhet %(l)s (%(ll)s) × konsekvens %(c)s (%(cl)s) = %(s)s, %(level)s")
            % {"l": score["likelihood"], "ll": score["likelihood_label"], "c": score["consequence"],
               "cl": score["consequence_label"], "s": score["score"], "level": score["level"]})


def controls_table(doc: DocxBuilder, controls: list[dict]) -> None:
    """The kontrollmoment as a table: Nr, Kontrollmoment, Metod, Frekvens, Period, Ansvarig,
    Rapporteras i."""
    doc.table([_("Nr"), _("Kontrollmoment"), _("Metod"), _("Frekvens"), _("Period"), _("Ansvarig"),
               _("Rapporteras i")],
              [[c["number"], c["title"] + (" (" + _("exempeldata") + ")" if c["is_example"] else ""), c["method_label"],
                c["frequency_label"], f"{c['start_text']} – {c['end_text']}", c["responsible"],
                c["reported_in_label"]] for c in controls],
              widths_cm=[1, 4, 2.2, 2.2, 3, 2.6, 2.4])


def _risk(doc: DocxBuilder, risk: dict) -> None:
    title = _("Risk %(n)s. %(t)s") % {"n": risk["number"], "t": risk["title"]}
    if risk["is_example"]:
        title += " (" + _("exempeldata") + ")"
    doc.paragraph(title, bold=True, keep_with_next=True)
    treatment = risk["treatment_label"]
    if risk["treatment"] == "accept" and risk["treatment_motivation"]:
        treatment += ". " + _("Motivering: %(m)s") % {"m": risk["treatment_motivation"]}
    if risk["action_activity"]:
        treatment += ". " + _("Åtgärd: %(a)s") % {"a": risk["action_activity"]["title"]}
    rows = []
    if risk["description"]:
        rows.append([_("Beskrivning"), risk["description"]])
    rows += [[_("Kategori"), risk["category_label"]], [_("Riskägare"), risk["owner"] or "–"],
             [_("Process"), risk["process"] or "–"]]
    if risk["activity"]:
        rows.append([_("Aktivitet"), risk["activity"]["title"]])
    rows += [[_("Bruttorisk"), _score_text(risk["inherent"])], [_("Nettorisk"), _score_text(risk["residual"])],
             [_("Hantering"), treatment]]
    table = doc.table([_("Uppgift"), _("Värde")], rows, widths_cm=[3.5, 12.5])
    for row in table.rows[1:]:
        label = row.cells[0].text
        score = {_("Bruttorisk"): risk["inherent"], _("Nettorisk"): risk["residual"]}.get(label)
        if score:
            shade(row.cells[1], score["colour"])
    if risk["controls"]:
        doc.paragraph(_("Kontrollmoment i internkontrollplanen"), italic=True, keep_with_next=True)
        controls_table(doc, risk["controls"])


def _attachment5(doc: DocxBuilder, data: dict) -> None:
    facts = [_("Riskanalys: %(v)s") % {"v": data["analysis"]["title"]},
             _("Internkontrollplan: %(v)s") % {"v": data["control_plan"]["title"] if data["control_plan"]
                                                else _("Saknas")},
             _("Riskmatris: %(v)s") % {"v": data["analysis"]["matrix_name"]}]
    _cover(doc, data, facts)
    if data["analysis"]["description"]:
        doc.paragraph(data["analysis"]["description"])
    doc.heading(_("Riskmatris"), 1)
    for matrix in data["matrices"]:
        _matrix(doc, matrix)
    doc.heading(_("Väsentlighets- och riskanalys med internkontrollplan"), 1)
    if not data["groups"]:
        doc.paragraph(_("Riskanalysen har inga risker."))
    for group in data["groups"]:
        doc.heading(group["heading"], 2)
        for risk in group["risks"]:
            _risk(doc, risk)
        for entry in group["goals"]:
            doc.heading(entry["heading"], 3)
            for risk in entry["risks"]:
                _risk(doc, risk)
    if data["other_controls"]:
        doc.heading(_("Övriga kontrollmoment"), 1)
        doc.paragraph(_("Kontrollmoment i internkontrollplanen som inte hör till någon risk i analysen."))
        controls_table(doc, data["other_controls"])


def _attachment6(doc: DocxBuilder, data: dict) -> None:
    system = data["system"]
    status = (_("Utkast – systemet för internkontroll är inte godkänt.") if system["is_draft"]
              else _("Godkänd %(when)s av %(who)s")
              % {"when": system["approved_at_text"], "who": system["approved_by"]})
    _cover(doc, data, [_("Version: %(v)s") % {"v": system["version"]}, _("Status: %(v)s") % {"v": status}])
    if system["is_draft"]:
        doc.paragraph(status, bold=True)
    for section in data["sections"]:
        doc.heading(section["heading"], 1)
        doc.paragraph(section["text"] or _("Avsnittet är inte skrivet."), italic=not section["text"])


def render_attachment_docx(data: dict) -> bytes:
    """Bilaga 5 or 6 as a Word document (bytes of a .docx) with the same facts as the PDF; the
    document properties' title is the heading ("… 2024 – Kommunstyrelsen")."""
    doc = DocxBuilder(data["heading"])
    (_attachment5 if data["number"] == 5 else _attachment6)(doc, data)
    return doc.to_bytes()
