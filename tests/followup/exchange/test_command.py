"""``verksam followup export|import``: files written, counts printed, exit 1 with Swedish errors."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from verksam.followup.models import Outcome

from .helpers import edit_xlsx, read_xlsx


def _run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("followup", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_export_then_import_through_the_command(city, periods, t1_outcomes, tmp_path):
    target = tmp_path / "utfall.xlsx"
    code, out, _err = _run("export", "--unit", str(city.ks.pk), "--period", str(periods["T1"].pk), "-o", str(target))
    assert code == 0 and out.strip() == f"Skrev utfall för Kommunstyrelsen till {target}."
    assert read_xlsx(target.read_bytes(), "Utfall")[1][:7] == (
        "T1 2024", city.ks.pk, "Kommunstyrelsen", city.sick_leave.pk, "Sjukfrånvaro", "%", 4.8)
    code, out, _err = _run("import", str(target), "--user", "ks_editor")
    assert (code, out.strip()) == (0, "0 nya, 0 ändrade, 2 oförändrade")
    target.write_bytes(edit_xlsx(target.read_bytes(), "Utfall", "G2", 4.4))
    code, out, _err = _run("import", str(target), "--user", "ks_editor")
    assert (code, out.strip()) == (0, "0 nya, 1 ändrade, 1 oförändrade")
    assert Outcome.objects.get(indicator=city.sick_leave).value == Decimal("4.4")


@pytest.mark.django_db
def test_csv_export_of_targets(city, tmp_path):
    target = tmp_path / "arsmal.csv"
    code, out, _err = _run("export", "--plan", str(city.ks_plan.pk), "--format", "csv", "-o", str(target))
    assert code == 0 and out.strip() == f"Skrev årsmål för Verksamhetsplan 2024 för kommunstyrelsen till {target}."
    assert target.read_bytes().startswith("\ufeffIndikator-id;Indikator;Enhet-id;Enhet;År;".encode())


@pytest.mark.django_db
def test_a_refused_import_exits_1_with_every_error_and_writes_nothing(city, periods, t1_outcomes, tmp_path):
    target = tmp_path / "utfall.csv"
    _run("export", "--unit", str(city.ks.pk), "--period", str(periods["T1"].pk), "-o", str(target))
    text = target.read_text(encoding="utf-8-sig").replace(";4,8;", ";1,234.5;").replace(";78;", ";79;")
    target.write_text(text, encoding="utf-8-sig")
    code, out, err = _run("import", str(target), "--user", "utb_editor")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "Fel: Importen avbröts: 2 fel. Inget har sparats.",
        "  Blad Utfall, rad 2, kolumn Utfall: ”1,234.5” går inte att läsa som ett tal: punkt efter komma är "
        "tvetydigt (engelsk skrivning?); skriv t.ex. 1 234,5.",
        "  Blad Utfall, rad 3, kolumn Enhet-id: Du har inte behörighet att göra detta för Kommunstyrelsen.",
    ]
    assert Outcome.objects.get(indicator=city.sick_leave).value == Decimal("4.8")


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["import", "/nonexistent/u.xlsx", "--user", "ks_editor"],
     "Fel: Kunde inte läsa /nonexistent/u.xlsx: No such file or directory"),
    (["import", "u.xlsx", "--user", "ingen"], "Fel: Det finns ingen aktiv användare ”ingen”."),
    (["export", "--unit", "999999", "--period", "1", "-o", "x.xlsx"], "Fel: Det finns ingen enhet med id 999999."),
    (["export", "--plan", "999999", "-o", "x.xlsx"], "Fel: Det finns ingen plan med id 999999."),
    (["export", "-o", "x.xlsx"], "Fel: Ange --unit och minst en --period (eller --plan för årsmål)."),
])
def test_bad_arguments_exit_1_in_swedish(city, args, message):
    code, _out, err = _run(*args)
    assert code == 1 and err.strip() == message


@pytest.mark.django_db
def test_an_unreadable_file_exits_1(city, tmp_path):
    bad = tmp_path / "u.xlsx"
    bad.write_bytes(b"nope")
    code, _out, err = _run("import", str(bad), "--user", "ks_editor")
    assert code == 1 and err.strip() == "Fel: Filen ”u.xlsx” är ingen giltig Excel-fil (xlsx): den är inte ett zip-arkiv."
