"""Report outputs: PDF (tagged, exact facts, charts with alternative text), DOCX, the SVG chart,
the HTML page with its Chart.js data block, and report_data's constant number of queries."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup import actions, reports
from verksam.followup.models import GoalAssessment, IndicatorAssessment
from verksam.followup.report_data import format_measure, report_data
from verksam.followup.report_output import filename, render_report_pdf
from verksam.followup.svg_charts import nice_ticks, trend_chart_svg
from verksam.organisation.models import Unit, UnitKind
from verksam.planning.models import Direction, Goal, GoalLevel, Indicator, Plan, PlanKind, Target

from tests.conftest import PASSWORD
from tests.followup.report_helpers import make_report_data, text_of

SICK_ALT = ("Sjukfrånvaro: utfall per period jämfört med årsmålet. "
            "T1 2024 utfall 4,9 %, årsmål 4,5 %; T2 2024 utfall 4,8 %, årsmål 4,5 %.")


@pytest.fixture
def approved(city):
    follow = make_report_data(city)
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    reports.edit_report(report, summary="Kommunstyrelsen når de flesta årsmålen för 2024.",
                        acting_user=city.users.ks_editor)
    for section in report.sections.all():
        reports.mark_section_ready(section, acting_user=city.users.ks_editor)
    return reports.approve_report(report, acting_user=city.users.ks_controller)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return text_of("\n".join(page.extract_text() for page in reader.pages))


def _figure_alts(content: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    alts = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure" and node.get("/Alt"):
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return alts


def test_values_are_written_the_swedish_way_with_their_unit():
    assert format_measure(Decimal("4.8000"), "%") == "4,8\u00a0%"
    assert format_measure(Decimal("1234.5"), "antal") == "1\u00a0234,5"
    assert format_measure(Decimal("12500"), "kr") == "12\u00a0500\u00a0kr"
    assert format_measure(None, "%") == "–"


@pytest.mark.django_db
def test_the_pdf_opens_and_holds_the_names_values_and_verdicts(approved):
    content = bytes(approved.pdf)
    text = _pdf_text(content)
    for fact in ("Stockholms stad", "Tertialrapport 2 2024", "Uppföljning per 31 augusti 2024",
                 "Verksamhetsplan 2024 för kommunstyrelsen (dnr KS 2023/1237)", "av ks_controller",
                 "Kommunstyrelsen når de flesta årsmålen för 2024.",
                 "Sjukfrånvaro", "Andel invånare som känner sig trygga", "Stadsledningskontoret",
                 "4,8 %", "4,6 %", "4,5 %", "81,5 %", "80 %", "5,1 %", "kvinnor 5,6 %", "män 3,7 %",
                 "Årsmålet uppnås delvis", "Årsmålet uppnås helt", "Uppfyllt delvis",
                 "Sjukfrånvaron minskar men når inte årsmålet i år.", "Leda stadens trygghetssatsning",
                 "Nämndmål 3.5.1 Kommunstyrelsen har ett hållbart medarbetarskap"):
        assert fact in text, fact
    assert "4.8" not in text and "Utkast" not in text


@pytest.mark.django_db
def test_the_pdf_is_tagged_and_each_chart_carries_its_alternative_text(approved):
    from pypdf import PdfReader

    content = bytes(approved.pdf)
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "sv"
    alts = _figure_alts(content)
    assert text_of(SICK_ALT) in [text_of(a) for a in alts]
    assert any(a.startswith("Andel invånare som känner sig trygga: utfall per period") for a in alts)


@pytest.mark.django_db
def test_the_docx_opens_and_says_what_the_pdf_says(approved):
    from docx import Document

    document = Document(io.BytesIO(bytes(approved.docx)))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    text = text_of("\n".join(parts))
    for fact in ("Tertialrapport 2 2024", "Per 31 augusti 2024", "Godkänd", "Sjukfrånvaro",
                 "Andel invånare som känner sig trygga", "4,8 %", "4,6 %", "4,5 %", "81,5 %", "5,1 %",
                 "kvinnor 5,6 %, män 3,7 %", "Årsmålet uppnås delvis", "Årsmålet uppnås helt",
                 "Bedömning: Uppfyllt delvis", "Sjukfrånvaron minskar men når inte årsmålet i år.",
                 "Leda stadens trygghetssatsning", "Planerad", "Stadsledningskontoret"):
        assert fact in text, fact
    # the trend as a table of values per period
    assert ["T1 2024", "4,9\u00a0%", "4,5\u00a0%"] in [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert document.core_properties.title == "Tertialrapport 2 2024 – Kommunstyrelsen"


@pytest.mark.django_db
def test_the_svg_chart_carries_the_alternative_text(approved):
    row = [r for b in approved.snapshot["sections"][0]["blocks"] for g in b["goals"] for r in g["indicators"]
           if r["name"] == "Sjukfrånvaro"][0]
    assert row["chart_alt"] == SICK_ALT.replace("4,9 %", "4,9\u00a0%").replace("4,5 %", "4,5\u00a0%").replace(
        "4,8 %", "4,8\u00a0%")
    svg = trend_chart_svg(row["series"], chart_id="c1", title=row["chart_alt"], unit_of_measure="%")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert f'<title id="c1-title">{row["chart_alt"]}</title>' in svg
    assert ">4,9\u00a0%</text>" in svg and ">T2 2024</text>" in svg and "stroke-dasharray" in svg


def test_the_svg_chart_escapes_text_and_draws_an_empty_series():
    svg = trend_chart_svg([{"label": "T1 <2024>", "value": None, "text": "–", "target": None, "target_text": "–"}],
                          chart_id="x", title="A & B <script>")
    assert "<script>" not in svg and "A &amp; B &lt;script&gt;" in svg and "Inga värden" in svg
    assert nice_ticks(4.5, 4.9) == [4.5, 4.6, 4.7, 4.8, 4.9]


@pytest.mark.django_db
def test_the_report_page_has_the_chartjs_data_block_and_tables_for_each_chart(client, approved):
    response = client.get(reverse("followup_reports:detail", args=[approved.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<script id="report-charts" type="application/json">(.*?)</script>', html, re.S)
    ks_section = approved.snapshot["sections"][0]["id"]
    charts = {c["id"]: c for c in json.loads(match.group(1))}
    # a trend needs two measured periods: Stadsledningskontoret's single T2 value gets no chart
    assert [c["name"] for c in charts.values()] == ["Andel invånare som känner sig trygga", "Sjukfrånvaro"]
    charts["Sjukfrånvaro"] = charts[f"chart-{ks_section}-{approved.plan.indicators.get(name='Sjukfrånvaro').pk}"]
    assert charts["Sjukfrånvaro"]["labels"] == ["T1 2024", "T2 2024"]
    assert charts["Sjukfrånvaro"]["values"] == [4.9, 4.8] and charts["Sjukfrånvaro"]["targets"] == [4.5, 4.5]
    assert "vendor/chart-4.6.1.umd.min.js" in html and "followup/charts.js" in html
    assert f'aria-label="{SICK_ALT}"'.replace(" %", "\u00a0%") in html.replace("&nbsp;", "\u00a0")
    assert "Visa värdena som tabell" in html
    assert "Rapporten godkändes" in html and "Rättelser efter godkännandet" in html


@pytest.mark.django_db
def test_the_approved_page_shows_the_snapshot_and_lists_corrections(client, city, approved):
    period = approved.period
    period.status = "locked"
    period.save()
    actions.enter_outcome(city.safety, city.ks, period, value=Decimal("70"), correction_reason="Fel enkät",
                          acting_user=city.users.ks_controller)
    reports.correct_report(approved, reason="Fel enkät användes.", change="Trygghet: 81,5 % ska vara 70 %.",
                           acting_user=city.users.ks_controller)
    html = text_of(client.get(reverse("followup_reports:detail", args=[approved.pk])).content.decode())
    assert "81,5 %" in html and "70 %" not in html.split("Rättelser efter godkännandet")[0]
    assert "Fel enkät användes." in html and "Trygghet: 81,5 % ska vara 70 %." in html


@pytest.mark.django_db
def test_the_pdf_and_docx_downloads_are_the_frozen_files(client, approved):
    pdf = client.get(reverse("followup_reports:pdf", args=[approved.pk]))
    assert pdf.status_code == 200 and pdf.content == bytes(approved.pdf)
    assert pdf["Content-Disposition"] == 'attachment; filename="Tertialrapport-2-2024-KS.pdf"'
    docx = client.get(reverse("followup_reports:docx", args=[approved.pk]))
    assert docx.content == bytes(approved.docx)
    assert filename(approved.snapshot, "docx") == "Tertialrapport-2-2024-KS.docx"


@pytest.mark.django_db
def test_a_draft_pdf_says_it_is_a_draft(city):
    follow = make_report_data(city)
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    text = _pdf_text(render_report_pdf(report_data(report)))
    assert "Utkast – rapporten är inte godkänd." in text


def _grow(city, follow, n: int) -> None:
    """n more units beneath KS, each with its own plan, goal, two indicators with årsmål,
    outcomes at T1 and T2, and assessments."""
    for i in range(n):
        unit = Unit.objects.create(municipality=city.municipality, parent=city.ks, kind=UnitKind.DEPARTMENT,
                                   name=f"Avdelning {i}", short_name=f"A{i}")
        plan = Plan.objects.create(unit=unit, year=2024, kind=PlanKind.OPERATIONAL_PLAN, title=f"VP 2024 A{i}")
        goal = Goal.objects.create(plan=plan, parent=city.board_goal_2, level=GoalLevel.UNIT, code=f"3.5.1.{i}",
                                   title=f"Enhetsmål {i}", owner_unit=unit)
        for j, direction in enumerate((Direction.LOWER, Direction.HIGHER)):
            indicator = Indicator.objects.create(plan=plan, goal=goal, name=f"Indikator {i}.{j}", unit_of_measure="%",
                                                 direction=direction, responsible_unit=unit)
            Target.objects.create(plan=plan, indicator=indicator, unit=unit, year=2024, value=Decimal("50"))
            for period, value in ((follow.t1, "48"), (follow.t2, "51.5")):
                actions.enter_outcome(indicator, unit, period, value=Decimal(value), acting_user=city.users.admin)
            IndicatorAssessment.objects.create(indicator=indicator, unit=unit, period=follow.t2, proposed="helt",
                                               verdict="delvis", reason="Osäkert underlag")
        GoalAssessment.objects.create(goal=goal, unit=unit, period=follow.t2, rule_id="weighted_score_v1",
                                      proposed="delvis", verdict="delvis")


def _count(report) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        data = report_data(report)
    return len(queries), data


@pytest.mark.django_db
def test_report_data_reads_in_the_same_number_of_queries_at_two_sizes(city):
    follow = make_report_data(city)
    _grow(city, follow, 1)
    small = reports.create_report(city.ks, follow.t2, acting_user=city.users.admin)
    small_count, small_data = _count(small)
    _grow(city, follow, 6)
    large = reports.create_report(city.ks, follow.t2, acting_user=city.users.admin)
    large_count, large_data = _count(large)
    assert len(small_data["sections"]) == 3 and len(large_data["sections"]) == 9
    assert large_data["overview"]["measured_text"] == "17 av 17 indikatorer mätta"
    assert small_count == large_count == 24  # 20 for the goals and indicators, 4 for internal control


@pytest.mark.django_db
def test_the_report_page_reads_in_the_same_number_of_queries_at_two_sizes(client, city):
    follow = make_report_data(city)
    client.login(username="ks_controller", password=PASSWORD)
    _grow(city, follow, 1)
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.admin)
    url = reverse("followup_reports:detail", args=[report.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(city, follow, 5)
    reports.create_report(city.ks, follow.t2, acting_user=city.users.admin)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)
