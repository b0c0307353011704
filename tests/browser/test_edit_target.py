"""An editor logs in, changes the sjukfrånvaro årsmål from 4,5 to 4,2 inline on the plan page,
sees it saved and finds the change in the history with their user name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD, require_or_skip
from tests.planning.edit_helpers import fast_passwords  # noqa: F401
from verksam.planning.models import Target


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_changes_an_arsmal_and_sees_it_saved_and_in_the_history(city, live_server):
    require_or_skip(Path(CHROMIUM).exists(), f"chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    target = city.sick_target
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="sv-SE")
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/konto/logga-in/?next=/planer/{city.ks_plan.pk}/")
            page.get_by_label("Användarnamn").fill("ks_editor")
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url(f"{live_server.url}/planer/{city.ks_plan.pk}/")

            cell = page.locator(f"#target-{target.pk}")
            expect(cell.locator(".target-value")).to_have_text("4,5 %")
            cell.get_by_role("link", name="Ändra årsmålet").click()

            form = page.locator(f"form#target-{target.pk}")  # swapped in by htmx, no page load
            expect(form.get_by_label("Årsmål", exact=True)).to_have_value("4,5")
            assert page.url == f"{live_server.url}/planer/{city.ks_plan.pk}/"  # edited in place
            form.get_by_label("Årsmål", exact=True).fill("4,2")
            form.get_by_role("button", name="Spara").click()

            expect(page.locator(f"div#target-{target.pk} .target-value")).to_have_text("4,2 %")
            page.reload()
            expect(page.locator(f"#target-{target.pk} .target-value")).to_have_text("4,2 %")

            page.locator(f"#target-{target.pk}").get_by_role("link", name="Historik").click()
            page.wait_for_url(f"{live_server.url}/historik/arsmal/{target.pk}/")
            newest = page.locator("#history tbody tr").first
            expect(newest.locator(".history-user")).to_have_text("ks_editor")
            expect(newest.locator('li[data-field="value"]')).to_have_text("Årsmål: 4,5 → 4,2")
        finally:
            browser.close()
    # Read the database only outside Playwright's event loop: inside it Django would open a second
    # connection in another context, which PostgreSQL then keeps open past the test.
    assert Target.objects.get(pk=target.pk).value == Decimal("4.2")
