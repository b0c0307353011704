"""The English catalogue: pages of cases, follow-up and internal control read in English when the
language cookie says so, and ``locale/en/LC_MESSAGES/django.po`` is complete and compiled.

Completeness is judged over the whole package, internal control (``src/verksam/control``)
included. The .po is read by a small parser (no polib dependency); ``msgfmt --check`` runs where
gettext is installed (in CI: VERKSAM_REQUIRE_ALL=1 turns its absence into a failure).
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.cases.case_fixtures import SMALL_MEMO
from tests.conftest import require_or_skip
from tests.control.conftest import ic  # noqa: F401
from tests.followup.entry_helpers import entry_url, periods  # noqa: F401
from verksam.cases.importer import import_case, parse_text

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE / "django.po"
MO_FILE = LOCALE / "django.mo"


# --- a small .po reader ---------------------------------------------------------------------------

@dataclass
class Entry:
    """One catalogue entry: ``msgstr`` maps 0 (or the plural index) to the translation."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def untranslated(self) -> bool:
        return not self.msgstr or any(not text for text in self.msgstr.values())


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def _unquote(quoted: str) -> str:
    """The text of one C-style quoted .po string (escapes \\n, \\t, \\", \\\\)."""
    body = quoted[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header (msgid "") first; obsolete ones (#~) flagged."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, target = Entry(), None
        seen_keyword = False
        for raw in block.splitlines():
            line = raw
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].lstrip()
                if line.startswith("|"):  # previous msgid of an obsolete fuzzy entry
                    continue
            if line.startswith("#:"):
                entry.locations += [loc.rsplit(":", 1)[0] for loc in line[2:].split()]
                continue
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            match = _KEYWORD.match(line)
            if match:
                seen_keyword = True
                keyword, index, quoted = match.groups()
                if keyword.startswith("msgstr"):
                    target = ("msgstr", int(index or 0))
                    entry.msgstr[target[1]] = _unquote(quoted)
                else:
                    target = (keyword, None)
                    setattr(entry, keyword, _unquote(quoted))
            elif line.startswith('"') and target is not None:
                name, index = target
                if name == "msgstr":
                    entry.msgstr[index] += _unquote(line)
                else:
                    setattr(entry, name, getattr(entry, name) + _unquote(line))
        if seen_keyword:
            entries.append(entry)
    return entries


def test_the_reader_reads_plurals_flags_locations_and_continuations(tmp_path):
    po = tmp_path / "t.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a/x.py:1 control/y.py:2\n#, fuzzy, python-format\nmsgid "%(n)s sak"\nmsgid_plural "%(n)s saker"\n'
        'msgstr[0] "%(n)s thing"\nmsgstr[1] ""\n\n'
        '#: control/z.html:3\nmsgid ""\n"Lång "\n"rad"\nmsgstr "Long \\"line\\""\n\n'
        '#~ msgid "Borta"\n#~ msgstr "Gone"\n',
        encoding="utf-8",
    )
    header, plural, long, gone = read_po(po)
    assert header.msgid == "" and header.msgstr == {0: "Language: en\n"}
    assert plural.msgid_plural == "%(n)s saker" and plural.msgstr == {0: "%(n)s thing", 1: ""}
    assert plural.fuzzy and plural.untranslated
    assert plural.locations == ["a/x.py", "control/y.py"]
    assert long.msgid == "Lång rad" and long.msgstr == {0: 'Long "line"'} and long.locations == ["control/z.html"]
    assert gone.obsolete and gone.msgid == "Borta"


# --- the catalogue ----------------------------------------------------------------------------------

def _live_entries() -> list[Entry]:
    return [e for e in read_po(PO_FILE) if not e.obsolete and e.msgid != ""]


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = _live_entries()
    assert len(entries) > 1300  # the whole UI, not an empty file
    assert sum(any(loc.startswith("control/") for loc in e.locations) for e in entries) > 400  # internal control too
    todo = [f"{'fuzzy' if e.fuzzy else 'untranslated'}: {e.msgid!r} ({', '.join(e.locations[:2])})"
            for e in entries if e.fuzzy or e.untranslated]
    assert todo == [], "\n".join(todo)


def test_plural_entries_have_both_forms_and_translations_keep_their_placeholders():
    """Every placeholder of the Swedish text is in the English one and none is added; a plural's
    singular form may spell out its count ("one board") but may not invent a placeholder."""
    placeholders = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    problems = []
    for e in _live_entries():
        if e.untranslated or e.fuzzy:
            continue
        if e.msgid_plural is None:
            if set(placeholders.findall(e.msgstr[0])) != set(placeholders.findall(e.msgid)):
                problems.append(f"placeholders: {e.msgid!r} → {e.msgstr[0]!r}")
            continue
        if sorted(e.msgstr) != [0, 1]:
            problems.append(f"plural forms {sorted(e.msgstr)}: {e.msgid!r}")
            continue
        allowed = set(placeholders.findall(e.msgid + e.msgid_plural))
        if set(placeholders.findall(e.msgstr[1])) != set(placeholders.findall(e.msgid_plural)) \
                or not set(placeholders.findall(e.msgstr[0])) <= allowed:
            problems.append(f"placeholders: {e.msgid_plural!r} → {e.msgstr!r}")
    assert problems == [], "\n".join(problems)


def test_the_compiled_catalogue_is_the_po_file():
    """django.mo is committed: it must hold exactly the translated, non-fuzzy entries of django.po."""
    with MO_FILE.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)
    expected = {}
    for e in _live_entries():
        if e.fuzzy or e.untranslated:
            continue
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural:
            expected.update({(key, index): text for index, text in e.msgstr.items()})
        else:
            expected[key] = e.msgstr[0]
    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())[:10]
    assert not stale, f"django.mo differs from django.po (run verksam compilemessages -l en): {stale}"
    changed = [k for k in expected if expected[k] != compiled[k]][:10]
    assert not changed, f"django.mo has other translations than django.po: {changed}"


