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

Both print the internal-control section (``data["internal_control"]``, see
``verksam.control.queries_report``) after the units' sections, and the word "exempeldata" beside
every goal, assessment, indicator row, activity and internal-control item marked ``is_example``
(as the web pages do). Snapshots frozen before these keys existed print without them.
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


def example(item: dict | None, text: str) -> str:
    """``text`` followed by " (exempeldata)" when ``item`` is marked ``is_example``."""
    return f"{text} ({_('exempeldata')})" if item and item.get("is_example") else text


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
        forecast_note = " (%s)" % _("enligt prognos") if row["based_on_forecast"] else ""
        cells = [example(row, row["name"]), value, (row["target"] or {}).get("text", "–"),
                 row["verdict_label"] + forecast_note,
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
    heading = f"{goal['level_label']} {goal['code']} {goal['title']}".replace("  ", " ")
    marked = goal.get("is_example") or (goal.get("assessment") or {}).get("is_example")
    doc.heading(example({"is_example": marked}, heading), 3)
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
                  [[example(a, a["title"]), a["owner"], a["status_label"]] for a in goal["activities"]],
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
    if report.get("is_example"):
        doc.paragraph(_("Exempeldata: rapporten bygger på exempeldata; uppgifter markerade exempeldata är "
                        "påhittade."), italic=True)
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
                      [[example(a, a["title"]), a["owner"], a["status_label"]]
                       for a in section["activities_without_goal"]])
    if data.get("internal_control"):
        _internal_control(doc, data["internal_control"])
    return doc.to_bytes()


def _internal_control(doc: DocxBuilder, ic: dict) -> None:
    """The internal-control section: summary, one table of controls per plan, then each
    deviation with its actions, responsible, due date and status."""
    doc.heading(_("Intern kontroll"), 1)
    doc.paragraph(ic["summary"]["text"], bold=True)
    doc.paragraph(ic["scope_text"], italic=True)
    if not ic["plans"]:
        doc.paragraph(_("Ingen internkontrollplan för %(year)s.") % {"year": ic["year"]})
    for plan in ic["plans"]:
        doc.heading(example(plan, f"{plan['title']} – {plan['unit']['name']}"), 2)
        if not plan["controls"]:
            doc.paragraph(_("Inga kontrollmoment att rapportera i perioden."))
            continue
        rows = []
        for c in plan["controls"]:
            title = example(c, c["title"])
            if c["risk"]:
                title += "\n" + _("Risk: %(risk)s") % {"risk": c["risk"]["title"]}
            title += "\n" + _("Rapporteras i %(period)s") % {"period": c["reported_in"]}
            occasions = "\n".join(
                f"{o['due_text']}: {o['outcome_label']}" + (f" ({o['finding']})" if o["finding"] else "")
                for o in c["occasions"]) or _("Inget tillfälle ännu")
            rows.append([title, f"{c['method_label']}\n{c['frequency_label']}", c["responsible"], occasions,
                         c["status_label"]])
        doc.table([_("Kontrollmoment"), _("Metod och frekvens"), _("Ansvarig"), _("Tillfällen och resultat"),
                   _("Status")], rows, widths_cm=[4.6, 2.6, 2.6, 4.2, 2.4])
        for c in plan["controls"]:
            for o in c["occasions"]:
                for d in o["deviations"]:
                    doc.paragraph(example(d, _("Avvikelse: %(title)s, %(date)s – %(status)s")
                                          % {"title": c["title"], "date": o["due_text"], "status": d["status_label"]}),
                                  bold=True, keep_with_next=True)
                    doc.paragraph(d["finding"])
                    if d["actions"]:
                        doc.paragraph(_("Åtgärder: %(a)s") % {"a": d["actions"]})
                    who = _("Ansvarig: %(who)s") % {"who": d["responsible"]}
                    if d["due_text"]:
                        who += ", " + _("klart senast %(date)s") % {"date": d["due_text"]}
                    if d["closed_at_text"]:
                        who += ". " + _("Stängd %(when)s") % {"when": d["closed_at_text"]}
                        if d["closing_note"]:
                            who += f": {d['closing_note']}"
                    doc.paragraph(who, italic=True)
