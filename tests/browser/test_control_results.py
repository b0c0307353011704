"""The KS editor logs in, opens KS's internkontrollplan 2024, records "Avvikelse" with a deviation
(åtgärder, ansvarig, klart senast) on the T2 occasion of an open period, sees it saved on the
plan and on the deviations page; the database holds the result and the open deviation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD, require_or_skip
from tests.control.conftest import ic  # noqa: F401  (the internal-control fixture)
from verksam.control.models import ControlResult, Deviation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_ks_editor_records_a_deviation_and_finds_it_on_the_deviations_page(ic, city, live_server):
    require_or_skip(Path(CHROMIUM).exists(), f"chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    t2_occasion = list(ic.control.occasions.order_by("due"))[1]
    url = f"/internkontroll/{city.ks.pk}/2024/kontrollplan/"
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
            expect(page.get_by_role("heading", level=1)).to_have_text("Internkontrollplan 2024: Kommunstyrelsen")
            expect(page.locator("#period-T2")).to_have_text("Öppen")

            cell = page.locator(f"#occasion-{t2_occasion.pk}")
            expect(cell).to_have_text("31 aug: Förfallet, ej registrerat")
            cell.get_by_role("link").click()
            expect(page.locator("#period-info")).to_contain_text("Resultatet hör till Tertialrapport 2 2024")
            page.get_by_label("Avvikelse", exact=True).check()
            page.get_by_label("Iakttagelse", exact=True).fill("Två trygghetsinsatser saknade uppföljning")
            page.get_by_label("Åtgärder", exact=True).fill("Rutin för uppföljning tas fram")
            page.get_by_label("Ansvarig för åtgärderna").fill("Avdelningschef trygghet")
            page.get_by_label("Klart senast").fill("2024-10-31")
            page.get_by_role("button", name="Spara resultat").click()

            page.wait_for_url(f"{live_server.url}{url}#control-{ic.control.pk}")
            expect(page.get_by_role("status")).to_have_text("Resultatet och avvikelsen har sparats.")
            expect(page.locator(f"#occasion-{t2_occasion.pk}")).to_have_text("31 aug: Avvikelse (1 öppen avvikelse)")

            page.get_by_role("link", name="Avvikelser", exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Avvikelser 2024: Kommunstyrelsen")
            row = page.locator("#open-deviations tbody tr")
            expect(row).to_have_count(1)
            expect(row.locator(".control")).to_have_text("Uppföljning av trygghetsinsatser")
            expect(row.locator(".occasion")).to_have_text("31 aug 2024")
            expect(row.locator(".finding")).to_have_text("Två trygghetsinsatser saknade uppföljning")
            expect(row.locator(".actions")).to_have_text("Rutin för uppföljning tas fram")
            expect(row.locator(".responsible")).to_have_text("Avdelningschef trygghet")
            expect(row.locator(".due")).to_contain_text("31 okt 2024")
            expect(row.locator(".status")).to_have_text("Öppen")
        finally:
            browser.close()
    # Read the database only outside Playwright's event loop (see test_edit_target.py).
    result = ControlResult.objects.get(occasion=t2_occasion)
    assert (result.outcome, result.as_of, result.period, result.entered_by) == (
        "deviation", dt.date(2024, 8, 31), ic.t2, city.users.ks_editor)
    deviation = Deviation.objects.get()
    assert (deviation.result, deviation.responsible, deviation.due, deviation.status) == (
        result, "Avdelningschef trygghet", dt.date(2024, 10, 31), "open")
