"""Round trip: an export re-imports unchanged ("0 nya, 0 ändrade, N oförändrade", no history),
an edited cell changes exactly one outcome or årsmål, and export → import → export is identical
cell by cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verksam.followup import actions
from verksam.followup.exchange import export
from verksam.followup.exchange.importer import import_file
from verksam.followup.models import Outcome, OutcomeSource, PeriodStatus
from verksam.planning.models import Target

from .helpers import edit_xlsx, read_xlsx


def _history_count() -> int:
    return Outcome.history.count() + Target.history.count()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_unchanged_export_reimports_as_nothing_changed_and_writes_no_history(city, periods, t1_outcomes, fmt):
    data = export.export_outcomes(city.ks, [periods["T1"], periods["T2"]], fmt=fmt)
    before = list(Outcome.objects.order_by("pk").values())
    history = _history_count()
    result = import_file(data, filename=f"utfall.{fmt}", acting_user=city.users.ks_controller)
    assert result.text == "0 nya, 0 ändrade, 4 oförändrade"
    assert list(Outcome.objects.order_by("pk").values()) == before
    assert _history_count() == history


@pytest.mark.django_db
def test_export_import_export_is_identical_cell_by_cell(city, periods, t1_outcomes):
    actions.enter_outcome(city.safety, city.slk, periods["T1"], value=Decimal("0.0001"), comment="rad 1\nrad 2",
                          source_note="Enkät 2024", acting_user=city.users.ks_editor)
    first = export.export_outcomes(city.ks, [periods["T1"]])
    import_file(first, filename="utfall.xlsx", acting_user=city.users.ks_editor)
    second = export.export_outcomes(city.ks, [periods["T1"]])
    assert read_xlsx(second, "Utfall") == read_xlsx(first, "Utfall")
    assert read_xlsx(first, "Utfall")[3][6:13] == (0.0001, None, None, None, None, "rad 1\nrad 2", "Enkät 2024")


@pytest.mark.django_db
def test_an_edited_cell_changes_exactly_that_outcome_with_the_importer_in_history(city, periods, t1_outcomes):
    sick, safety = t1_outcomes
    data = export.export_outcomes(city.ks, [periods["T1"]])
    edited = edit_xlsx(data, "Utfall", "G3", 81.5)  # trygghet 78 → 81,5
    result = import_file(edited, filename="utfall.xlsx", acting_user=city.users.ks_controller)
    assert result.text == "0 nya, 1 ändrade, 1 oförändrade"
    safety.refresh_from_db()
    sick_after = Outcome.objects.get(pk=sick.pk)
    assert safety.value == Decimal("81.5") and safety.source == OutcomeSource.IMPORT
    assert safety.entered_by == city.users.ks_controller and safety.lock_version == 1
    assert (sick_after.value, sick_after.source, sick_after.lock_version) == (Decimal("4.8"), "manual", 0)
    latest = safety.history.first()
    assert latest.history_type == "~" and latest.history_user == city.users.ks_controller
    assert latest.value == Decimal("81.5")
    assert sick.history.count() == 1


@pytest.mark.django_db
def test_a_blank_row_filled_in_creates_one_outcome(city, periods):
    data = export.export_outcomes(city.ks, [periods["T2"]], fmt="csv")
    lines = data.decode("utf-8-sig").split("\r\n")
    cells = lines[1].split(";")
    cells[6], cells[7], cells[8], cells[11] = "4,9", "5,8", "3,9", "Ökning under sommaren"
    lines[1] = ";".join(cells)
    result = import_file(("\ufeff" + "\r\n".join(lines)).encode(), filename="utfall.csv",
                         acting_user=city.users.ks_editor)
    assert result.text == "1 nya, 0 ändrade, 1 oförändrade"
    outcome = Outcome.objects.get()
    assert (outcome.value, outcome.value_women, outcome.value_men, outcome.comment, outcome.as_of.isoformat()) == (
        Decimal("4.9"), Decimal("5.8"), Decimal("3.9"), "Ökning under sommaren", "2024-08-31")
    assert outcome.history.get().history_user == city.users.ks_editor


@pytest.mark.django_db
def test_a_locked_period_reimports_unchanged_and_takes_a_change_only_with_a_reason(city, periods, t1_outcomes):
    periods["T1"].status = PeriodStatus.LOCKED
    periods["T1"].save()
    data = export.export_outcomes(city.ks, [periods["T1"]])
    assert import_file(data, filename="u.xlsx", acting_user=city.users.ks_editor).text == \
        "0 nya, 0 ändrade, 2 oförändrade"
    corrected = edit_xlsx(edit_xlsx(data, "Utfall", "G3", 79), "Utfall", "P3", "Felaktig summering")
    assert import_file(corrected, filename="u.xlsx", acting_user=city.users.ks_controller).text == \
        "0 nya, 1 ändrade, 1 oförändrade"
    safety = t1_outcomes[1]
    safety.refresh_from_db()
    assert safety.value == Decimal("79") and safety.correction_reason == "Felaktig summering"
    assert safety.history.first().history_change_reason == "Felaktig summering"
    # the exported Rättelseskäl column is empty again: the next change needs its own reason
    assert read_xlsx(export.export_outcomes(city.ks, [periods["T1"]]), "Utfall")[2][15] is None


@pytest.mark.django_db
def test_an_additive_total_left_blank_is_the_sum_and_counts_as_unchanged(city, periods):
    city.safety.additive = True
    city.safety.unit_of_measure = "antal"  # an additive total is a count, not a % level
    city.safety.by_sex = True
    city.safety.save()
    actions.enter_outcome(city.safety, city.ks, periods["T1"], value_women=Decimal("140"), value_men=Decimal("110"),
                          acting_user=city.users.ks_editor)
    data = edit_xlsx(export.export_outcomes(city.ks, [periods["T1"]]), "Utfall", "G3", None)
    assert import_file(data, filename="u.xlsx", acting_user=city.users.ks_editor).text == \
        "0 nya, 0 ändrade, 2 oförändrade"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_targets_round_trip_and_an_edited_target_changes_only_itself(city, fmt):
    data = export.export_targets(city.ks_plan, fmt=fmt)
    history = _history_count()
    assert import_file(data, filename=f"arsmal.{fmt}", acting_user=city.users.ks_editor).text == \
        "0 nya, 0 ändrade, 2 oförändrade"
    assert _history_count() == history
    if fmt == "xlsx":
        edited = edit_xlsx(data, "Årsmål", "G3", 82)
    else:
        edited = data.replace(b";80;", b";82;")
    assert import_file(edited, filename=f"arsmal.{fmt}", acting_user=city.users.ks_editor).text == \
        "0 nya, 1 ändrade, 1 oförändrade"
    safety_target = Target.objects.get(indicator=city.safety)
    assert safety_target.value == Decimal("82")
    assert safety_target.history.first().history_user == city.users.ks_editor
    assert Target.objects.get(indicator=city.sick_leave).value == Decimal("4.5")


@pytest.mark.django_db
def test_a_workbook_with_both_sheets_reports_each(city, periods, t1_outcomes):
    from verksam.followup.exchange.columns import OUTCOME_COLUMNS, TARGET_COLUMNS
    data = export.write_xlsx({
        "Utfall": (OUTCOME_COLUMNS, export.outcome_rows(city.ks, [periods["T1"]])),
        "Årsmål": (TARGET_COLUMNS, export.target_rows(city.ks_plan)),
    })
    assert import_file(data, filename="allt.xlsx", acting_user=city.users.ks_editor).text == \
        "Utfall: 0 nya, 0 ändrade, 2 oförändrade; Årsmål: 0 nya, 0 ändrade, 2 oförändrade"


@pytest.mark.django_db
def test_a_csv_saved_by_excel_in_windows_1252_without_bom_is_read(city, periods, t1_outcomes):
    text = export.export_outcomes(city.ks, [periods["T1"]], fmt="csv").decode("utf-8-sig")
    assert import_file(text.replace(";78;", ";78,5;").encode("cp1252"), filename="utfall.csv",
                       acting_user=city.users.ks_editor).text == "0 nya, 1 ändrade, 1 oförändrade"
    assert Outcome.objects.get(indicator=city.safety).value == Decimal("78.5")
