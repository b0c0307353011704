"""Import errors: every refused cell named by sheet, row and column in Swedish, all collected
before refusing, and the database unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.followup import actions
from verksam.followup.exchange import export
from verksam.followup.exchange.importer import ImportRefused, import_file
from verksam.followup.exchange.reader import FileReadError
from verksam.followup.models import Outcome, PeriodStatus
from verksam.planning.models import PlanStatus, Target

from .helpers import edit_xlsx, xlsx_bytes

HEAD = ["Period", "Enhet-id", "Indikator-id", "Utfall", "Kvinnor", "Män", "Skäl till avvikande totalt"]


def _snapshot():
    return (list(Outcome.objects.order_by("pk").values()), Outcome.history.count(),
            list(Target.objects.order_by("pk").values()), Target.history.count())


def _refused(data, user, filename="utfall.xlsx", **scope) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_file(data, filename=filename, acting_user=user, **scope)
    return refused.value.lines


@pytest.mark.django_db
def test_an_ambiguous_text_number_is_refused_with_sheet_row_and_column(city, periods, t1_outcomes):
    before = _snapshot()
    data = xlsx_bytes({"Utfall": [HEAD, ["T1 2024", city.ks.pk, city.safety.pk, "1,234.5"],
                                  ["T1 2024", city.ks.pk, city.sick_leave.pk, "1.234"]]})
    assert _refused(data, city.users.ks_editor) == [
        "Blad Utfall, rad 2, kolumn Utfall: ”1,234.5” går inte att läsa som ett tal: punkt efter komma är "
        "tvetydigt (engelsk skrivning?); skriv t.ex. 1 234,5.",
        "Blad Utfall, rad 3, kolumn Utfall: ”1.234” går inte att läsa som ett tal: en punkt följd av tre siffror är "
        "tvetydigt (tusental eller decimaler?); skriv 1 234 eller 1,234.",
    ]
    assert _snapshot() == before


@pytest.mark.django_db
def test_swedish_text_numbers_and_numeric_cells_are_both_read(city, periods):
    city.safety.unit_of_measure = "antal"  # 1 234,5 is no share in %
    city.safety.save()
    data = xlsx_bytes({"Utfall": [HEAD, ["T1 2024", city.ks.pk, city.safety.pk, "1.234,5"],
                                  ["T1 2024", city.ks.pk, city.sick_leave.pk, 4.25]]})
    assert import_file(data, filename="u.xlsx", acting_user=city.users.ks_editor).text == \
        "2 nya, 0 ändrade, 0 oförändrade"
    assert sorted(Outcome.objects.values_list("value", flat=True)) == [Decimal("4.25"), Decimal("1234.5")]


@pytest.mark.django_db
def test_an_unknown_indicator_and_unit_are_named(city, periods, t1_outcomes):
    before = _snapshot()
    data = xlsx_bytes({"Utfall": [HEAD, ["T1 2024", city.ks.pk, 99999, 1], ["T1 2024", 88888, city.safety.pk, 1],
                                  ["T9 2024", city.ks.pk, city.safety.pk, 1]]})
    assert _refused(data, city.users.ks_editor) == [
        "Blad Utfall, rad 2, kolumn Indikator-id: Det finns ingen indikator med id 99999.",
        "Blad Utfall, rad 3, kolumn Enhet-id: Det finns ingen enhet med id 88888.",
        "Blad Utfall, rad 4, kolumn Period: ”T9 2024” är ingen period; skriv T1 2024, T2 2024 eller VB 2024.",
    ]
    assert _snapshot() == before


@pytest.mark.django_db
def test_an_editor_cannot_import_another_units_row(city, periods, t1_outcomes):
    before = _snapshot()
    data = xlsx_bytes({"Utfall": [HEAD, ["T1 2024", city.ks.pk, city.safety.pk, 79],
                                  ["T1 2024", city.utn.pk, city.safety.pk, 70]]})
    assert _refused(data, city.users.ks_editor) == [
        "Blad Utfall, rad 3, kolumn Enhet-id: Du har inte behörighet att göra detta för Utbildningsnämnden."]
    assert _snapshot() == before  # row 2 was fine but nothing is saved


@pytest.mark.django_db
def test_a_locked_period_without_a_correction_reason_is_refused(city, periods, t1_outcomes):
    periods["T1"].status = PeriodStatus.LOCKED
    periods["T1"].save()
    before = _snapshot()
    data = edit_xlsx(export.export_outcomes(city.ks, [periods["T1"]]), "Utfall", "G3", 79)
    assert _refused(data, city.users.ks_controller) == [
        "Blad Utfall, rad 3, kolumn Rättelseskäl: Perioden är låst. Ett nytt värde kan bara registreras som rättelse "
        "med ett skäl."]
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_by_sex_total_that_is_not_the_sum_is_refused_without_a_reason(city, periods):
    city.safety.additive = True
    city.safety.unit_of_measure = "antal"  # an additive total is a count, not a % level
    city.safety.by_sex = True
    city.safety.save()
    data = xlsx_bytes({"Utfall": [HEAD, ["T1 2024", city.ks.pk, city.safety.pk, 260, 140, 110]]})
    assert _refused(data, city.users.ks_editor) == [
        "Blad Utfall, rad 2, kolumn Utfall: Totalen 260 är inte summan av kvinnor och män (250). Ange 250 som total "
        "eller skriv ett skäl till skillnaden."]
    assert not Outcome.objects.exists()
    with_reason = xlsx_bytes({"Utfall": [HEAD, ["T1 2024", city.ks.pk, city.safety.pk, 260, 140, 110,
                                                "10 personer med okänt kön"]]})
    assert import_file(with_reason, filename="u.xlsx", acting_user=city.users.ks_editor).text == \
        "1 nya, 0 ändrade, 0 oförändrade"


@pytest.mark.django_db
def test_all_errors_are_collected_before_refusing(city, periods):
    data = xlsx_bytes({"Utfall": [
        HEAD,
        ["T1 2024", city.ks.pk, city.safety.pk, "abc"],
        ["T1 2024", city.ks.pk, city.sick_leave.pk, 4, 5],  # fine
        ["T1 2024", city.utn.pk, city.safety.pk, 1],
        ["VB 2024", city.ks.pk, city.safety.pk, 1, None, None],
        ["T1 2024", city.ks.pk, city.sick_leave.pk, 2],
        ["T1 2024", "", city.safety.pk, 2],
    ]})
    lines = _refused(data, city.users.ks_editor)
    assert lines == [
        "Blad Utfall, rad 2, kolumn Utfall: ”abc” går inte att läsa som ett tal: det innehåller annat än siffror, "
        "mellanslag, komma och minustecken.",
        "Blad Utfall, rad 4, kolumn Enhet-id: Du har inte behörighet att göra detta för Utbildningsnämnden.",
        "Blad Utfall, rad 6, kolumn Indikator-id: Samma period, enhet och indikator som rad 3.",
        "Blad Utfall, rad 7, kolumn Enhet-id: Värde saknas.",
    ]
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_a_forecast_in_vb_and_women_for_an_indicator_not_by_sex_are_refused_at_their_columns(city, periods):
    data = xlsx_bytes({"Utfall": [["Period", "Enhet-id", "Indikator-id", "Utfall", "Kvinnor", "Helårsprognos"],
                                  ["VB 2024", city.ks.pk, city.safety.pk, 1, None, 2],
                                  ["T1 2024", city.ks.pk, city.safety.pk, 1, 3, None]]})
    assert _refused(data, city.users.ks_editor) == [
        "Blad Utfall, rad 2, kolumn Helårsprognos: Helårsprognos lämnas bara i tertialrapport 1 och 2.",
        "Blad Utfall, rad 3, kolumn Kvinnor: Indikatorn redovisas inte per kön.",
    ]


@pytest.mark.django_db
def test_the_web_scope_refuses_rows_of_other_units_and_periods(city, periods):
    data = xlsx_bytes({"Utfall": [HEAD, ["T2 2024", city.ks.pk, city.safety.pk, 1],
                                  ["T1 2024", city.utn.pk, city.safety.pk, 1]]})
    assert _refused(data, city.users.admin, only_unit=city.ks, only_period=periods["T1"]) == [
        "Blad Utfall, rad 2, kolumn Period: Raden gäller T2 2024, men importen gäller T1 2024.",
        "Blad Utfall, rad 3, kolumn Enhet-id: Utbildningsnämnden ligger utanför Kommunstyrelsen, som importen gäller.",
    ]


@pytest.mark.django_db
def test_wrong_headers_are_named(city, periods):
    data = xlsx_bytes({"Utfall": [["Period", "Enhet-id", "Utfal"], ["T1 2024", city.ks.pk, 1]]})
    assert _refused(data, city.users.ks_editor) == [
        "Blad Utfall, rad 1, kolumn Indikator-id: Kolumnen saknas.",
        "Blad Utfall, rad 1, kolumn Utfal: Kolumnen finns inte i formatet; rubrikerna ska vara som i exporten.",
    ]


@pytest.mark.django_db
def test_a_decided_plans_target_changes_only_with_a_new_decision(city):
    city.ks_plan.status = PlanStatus.DECIDED
    city.ks_plan.save()
    before = _snapshot()
    data = edit_xlsx(export.export_targets(city.ks_plan), "Årsmål", "G2", 4.2)
    assert _refused(data, city.users.ks_controller, filename="arsmal.xlsx") == [
        "Blad Årsmål, rad 2, kolumn Beslut: Planen är beslutad. Ett ändrat årsmål kräver hänvisning till det nya "
        "beslutet."]
    assert _refused(data, city.users.ks_editor, filename="arsmal.xlsx") == [
        "Blad Årsmål, rad 2, kolumn Indikator-id: Du har inte behörighet att göra detta för Kommunstyrelsen."]
    assert _snapshot() == before
    revised = edit_xlsx(data, "Årsmål", "K2", "KS 2024/88, punkt 2")
    assert import_file(revised, filename="arsmal.xlsx", acting_user=city.users.ks_controller).text == \
        "0 nya, 1 ändrade, 1 oförändrade"
    assert Target.objects.get(indicator=city.sick_leave).decision_reference == "KS 2024/88, punkt 2"


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"this is not a zip", "utfall.xlsx",
     "Filen ”utfall.xlsx” är ingen giltig Excel-fil (xlsx): den är inte ett zip-arkiv."),
    (b"PK\x03\x04broken", "utfall.xlsx", "Filen ”utfall.xlsx” går inte att läsa som en Excel-fil (xlsx)."),
    (b"", "utfall.csv", "Filen ”utfall.csv” är tom."),
    (b"\xef\xbb\xbf\r\n", "utfall.csv", "Filen ”utfall.csv” är tom."),
    ("\ufeffA;B;C\r\n1;2;3\r\n".encode(), "utfall.csv",
     "Filen ”utfall.csv” har fel rubriker. Första raden ska ha rubrikerna från exporten, t.ex. "
     "”Period;Enhet-id;…;Indikator-id;…” för utfall eller ”Indikator-id;…;År;Årsmål;…” för årsmål."),
    (b"Period,Enhet-id,Indikator-id\r\n", "utfall.csv",
     "Filen ”utfall.csv”: kolumnerna ska skiljas med semikolon (;), inte komma."),
    (b"\x00\x01\xff\xfe", "utfall.csv", "Filen ”utfall.csv” är varken en Excel-fil (xlsx) eller en textfil (csv)."),
    (b"\xd0\xcf\x11\xe0", "utfall.xls",
     "Filen ”utfall.xls” är en gammal Excel-fil (.xls). Spara den som .xlsx eller .csv och försök igen."),
])
def test_a_malformed_file_gets_a_swedish_error(city, data, filename, message):
    with pytest.raises(FileReadError) as err:
        import_file(data, filename=filename, acting_user=city.users.ks_editor)
    assert str(err.value.message) == message


@pytest.mark.django_db
def test_a_workbook_without_a_known_sheet_is_refused(city):
    data = xlsx_bytes({"Blad1": [["Namn", "Värde"], ["a", 1]]})
    with pytest.raises(FileReadError) as err:
        import_file(data, filename="x.xlsx", acting_user=city.users.ks_editor)
    assert str(err.value.message) == ("Filen ”x.xlsx” har inget blad som heter Utfall eller Årsmål (eller har deras "
                                      "rubriker).")


@pytest.mark.django_db
def test_a_future_or_unreadable_date_is_refused_at_avser_datum(city, periods):
    import datetime as dt
    future = dt.date.today() + dt.timedelta(days=3)
    data = xlsx_bytes({"Utfall": [["Period", "Enhet-id", "Indikator-id", "Utfall", "Avser datum"],
                                  ["T1 2024", city.ks.pk, city.safety.pk, 1, future.isoformat()],
                                  ["T1 2024", city.ks.pk, city.sick_leave.pk, 1, "30/4 2024"]]})
    assert _refused(data, city.users.ks_editor) == [
        f"Blad Utfall, rad 2, kolumn Avser datum: Datumet {future.isoformat()} ligger i framtiden.",
        "Blad Utfall, rad 3, kolumn Avser datum: ”30/4 2024” är inget datum; skriv t.ex. 2024-04-30.",
    ]
