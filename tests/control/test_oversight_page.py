"""The KS oversight page /internkontroll/: every readable board side by side with its figures
and traffic light, filters, the risk list, who sees what, and a constant query count."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse

from tests.control.oversight_helpers import build_three_boards
from tests.control.test_overview import add_risks, build_boards
from verksam.control import queries_overview

pytestmark = pytest.mark.django_db

URL = "/internkontroll/"


def _text(element) -> str:
    return " ".join(element.text_content().split())


def board_rows(html: str) -> dict[str, list[str]]:
    """Row id → the texts of its cells, in the oversight table."""
    tree = lxml.html.fromstring(html)
    return {row.get("id"): [_text(cell) for cell in row.xpath("./th|./td")]
            for row in tree.xpath("//table[@id='oversight-table']/tbody/tr")}


def risk_rows(html: str) -> list[list[str]]:
    tree = lxml.html.fromstring(html)
    return [[_text(cell) for cell in row.xpath("./td")] for row in tree.xpath("//table[@id='risk-list']/tbody/tr")]


def text_by_id(html: str, element_id: str) -> str:
    (element,) = lxml.html.fromstring(html).xpath(f"//*[@id='{element_id}']")
    return _text(element)


def test_anonymous_visitors_are_sent_to_the_login_page(client, city):
    response = client.get(URL + "?year=2024")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/internkontroll/%3Fyear%3D2024"


def test_ks_controllers_see_every_board_side_by_side(client, city, ic):
    boards = build_three_boards(ic, city)
    client.force_login(city.users.ks_controller)

    response = client.get(URL + "?year=2024")  # as of 31 December 2024 (the year has passed)

    assert response.status_code == 200
    html = response.content.decode()
    assert board_rows(html) == {
        f"board-{city.ks.pk}": [
            "Kommunstyrelsen", "Gul", "Godkänt (version 1)", "1 risk låg: 0 medel: 0 hög: 1", "1", "2 / 3", "0 / 1",
            "Resultat saknas för 1 av 3 kontrolltillfällen"],
        f"board-{city.utn.pk}": [
            "Utbildningsnämnden", "Röd", "Saknas", "1 risk låg: 0 medel: 1 hög: 0", "–", "0 / 0", "0 / 0",
            "Internkontrollplan saknas System för internkontroll saknas"],
        f"board-{boards.son.pk}": [
            "Socialnämnden", "Röd", "Saknas", "1 risk låg: 1 medel: 0 hög: 0", "1", "3 / 12", "1 / 1",
            "1 öppen avvikelse är försenad Resultat saknas för 1 kontrolltillfälle i Tertialrapport 1 2024, som är "
            "stängd Resultat saknas för 9 av 12 kontrolltillfällen 1 öppen avvikelse System för internkontroll saknas"],
    }
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//tr[contains(@class, 'stands-out')]/@id") == [
        f"board-{city.ks.pk}", f"board-{city.utn.pk}", f"board-{boards.son.pk}"]
    assert tree.xpath(f"//tr[@id='board-{city.utn.pk}']/th/a/@href") == [f"/internkontroll/{city.utn.pk}/2024/"]
    assert tree.xpath(f"//tr[@id='board-{city.ks.pk}']//span[contains(@class, 'light')]/@class") == ["light light-yellow"]
    assert text_by_id(html, "risk-count") == "3 risker matchar."
    assert risk_rows(html) == [
        ["KS", "Bristande samordning av trygghetsarbetet", "1.1.1 Kommunstyrelsen leder stadens trygghetsarbete",
         "1.1 Stockholm är en tryggare stad", "Verksamhet", "–", "hög (12)"],
        ["UTN", "Lärarbrist", "3.5 Stockholms stad är en attraktiv arbetsgivare",
         "3.5 Stockholms stad är en attraktiv arbetsgivare", "Personal", "Rekrytering", "medel (4)"],
        ["SON", "Felaktiga utbetalningar", "–", "–", "Legal", "Utbetalning", "låg (3)"],
    ]
    assert tree.xpath("//nav//a[@href='/internkontroll/']/text()") == ["Internkontroll"]


def test_filters_narrow_the_figures_and_the_risk_list(client, city, ic):
    boards = build_three_boards(ic, city)
    client.force_login(city.users.ks_controller)

    html = client.get(URL, {"year": 2024, "process": "Utbetalning"}).content.decode()
    rows = board_rows(html)
    assert rows[f"board-{city.ks.pk}"][3:7] == ["0 risker låg: 0 medel: 0 hög: 0", "0", "0 / 0", "0 / 0"]
    assert rows[f"board-{city.ks.pk}"][1] == "Grön"
    assert rows[f"board-{boards.son.pk}"][3:7] == ["1 risk låg: 1 medel: 0 hög: 0", "1", "3 / 12", "1 / 1"]
    assert [r[1] for r in risk_rows(html)] == ["Felaktiga utbetalningar"]
    assert "Siffrorna gäller de risker som matchar filtren" in text_by_id(html, "filter-note")
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//select[@name='process']/option[@selected]/@value") == ["Utbetalning"]

    html = client.get(URL, {"year": 2024, "goal": city.directions[0].pk, "level": "hög"}).content.decode()
    assert [r[1] for r in risk_rows(html)] == ["Bristande samordning av trygghetsarbetet"]
    assert board_rows(html)[f"board-{city.ks.pk}"][3:7] == ["1 risk låg: 0 medel: 0 hög: 1", "1", "2 / 3", "0 / 1"]
    html = client.get(URL, {"year": 2024, "category": "staff", "level": "hög"}).content.decode()
    assert text_by_id(html, "risk-count") == "0 risker matchar."
    assert risk_rows(html) == []
    # Malformed or unknown filter values are ignored.
    html = client.get(URL, {"year": 2024, "goal": "abc", "category": "nope"}).content.decode()
    assert text_by_id(html, "risk-count") == "3 risker matchar."


def test_a_long_risk_list_is_capped_with_the_count(client, city, ic, monkeypatch):
    build_three_boards(ic, city)
    monkeypatch.setattr(queries_overview, "RISK_LIST_LIMIT", 2)
    client.force_login(city.users.ks_controller)
    html = client.get(URL + "?year=2024").content.decode()
    assert text_by_id(html, "risk-count") == "3 risker matchar. De första 2 visas."
    assert len(risk_rows(html)) == 2


def test_a_boards_own_users_see_their_board_only(client, city, ic):
    build_three_boards(ic, city)
    client.force_login(city.users.utb_editor)
    html = client.get(URL + "?year=2024").content.decode()
    assert list(board_rows(html)) == [f"board-{city.utn.pk}"]
    assert [r[1] for r in risk_rows(html)] == ["Lärarbrist"]
    client.force_login(city.users.ks_reader)  # a reader on KS reads KS (and its förvaltning), no other board
    assert list(board_rows(client.get(URL + "?year=2024").content.decode())) == [f"board-{city.ks.pk}"]
    client.force_login(city.users.nobody)
    html = client.get(URL + "?year=2024").content.decode()
    assert board_rows(html) == {}
    assert text_by_id(html, "no-boards") == "Det finns inga nämnder vars interna kontroll du kan läsa för 2024."


def test_the_year_selector_and_bad_years(client, city, ic):
    client.force_login(city.users.ks_controller)
    html = client.get(URL + "?year=2025").content.decode()
    assert board_rows(html)[f"board-{city.ks.pk}"] == [
        "Kommunstyrelsen", "Röd", "Saknas", "–", "–", "0 / 0", "0 / 0",
        "Riskanalys saknas Internkontrollplan saknas System för internkontroll saknas"]
    tree = lxml.html.fromstring(html)
    years = tree.xpath("//select[@name='year']/option/@value")
    # every year from the first with internal control (2024) to this year, without gaps
    assert years == [str(y) for y in range(2024, max(2025, dt.date.today().year) + 1)]
    assert tree.xpath("//select[@name='year']/option[@selected]/@value") == ["2025"]
    assert client.get(URL + "?year=abc").status_code == 404
    assert client.get(URL + "?year=1999").status_code == 404
    # without ?year= the page opens on the latest year up to this year with internal control
    default = lxml.html.fromstring(client.get(URL).content.decode())
    assert default.xpath("//select[@name='year']/option[@selected]/@value") == ["2024"]


def test_the_menu_shows_internkontroll_to_logged_in_users_only(client, city):
    assert b'href="/internkontroll/"' not in client.get("/").content
    client.force_login(city.users.ks_reader)
    assert b'href="/internkontroll/"' in client.get("/").content


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
@pytest.mark.parametrize("extra_boards, extra_risks", [(1, 1), (12, 25)])
def test_the_page_reads_in_a_constant_number_of_queries(client, city, ic, django_assert_num_queries,
                                                        filtered, extra_boards, extra_risks):
    build_boards(ic, city, extra_boards)
    add_risks(ic, city, extra_risks)
    client.force_login(city.users.ks_controller)
    params = {"year": 2024}
    if filtered:
        params.update(goal=city.directions[0].pk, level="hög", category="operational")
    # session, user, municipality, boards, oversight roles, analyses, systems, closed period, risks, plans,
    # occasions, deviations, the user's roles, KF goals, the years with analyses, the years with plans
    with django_assert_num_queries(16):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(risk_rows(response.content.decode())) == (1 if filtered else 2 + extra_risks)
