"""A report as files (rapporten som PDF och DOCX), rendered from the report dict.

Both renderers take the dict of ``verksam.followup.report_data.report_data`` — for an approved
report its frozen snapshot — and nothing else: no queries, so what the files say is what the
snapshot says.

* ``render_report_pdf(data)``: the template ``followup/report_document.html`` through
  ``verksam.documents.render_pdf`` (WeasyPrint, tagged PDF/UA-1); each indicator's trend is an
  inline SVG chart from ``verksam.followup.svg_charts`` whose ``<title>`` carries the text
  alternative (the PDF figure's /Alt).
* ``render_report_docx(data)``: through ``verksam.documents.DocxBuilder``; the trend of each
  indicator is a small table of values per period (Word has no use for the SVG).
"""

from __future__ import annotations

import copy
import re

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from verksam.documents.docx_builder import DocxBuilder
from verksam.documents.pdf import render_pdf
from verksam.followup.svg_charts import trend_chart_svg

PDF_TEMPLATE = "followup/report_document.html"


def filename(data: dict, extension: str) -> str:
    """A safe file name: "Tertialrapport-1-2024-KS.pdf" (unit's short name, else its name)."""
    stem = f"{data['title']} {data['unit']['short_name'] or data['unit']['name']}"
    stem = re.sub(r"[^0-9A-Za-zÅÄÖåäö.-]+", "-", stem).strip("-")
    return f"{stem}.{extension}"


def with_charts(data: dict) -> dict:
    """A copy of ``data`` where every indicator row with a measured point has ``svg`` (the trend
    chart, safe markup); rows without values get no chart."""
    view = copy.deepcopy(data)
    for section in view["sections"]:
        rows = [r for b in section["blocks"] for g in b["goals"] for r in g["indicators"]]
        for row in rows + section["other_indicators"]:
            if row["has_chart"]:
                row["svg"] = mark_safe(trend_chart_svg(  # noqa: S308 - every text is escaped inside
                    row["series"], chart_id=f"svg-{row['chart_id']}", title=row["chart_alt"],
                    unit_of_measure=row["unit_of_measure"]))
    return view


def render_report_pdf(data: dict) -> bytes:
    """The report as a tagged PDF (bytes starting ``%PDF-``); raises ``PdfRenderError``."""
    return render_pdf(PDF_TEMPLATE, {"data": with_charts(data)})


# --- DOCX -------------------------------------------------------------------------------------


def _indicator_table(doc: DocxBuilder, rows: list[dict], has_forecast: bool) -> None:
    headers = [_("Indikator"), _("Utfall"), _("Årsmål"), _("Bedömning"), _("Måluppfyllelse")]
    if has_forecast:
        headers.insert(2, _("Helårsprognos"))
    table_rows = []
    for row in rows:
        outcome = row["outcome"] or {}
        value = outcome.get("text") or "–"
        if outcome.get("women_text") or outcome.get("men_text"):
            value += "\n" + _("kvinnor %(w)s, män %(m)s") % {"w": outcome.get("women_text") or "–",
                                                              "m": outcome.get("men_text") or "–"}
        cells = [row["name"], value, (row["target"] or {}).get("text", "–"),
                 row["verdict_label"] + (f" ({_('enligt prognos')})" if row["based_on_forecast"] else ""),
                 row["progress_text"]]
        if has_forecast:
            cells.insert(2, outcome.get("forecast_text") or "–")
        table_rows.append(cells)
    doc.table(headers, table_rows, widths_cm=[5.2, 2.4, 2.2, 3.6, 2.6] if not has_forecast else None)
    for row in rows:
        comment = (row["outcome"] or {}).get("comment")
        if comment:
            doc.paragraph(f"{row['name']}: {comment}", italic=True)
        if row["reason"]:
            doc.paragraph(_("Skäl till avvikande bedömning (%(name)s): %(reason)s")
                          % {"name": row["name"], "reason": row["reason"]}, italic=True)
    for row in rows:
        points = [p for p in row["series"] if p["value"] is not None]
        if len(points) > 1:
            doc.paragraph(_("Utveckling: %(name)s") % {"name": row["name"]}, bold=True, keep_with_next=True)
            doc.table([_("Period"), _("Utfall"), _("Årsmål")],
                      [[p["label"], p["text"], p["target_text"]] for p in row["series"]], widths_cm=[3, 3, 3])


