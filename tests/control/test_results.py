"""Control results and deviations: period of an occasion, locked periods, dates, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from verksam.control import actions
from verksam.control.models import ControlResult, Deviation, ResultOutcome
from verksam.core.errors import DomainError, NotAllowedError
from verksam.followup.actions import PeriodLockedError, set_period_status
from verksam.followup.models import PeriodStatus

pytestmark = pytest.mark.django_db

D = dt.date


def occasions(ic):
    return list(ic.control.occasions.order_by("due"))


def test_a_result_belongs_to_the_period_that_covers_its_occasion(ic, city):
    t1_occasion, t2_occasion, vb_occasion = occasions(ic)
    results = [actions.record_result(o, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS)
               for o in (t1_occasion, t2_occasion, vb_occasion)]
    assert [r.period.kind for r in results] == ["T1", "T2", "VB"]
    assert [r.as_of for r in results] == [D(2024, 4, 30), D(2024, 8, 31), D(2024, 12, 31)]
    assert results[0].entered_by == city.users.ks_editor
    assert results[0].entered_at.date() == timezone.localdate()


def test_a_deviation_needs_a_finding(ic, city):
    with pytest.raises(DomainError) as err:
        actions.record_result(occasions(ic)[0], acting_user=city.users.ks_editor, outcome=ResultOutcome.DEVIATION)
    assert (err.value.field, str(err.value.message)) == ("finding", "Beskriv avvikelsen som kontrollen fann.")
    assert ControlResult.objects.count() == 0


def test_a_result_in_a_locked_period_is_refused_without_a_reason(ic, city):
    set_period_status(ic.t1, PeriodStatus.LOCKED, unit=city.kf, acting_user=city.users.admin)
    with pytest.raises(PeriodLockedError) as err:
        actions.record_result(occasions(ic)[0], acting_user=city.users.ks_controller, outcome=ResultOutcome.NO_REMARKS)
    assert (err.value.field, str(err.value.message)) == (
        "correction_reason", "Perioden är låst. Ett nytt värde kan bara registreras som rättelse med ett skäl.")
    assert ControlResult.objects.count() == 0


def test_a_correction_with_a_reason_is_accepted_from_a_controller_only(ic, city):
    first = occasions(ic)[0]
    actions.record_result(first, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS)
    set_period_status(ic.t1, PeriodStatus.LOCKED, unit=city.kf, acting_user=city.users.admin)
    with pytest.raises(NotAllowedError):
        actions.record_result(first, acting_user=city.users.ks_editor, outcome=ResultOutcome.DEVIATION,
                              finding="Saknad attest", correction_reason="Fel i första registreringen")
    result = actions.record_result(first, acting_user=city.users.ks_controller, outcome=ResultOutcome.DEVIATION,
                                   finding="Saknad attest", correction_reason="Fel i första registreringen")
    assert (result.outcome, result.correction_reason, result.entered_by) == (
        "deviation", "Fel i första registreringen", city.users.ks_controller)
    assert result.history.first().history_change_reason == "Fel i första registreringen"


def test_a_result_in_an_open_period_does_not_need_a_reason(ic, city):
    set_period_status(ic.t1, PeriodStatus.LOCKED, unit=city.kf, acting_user=city.users.admin)
    result = actions.record_result(occasions(ic)[1], acting_user=city.users.ks_editor, outcome="no_remarks")
    assert result.period == ic.t2


def test_a_future_date_is_refused(ic, city):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainError) as err:
        actions.record_result(occasions(ic)[0], acting_user=city.users.ks_editor, outcome="no_remarks", as_of=tomorrow)
    assert (err.value.field, str(err.value.message)) == (
        "as_of", f"Datumet {tomorrow.isoformat()} ligger i framtiden.")


def test_another_boards_editor_cannot_record_ks_results(ic, city):
    with pytest.raises(NotAllowedError):
        actions.record_result(occasions(ic)[0], acting_user=city.users.utb_editor, outcome="no_remarks")
    with pytest.raises(NotAllowedError):
        actions.record_result(occasions(ic)[0], acting_user=city.users.ks_reader, outcome="no_remarks")


def test_a_deviation_is_followed_until_closed(ic, city):
    result = actions.record_result(occasions(ic)[1], acting_user=city.users.ks_editor, outcome="deviation",
                                   finding="Insatserna följdes inte upp i två stadsdelar.")
    deviation = actions.open_deviation(result, acting_user=city.users.ks_editor,
                                       finding="Uppföljning saknas i två stadsdelar.",
                                       actions="Ny rutin för kvartalsvis uppföljning.",
                                       responsible="Avdelningschef trygghet", due=D(2024, 10, 31))
    assert (deviation.status, deviation.closed_at) == ("open", None)
    with pytest.raises(DomainError) as err:
        actions.record_result(occasions(ic)[1], acting_user=city.users.ks_editor, outcome="no_remarks")
    assert (err.value.field, str(err.value.message)) == (
        "outcome", "Resultatet har registrerade avvikelser och kan inte ändras till utan anmärkning.")

    actions.close_deviation(deviation, acting_user=city.users.ks_editor, note="Rutinen infördes 2024-10-15.")
    deviation.refresh_from_db()
    assert (deviation.status, deviation.closed_by, deviation.closing_note) == (
        "closed", city.users.ks_editor, "Rutinen infördes 2024-10-15.")
    assert deviation.closed_at is not None
    with pytest.raises(DomainError) as err:
        actions.close_deviation(deviation, acting_user=city.users.ks_editor)
    assert str(err.value.message) == "Avvikelsen är redan stängd."
    with pytest.raises(DomainError):
        actions.update_deviation(deviation, acting_user=city.users.ks_editor, actions="Mer")
    actions.reopen_deviation(deviation, acting_user=city.users.ks_controller, reason="Rutinen följs inte.")
    deviation.refresh_from_db()
    assert (deviation.status, deviation.closed_at, deviation.closed_by) == ("open", None, None)


def test_a_deviation_needs_a_result_with_a_deviation_and_a_responsible(ic, city):
    fine = actions.record_result(occasions(ic)[0], acting_user=city.users.ks_editor, outcome="no_remarks")
    with pytest.raises(DomainError) as err:
        actions.open_deviation(fine, acting_user=city.users.ks_editor, finding="X", responsible="Y")
    assert err.value.field == "result"
    bad = actions.record_result(occasions(ic)[1], acting_user=city.users.ks_editor, outcome="deviation",
                                finding="Brist")
    with pytest.raises(DomainError) as err:
        actions.open_deviation(bad, acting_user=city.users.ks_editor, finding="Brist", responsible=" ")
    assert (err.value.field, str(err.value.message)) == ("responsible", "Ange vem som är ansvarig för åtgärderna.")
    assert Deviation.objects.count() == 0


def test_a_result_is_dated_in_its_occasions_year_or_the_next(ic, city):
    t1_occasion = occasions(ic)[0]
    for wrong in (D(1900, 1, 1), D(2023, 12, 31)):
        with pytest.raises(DomainError) as err:
            actions.record_result(t1_occasion, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS,
                                  as_of=wrong)
        assert (err.value.field, str(err.value.message)) == (
            "as_of", "Resultatet avser kontrolltillfället 2024-04-30 och ska dateras 2024 eller 2025.")
    assert ControlResult.objects.count() == 0
    early = actions.record_result(t1_occasion, acting_user=city.users.ks_editor, outcome=ResultOutcome.NO_REMARKS,
                                  as_of=D(2024, 1, 1))
    assert early.as_of == D(2024, 1, 1)


def test_a_deviation_is_due_between_its_occasion_and_ten_years_later(ic, city):
    t1_occasion = occasions(ic)[0]
    result = actions.record_result(t1_occasion, acting_user=city.users.ks_editor, outcome=ResultOutcome.DEVIATION,
                                   finding="Två insatser saknade uppföljning.")
    for wrong in (D(1900, 1, 1), D(2024, 4, 29), D(2034, 5, 1), D(9999, 12, 31)):
        with pytest.raises(DomainError) as err:
            actions.open_deviation(result, acting_user=city.users.ks_editor, finding="Saknad uppföljning",
                                   responsible="Avdelningschef", due=wrong)
        assert (err.value.field, str(err.value.message)) == (
            "due", "Klart senast ska ligga mellan kontrolltillfället 2024-04-30 och tio år senare.")
    assert Deviation.objects.count() == 0
    deviation = actions.open_deviation(result, acting_user=city.users.ks_editor, finding="Saknad uppföljning",
                                       responsible="Avdelningschef", due=D(2024, 4, 30))
    with pytest.raises(DomainError) as err:
        actions.update_deviation(deviation, acting_user=city.users.ks_editor, due=D(2024, 1, 31))
    assert err.value.field == "due"
    deviation.refresh_from_db()
    assert deviation.due == D(2024, 4, 30)
