"""Client for Kolada's open API v3 — nyckeltal (key figures) for every Swedish municipality.

Kolada is run by RKA (Rådet för främjande av kommunala analyser); data may be reused on the
condition of the credit "Källa: Kolada". This module only *reads*: it turns Kolada's data
endpoint into typed values and changes nothing in Verksam. The sync that writes outcomes
(utfall) calls it and decides what to store.

Endpoints (DESIGN.md)::

    GET {base}/data/kpi/{kpis}/municipality/{ids}/year/{years}     # kommuner
    GET {base}/oudata/kpi/{kpis}/ou/{ou_ids}/year/{years}          # organisatoriska enheter

with comma-separated lists in each path segment, at most 25 ids per segment. Larger requests
are split into chunks of 25 per segment (kpis, municipalities and years alike) and every chunk
combination is requested. Stockholm is ``0180``, Riket ``0000``.

Response shape (v3), as used by the sources named below::

    {"count": 3,                       # number of records
     "values": [                       # the records of this page
        {"kpi": "N00945", "municipality": "0180", "period": 2018,
         "values": [{"gender": "T", "count": 1, "status": "", "value": 39.4}]},
        ...],
     "next_url": "https://api.kolada.se/v3/data/...?page=2",   # absent/null on the last page
     "previous_url": null}

``gender`` is ``T`` (totalt), ``K`` (kvinnor) or ``M`` (män); ``value`` is a number or null
(no value published); ``status`` is a short string (often empty). Sources, read 2025:
xemarap/koladapy ``tests/test_pagination.py`` (a v3 client: top level ``values``, ``count``,
``next_url``, ``previous_url``; it also splits ids into batches of 25); LCHansson/rKolada
``tests/testthat/test-api-mocked.R`` (v3 fixtures: ``values`` + ``next_url``; records with
``kpi``, ``municipality``, ``period`` and inner ``values`` of ``gender``/``status``/``value``);
a public v3 fetch script that follows ``next_url`` and keeps year lists to 25 ("the API refuses
longer year lists"); an R script reading ``r$municipality``, ``r$period`` and
``x$gender == "T"`` from ``/v3/data/kpi/…/year/…``. API v2 named the link ``next_page``
(LCHansson/rKolada ``R/data.R`` before v3) and some v3 clients still read that name
(isakskogstad/Kolada-MCP, aerugo/kolada-mcp), so ``next_page`` is accepted as a fallback when
``next_url`` is absent. The machine that wrote this had no network to Kolada: the shape is
taken from those sources, not from a live response.

Organisational units (organisatoriska enheter, e.g. a school: ``V15E144001301``) have their
own endpoint ``oudata`` with the same paging, the same 25-ids limit and the same record shape,
except that a record names its unit in ``ou`` instead of ``municipality`` (Hypergene/kolada
README: "exactly the same as above except we are working with ou instead of municipality";
v3 clients request ``/v3/oudata/kpi/{kpi}/ou/{ou}/year/{years}`` and read ``v.ou``).
``fetch_ou_values`` reads it; its ``KoladaValue`` has ``ou`` set and ``municipality`` "".

Errors: bad input raises ``ValueError`` in Swedish before any request; a network failure
(timeout, no connection, HTTP error, unreadable JSON) raises ``KoladaError`` and nothing is
returned; one malformed record is left out and reported in ``FetchResult.problems`` while the
other records are returned (DESIGN: one bad record does not stop the others).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import product

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
MAX_IDS_PER_SEGMENT = 25
GENDERS = ("T", "K", "M")
KPI_ID_PATTERN = re.compile(r"[A-Z][0-9]{5}")
MUNICIPALITY_ID_PATTERN = re.compile(r"[0-9]{4}")
OU_ID_PATTERN = re.compile(r"[A-Z0-9]{4,40}")
"""A Kolada organisational unit id: capital letters and digits, e.g. V15E144001301."""


class KoladaError(Exception):
    """Kolada could not be read: timeout, no connection, HTTP error or an unreadable answer.

    ``message`` is user-facing Swedish and ends with "Inget har ändrats."; ``url`` is the
    request that failed and ``detail`` the technical cause (for logs, not for users).
    """

    def __init__(self, message: str, *, url: str = "", detail: str = ""):
        self.message = message
        self.url = url
        self.detail = detail
        super().__init__(message)


@dataclass(frozen=True)
class KoladaValue:
    """One published figure: KPI ``kpi`` for municipality ``municipality`` (or organisational
    unit ``ou``, then ``municipality`` is "") in ``year``.

    ``gender`` is "T" (totalt), "K" (kvinnor) or "M" (män); ``value`` is an exact Decimal in
    the KPI's own unit (e.g. percent for N00945) or None when Kolada has no value;
    ``count`` and ``status`` are passed through as Kolada gives them.
    """

    kpi: str
    municipality: str
    year: int
    gender: str
    value: Decimal | None
    count: int | None
    status: str | None
    ou: str = ""


@dataclass(frozen=True)
class FetchResult:
    """What one ``fetch_values`` call got.

    ``values``: the parsed figures in response order; ``problems``: Swedish messages, one per
    malformed record left out (naming KPI, municipality and year); ``fetched_at``: aware
    datetime when the last response arrived; ``source_urls``: every URL requested, pages
    included, in order.
    """

    values: list[KoladaValue]
    problems: list[str]
    fetched_at: datetime
    source_urls: list[str]

    @property
    def credit(self) -> str:
        """The credit to show with the figures: "Källa: Kolada, hämtad 2024-05-02 14:05"
        (local time, settings.TIME_ZONE)."""
        when = timezone.localtime(self.fetched_at).strftime("%Y-%m-%d %H:%M")
        return _("Källa: Kolada, hämtad %(when)s") % {"when": when}


class _BadRecord(Exception):
    """A record that cannot be read; the message says why (Swedish, without the record id)."""


class KoladaClient:
    """Reads figures from Kolada API v3.

    ``base_url`` without a trailing slash; ``http`` an ``httpx.Client`` to use (tests pass one
    with ``httpx.MockTransport``; the caller then owns and closes it), otherwise one is made
    per call; ``timeout`` in seconds per request.
    """

    def __init__(self, base_url: str = DEFAULT_BASE_URL, *, http: httpx.Client | None = None,
                 timeout: float = 20):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._http = http

    def data_urls(self, kpis: list[str], municipalities: list[str], years: list[int]) -> list[str]:
        """The first-page URLs for these ids: 25 ids at most per path segment.

        Duplicates are dropped, order kept. Raises ``ValueError`` (Swedish) for an empty list,
        a KPI id that is not a capital letter and five digits ("N00945"), a municipality id
        that is not four digits ("0180") or a year that is not a four-digit integer.
        """
        kpi_ids = _validated(kpis, KPI_ID_PATTERN, _("Ange minst ett nyckeltal."), _(
            "Ogiltigt nyckeltals-id %(id)s: ett Kolada-id är en stor bokstav och fem siffror, "
            "t.ex. N00945."))
        municipality_ids = _validated(municipalities, MUNICIPALITY_ID_PATTERN, _(
            "Ange minst en kommun."), _(
            "Ogiltigt kommun-id %(id)s: ett kommun-id är fyra siffror, t.ex. 0180 (Stockholm) "
            "eller 0000 (Riket)."))
        year_texts = _validated_years(years)
        return self._urls("data", "municipality", kpi_ids, municipality_ids, year_texts)

    def ou_data_urls(self, kpis: list[str], ous: list[str], years: list[int]) -> list[str]:
        """The first-page ``oudata`` URLs for these KPIs, organisational unit ids and years, 25
        ids at most per path segment. Raises ``ValueError`` (Swedish) as ``data_urls`` does, and
        for an unit id that is not 4–40 capital letters and digits ("V15E144001301")."""
        kpi_ids = _validated(kpis, KPI_ID_PATTERN, _("Ange minst ett nyckeltal."), _(
            "Ogiltigt nyckeltals-id %(id)s: ett Kolada-id är en stor bokstav och fem siffror, "
            "t.ex. N00945."))
        ou_ids = _validated(ous, OU_ID_PATTERN, _("Ange minst en organisatorisk enhet."), _(
            "Ogiltigt enhets-id %(id)s: ett Kolada-enhets-id är versaler och siffror, "
            "t.ex. V15E144001301."))
        return self._urls("oudata", "ou", kpi_ids, ou_ids, _validated_years(years))

    def _urls(self, endpoint: str, area: str, kpi_ids, area_ids, year_texts) -> list[str]:
        return [
            f"{self.base_url}/{endpoint}/kpi/{','.join(k)}/{area}/{','.join(m)}/year/{','.join(y)}"
            for k, m, y in product(_chunks(kpi_ids), _chunks(area_ids), _chunks(year_texts))
        ]

    def fetch_values(self, kpis: list[str], municipalities: list[str], years: list[int]) -> FetchResult:
        """Fetch every figure for these KPIs, municipalities and years, following ``next_url``.

        Returns a ``FetchResult``. Raises ``ValueError`` for bad ids before any request (see
        ``data_urls``) and ``KoladaError`` when any request fails — then nothing is returned.
        A malformed record is left out whole (all its genders, so a total is never updated
        without its kvinnor/män) and reported in ``problems``.
        """
        return self._fetch(self.data_urls(kpis, municipalities, years), "municipality")

    def fetch_ou_values(self, kpis: list[str], ous: list[str], years: list[int]) -> FetchResult:
        """Fetch every figure for these KPIs, organisational units and years from ``oudata``,
        following ``next_url``; as ``fetch_values`` (same errors, same all-or-nothing), the
        values with ``ou`` set."""
        return self._fetch(self.ou_data_urls(kpis, ous, years), "ou")

    def _fetch(self, urls: list[str], area: str) -> FetchResult:
        """Every record of every page of ``urls``; ``area`` is the record key naming the place
        ("municipality" or "ou")."""
        http = self._http or httpx.Client(timeout=self.timeout)
        values: list[KoladaValue] = []
        problems: list[str] = []
        source_urls: list[str] = []
        try:
            for url in urls:
                for record in self._records(http, url, source_urls):
                    try:
                        values.extend(_parse_record(record, area))
                    except _BadRecord as bad:
                        problems.append(_problem(record, str(bad), area))
        finally:
            if self._http is None:
                http.close()
        return FetchResult(values=values, problems=problems, fetched_at=timezone.now(),
                           source_urls=source_urls)

    def _records(self, http: httpx.Client, url: str, source_urls: list[str]):
        """Yield the raw records of every page starting at ``url``; append each URL fetched."""
        next_url: str | None = url
        while next_url:
            if next_url in source_urls:
                raise KoladaError(_("Kolada hänvisade till en sida som redan har hämtats; "
                                    "hämtningen avbröts. Inget har ändrats."), url=next_url)
            source_urls.append(next_url)
            page = self._get_page(http, next_url)
            yield from page["values"]
            next_url = self._next_link(page, current=next_url)

    def _get_page(self, http: httpx.Client, url: str) -> dict:
        """One page as a dict with a ``values`` list, or ``KoladaError``."""
        nothing_changed = _("Inget har ändrats.")
        try:
            response = http.get(url, timeout=self.timeout, headers={"Accept": "application/json"})
        except httpx.TimeoutException as exc:
            raise KoladaError(_("Kolada svarar inte (tidsgräns %(seconds)s s).") % {
                "seconds": _seconds(self.timeout)} + " " + nothing_changed,
                url=url, detail=repr(exc)) from exc
        except httpx.HTTPError as exc:
            raise KoladaError(_("Det går inte att ansluta till Kolada. Kontrollera nätverket och "
                                "försök igen.") + " " + nothing_changed,
                              url=url, detail=repr(exc)) from exc
        status = response.status_code
        if status >= 500:
            raise KoladaError(_("Kolada svarar med ett serverfel (HTTP %(status)s). Försök igen "
                                "senare.") % {"status": status} + " " + nothing_changed,
                              url=url, detail=response.text[:500])
        if not 200 <= status < 300:
            raise KoladaError(_("Kolada avvisade frågan (HTTP %(status)s).") % {"status": status}
                              + " " + nothing_changed, url=url, detail=response.text[:500])
        unreadable = _("Kolada skickade ett svar som inte går att läsa.") + " " + nothing_changed
        try:
            page = response.json(parse_float=Decimal)
        except ValueError as exc:
            raise KoladaError(unreadable, url=url, detail=repr(exc)) from exc
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise KoladaError(unreadable, url=url, detail="toppnivån saknar listan 'values'")
        return page

    def _next_link(self, page: dict, *, current: str) -> str | None:
        """The next page's absolute URL, or None on the last page.

        Reads ``next_url`` (v3), falling back to ``next_page`` (v2 name). A link to another
        host is refused with ``KoladaError`` so a bad answer cannot send requests elsewhere.
        """
        link = page.get("next_url") or page.get("next_page")
        if not link:
            return None
        if not isinstance(link, str):
            raise KoladaError(_("Kolada skickade ett svar som inte går att läsa.") + " "
                              + _("Inget har ändrats."), url=current, detail=f"next_url={link!r}")
        absolute = httpx.URL(current).join(link)
        base = httpx.URL(self.base_url)
        if (absolute.scheme, absolute.host, absolute.port) != (base.scheme, base.host, base.port):
            raise KoladaError(_("Kolada hänvisade nästa sida till en annan adress (%(url)s); "
                                "hämtningen avbröts.") % {"url": str(absolute)} + " "
                              + _("Inget har ändrats."), url=current)
        return str(absolute)


def _validated(ids, pattern: re.Pattern, empty_message: str, invalid_message: str) -> list[str]:
    """``ids`` (a list, or one id as a str) checked against ``pattern``, duplicates dropped."""
    if isinstance(ids, str):
        ids = [ids]
    result: list[str] = []
    for item in ids:
        if not isinstance(item, str) or not pattern.fullmatch(item):
            raise ValueError(invalid_message % {"id": repr(item)})
        if item not in result:
            result.append(item)
    if not result:
        raise ValueError(empty_message)
    return result


def _validated_years(years) -> list[str]:
    """Years as path texts; each must be an int from 1000 to 9999 (bool refused)."""
    if isinstance(years, int):
        years = [years]
    result: list[str] = []
    for year in years:
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            raise ValueError(_("Ogiltigt år %(year)s: ange årtal som heltal med fyra siffror, "
                               "t.ex. 2024.") % {"year": repr(year)})
        if str(year) not in result:
            result.append(str(year))
    if not result:
        raise ValueError(_("Ange minst ett år."))
    return result


def _chunks(items: list[str]) -> list[list[str]]:
    """``items`` in consecutive slices of at most MAX_IDS_PER_SEGMENT."""
    return [items[i:i + MAX_IDS_PER_SEGMENT] for i in range(0, len(items), MAX_IDS_PER_SEGMENT)]


def _seconds(timeout: float) -> str:
    """20 → "20", 7.5 → "7,5" (Swedish decimal comma)."""
    return f"{timeout:g}".replace(".", ",")


def _parse_record(record, area: str = "municipality") -> list[KoladaValue]:
    """All KoladaValues of one record, or ``_BadRecord`` naming the first fault; ``area`` is
    the key naming the place ("municipality" or "ou")."""
    if not isinstance(record, dict):
        raise _BadRecord(_("posten är inte ett objekt."))
    kpi, place, period = record.get("kpi"), record.get(area), record.get("period")
    if not isinstance(kpi, str) or not kpi:
        raise _BadRecord(_("nyckeltals-id saknas."))
    if not isinstance(place, str) or not place:
        raise _BadRecord(_("kommun-id saknas.") if area == "municipality" else _("enhets-id saknas."))
    municipality, ou = (place, "") if area == "municipality" else ("", place)
    year = _year(period)
    if year is None:
        raise _BadRecord(_("perioden %(period)s är inte ett årtal.") % {"period": repr(period)})
    entries = record.get("values")
    if not isinstance(entries, list):
        raise _BadRecord(_("listan med värden saknas."))
    result = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise _BadRecord(_("ett värde är inte ett objekt."))
        gender = entry.get("gender")
        if gender not in GENDERS:
            raise _BadRecord(_("okänt kön %(gender)s (ska vara T, K eller M).") % {
                "gender": repr(gender)})
        value = entry.get("value")
        if value is not None:
            if not _is_number(value):
                raise _BadRecord(_("värdet %(value)s (kön %(gender)s) är inte ett tal.") % {
                    "value": repr(value), "gender": gender})
            value = Decimal(value)
        count = entry.get("count")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
            raise _BadRecord(_("antalet %(count)s (kön %(gender)s) är inte ett heltal.") % {
                "count": repr(count), "gender": gender})
        status = entry.get("status")
        if status is not None and not isinstance(status, str):
            raise _BadRecord(_("statusen %(status)s (kön %(gender)s) är inte en text.") % {
                "status": repr(status), "gender": gender})
        result.append(KoladaValue(kpi=kpi, municipality=municipality, year=year, gender=gender,
                                  value=value, count=count, status=status, ou=ou))
    return result


def _is_number(value) -> bool:
    """True for a JSON number as parsed here: an int (not bool) or a finite Decimal."""
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) and not isinstance(value, bool)


def _year(period) -> int | None:
    """Kolada's ``period`` as a year: an int, or a four-digit string; else None."""
    if isinstance(period, bool):
        return None
    if isinstance(period, int) and 1000 <= period <= 9999:
        return period
    if isinstance(period, str) and re.fullmatch(r"[0-9]{4}", period):
        return int(period)
    return None


def _problem(record, reason: str, area: str = "municipality") -> str:
    """Swedish problem line: "Nyckeltal N00945, kommun 0180, år 2019: <reason> Posten …"
    ("…, enhet V15E144001301, …" for an organisational unit's record)."""
    get = record.get if isinstance(record, dict) else (lambda key: None)
    values = {"kpi": get("kpi") or "?", "place": get(area) or "?",
              "year": get("period") if get("period") is not None else "?", "reason": reason}
    if area == "ou":
        return _("Nyckeltal %(kpi)s, enhet %(place)s, år %(year)s: %(reason)s Posten hoppades "
                 "över; tidigare värden lämnas orörda.") % values
    return _("Nyckeltal %(kpi)s, kommun %(place)s, år %(year)s: %(reason)s Posten hoppades "
             "över; tidigare värden lämnas orörda.") % values
