"""A visitor opens KS's approved tertialrapport 2 and sees the indicator trend charts drawn by
Chart.js from the page's data block, each with its values as a table beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import require_or_skip
from tests.followup.report_helpers import make_report_data
from verksam.followup import reports


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_report_page_draws_the_trend_charts_with_chartjs(city, live_server):
    require_or_skip(Path(CHROMIUM).exists(), f"chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    follow = make_report_data(city)
    report = reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)
    for section in report.sections.all():
        reports.mark_section_ready(section, acting_user=city.users.ks_editor)
    report = reports.approve_report(report, acting_user=city.users.ks_controller)
    sick_chart = f"chart-{report.snapshot['sections'][0]['id']}-{city.sick_leave.pk}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="sv-SE", viewport={"width": 1280, "height": 1800})
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/uppfoljning/rapporter/{report.pk}/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Tertialrapport 2 2024")
            canvas = page.locator(f"#{sick_chart}")
            expect(canvas).to_have_attribute("role", "img")
            page.wait_for_function(f"() => window.Chart && Chart.getChart(document.getElementById('{sick_chart}'))")
            data = page.evaluate(f"() => Chart.getChart(document.getElementById('{sick_chart}')).data")
            labels = page.evaluate(f"() => Chart.getChart(document.getElementById('{sick_chart}')).data.labels")
            figure = page.locator("figure.report-chart", has=canvas)
            figure.get_by_text("Visa värdena som tabell").click()
            first_row = figure.locator("table tbody tr").first
            expect(first_row).to_be_visible()
            cells = first_row.locator("th, td").all_text_contents()
            if os.environ.get("VERKSAM_SCREENSHOT_DIR"):
                page.screenshot(path=os.path.join(os.environ["VERKSAM_SCREENSHOT_DIR"], "report.png"), full_page=True)
        finally:
            browser.close()
    assert cells == ["T1 2024", "4,9\u00a0%", "4,5\u00a0%"]
    assert labels == ["T1 2024", "T2 2024"]
    assert [d["data"] for d in data["datasets"]] == [[4.9, 4.8], [4.5, 4.5]]
    assert [d["label"] for d in data["datasets"]] == ["Utfall", "Årsmål"]
