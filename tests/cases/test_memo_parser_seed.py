"""The real memo: PM Rotel I, KS 2023/1237, Verksamhetsplan 2024 för kommunstyrelsen.

The seed lives next to the repository (``../shared/seeds/``). When it is missing these tests
skip with the missing path — or fail when VERKSAM_REQUIRE_ALL=1 (as in CI).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from verksam.cases.memo_parser import ParsedCase, parse_memo

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_af22ac8c55b35c9f.txt"


@pytest.fixture(scope="module")
def case() -> ParsedCase:
    if not SEED.exists():
        message = f"Seed-memot saknas: {SEED}"
        if os.environ.get("VERKSAM_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return parse_memo(SEED.read_text(encoding="utf-8"))


def test_it_reads_the_header(case):
    data = case.to_json()
    assert data["reference"] == "KS 2023/1237"
    assert data["kind"] == "PM"
    assert data["rotel"] == "Rotel I"
    assert data["title"] == "Verksamhetsplan 2024 för kommunstyrelsen"
    assert data["date"] == "2024-01-10"
    assert data["rapporteur"] == {"name": "Karin Wanngård", "role": "borgarråd"}
    assert data["prepared_by"] == "stadsledningskontoret"
    assert data["official_report"] == {"author": "stadsledningskontoret", "date": "2023-12-11"}


def test_it_keeps_the_reference_as_a_structured_value(case):
    assert (case.reference.prefix, case.reference.year, case.reference.sequence) == ("KS", 2023, 1237)
    assert case.reference.attachment is None


def test_it_reads_the_summary(case):
    assert case.summary == (
        "I ärendet redovisas Verksamhetsplan 2024 för kommunstyrelsen.\n\n"
        "Med utgångspunkt från kommunfullmäktiges budget 2024 redovisas i kommunstyrelsens "
        "verksamhetsplan nämndmål, aktiviteter och indikatorer med årsmål samt budget för "
        "kommunstyrelsen."
    )


def test_it_reads_the_four_decision_points_exactly(case):
    assert case.to_json()["proposals"] == [
        {
            "number": 1,
            "text": "Verksamhetsplan 2024 för kommunstyrelsen, i enlighet med bilaga 1-7 till promemorian, godkänns.",
            "amount_sek": None,
        },
        {"number": 2, "text": "Visningsenheten får utgöra en resultatenhet.", "amount_sek": None},
        {
            "number": 3,
            "text": "Stadens gemensamma och centrala it-prislista får utgöra en resultatenhet.",
            "amount_sek": None,
        },
        {
            "number": 4,
            "text": "Redovisade omslutningsförändringar om 746,2 mnkr godkänns.",
            "amount_sek": 746200000,
        },
    ]


def test_it_does_not_glue_running_text_from_the_next_page_onto_the_last_point(case):
    assert "Trygghetsarbetet" not in case.proposals[-1].text
    assert case.proposals[-1].amount_sek == Decimal("746200000")


def test_it_reads_the_seven_attachments_with_references(case):
    assert case.to_json()["attachments"] == [
        {"number": 1, "title": "Verksamhetsplan KS 2024", "reference": "KS 2023/1237-1.1"},
        {"number": 2, "title": "Blankettset VP KS 2024", "reference": "KS 2023/1237-1.2"},
        {"number": 3, "title": "Plan för upphandling VP KS 2024", "reference": "KS 2023/1237-1.3"},
        {"number": 4, "title": "Kompetensförsörjningsplan VP KS 2024", "reference": "KS 2023/1237-1.4"},
        {
            "number": 5,
            "title": "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024",
            "reference": "KS 2023/1237-1.5",
        },
        {"number": 6, "title": "System för internkontroll VP KS 2024", "reference": "KS 2023/1237-1.6"},
        {
            "number": 7,
            "title": "Ledningens genomgång – informationssäkerhetsplan VP KS 2024",
            "reference": "KS 2023/1237-1.7",
        },
    ]


def test_the_attachment_references_belong_to_the_case(case):
    assert all(attachment.reference.case == case.reference for attachment in case.attachments)


def _summary(statement: dict) -> tuple:
    return (
        statement["kind"],
        statement["body"],
        [(person["name"], person["party"]) for person in statement["persons"]],
        statement["stance"],
        statement["same_as"],
    )


def test_it_reads_every_statement_with_persons_parties_body_stance_and_link(case):
    statements = case.to_json()["statements"]
    assert [_summary(statement) for statement in statements] == [
        ("reservation", "borgarrådsberedningen",
         [("Christofer Fjellner", "M"), ("Dennis Wedin", "M")], "delvis bifall", None),
        ("reservation", "borgarrådsberedningen", [("Jan Jönsson", "L")], "delvis bifall", None),
        ("reservation", "kommunstyrelsen",
         [("Christofer Fjellner", "M"), ("Annika Friberg", "M"), ("Johan Paccamonti", "M")],
         "delvis bifall", 0),
        ("reservation", "kommunstyrelsen", [("Gabriel Kroon", "SD")], "avslag", None),
        ("reservation", "kommunstyrelsen", [("Jan Jönsson", "L")], "delvis bifall", 1),
        ("reservation", "kommunstyrelsen", [("Kristin Jacobsson", "C")], "delvis bifall", None),
        ("ersättaryttrande", "kommunstyrelsen", [("Nike Örbrink", "KD")], "delvis avslag", None),
    ]


def test_it_reads_the_points_of_each_statement(case):
    points = [[(p.number, p.text) for p in statement.points] for statement in case.statements]
    assert points == [
        [(1, "Att föredragande borgarrådets förslag till beslut godkänns delvis"),
         (2, "Att därutöver anföra")],
        [(1, "Föredragande borgarrådets förslag till beslut godkänns delvis."),
         (2, "Därutöver anförs följande.")],
        [],
        [(1, "Att avslå förvaltningens förslag till beslut."), (2, "Därutöver anföra följande:")],
        [],
        [(1, "Att föredragande borgarrådets förslag till beslut godkänns delvis"),
         (2, "Att därutöver anföra")],
        [(1, "Att delvis avslå förslag till verksamhetsplan,"),
         (2, "Att justera verksamhetsplanen utifrån vad som anförs nedan,"),
         (3, "Att därutöver anföra följande")],
    ]


CENTRE_PARTY_ACTIVITIES = [
    "prioritera, samordna och leda stadens arbete för en sammanhållen och stärkt krisberedskap "
    "och förmåga i det civila försvaret",
    "leda och koordinera stadens trygghetssatsning och brottsförebyggande arbete genom att "
    "utveckla metoder, arbetssätt och verktyg för ett ändamålsenligt och verkningsfullt "
    "trygghetsskapande arbete centralt och lokalt, samt sprida och kommunicera dessa i staden",
    "leda och samordna arbetet för att staden inte ska ha några särskilt utsatta eller utsatta "
    "områden samt arbeta för att polismyndigheten förlägger fler områdespoliser till Stockholm",
    "genomföra en genomlysning av upphandlade placeringar inom ramen för stadens verksamhet för "
    "att säkerställa att företag som tar emot placerade individer inte har koppling till "
    "kriminalitet eller organiserad brottslighet.",
    "leda stadens strategiska näringslivsarbete och ha ett helhetsansvar över att "
    "näringslivsarbetet utvecklas i rätt riktning genom att bland annat i möjligaste mån minska "
    "regelkrånglet, öka servicen och införa lättnader för näringslivet",
    "ansvara för övergripande strategiska trafikinfrastrukturfrågor och för att leda och "
    "samordna förhandlingar och avtal för trafikinfrastrukturprojekt med externa parter",
    "verka för att EU, regering och riksdag möjliggör för att staden ska kunna nå målet om en "
    "klimatpositiv stad senast 2030",
    "öka andelen nyproducerad regional vindkraft i den elmix som staden köper om det kan ske "
    "kostnadsneutralt",
    "tillsammans med stadsdelsnämnderna och berörda nämnder anlägga fler strandbad, "
    "badbryggor, bastuflottar och liknande i hela Stockholm och fördela investeringsmedel till "
    "stadsdelsnämnder och berörda facknämnder för detta ändamål",
    "öka takten i stadens arbete med klimatanpassning",
    "styra och följa upp stadens verksamheter för att säkra en långsiktig balans i ekonomin och "
    "för att varje skattekrona ska användas effektivt och genomtänkt",
    "utveckla innovationsarbetet genom bland annat Stockholm lab och Openlab för att stödja, "
    "stimulera och inspirera medarbetare att arbeta med innovationer samt uppmuntra till "
    "tvärsektoriella samarbeten och prova nya metoder som kan spridas och skalas upp för att "
    "lösa stadens utmaningar",
    "säkerställa att stadens medborgare och aktörer som verkar inom staden är informerade om "
    "viktiga förändringar i stadens service och målsättningar, exempelvis målet om fossilfri "
    "innerstad 2030",
    "förtydliga och förenkla för stadens nämnder och bolag att ingå samarbeten – genom IOP, "
    "upphandling eller med externa aktörer och i detta arbete särskilt utgå ifrån "
    "civilsamhällets förutsättningar",
    "tillsammans med berörda nämnder leda arbetet med en storsatsning på bättre stadsmiljö, "
    "renovering, bostäder och infrastruktur i ytterstaden, med särskilt fokus på satsningen "
    "Järva stadspark",
    "leda arbetet med att stödja Ukraina och dess städer genom särskilda insatser i ukrainska "
    "städer bidra till återuppbyggnaden av det ukrainska samhället, samt genom "
    "samarbetsavtalet med Kiev",
    "arbeta för en långsiktigt hållbar energi- och elförsörjning genom mer sol- och vindkraft "
    "i Stockholmsregionen med målet att tredubbla solenergiproduktionen i Stockholm senast 2026",
    "ta fram en strategi för klimatneutral bygg- och anläggningssektor",
    "bidra till stärkt livsmedelsproduktion i hela länet genom bland annat satsningen "
    "Matstaden Stockholm för att stötta näringslivet, öka möjligheterna till smakupplevelser "
    "samt sprida kunskap kring livsmedel, klimatsmartare val och självförsörjning",
]


def test_it_reads_the_centre_partys_nineteen_proposed_activities_as_clean_items(case):
    activities = list(case.statements[5].proposed_activities)
    assert len(activities) == 19
    assert activities == CENTRE_PARTY_ACTIVITIES


def test_only_the_centre_party_proposes_activities(case):
    assert [bool(statement.proposed_activities) for statement in case.statements] == [
        False, False, False, False, False, True, False,
    ]


def test_it_keeps_each_statements_argument_text_without_its_header_or_points(case):
    moderates, liberals, *_rest, christian_democrats = case.statements
    assert moderates.text.startswith("Verksamhetsplanen för kommunstyrelsen har sin utgångspunkt i Moderaternas,")
    assert moderates.text.endswith("genom att höja skatten.")
    assert "Reservation av" not in moderates.text
    assert liberals.text.endswith("I övrigt hänvisar vi till vår budgetreservation i kommunfullmäktige.")
    assert christian_democrats.text.endswith("I övrigt hänvisar vi till vår budgetreservation i kommunfullmäktige.")
    assert "Ärendet" not in christian_democrats.text


def test_identical_statements_carry_no_text_of_their_own(case):
    assert case.statements[2].text == "" and case.statements[4].text == ""


def test_the_centre_party_text_shows_its_activities_as_bullets(case):
    text = case.statements[5].text
    assert "Under 2024 ska kommunstyrelsen arbeta särskilt med att:\n\n• prioritera, samordna" in text
    assert sum(line.startswith("• ") for line in text.splitlines()) == 19


def test_the_json_serialises(case):
    data = json.loads(json.dumps(case.to_json(), ensure_ascii=False))
    assert data["proposals"][3]["amount_sek"] == 746200000
    assert isinstance(data["proposals"][3]["amount_sek"], int)
