"""Memo variants built in the tests: older reference form, other document kinds, no
statements, a särskilt uttalande, text-extraction debris, and a PDF generated here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verksam.cases.memo_parser import MemoParseError, parse_memo
from verksam.cases.memo_text import bullet_items, join_lines, numbered_items, split_lines
from verksam.cases.pdf_text import extract_text, read_memo_source

OLDER_PM = """PM 2016:26 RI (Dnr 111-47/2016)

Budget 2017 för fastighetsnämnden

Förslag till beslut

Föredragande borgarrådet Karin Wanngård

Ärendet har beretts av stadsledningskontoret.

Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.

1. Fastighetsnämndens budget 2017 godkänns.

2. Omslutningsförändringar om 12 tkr godkänns.

Stockholm den 2 mars 2016

Karin Wanngård

Särskilt uttalande av borgarrådet Clara Lindblom (V) enligt följande.

Vi välkomnar förslaget men vill

betona vikten av en kommun-
styrelse som tar ansvar för it-
system och Skatte- och avgiftsfrågor.
"""

UTLATANDE = """Utlåtande 2024:12 RI (Dnr KS 2023/1237)
Verksamhetsplan 2024 för kommunstyrelsen
Kommunstyrelsen föreslår att kommunfullmäktige beslutar följande
1. Verksamhetsplanen godkänns.
2. Investeringar om 3 miljarder kronor godkänns.
Föredragande borgarrådet Karin Wanngård anför följande.
Planen är bra.
Stockholm den 24 januari 2024
På kommunstyrelsens vägnar:
Reservation av Anna Andersson (S) och Bo Berg (V) enligt följande.
1. Att förslaget avslås.
Särskilt uttalande görs av Cecilia Carlsson (MP), som är likalydande med reservationen av Bo Berg (V).
Ärendet
Text om ärendet. Reservation av ingen i löptext.
"""

TJANSTEUTLATANDE = """Stadsledningskontoret
Ekonomiavdelningen
Tjänsteutlåtande
Dnr KS 2023/1237
Sida 1 (3)
2023-12-11
Handläggare
Anna Andersson
Till
Kommunstyrelsen

Verksamhetsplan 2024 för
kommunstyrelsen

Förslag till beslut
1. Kommunstyrelsen godkänner verksamhetsplan 2024 för kommunstyrelsen
i enlighet med bilaga 1-7.
2. Kommunstyrelsen godkänner omslutningsförändringar om 746,2 mnkr.

Sammanfattning
I ärendet redovisas verksamhetsplanen.

