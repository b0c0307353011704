"""An editor logs in, opens KS's T1 entry page, enters sjukfrånvaro 4,8 (kvinnor 5,6, män 3,7)
with the full-year forecast 4,6 — the verdict proposal updates as they type — saves, and sees
the values and the verdict proposal on the page; the database holds them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD, require_or_skip
from tests.planning.edit_helpers import fast_passwords  # noqa: F401
from verksam.followup import actions
from verksam.followup.models import Outcome


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_enters_ks_t1_outcomes_and_sees_them_with_the_verdict_proposal(city, live_server):
    require_or_skip(Path(CHROMIUM).exists(), f"chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    t1 = actions.ensure_periods(city.municipality, 2024)[0]
    sick = city.sick_leave
    url = f"/uppfoljning/2024/t1/enhet/{city.ks.pk}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="sv-SE")
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/konto/logga-in/?next={url}")
            page.get_by_label("Användarnamn").fill("ks_editor")
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url(f"{live_server.url}{url}")
            expect(page.get_by_role("heading", level=1)).to_have_text("Tertialrapport 1 2024: Kommunstyrelsen")

            row = page.locator(f"#row-{sick.pk}")
            expect(row.locator(".target")).to_contain_text("4,5\u00a0%")
            expect(row.locator(".proposal")).to_have_text("Ej mätt")
            row.get_by_label("Utfall", exact=True).fill("4,8")
            row.get_by_label("Kvinnor", exact=True).fill("5,6")
            row.get_by_label("Män", exact=True).fill("3,7")
            row.get_by_label("Helårsprognos", exact=True).fill("4,6")
            row.get_by_label("Helårsprognos", exact=True).press("Tab")
            # the proposal follows the typed values before anything is saved (htmx, server-side rule)
            expect(row.locator(".proposal")).to_have_text("Årsmålet uppnås delvis (utifrån prognosen)")
            page.get_by_role("button", name="Spara").click()

            expect(page.get_by_role("status")).to_have_text("Utfallen har sparats: 1 nytt.")
            assert page.url == f"{live_server.url}{url}"
            row = page.locator(f"#row-{sick.pk}")
            expect(row.get_by_label("Utfall", exact=True)).to_have_value("4,8")
            expect(row.get_by_label("Kvinnor", exact=True)).to_have_value("5,6")
            expect(row.get_by_label("Män", exact=True)).to_have_value("3,7")
            expect(row.get_by_label("Helårsprognos", exact=True)).to_have_value("4,6")
            expect(row.locator(".proposal")).to_have_text("Årsmålet uppnås delvis (utifrån prognosen)")
            expect(row.locator(".entry-meta")).to_contain_text("Avser 30 april 2024")
            expect(row.locator(".entry-meta")).to_contain_text("av ks_editor")
            # the other indicator was left empty and is still not measured
            expect(page.locator(f"#row-{city.safety.pk} .proposal")).to_have_text("Ej mätt")
        finally:
            browser.close()
    # Read the database only outside Playwright's event loop (see test_edit_target.py).
    outcome = Outcome.objects.get(indicator=sick, unit=city.ks, period=t1)
    assert (outcome.value, outcome.value_women, outcome.value_men, outcome.forecast) == (
        Decimal("4.8"), Decimal("5.6"), Decimal("3.7"), Decimal("4.6"))
    assert outcome.as_of == dt.date(2024, 4, 30) and outcome.entered_by == city.users.ks_editor
    assert not Outcome.objects.filter(indicator=city.safety).exists()
