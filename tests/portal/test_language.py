"""English through gettext: the language switch in the footer changes the UI language."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_footer_offers_the_language_switch_in_swedish_by_default(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="sv">' in html
    assert 'action="/i18n/setlang/"' in html
    assert ">Byt språk</button>" in html
    assert ">Planer</h2>" in html


@pytest.mark.django_db
def test_switching_to_english_translates_navigation_start_and_organisation_pages(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="en">' in home
    assert ">Plans</h2>" in home
    assert "Skip to content" in home
    assert ">Change language</button>" in home
    assert "Browse the organisation" in home
    units = client.get(reverse("organisation:unit_list")).content.decode()
    assert "No units yet. Run “verksam demo” to load the demo." in units


@pytest.mark.django_db
def test_the_plan_page_reads_in_english(client, city):
    client.force_login(city.users.ks_reader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert "Strategic goal" in html
    assert "Board goal" in html
    assert "Lower is better" in html
    assert "Annual target" in html
    assert "Draft" in html
    # Data stays as entered: the goals are Swedish.
    assert "Ett grönt och fossilfritt Stockholm" in html