def test_msgfmt_accepts_the_catalogue():
    msgfmt = shutil.which("msgfmt")
    require_or_skip(msgfmt is not None, "msgfmt (Debian-paketet gettext)")
    result = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr


# --- pages in English ------------------------------------------------------------------------------

def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_the_menu_names_cases_and_follow_up_in_english_and_swedish_by_default(client):
    swedish = client.get(reverse("portal:home")).content.decode()
    assert '">Ärenden</a>' in swedish and '">Uppföljning</a>' in swedish

    english = _english(client).get(reverse("portal:home")).content.decode()
    assert f'<a href="{reverse("cases:case_list")}">Cases</a>' in english
    assert f'<a href="{reverse("followup:period_index")}">Follow-up</a>' in english
    assert "Ärenden" not in english and "Uppföljning" not in english


@pytest.mark.django_db
def test_the_entry_page_of_a_period_reads_in_english(client, city, periods):  # noqa: F811
    client.force_login(city.users.ks_editor)
    response = _english(client).get(entry_url(city.ks))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Four-month report 1 2024: Kommunstyrelsen</h1>" in html
    assert "As of 30 April 2024" in html
    assert "· with full-year forecast" in html
    assert ">Follow-up 2024</a>" in html
    assert ">Assessment of goals and indicators</a>" in html
    assert "Annual target 2024" in html and "Full-year forecast" in html
    for swedish in ("Tertialrapport", "Per 30 april", "med helårsprognos", "Bedömning av mål", "Årsmål 2024"):
        assert swedish not in html, swedish
    # Data stays as entered.
    assert "Sjukfrånvaro" in html


@pytest.mark.django_db
def test_the_periods_page_reads_in_english(client, city, periods):  # noqa: F811
    client.force_login(city.users.ks_controller)
    html = _english(client).get(reverse("followup:periods", args=[2024])).content.decode()
    assert "<h1>Follow-up periods 2024</h1>" in html
    assert "<h2>Enter outcomes</h2>" in html
    assert "<h2>Annual report 2024</h2>" in html
    assert "Uppföljningsperioder" not in html and "Verksamhetsberättelse" not in html


@pytest.mark.django_db
def test_the_case_page_and_case_list_read_in_english(client, city):
    case = import_case(parse_text(SMALL_MEMO), municipality=city.municipality, source_text=SMALL_MEMO).case
    client.force_login(city.users.ks_controller)  # an undecided case is not public
    _english(client)
    listing = client.get(reverse("cases:case_list")).content.decode()
    assert "<h1>Cases</h1>" in listing

    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Proposal for decision", "Attachments", "Reservations and statements", "Handling of the case"):
        assert f"<h2>{heading}</h2>" in html, heading
    assert "<dt>Rapporteur</dt>" in html and "<dt>Responsible board</dt>" in html
    assert "10 January 2024" in html
    for swedish in ("Förslag till beslut</h2>", "Bilagor</h2>", "Ärendets gång", "<dt>Föredragande</dt>"):
        assert swedish not in html, swedish
    # The memo's own text is data and stays Swedish.
    assert "<h1>Verksamhetsplan 2024 för kommunstyrelsen</h1>" in html


@pytest.mark.django_db
def test_the_oversight_page_and_a_boards_risk_analysis_read_in_english(client, city, ic):  # noqa: F811
    """KS's controller reads the municipality-wide oversight (/internkontroll/) and KS's
    väsentlighets- och riskanalys in English; names and titles entered as data stay Swedish."""
    client.force_login(city.users.ks_controller)
    _english(client)
    response = client.get(reverse("control_oversight:index"), {"year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Internal control 2024 – the boards’ risks and controls</h1>" in html
    assert "<caption>The boards side by side</caption>" in html
    for heading in ("Board", "Traffic light", "System of internal control", "To act on"):
        assert f'<th scope="col">{heading}</th>' in html, heading
    assert '<th scope="col" class="num">Deviations open / all</th>' in html
    assert '<h2 id="risks-heading">Risks</h2>' in html
    assert "<summary>How the traffic light is set</summary>" in html
    for swedish in ("nämndernas risker och kontroller", "Nämnderna sida vid sida", "Trafikljus",
                    "Avvikelser öppna", "Så sätts trafikljuset"):
        assert swedish not in html, swedish
    assert ">Kommunstyrelsen</a>" in html  # the board's name is data

    type(ic.analysis).objects.filter(pk=ic.analysis.pk).update(title="")  # the default heading
    response = client.get(reverse("control_risks:analysis", args=[city.ks.pk, 2024]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Materiality and risk analysis 2024</h1>" in html
    assert '<h2 id="heatmaps-heading">Risk matrix</h2>' in html
    assert '<h2 id="risks-heading">Risks <small>(1)</small></h2>' in html
    assert '<h3 class="goal-group">Council goal 1.1 Stockholm är en tryggare stad</h3>' in html
    for heading in ("Risk owner", "Inherent risk", "Residual risk", "Treatment", "Board goal"):
        assert f'<th scope="col">{heading}</th>' in html, heading
    assert '<th scope="col">Likelihood</th>' in html and ">Consequence</th>" in html
    for swedish in ("Väsentlighets- och riskanalys", "<h2 id=\"heatmaps-heading\">Riskmatris", "Riskägare",
                    "Bruttorisk", "Nettorisk", "Hantering</th>", "KF-mål 1.1", "Nämndmål</th>"):
        assert swedish not in html, swedish
    assert "Bristande samordning av trygghetsarbetet" in html  # the risk as entered