Bakgrund
Text.
"""

PROTOKOLLSUTDRAG = """Protokollsutdrag
Kommunstyrelsen
Sammanträde 2024-01-24
§ 12 Verksamhetsplan 2024 för kommunstyrelsen
Dnr KS 2023/1237
Beslut
Kommunstyrelsen beslutar följande.
1. Verksamhetsplan 2024 för kommunstyrelsen godkänns.
Reservation av Gabriel Kroon (SD) enligt följande.
1. Att avslå förvaltningens förslag till beslut.
Protokollet justeras den 30 januari 2024.
"""


def test_it_reads_the_older_stockholm_reference_form():
    case = parse_memo(OLDER_PM)
    assert str(case.reference) == "111-47/2016"
    assert (case.reference.prefix, case.reference.sequence, case.reference.year) == ("111", 47, 2016)
    assert case.kind == "PM" and case.rotel == "Rotel I"
    assert case.title == "Budget 2017 för fastighetsnämnden"
    assert case.date == dt.date(2016, 3, 2)


def test_it_reads_amounts_in_thousands_from_a_decision_point():
    case = parse_memo(OLDER_PM)
    assert [p.amount_sek for p in case.proposals] == [None, Decimal("12000")]


def test_it_reads_a_sarskilt_uttalande_without_a_stance():
    (statement,) = parse_memo(OLDER_PM).statements
    assert statement.kind == "särskilt uttalande"
    assert [(p.name, p.party) for p in statement.persons] == [("Clara Lindblom", "V")]
    assert statement.stance is None
    assert statement.body == "borgarrådsberedningen"


def test_it_joins_hyphenated_words_by_the_documented_rule():
    (statement,) = parse_memo(OLDER_PM).statements
    assert statement.text == (
        "Vi välkomnar förslaget men vill betona vikten av en kommunstyrelse som tar ansvar "
        "för it-system och Skatte- och avgiftsfrågor."
    )


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["it-", "prislista"], "it-prislista"),
        (["kommun-", "styrelsen"], "kommunstyrelsen"),
        (["Skatte-", "och avgiftshöjningar"], "Skatte- och avgiftshöjningar"),
        (["EU-", "medel"], "EU-medel"),
        (["Järva-", "satsningen"], "Järva-satsningen"),
        (["kommun\u00ad", "styrelsen"], "kommunstyrelsen"),
        (["barn och unga –", "vuxna"], "barn och unga – vuxna"),
        (["slut-", "Nästa"], "slut- Nästa"),
    ],
)
def test_join_lines_applies_the_hyphen_rule(parts, joined):
    assert join_lines(parts) == joined


def test_it_reads_an_utlatande_from_ks_to_kf():
    case = parse_memo(UTLATANDE)
    assert case.kind == "utlåtande" and case.rotel == "Rotel I"
    assert case.title == "Verksamhetsplan 2024 för kommunstyrelsen"
    assert [p.text for p in case.proposals] == [
        "Verksamhetsplanen godkänns.",
        "Investeringar om 3 miljarder kronor godkänns.",
    ]
    assert case.proposals[1].amount_sek == Decimal("3000000000")
    assert case.rapporteur.name == "Karin Wanngård" and case.rapporteur.role == "borgarråd"
    assert case.date == dt.date(2024, 1, 24)


def test_it_splits_persons_of_different_parties_in_one_header():
    reservation = parse_memo(UTLATANDE).statements[0]
    assert [(p.name, p.party) for p in reservation.persons] == [("Anna Andersson", "S"), ("Bo Berg", "V")]
    assert reservation.stance == "avslag" and reservation.body == "kommunstyrelsen"


def test_it_links_an_identical_statement_by_the_persons_it_names():
    case = parse_memo(UTLATANDE)
    statement = case.statements[1]
    assert statement.kind == "särskilt uttalande"
    assert [(p.name, p.party) for p in statement.persons] == [("Cecilia Carlsson", "MP")]
    assert statement.same_as == 0


def test_statements_end_at_the_arendet_section():
    assert len(parse_memo(UTLATANDE).statements) == 2


def test_it_reads_a_tjansteutlatande_without_statements():
    case = parse_memo(TJANSTEUTLATANDE)
    assert case.kind == "tjänsteutlåtande"
    assert str(case.reference) == "KS 2023/1237"
    assert case.title == "Verksamhetsplan 2024 för kommunstyrelsen"
    assert case.date == dt.date(2023, 12, 11)
    assert case.official_report.to_json() == {"author": "stadsledningskontoret", "date": "2023-12-11"}
    assert case.rapporteur is None and case.rotel is None
    assert case.statements == ()
    assert case.to_json()["statements"] == []
    assert [p.text for p in case.proposals] == [
        "Kommunstyrelsen godkänner verksamhetsplan 2024 för kommunstyrelsen i enlighet med bilaga 1-7.",
        "Kommunstyrelsen godkänner omslutningsförändringar om 746,2 mnkr.",
    ]
    assert case.summary == "I ärendet redovisas verksamhetsplanen."


def test_it_reads_a_protokollsutdrag_with_its_decision_and_body():
    case = parse_memo(PROTOKOLLSUTDRAG)
    assert case.kind == "protokollsutdrag"
    assert case.title == "Verksamhetsplan 2024 för kommunstyrelsen"
    assert case.date == dt.date(2024, 1, 24)
    assert [p.text for p in case.proposals] == ["Verksamhetsplan 2024 för kommunstyrelsen godkänns."]
    (reservation,) = case.statements
    assert reservation.body == "kommunstyrelsen" and reservation.stance == "avslag"
    assert reservation.text == ""


def test_it_refuses_a_memo_without_a_reference_in_swedish():
    with pytest.raises(MemoParseError, match="Hittar inget diarienummer i dokumentets huvud"):
        parse_memo("PM Rotel I\n\nVerksamhetsplan 2024\n")


def test_it_refuses_a_memo_of_unknown_kind_in_swedish():
    with pytest.raises(MemoParseError, match="Känner inte igen dokumenttypen"):
        parse_memo("Inköpslista (Dnr KS 2023/1237)\nMjölk\n")


def test_it_refuses_an_empty_document_in_swedish():
    with pytest.raises(MemoParseError, match="tomt"):
        parse_memo(" \n\n \f\n")


def test_it_ignores_reference_like_text_outside_the_header():
    text = "PM Rotel I\nTitel\n" + "Rad.\n" * 40 + "Se dnr KS 2023/1237.\n"
    with pytest.raises(MemoParseError):
        parse_memo(text)


def test_a_list_item_split_at_a_page_break_stays_one_item():
    lines = split_lines("Vi vill:\n• genomlysa placeringar inom\nramen för \n\f • stadens verksamhet.\n• sänka skatten")
    items, end = bullet_items(lines, 1, lambda line: False)
    assert items == ["genomlysa placeringar inom ramen för stadens verksamhet.", "sänka skatten"]
    assert end == len(lines)


def test_running_text_from_the_next_page_is_not_glued_onto_a_numbered_item():
    lines = split_lines("1. Första punkten\n\nfortsätter här.\n2. Andra punkten godkänns.\n Löptext från sidan två.")
    items, end = numbered_items(lines, 0, lambda line: False)
    assert [(n, t) for n, t, _ in items] == [(1, "Första punkten fortsätter här."), (2, "Andra punkten godkänns.")]
    assert lines[end].text == "Löptext från sidan två." and lines[end].page_break


def test_a_form_feed_marks_a_page_break():
    lines = split_lines("Sida ett\n\fSida två")
    assert [(line.text, line.page_break) for line in lines] == [("Sida ett", False), ("Sida två", True)]


def test_page_numbers_are_dropped_as_page_furniture():
    lines = split_lines("1. Verksamhetsplanen för\n2 (5)\nkommunstyrelsen godkänns.\nSida 3 av 5\nSlut")
    assert [(line.text, line.page_break) for line in lines] == [
        ("1. Verksamhetsplanen för", False),
        ("kommunstyrelsen godkänns.", True),
        ("Slut", True),
    ]


OLDER_MINUTES = """Utlåtande 2012:80 RI (Dnr 325-1201/2012)
Budget 2013 för Stockholms stad
Reservation anfördes av Sten Nordin m.fl. (m) och Ann-Margarethe Livh (v) enligt följande.
1. Att avslå förslaget.
"""


def test_it_reads_older_statement_headers_with_lower_case_parties():
    case = parse_memo(OLDER_MINUTES)
    assert str(case.reference) == "325-1201/2012"
    (reservation,) = case.statements
    assert [(p.name, p.party) for p in reservation.persons] == [("Sten Nordin", "M"), ("Ann-Margarethe Livh", "V")]
    assert reservation.stance == "avslag"


def test_crlf_line_ends_parse_like_unix_ones():
    assert parse_memo(OLDER_PM.replace("\n", "\r\n")).to_json() == parse_memo(OLDER_PM).to_json()


# --- PDF --------------------------------------------------------------------------------

PDF_HTML = """<html><body>
<p>PM Rotel I (Dnr KS 2024/55)</p>
<h1>Parkeringsplan 2024 för kommunstyrelsen</h1>
<h2>Förslag till beslut</h2>
<p>Föredragande borgarrådet Anna Andersson</p>
<p>Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.</p>
<p>1. Parkeringsplanen godkänns.</p>
<p>2. Omslutningsförändringar om 12,5 mnkr godkänns.</p>
<p style="page-break-before: always">Stockholm den 3 mars 2024</p>
<p>Reservation av Bo Berg (M) enligt följande.</p>
<p>1. Att avslå förslaget.</p>
</body></html>"""


@pytest.fixture(scope="module")
def memo_pdf() -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    return weasyprint.HTML(string=PDF_HTML).write_pdf()


def test_it_extracts_and_parses_a_pdf_with_a_text_layer(memo_pdf):
    text = extract_text(memo_pdf)
    assert "\f" in text  # the page break survives as a form feed
    case = parse_memo(text)
    assert str(case.reference) == "KS 2024/55"
    assert case.title == "Parkeringsplan 2024 för kommunstyrelsen"
    assert [(p.number, p.text, p.amount_sek) for p in case.proposals] == [
        (1, "Parkeringsplanen godkänns.", None),
        (2, "Omslutningsförändringar om 12,5 mnkr godkänns.", Decimal("12500000")),
    ]
    assert case.date == dt.date(2024, 3, 3)
    (reservation,) = case.statements
    assert [(p.name, p.party) for p in reservation.persons] == [("Bo Berg", "M")]
    assert reservation.stance == "avslag"


def test_it_reads_a_pdf_from_a_path_and_by_content(memo_pdf, tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(memo_pdf)
    assert extract_text(path) == extract_text(memo_pdf) == read_memo_source(str(path))


def test_it_refuses_a_pdf_without_a_text_layer_in_swedish(memo_pdf):
    weasyprint = pytest.importorskip("weasyprint")
    blank = weasyprint.HTML(string='<div style="width:5cm;height:5cm;background:#333"></div>').write_pdf()
    with pytest.raises(MemoParseError, match="saknar textlager"):
        extract_text(blank)


def test_it_refuses_a_file_that_is_not_a_pdf_in_swedish():
    with pytest.raises(MemoParseError, match="inte en PDF-fil"):
        extract_text(b"PM Rotel I (Dnr KS 2023/1237)")


def test_it_refuses_a_damaged_pdf_in_swedish(memo_pdf):
    with pytest.raises(MemoParseError, match="skadad eller oläslig"):
        extract_text(memo_pdf[: len(memo_pdf) // 3])


def test_it_refuses_a_missing_file_in_swedish(tmp_path):
    with pytest.raises(MemoParseError, match="Kan inte läsa filen"):
        extract_text(tmp_path / "finns-inte.pdf")


def test_read_memo_source_decodes_text_files(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_bytes("\ufeff".encode() + OLDER_PM.encode("utf-8"))
    assert read_memo_source(path) == OLDER_PM
    path.write_bytes(OLDER_PM.encode("cp1252"))
    assert read_memo_source(path) == OLDER_PM
