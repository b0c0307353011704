"""Controls (kontrollmoment): required responsible, generated occasions, frequency changes that
keep recorded results, and copying the plan to the next year."""

from __future__ import annotations

import datetime as dt

import pytest

from verksam.control import actions
from verksam.control.models import Control, ControlMethod, ControlOccasion, ControlPlan, ResultOutcome, Treatment
from verksam.core.errors import DomainError, NotAllowedError

pytestmark = pytest.mark.django_db

D = dt.date


def dues(control) -> list[dt.date]:
    return list(control.occasions.order_by("due").values_list("due", flat=True))


def monthly_control(ic, city, **values):
    values = {"title": "Avstämning av leverantörsreskontra", "method": ControlMethod.RECONCILIATION,
              "frequency": "monthly", "start": D(2024, 1, 31), "end": D(2024, 12, 31),
              "responsible": "Ekonomichef", "reported_in": "VB", **values}
    return actions.create_control(ic.control_plan, acting_user=city.users.ks_editor, **values)


def test_a_control_gets_its_occasions(ic, city):
    assert dues(ic.control) == [D(2024, 4, 30), D(2024, 8, 31), D(2024, 12, 31)]
    control = monthly_control(ic, city)
    assert len(dues(control)) == 12
    assert dues(control)[:3] == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]


@pytest.mark.parametrize("responsible", ["", "   ", None])
def test_a_control_without_a_responsible_is_refused_and_nothing_is_saved(ic, city, responsible):
    with pytest.raises(DomainError) as err:
        monthly_control(ic, city, responsible=responsible)
    assert (err.value.field, str(err.value.message)) == ("responsible", "Ange vem som är ansvarig för kontrollmomentet.")
    assert (Control.objects.count(), ControlOccasion.objects.count()) == (1, 3)


def test_dates_outside_the_plans_year_are_refused(ic, city):
    with pytest.raises(DomainError) as err:
        monthly_control(ic, city, end=D(2025, 1, 31))
    assert (err.value.field, str(err.value.message)) == ("end", "Datumet ska ligga inom 2024.")
    with pytest.raises(DomainError) as err:
        monthly_control(ic, city, start=D(2024, 6, 1), end=D(2024, 5, 1))
    assert (err.value.field, str(err.value.message)) == ("end", "Slutdatum kan inte ligga före startdatum.")


def test_a_control_needs_a_method_and_a_frequency(ic, city):
    with pytest.raises(DomainError) as err:
        monthly_control(ic, city, method="")
    assert (err.value.field, str(err.value.message)) == ("method", "Välj en kontrollmetod.")
    with pytest.raises(DomainError) as err:
        monthly_control(ic, city, frequency="weekly")
    assert (err.value.field, str(err.value.message)) == ("frequency", "Välj hur ofta kontrollen görs.")


def test_a_risk_of_another_board_is_refused(ic, city):
    utn_analysis = actions.create_risk_analysis(city.utn, 2024, matrix=ic.matrix, acting_user=city.users.utb_editor)
    utn_risk = actions.create_risk(utn_analysis, acting_user=city.users.utb_editor, title="Skolval",
                                   category="operational", inherent_likelihood=2, inherent_consequence=2)
    with pytest.raises(DomainError) as err:
        monthly_control(ic, city, risk=utn_risk)
    assert (err.value.field, str(err.value.message)) == ("risk", "Risken hör inte till riskanalysen för "
                                                                 "Kommunstyrelsen 2024.")


def test_another_boards_editor_cannot_add_controls_to_ks(ic, city):
    with pytest.raises(NotAllowedError):
        actions.create_control(ic.control_plan, acting_user=city.users.utb_editor, title="X", method="review",
                               frequency="once", start=D(2024, 5, 1), responsible="Någon")
    with pytest.raises(NotAllowedError):
        actions.update_control(ic.control, acting_user=city.users.utb_editor, responsible="Någon annan")


def test_a_frequency_change_keeps_recorded_results_and_past_occasions(ic, city):
    control = monthly_control(ic, city)
    jan, feb = control.occasions.order_by("due")[:2]
    actions.record_result(jan, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS)
    actions.record_result(feb, acting_user=city.users.ks_editor, outcome=ResultOutcome.DEVIATION,
                          finding="Två fakturor saknade attest.")

    actions.regenerate_occasions(control, "tertial", D(2024, 3, 15), acting_user=city.users.ks_editor)

    control.refresh_from_db()
    assert control.frequency == "tertial"
    assert dues(control) == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 4, 30), D(2024, 8, 31), D(2024, 12, 31)]
    assert [o.result.outcome for o in control.occasions.filter(result__isnull=False).order_by("due")] == [
        "no_remarks", "deviation"]
    assert ControlOccasion.objects.filter(pk__in=[jan.pk, feb.pk]).count() == 2


