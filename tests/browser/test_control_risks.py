"""The KS editor logs in, opens the risk analysis, adds a risk scored 2 × 3 and sees it numbered
in the heat map's cell (sannolikhet 2, konsekvens 3) and in the risk's history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD, require_or_skip
from verksam.control import actions
from verksam.control.models import Risk, RiskCategory


@pytest.fixture
def ic(city):
    """KF's default 4 × 4 matrix and KS's 2024 risk analysis with one risk scored 3 × 4."""
    matrix = actions.create_matrix(city.kf, name="Stadens riskmatris", acting_user=city.users.admin)
    analysis = actions.create_risk_analysis(city.ks, 2024, matrix=matrix, plan=city.ks_plan,
                                            acting_user=city.users.ks_editor)
    actions.create_risk(analysis, acting_user=city.users.ks_editor, title="Bristande samordning",
                        category=RiskCategory.OPERATIONAL, inherent_likelihood=3, inherent_consequence=4)
    return type("IC", (), {"version": matrix.latest_version()})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_adds_a_risk_and_sees_it_in_the_heat_map_and_the_history(city, ic, live_server):
    require_or_skip(Path(CHROMIUM).exists(), f"chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    analysis_path = f"/internkontroll/{city.ks.pk}/2024/riskanalys/"
    version_pk = ic.version.pk
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="sv-SE")
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/konto/logga-in/?next={analysis_path}")
            page.get_by_label("Användarnamn").fill("ks_editor")
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url(f"{live_server.url}{analysis_path}")
            expect(page.locator(f"#cell-{version_pk}-2-3 .risk-marker")).to_have_count(0)

            page.get_by_role("button", name="Ny risk").click()
            page.wait_for_url(f"{live_server.url}{analysis_path}risk/ny/")
            page.get_by_role("textbox", name="Risk", exact=True).fill("Driftstopp i ekonomisystemet")
            page.get_by_role("combobox", name="Kategori").select_option(label="IT")
            page.get_by_role("textbox", name="Riskägare").fill("IT-chefen")
            page.get_by_role("spinbutton", name="Sannolikhet", exact=True).fill("2")
            page.get_by_role("spinbutton", name="Konsekvens", exact=True).fill("3")
            page.get_by_role("button", name="Spara").click()

            page.wait_for_url(re.compile(re.escape(f"{live_server.url}{analysis_path}") + r"#risk-\d+$"))
            expect(page.get_by_role("status")).to_have_text("Risken har lagts till.")
            marker = page.locator(f"#cell-{version_pk}-2-3").get_by_role("link")
            expect(marker).to_have_count(1)
            expect(marker).to_have_text("Risk 2: Driftstopp i ekonomisystemet")
            expect(page.locator(f"#cell-{version_pk}-2-3 .cell-score")).to_contain_text("6 · medel")
            row = page.locator("table.risks tr", has_text="Driftstopp i ekonomisystemet")
            expect(row.locator(".score-inherent")).to_have_text("2 × 3 = 6")

            marker.click()  # the number leads to the risk in the list
            assert re.search(r"#risk-\d+$", page.url)
            row.get_by_role("link", name=re.compile(r"^Historik")).click()
            page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/historik/risk/\d+/$"))
            expect(page.locator("#history-object")).to_have_text("Driftstopp i ekonomisystemet")
            newest = page.locator("#history tbody tr").first
            expect(newest).to_have_class(re.compile(r"history-created"))
            expect(newest.locator(".history-user")).to_have_text("ks_editor")
        finally:
            browser.close()
    # Read the database only outside Playwright's event loop (see test_edit_target).
    risk = Risk.objects.get(title="Driftstopp i ekonomisystemet")
    assert (risk.inherent_likelihood, risk.inherent_consequence, risk.inherent_score) == (2, 3, 6)
