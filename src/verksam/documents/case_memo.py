"""A case (ärende) as a document in the memo's own structure — PDF and DOCX from one outline.

``memo_outline(case)`` reads the case once (``verksam.cases.queries.case_detail`` and the
statement summaries of ``verksam.cases.queries_comparison``) and lays it out as the memo does:

1. header "PM Rotel I (Dnr KS 2023/1237)" and title;
2. "Förslag till beslut": "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar
   följande." and the numbered points;
3. "Föredragande borgarrådet Karin Wanngård"; "Sammanfattning av ärendet"; "Beredning";
   "Föredragande borgarrådets synpunkter" (the rapporteur's views, ``Case.rapporteur_views``);
4. the date line "Stockholm den 10 januari 2024" and the rapporteur's name;
5. "Bilagor", numbered, each with its "dnr KS 2023/1237-1.x";
6. the statements in memo order under their body's heading ("Borgarrådsberedningen",
   "Kommunstyrelsen"): the opening sentence with persons and parties, the proposer's sentence,
   the statement's numbered points, its text and its proposed activities as a bulleted list; an
   identical statement ("likalydande med …") is the one sentence that says so; ersättaryttranden
   where the memo has them (after the reservations of their body);
7. the tjänsteutlåtande as the memo quotes it: under "Remissammanställningen" (a PM) the
   office's heading ("Stadsledningskontoret"), "Stadsledningskontorets tjänsteutlåtande daterat
   den 11 december 2023 har i huvudsak följande lydelse." and its paragraphs (``Document.text``).

``case_memo_pdf`` renders the outline through the template ``documents/case_memo.html``
(WeasyPrint, PDF/UA-1); ``case_memo_docx`` through ``DocxBuilder``. Only facts the case holds
are printed — nothing is added that the data does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verksam.cases.models import Case, DocumentKind, Stage, StatementKind
from verksam.cases.queries import case_detail
from verksam.cases.queries_comparison import (
    StatementSummary, TextBlock, load_case, lower_first, statement_summaries, upper_first,
)
from verksam.documents.docx_builder import DocxBuilder
from verksam.documents.formatting import MONTHS, format_long_date
from verksam.documents.pdf import render_pdf

PDF_TEMPLATE = "documents/case_memo.html"


@dataclass
class MemoStatement:
    """One statement as printed: ``intro`` ("Reservation av … enligt följande."), the optional
    ``proposer`` sentence ("Vi föreslår att kommunstyrelsen beslutar följande."), its ``points``
    as (number, text), and ``blocks`` (paragraphs and the bulleted proposed activities). An
    identical statement has only its ``intro``."""

    intro: str
    proposer: str = ""
    points: list[tuple[int, str]] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)
    kind: str = StatementKind.RESERVATION


@dataclass
class MemoGroup:
    """The statements made in one body, under its heading ("Kommunstyrelsen")."""

    heading: str
    statements: list[MemoStatement]


@dataclass
class MemoOutline:
    """The memo's parts in order (see the module docstring); empty parts are left out."""

    reference: str
    header: str
    title: str
    proposal_intro: str
    proposals: list[tuple[int, str]]
    rapporteur_line: str
    summary: list[str]
    prepared_line: str
    date_line: str
    signature: str
    attachments: list[tuple[int, str]]
    groups: list[MemoGroup]
    views_heading: str = ""
    views: list[str] = field(default_factory=list)
    report_section: str = ""
    report_heading: str = ""
    report_intro: str = ""
    report_text: list[str] = field(default_factory=list)
    language: str = "sv"

    @property
    def filename_stem(self) -> str:
        """The reference as a file name: "KS 2023/1237" → "KS-2023-1237"."""
        return filename_stem(self.reference)


def filename_stem(reference: str) -> str:
    """A reference as a safe file name stem: "KS 2023/1237" → "KS-2023-1237", "111-47/2016" →
    "111-47-2016"; anything but letters, digits, "." and "-" becomes "-"."""
    stem = re.sub(r"[^0-9A-Za-zÅÄÖåäö.-]+", "-", reference or "").strip("-")
    return stem or "arende"


