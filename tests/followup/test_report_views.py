"""Report pages: building and approving as background tasks with progress, the workflow forms,
who may do what (status codes), and refusals in Swedish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from verksam.followup import reports
from verksam.followup.models import BackgroundTask, Report, ReportStatus, TaskStatus

from tests.conftest import PASSWORD
from tests.followup.report_helpers import make_report_data


@pytest.fixture(autouse=True)
def _sync_tasks(settings):
    settings.VERKSAM_TASKS_SYNC = True


@pytest.fixture
def follow(city):
    return make_report_data(city)


def _login(client, username):
    assert client.login(username=username, password=PASSWORD)


def _draft(city, follow):
    return reports.create_report(city.ks, follow.t2, acting_user=city.users.ks_editor)


@pytest.mark.django_db
def test_an_editor_builds_a_report_as_a_task_and_follows_its_progress(client, city, follow):
    _login(client, "ks_editor")
    page = client.get(reverse("followup_reports:list"))
    assert "Skapa rapport" in page.content.decode()
    response = client.post(reverse("followup_reports:create"), {"unit": city.ks.pk, "period": follow.t2.pk})
    task = BackgroundTask.objects.get()
    assert response.status_code == 302 and response.url == reverse("followup_reports:task", args=[task.pk])
    assert (task.kind, task.status, task.result["text"]) == ("report_create", TaskStatus.DONE,
                                                             "Rapporten är skapad med 2 avsnitt.")
    report = Report.objects.get()
    assert task.result["report"] == report.pk
    status = client.get(response.url)
    html = status.content.decode()
    assert "Rapporten är skapad med 2 avsnitt." in html and 'value="100"' in html
    assert reverse("followup_reports:detail", args=[report.pk]) in html
    assert "hx-trigger" not in html  # finished: no more polling


@pytest.mark.django_db
def test_a_running_task_fragment_polls_with_htmx(client, city, follow):
    _login(client, "ks_editor")
    task = BackgroundTask.objects.create(kind="report_approve", status=TaskStatus.RUNNING, progress=1, total=4,
                                         message="Skapar PDF", created_by=city.users.ks_editor)
    response = client.get(reverse("followup_reports:task", args=[task.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "Skapar PDF" in html and 'value="25"' in html
    assert "<html" not in html


@pytest.mark.django_db
def test_a_user_without_entry_rights_is_refused_in_swedish(client, city, follow):
    _login(client, "utb_editor")
    response = client.post(reverse("followup_reports:create"), {"unit": city.ks.pk, "period": follow.t2.pk})
    assert response.status_code == 200  # KS is not among the units offered: error at the field
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Report.objects.exists() and not BackgroundTask.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_see_approved_reports_only(client, city, follow):
    draft = _draft(city, follow)
    assert client.get(reverse("followup_reports:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("followup_reports:pdf", args=[draft.pk])).status_code == 404
    response = client.post(reverse("followup_reports:approve", args=[draft.pk]))
    assert response.status_code == 302 and "/konto/logga-in/" in response.url
    _login(client, "ks_reader")
    assert client.get(reverse("followup_reports:detail", args=[draft.pk])).status_code == 200


@pytest.mark.django_db
def test_the_workflow_from_texts_to_approval_on_the_page(client, city, follow):
    report = _draft(city, follow)
    ks_section, slk_section = report.sections.order_by("unit__path")
    _login(client, "ks_editor")
    url = reverse("followup_reports:detail", args=[report.pk])
    html = client.get(url).content.decode()
    assert "Markera som klart" in html and "Godkänn och frys rapporten" not in html
    response = client.post(reverse("followup_reports:section_text", args=[slk_section.pk]),
                           {"text": "Rehabiliteringen har förstärkts.", "version": slk_section.lock_version})
    assert response.status_code == 302
    client.post(reverse("followup_reports:summary", args=[report.pk]),
                {"summary": "Året går enligt plan.", "version": report.lock_version})
    for section in (ks_section, slk_section):
        client.post(reverse("followup_reports:section_ready", args=[section.pk]), {"ready": "1"})
    client.post(reverse("followup_reports:ready", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.summary == "Året går enligt plan."
    # an editor may not approve
    assert client.post(reverse("followup_reports:approve", args=[report.pk])).status_code == 403
    client.logout()
    _login(client, "ks_controller")
    response = client.post(reverse("followup_reports:approve", args=[report.pk]))
    task = BackgroundTask.objects.get(kind="report_approve")
    assert response.url == reverse("followup_reports:task", args=[task.pk])
    assert (task.status, task.progress, task.total) == (TaskStatus.DONE, 4, 4)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    html = client.get(url).content.decode()
    assert "Rehabiliteringen har förstärkts." in html and "Registrera rättelse" in html
    assert "Markera som klart" not in html


@pytest.mark.django_db
def test_approving_with_sections_not_ready_is_refused_at_once(client, city, follow):
    report = _draft(city, follow)
    _login(client, "ks_controller")
    response = client.post(reverse("followup_reports:approve", args=[report.pk]))
    assert response.status_code == 409
    assert ("Alla avsnitt måste vara klara först. Inte klara: Kommunstyrelsen, Stadsledningskontoret."
            in response.content.decode())
    assert not BackgroundTask.objects.exists()


@pytest.mark.django_db
def test_changes_to_an_approved_report_are_refused_with_409(client, city, follow):
    report = _draft(city, follow)
    for section in report.sections.all():
        reports.mark_section_ready(section, acting_user=city.users.ks_editor)
    reports.approve_report(report, acting_user=city.users.ks_controller)
    section = report.sections.first()
    _login(client, "ks_controller")
    for url, data in ((reverse("followup_reports:summary", args=[report.pk]), {"summary": "x"}),
                      (reverse("followup_reports:section_text", args=[section.pk]), {"text": "x"}),
                      (reverse("followup_reports:section_ready", args=[section.pk]), {"ready": "0"}),
                      (reverse("followup_reports:approve", args=[report.pk]), {})):
        response = client.post(url, data)
        assert response.status_code == 409, url
        assert "Rapporten är godkänd och kan inte ändras." in response.content.decode()


@pytest.mark.django_db
def test_a_correction_without_reason_gets_the_error_at_the_field(client, city, follow):
    report = _draft(city, follow)
    for section in report.sections.all():
        reports.mark_section_ready(section, acting_user=city.users.ks_editor)
    reports.approve_report(report, acting_user=city.users.ks_controller)
    _login(client, "ks_controller")
    url = reverse("followup_reports:correct", args=[report.pk])
    response = client.post(url, {"change": "Sjukfrånvaro 4,8 % ska vara 4,4 %.", "reason": ""})
    assert response.status_code == 200 and 'id="id_reason-error"' in response.content.decode()
    assert report.corrections.count() == 0
    response = client.post(url, {"change": "Sjukfrånvaro 4,8 % ska vara 4,4 %.", "reason": "Fel underlag."})
    assert response.status_code == 302
    assert list(report.corrections.values_list("reason", "change")) == [
        ("Fel underlag.", {"text": "Sjukfrånvaro 4,8 % ska vara 4,4 %."})]


@pytest.mark.django_db
def test_a_stale_version_of_a_text_is_refused_and_nothing_is_saved(client, city, follow):
    report = _draft(city, follow)
    section = report.sections.order_by("unit__path").first()
    _login(client, "ks_editor")
    stale = report.lock_version
    assert client.post(reverse("followup_reports:summary", args=[report.pk]),
                       {"summary": "Första texten.", "version": stale}).status_code == 302
    response = client.post(reverse("followup_reports:summary", args=[report.pk]),
                           {"summary": "Andra texten.", "version": stale})
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.summary == "Första texten."
    # the same for a section's text
    stale = section.lock_version
    assert client.post(reverse("followup_reports:section_text", args=[section.pk]),
                       {"text": "Ny text.", "version": stale}).status_code == 302
    response = client.post(reverse("followup_reports:section_text", args=[section.pk]),
                           {"text": "Annan text.", "version": stale})
    assert response.status_code == 409
    section.refresh_from_db()
    assert section.text == "Ny text."