def test_a_same_frequency_call_records_nothing(ic, city):
    before = (ic.control.history.count(), ControlOccasion.history.count())
    actions.regenerate_occasions(ic.control, "tertial", D(2024, 3, 15), acting_user=city.users.ks_editor)
    assert (ic.control.history.count(), ControlOccasion.history.count()) == before


def test_a_control_with_results_cannot_be_deleted(ic, city):
    actions.record_result(ic.control.occasions.first(), acting_user=city.users.ks_editor,
                          outcome=ResultOutcome.NO_REMARKS)
    other = monthly_control(ic, city)
    with pytest.raises(DomainError) as err:
        actions.delete_control(ic.control, acting_user=city.users.ks_editor)
    assert str(err.value.message) == "Kontrollmomentet har registrerade resultat och kan inte tas bort."
    actions.delete_control(other, acting_user=city.users.ks_editor)
    assert not ControlOccasion.objects.filter(control_id=other.pk).exists()


def test_the_last_control_of_a_risk_treated_by_control_cannot_be_deleted(ic, city):
    actions.update_risk(ic.risk, acting_user=city.users.ks_editor, treatment=Treatment.CONTROL)
    with pytest.raises(DomainError) as err:
        actions.delete_control(ic.control, acting_user=city.users.ks_editor)
    assert str(err.value.message) == ("Risken Bristande samordning av trygghetsarbetet hanteras med kontroll och "
                                      "behöver minst ett kontrollmoment.")


def test_copying_the_plan_to_the_next_year_creates_that_years_occasions(ic, city):
    monthly_control(ic, city, start=D(2024, 2, 29), end=D(2024, 6, 30))
    new = actions.copy_control_plan(ic.control_plan, acting_user=city.users.ks_editor)
    assert (new.year, new.title, new.copied_from_id) == (2025, "Internkontrollplan 2025", ic.control_plan.pk)
    tertial, monthly = new.controls.order_by("pk")
    assert (tertial.start, tertial.end, tertial.risk_id) == (D(2025, 1, 1), D(2025, 12, 31), None)
    assert dues(tertial) == [D(2025, 4, 30), D(2025, 8, 31), D(2025, 12, 31)]
    assert (monthly.start, monthly.end) == (D(2025, 2, 28), D(2025, 6, 30))
    assert dues(monthly) == [D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30)]
    with pytest.raises(DomainError) as err:
        actions.copy_control_plan(ic.control_plan, acting_user=city.users.ks_editor)
    assert str(err.value.message) == "Kommunstyrelsen har redan en internkontrollplan för 2025."
    assert ControlPlan.objects.count() == 2


def test_copying_the_risk_analysis_brings_the_plan_and_links_controls_to_the_copied_risks(ic, city):
    actions.update_risk(ic.risk, acting_user=city.users.ks_editor, treatment=Treatment.CONTROL)
    new = actions.copy_risk_analysis(ic.analysis, acting_user=city.users.ks_editor)
    risk = new.risks.get()
    assert (new.year, new.title, risk.copied_from_id, risk.goal_id) == (
        2025, "Väsentlighets- och riskanalys 2025", ic.risk.pk, None)
    assert (risk.inherent_score, risk.treatment) == (12, "control")
    control = ControlPlan.objects.get(unit=city.ks, year=2025).controls.get()
    assert control.risk_id == risk.pk
    assert dues(control) == [D(2025, 4, 30), D(2025, 8, 31), D(2025, 12, 31)]


def test_a_control_wholly_in_the_past_keeps_its_schedule(ic, city):
    """DESIGN "Recurrence": only future occasions are regenerated, so a series that has passed
    cannot change frequency or dates (it would show a new frequency over the old occasions)."""
    before = [o.due for o in ic.control.occasions.order_by("due")]
    for change in ({"frequency": "yearly"}, {"start": D(2024, 6, 1)}, {"end": D(2024, 10, 31)}):
        with pytest.raises(DomainError) as err:
            actions.update_control(ic.control, acting_user=city.users.ks_editor, today=D(2025, 1, 10), **change)
        assert err.value.field == next(iter(change))
        assert str(err.value.message) == (
            "Kontrollmomentets alla tillfällen har passerat (sista dag 2024-12-31): frekvens och datum kan inte "
            "längre ändras, bara framtida tillfällen görs om.")
    ic.control.refresh_from_db()
    assert (ic.control.frequency, [o.due for o in ic.control.occasions.order_by("due")]) == ("tertial", before)
    assert actions.update_control(ic.control, acting_user=city.users.ks_editor, today=D(2025, 1, 10),
                                  responsible="Trygghetschef") is True