def _goal(doc: DocxBuilder, goal: dict, has_forecast: bool) -> None:
    doc.heading(f"{goal['level_label']} {goal['code']} {goal['title']}".replace("  ", " "), 3)
    doc.paragraph(_("Bedömning: %(verdict)s") % {"verdict": goal["verdict_label"]}, bold=True)
    assessment = goal["assessment"] or {}
    if assessment.get("is_proposal_only"):
        doc.paragraph(_("Förslag enligt regel, ännu inte fastställt."), italic=True)
    if assessment.get("analysis"):
        doc.paragraph(assessment["analysis"])
    if assessment.get("reason"):
        doc.paragraph(_("Skäl till avvikelse från förslaget: %(reason)s") % {"reason": assessment["reason"]},
                      italic=True)
    if goal["indicators"]:
        _indicator_table(doc, goal["indicators"], has_forecast)
    if goal["activities"]:
        doc.paragraph(_("Aktiviteter"), bold=True, keep_with_next=True)
        doc.table([_("Aktivitet"), _("Ansvarig"), _("Status")],
                  [[a["title"], a["owner"], a["status_label"]] for a in goal["activities"]],
                  widths_cm=[9.5, 3, 3.5])


def render_report_docx(data: dict) -> bytes:
    """The report as a Word document (bytes of a .docx), with the same facts as the PDF."""
    doc = DocxBuilder(data["heading"])
    doc.page_header(f"{data['unit']['name']} · {data['title']}")
    doc.page_numbers()
    doc.paragraph(data["municipality"]["name"], bold=True)
    doc.paragraph(data["unit"]["name"])
    doc.title(data["title"])
    period, plan, report = data["period"], data["plan"], data["report"]
    facts = [
        _("Per %(date)s") % {"date": period["as_of_text"]},
        _("Uppföljning av %(plan)s") % {"plan": plan["title"]} + (f" ({plan['reference']})" if plan["reference"] else ""),
    ]
    if report["approved_at_text"]:
        facts.append(_("Godkänd %(when)s av %(who)s") % {"when": report["approved_at_text"],
                                                          "who": report["approved_by"]})
    else:
        facts.append(_("Utkast – ej godkänd"))
    doc.paragraph("\n".join(facts))
    doc.heading(_("Sammanfattning"), 1)
    if report["summary"]:
        doc.paragraph(report["summary"])
    overview = data["overview"]
    if overview["goals"]:
        doc.paragraph(_("Målen: ") + ", ".join(f"{g['label'].lower()} {g['count']}" for g in overview["goals"]))
    if overview["indicators"]:
        doc.paragraph(_("Indikatorerna (%(measured)s): ") % {"measured": overview["measured_text"]}
                      + ", ".join(f"{i['label'].lower()} {i['count']}" for i in overview["indicators"]))
    for section in data["sections"]:
        doc.heading(section["unit"]["name"], 1)
        if section["text"]:
            doc.paragraph(section["text"])
        for block in section["blocks"]:
            if block["parent"]:
                parent = block["parent"]
                doc.heading(f"{parent['level_label']} {parent['code']} {parent['title']}", 2)
            for goal in block["goals"]:
                _goal(doc, goal, period["has_forecast"])
        if section["other_indicators"]:
            doc.heading(_("Övriga indikatorer"), 2)
            _indicator_table(doc, section["other_indicators"], period["has_forecast"])
        if section["activities_without_goal"]:
            doc.heading(_("Övriga aktiviteter"), 2)
            doc.table([_("Aktivitet"), _("Ansvarig"), _("Status")],
                      [[a["title"], a["owner"], a["status_label"]] for a in section["activities_without_goal"]])
    return doc.to_bytes()
