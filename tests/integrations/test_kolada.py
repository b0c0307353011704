"""Kolada API v3 client against hand-built v3 responses (fixtures/kolada/README.md).

No test touches the network: every response comes from ``httpx.MockTransport``. Real figures:
N00945 (andel VAB-dagar som tas ut av män, %) for Stockholm 0180 — 2018 39.4, 2019 39.3,
2020 40.8 (DESIGN.md).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone as dt_timezone
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from verksam.integrations.kolada import FetchResult, KoladaClient, KoladaError, KoladaValue

FIXTURES = Path(__file__).parent / "fixtures" / "kolada"
BASE = "https://api.kolada.se/v3"
N00945_URL = f"{BASE}/data/kpi/N00945/municipality/0180/year/2018,2019,2020"
PAGE2_URL = f"{N00945_URL}?page=2&per_page=2"
# Stockholms läns 26 kommuner and 4 in Uppsala län: 30 real municipality ids.
THIRTY_MUNICIPALITIES = [
    "0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136",
    "0138", "0139", "0140", "0160", "0162", "0163", "0180", "0181", "0182", "0183",
    "0184", "0186", "0187", "0188", "0191", "0192", "0305", "0319", "0330", "0331",
]
N00945_STOCKHOLM = [
    KoladaValue("N00945", "0180", 2018, "T", Decimal("39.4"), 1, ""),
    KoladaValue("N00945", "0180", 2019, "T", Decimal("39.3"), 1, ""),
    KoladaValue("N00945", "0180", 2020, "T", Decimal("40.8"), 1, ""),
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeKolada:
    """Answers by full URL from ``routes`` (bytes → 200 JSON, or a callable) and records URLs."""

    def __init__(self, routes: dict | None = None, default=None):
        self.routes = routes or {}
        self.default = default
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        answer = self.routes.get(url, self.default)
        if answer is None:
            return httpx.Response(404, json={"error": f"no fixture for {url}"})
        if callable(answer):
            return answer(request)
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    def client(self, **kwargs) -> KoladaClient:
        return KoladaClient(http=httpx.Client(transport=httpx.MockTransport(self)), **kwargs)


def raise_timeout(request):
    raise httpx.ReadTimeout("timed out", request=request)


def test_it_parses_n00945_for_stockholm_exactly():
    kolada = FakeKolada({N00945_URL: fixture("n00945_0180_2018-2020.json")})
    before = datetime.now(dt_timezone.utc)

    result = kolada.client().fetch_values(["N00945"], ["0180"], [2018, 2019, 2020])

    assert result.values == N00945_STOCKHOLM
    assert [str(v.value) for v in result.values] == ["39.4", "39.3", "40.8"]
    assert result.problems == []
    assert result.source_urls == [N00945_URL]
    assert kolada.requested == [N00945_URL]
    assert before <= result.fetched_at <= datetime.now(dt_timezone.utc)


def test_it_follows_next_url_and_joins_both_pages():
    kolada = FakeKolada({N00945_URL: fixture("n00945_0180_page1.json"),
                         PAGE2_URL: fixture("n00945_0180_page2.json")})

    result = kolada.client().fetch_values(["N00945"], ["0180"], [2018, 2019, 2020])

    assert kolada.requested == [N00945_URL, PAGE2_URL]
    assert result.source_urls == [N00945_URL, PAGE2_URL]
    assert result.values == N00945_STOCKHOLM


def test_it_splits_30_municipalities_into_requests_of_25_and_5():
    kolada = FakeKolada(default=fixture("empty.json"))

    result = kolada.client().fetch_values(["N00945"], THIRTY_MUNICIPALITIES, [2020])

    assert kolada.requested == [
        f"{BASE}/data/kpi/N00945/municipality/{','.join(THIRTY_MUNICIPALITIES[:25])}/year/2020",
        f"{BASE}/data/kpi/N00945/municipality/{','.join(THIRTY_MUNICIPALITIES[25:])}/year/2020",
    ]
    assert kolada.requested[1].endswith("/municipality/0192,0305,0319,0330,0331/year/2020")
    assert result.values == [] and result.problems == []


def test_it_splits_kpis_by_25_too_and_requests_every_combination():
    kpis = [f"N{n:05d}" for n in range(1, 27)]  # 26 ids
    kolada = FakeKolada(default=fixture("empty.json"))

    kolada.client().fetch_values(kpis, ["0180", "0000"], [2023, 2024])

    assert kolada.requested == [
        f"{BASE}/data/kpi/{','.join(kpis[:25])}/municipality/0180,0000/year/2023,2024",
        f"{BASE}/data/kpi/N00026/municipality/0180,0000/year/2023,2024",
    ]


def test_a_timeout_gives_the_swedish_message_and_returns_nothing():
    # Page 1 arrives, page 2 times out: the whole fetch fails, no partial result.
    kolada = FakeKolada({N00945_URL: fixture("n00945_0180_page1.json"), PAGE2_URL: raise_timeout})

    with pytest.raises(KoladaError) as caught:
        kolada.client().fetch_values(["N00945"], ["0180"], [2018, 2019, 2020])

    assert caught.value.message == "Kolada svarar inte (tidsgräns 20 s). Inget har ändrats."
    assert str(caught.value) == "Kolada svarar inte (tidsgräns 20 s). Inget har ändrats."
    assert caught.value.url == PAGE2_URL


def test_the_timeout_message_names_the_configured_seconds_with_a_decimal_comma():
    kolada = FakeKolada(default=raise_timeout)

    with pytest.raises(KoladaError, match=r"^Kolada svarar inte \(tidsgräns 7,5 s\)\. Inget har ändrats\.$"):
        kolada.client(timeout=7.5).fetch_values(["N00945"], ["0180"], [2020])


def test_http_500_is_a_kolada_error():
    kolada = FakeKolada(default=lambda request: httpx.Response(500, text="Internal Server Error"))

    with pytest.raises(KoladaError) as caught:
        kolada.client().fetch_values(["N00945"], ["0180"], [2020])

    assert caught.value.message == (
        "Kolada svarar med ett serverfel (HTTP 500). Försök igen senare. Inget har ändrats.")


def test_a_connection_error_is_a_kolada_error():
    def refuse(request):
        raise httpx.ConnectError("Connection refused", request=request)

    with pytest.raises(KoladaError) as caught:
        FakeKolada(default=refuse).client().fetch_values(["N00945"], ["0180"], [2020])

    assert caught.value.message == ("Det går inte att ansluta till Kolada. Kontrollera nätverket "
                                    "och försök igen. Inget har ändrats.")


@pytest.mark.parametrize("body", [b"<html>Bad gateway</html>", b'{"values": "none"}', b"[]"])
def test_an_unreadable_answer_is_a_kolada_error(body):
    with pytest.raises(KoladaError) as caught:
        FakeKolada(default=body).client().fetch_values(["N00945"], ["0180"], [2020])

    assert caught.value.message == "Kolada skickade ett svar som inte går att läsa. Inget har ändrats."


def test_a_malformed_record_is_reported_and_the_others_are_returned():
    kolada = FakeKolada({N00945_URL: fixture("n00945_0180_malformed_2019.json")})

    result = kolada.client().fetch_values(["N00945"], ["0180"], [2018, 2019, 2020])

    assert result.values == [N00945_STOCKHOLM[0], N00945_STOCKHOLM[2]]
    assert result.problems == [
        "Nyckeltal N00945, kommun 0180, år 2019: värdet 'abc' (kön T) är inte ett tal. "
        "Posten hoppades över; tidigare värden lämnas orörda."
    ]


def test_a_record_with_one_bad_gender_is_left_out_whole():
    page = {"values": [{"kpi": "N00945", "municipality": "0180", "period": 2020, "values": [
        {"gender": "T", "count": 1, "status": "", "value": 40.8},
        {"gender": "X", "count": 1, "status": "", "value": 1}]}]}
    kolada = FakeKolada(default=json.dumps(page).encode())

    result = kolada.client().fetch_values(["N00945"], ["0180"], [2020])

    assert result.values == []
    assert result.problems == [
        "Nyckeltal N00945, kommun 0180, år 2020: okänt kön 'X' (ska vara T, K eller M). "
        "Posten hoppades över; tidigare värden lämnas orörda."
    ]


def test_a_null_value_is_kept_as_none():
    page = {"values": [{"kpi": "N00090", "municipality": "0000", "period": 2024,
                        "values": [{"gender": "T", "count": 0, "status": "Saknas", "value": None}]}]}
    kolada = FakeKolada(default=json.dumps(page).encode())

    result = kolada.client().fetch_values(["N00090"], ["0000"], [2024])

    assert result.values == [KoladaValue("N00090", "0000", 2024, "T", None, 0, "Saknas")]


def test_an_invalid_kpi_id_is_refused_in_swedish_before_any_request():
    kolada = FakeKolada(default=fixture("empty.json"))

    with pytest.raises(ValueError) as caught:
        kolada.client().fetch_values(["N00945", "X1"], ["0180"], [2020])

    assert str(caught.value) == ("Ogiltigt nyckeltals-id 'X1': ett Kolada-id är en stor bokstav "
                                 "och fem siffror, t.ex. N00945.")
    assert kolada.requested == []


@pytest.mark.parametrize("municipality", ["180", "01800", "Sthlm", "０１８０"])
def test_an_invalid_municipality_id_is_refused_before_any_request(municipality):
    kolada = FakeKolada(default=fixture("empty.json"))

    with pytest.raises(ValueError) as caught:
        kolada.client().fetch_values(["N00945"], [municipality], [2020])

    assert str(caught.value) == (f"Ogiltigt kommun-id {municipality!r}: ett kommun-id är fyra "
                                 "siffror, t.ex. 0180 (Stockholm) eller 0000 (Riket).")
    assert kolada.requested == []


def test_empty_lists_and_bad_years_are_refused():
    client = FakeKolada().client()
    with pytest.raises(ValueError, match="^Ange minst ett nyckeltal.$"):
        client.fetch_values([], ["0180"], [2020])
    with pytest.raises(ValueError, match="^Ange minst en kommun.$"):
        client.fetch_values(["N00945"], [], [2020])
    with pytest.raises(ValueError, match="^Ange minst ett år.$"):
        client.fetch_values(["N00945"], ["0180"], [])
    with pytest.raises(ValueError, match=r"^Ogiltigt år '2020': ange årtal som heltal med fyra siffror"):
        client.fetch_values(["N00945"], ["0180"], ["2020"])


def test_it_also_follows_the_v2_name_next_page_when_next_url_is_absent():
    page1 = json.loads(fixture("n00945_0180_page1.json"))
    page1["next_page"] = page1.pop("next_url")
    kolada = FakeKolada({N00945_URL: json.dumps(page1).encode(),
                         PAGE2_URL: fixture("n00945_0180_page2.json")})

    result = kolada.client().fetch_values(["N00945"], ["0180"], [2018, 2019, 2020])

    assert kolada.requested == [N00945_URL, PAGE2_URL]
    assert result.values == N00945_STOCKHOLM


def test_a_next_url_to_another_host_is_refused():
    page = {"values": [], "next_url": "https://example.com/steal?page=2"}
    kolada = FakeKolada(default=json.dumps(page).encode())

    with pytest.raises(KoladaError) as caught:
        kolada.client().fetch_values(["N00945"], ["0180"], [2020])

    assert caught.value.message == ("Kolada hänvisade nästa sida till en annan adress "
                                    "(https://example.com/steal?page=2); hämtningen avbröts. "
                                    "Inget har ändrats.")
    assert kolada.requested == [f"{BASE}/data/kpi/N00945/municipality/0180/year/2020"]


def test_a_next_url_that_loops_back_is_refused():
    url = f"{BASE}/data/kpi/N00945/municipality/0180/year/2020"
    kolada = FakeKolada(default=json.dumps({"values": [], "next_url": url}).encode())

    with pytest.raises(KoladaError, match="^Kolada hänvisade till en sida som redan har hämtats"):
        kolada.client().fetch_values(["N00945"], ["0180"], [2020])
    assert kolada.requested == [url]


def test_the_credit_names_kolada_and_the_local_fetch_time():
    result = FetchResult(values=[], problems=[], source_urls=[],
                         fetched_at=datetime(2024, 5, 2, 12, 5, tzinfo=dt_timezone.utc))

    assert result.credit == "Källa: Kolada, hämtad 2024-05-02 14:05"