def definite_role(role: str) -> str:
    """A role in definite form as after "Föredragande": "borgarråd" → "borgarrådet",
    "kommunalråd" → "kommunalrådet", "ordförande" → "ordföranden"; others unchanged."""
    role = (role or "").strip()
    if role.endswith("råd"):
        return f"{role}et"
    if role == "ordförande":
        return "ordföranden"
    return role


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a stored text (separated by a blank line), stripped; empty ones dropped."""
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def genitive(name: str) -> str:
    """Swedish genitive: "Stadsledningskontoret" → "Stadsledningskontorets", "Lars" → "Lars"."""
    name = (name or "").strip()
    return name if not name or name[-1] in "sxzSXZ" else f"{name}s"


def _views_heading(case: Case) -> str:
    """"Föredragande borgarrådets synpunkter" (from the rapporteur's role), else
    "Föredragandes synpunkter"."""
    role = definite_role(case.rapporteur_role) if case.rapporteur_role else ""
    return f"Föredragande {genitive(role)} synpunkter" if role else "Föredragandes synpunkter"


def _report_parts(case: Case, documents) -> tuple[str, str, str, list[str]]:
    """(section heading, office heading, intro sentence, paragraphs) of the quoted
    tjänsteutlåtande; empty when the case holds no text of it."""
    report = next((d for d in documents if d.kind == DocumentKind.OFFICIAL_REPORT and d.order == 0), None)
    if report is None or not report.text.strip():
        return "", "", "", []
    author = upper_first(report.author or "förvaltningen")
    dated = f" daterat den {format_long_date(report.date)}" if report.date else ""
    intro = f"{genitive(author)} tjänsteutlåtande{dated} har i huvudsak följande lydelse."
    section = "Remissammanställningen" if case.kind == DocumentKind.PM else "Tjänsteutlåtande"
    return section, author, intro, split_paragraphs(report.text)


def _date_place(case: Case) -> str:
    """The place of the date line: as the source memo writes it ("Stockholm den 10 januari
    2024"), else the municipality's name."""
    if case.date and case.source_text:
        month = MONTHS[case.date.month - 1]
        match = re.search(rf"([A-ZÅÄÖ][\wåäöÅÄÖ-]+)\s+den\s+{case.date.day}\s+{month}\s+{case.date.year}",
                          case.source_text)
        if match:
            return match.group(1)
    return case.municipality.name if case.municipality_id else ""


def _stage_body(steps, stage: str) -> str:
    return next((s.body_name for s in steps if s.stage == stage), "")


def _proposal_intro(case: Case, steps) -> str:
    proposer = _stage_body(steps, Stage.PREPARATION)
    decider = (case.responsible_unit.name if case.responsible_unit_id else "") or _stage_body(steps, Stage.EXECUTIVE)
    if proposer and decider:
        return f"{upper_first(proposer)} föreslår att {lower_first(decider)} beslutar följande."
    return ""


def _memo_statement(summary: StatementSummary, decider: str) -> MemoStatement:
    if summary.same_as is not None:
        return MemoStatement(intro=summary.intro, kind=summary.kind)
    points = [(p.number, p.text) for p in summary.points]
    proposer = ""
    if summary.kind == StatementKind.RESERVATION and points and decider:
        subject = "Jag" if len(summary.signatories) == 1 else "Vi"
        proposer = f"{subject} föreslår att {lower_first(decider)} beslutar följande."
    return MemoStatement(intro=summary.intro, proposer=proposer, points=points, blocks=summary.blocks,
                         kind=summary.kind)


def memo_outline(case: Case) -> MemoOutline:
    """Read ``case`` and lay it out as the memo (constant number of queries)."""
    case = load_case(case)
    detail = case_detail(case)
    reference = case.reference
    kind_name = case.kind_name
    header = " ".join(p for p in [kind_name, case.rotel] if p) + f" (Dnr {reference})"
    rapporteur = case.rapporteur.name if case.rapporteur_id else ""
    if rapporteur and case.kind == DocumentKind.PM and case.rapporteur_role:
        rapporteur_line = f"Föredragande {definite_role(case.rapporteur_role)} {rapporteur}"
    elif rapporteur:
        role = f" ({case.rapporteur_role})" if case.rapporteur_role else ""
        rapporteur_line = f"Föredragande: {rapporteur}{role}"
    else:
        rapporteur_line = ""
    date_line = ""
    if case.date:
        place = _date_place(case)
        date_line = f"{place} den {format_long_date(case.date)}" if place else f"Den {format_long_date(case.date)}"
    decider = case.responsible_unit.name if case.responsible_unit_id else _stage_body(detail.steps, Stage.EXECUTIVE)
    groups: list[MemoGroup] = []
    for summary in statement_summaries(detail.statements):
        if not groups or groups[-1].heading.casefold() != summary.body_label.casefold():
            groups.append(MemoGroup(heading=summary.body_label, statements=[]))
        groups[-1].statements.append(_memo_statement(summary, decider))
    attachments = [(a.number, f"{a.title}, dnr {a.reference}" if a.reference else a.title)
                   for a in detail.attachments]
    report_section, report_heading, report_intro, report_text = _report_parts(case, detail.documents)
    views = split_paragraphs(case.rapporteur_views)
    return MemoOutline(
        reference=reference,
        header=header,
        title=case.title,
        proposal_intro=_proposal_intro(case, detail.steps),
        proposals=[(p.number, p.text) for p in detail.proposals],
        rapporteur_line=rapporteur_line,
        summary=[p.strip() for p in re.split(r"\n\s*\n", case.summary or "") if p.strip()],
        prepared_line=f"Ärendet har beretts av {case.prepared_by}." if case.prepared_by else "",
        date_line=date_line,
        signature=rapporteur if date_line else "",
        attachments=attachments,
        groups=groups,
        views_heading=_views_heading(case) if views else "",
        views=views,
        report_section=report_section,
        report_heading=report_heading,
        report_intro=report_intro,
        report_text=report_text,
    )


def case_memo_pdf(case: Case) -> tuple[bytes, str]:
    """The case as a PDF in the memo's structure: (bytes, file name "KS-2023-1237.pdf")."""
    outline = memo_outline(case)
    return render_pdf(PDF_TEMPLATE, {"memo": outline}), f"{outline.filename_stem}.pdf"


def case_memo_docx(case: Case) -> tuple[bytes, str]:
    """The case as a Word document in the memo's structure: (bytes, "KS-2023-1237.docx")."""
    outline = memo_outline(case)
    builder = DocxBuilder(title=f"{outline.title} ({outline.reference})")
    builder.document.sections[0].different_first_page_header_footer = True
    builder.page_header(outline.header)
    builder.page_numbers()
    builder.paragraph(outline.header, bold=True)
    builder.title(outline.title)
    builder.heading("Förslag till beslut", 1)
    if outline.proposal_intro:
        builder.paragraph(outline.proposal_intro)
    builder.numbered_list(outline.proposals)
    if outline.rapporteur_line:
        builder.paragraph(outline.rapporteur_line, bold=True, space_before=12)
    if outline.summary:
        builder.heading("Sammanfattning av ärendet", 2)
        for paragraph in outline.summary:
            builder.paragraph(paragraph)
    if outline.prepared_line:
        builder.heading("Beredning", 2)
        builder.paragraph(outline.prepared_line)
    if outline.views:
        builder.heading(outline.views_heading, 2)
        for paragraph in outline.views:
            builder.paragraph(paragraph)
    if outline.date_line:
        builder.paragraph(outline.date_line, space_before=18)
        builder.paragraph(outline.signature)
    if outline.attachments:
        builder.heading("Bilagor", 2)
        builder.numbered_list(outline.attachments)
    for group in outline.groups:
        builder.heading(group.heading, 1)
        for statement in group.statements:
            builder.paragraph(statement.intro, bold=True, keep_with_next=bool(statement.points or statement.blocks),
                              space_before=10)
            if statement.proposer:
                builder.paragraph(statement.proposer)
            builder.numbered_list(statement.points)
            for block in statement.blocks:
                if block.kind == "bullets":
                    builder.bulleted_list(block.items)
                else:
                    builder.paragraph(block.text)
    if outline.report_text:
        builder.heading(outline.report_section, 1)
        builder.heading(outline.report_heading, 2)
        builder.paragraph(outline.report_intro)
        for paragraph in outline.report_text:
            builder.paragraph(paragraph)
    return builder.to_bytes(), f"{outline.filename_stem}.docx"
