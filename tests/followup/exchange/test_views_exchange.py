"""The exchange pages: export downloads, upload → background import → progress page with the
result or every error; permissions."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from verksam.followup.exchange import export
from verksam.followup.models import BackgroundTask, Outcome

from .helpers import edit_xlsx, xlsx_bytes


def _urls(city, period):
    args = {"period_pk": period.pk, "unit_pk": city.ks.pk}
    return (reverse("followup_exchange:unit_period", kwargs=args),
            reverse("followup_exchange:export_outcomes", kwargs={**args, "fmt": "xlsx"}),
            reverse("followup_exchange:import_outcomes", kwargs=args))


def _upload(client, url, data: bytes, name: str):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_an_editor_exports_edits_and_imports_and_sees_the_result(client, city, periods, t1_outcomes):
    page_url, export_url, import_url = _urls(city, periods["T1"])
    client.force_login(city.users.ks_editor)
    page = client.get(page_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert export_url in html and 'id="upload-form"' in html
    download = client.get(export_url)
    assert download["Content-Type"] == export.CONTENT_TYPES["xlsx"]
    assert download["Content-Disposition"] == 'attachment; filename="utfall-ks-T1-2024.xlsx"'
    assert load_workbook(io.BytesIO(download.content)).sheetnames == ["Utfall"]
    response = _upload(client, import_url, edit_xlsx(download.content, "Utfall", "G3", 80), "utfall.xlsx")
    task = BackgroundTask.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("followup_exchange:task", args=[task.pk])
    assert (task.kind, task.status, task.message) == ("followup_import", "done", "0 nya, 1 ändrade, 1 oförändrade")
    assert task.params == {"unit": city.ks.pk, "period": periods["T1"].pk, "filename": "utfall.xlsx"}
    progress = client.get(response["Location"])
    assert "Importen är klar:" in progress.content.decode()
    assert "0 nya, 1 ändrade, 1 oförändrade" in progress.content.decode()
    assert Outcome.objects.get(indicator=city.safety).value == Decimal("80")
    assert "utfall.xlsx" in client.get(page_url).content.decode()  # listed under the latest imports


@pytest.mark.django_db
def test_a_refused_import_lists_every_error_and_saves_nothing(client, city, periods, t1_outcomes):
    _page, _export, import_url = _urls(city, periods["T1"])
    client.force_login(city.users.ks_editor)
    data = xlsx_bytes({"Utfall": [["Period", "Enhet-id", "Indikator-id", "Utfall"],
                                  ["T1 2024", city.ks.pk, city.safety.pk, "1,234.5"],
                                  ["T1 2024", city.ks.pk, 4711, 1]]})
    response = _upload(client, import_url, data, "fel.xlsx")
    task = BackgroundTask.objects.get()
    assert task.status == "failed" and task.message == "Importen avbröts: 2 fel. Inget har sparats."
    html = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<div id="task-status">')  # finished: no more polling
    assert ("Blad Utfall, rad 2, kolumn Utfall: ”1,234.5” går inte att läsa som ett tal: punkt efter komma är "
            "tvetydigt (engelsk skrivning?); skriv t.ex. 1 234,5.") in html
    assert "Blad Utfall, rad 3, kolumn Indikator-id: Det finns ingen indikator med id 4711." in html
    assert Outcome.objects.get(indicator=city.safety).value == Decimal("78")


@pytest.mark.django_db
def test_an_unreadable_file_fails_the_task_with_a_swedish_message(client, city, periods):
    _page, _export, import_url = _urls(city, periods["T1"])
    client.force_login(city.users.ks_editor)
    _upload(client, import_url, b"not a zip", "utfall.xlsx")
    assert BackgroundTask.objects.get().message == \
        "Filen ”utfall.xlsx” är ingen giltig Excel-fil (xlsx): den är inte ett zip-arkiv."


@pytest.mark.django_db
def test_a_wrong_extension_is_refused_at_the_field(client, city, periods):
    _page, _export, import_url = _urls(city, periods["T1"])
    client.force_login(city.users.ks_editor)
    response = _upload(client, import_url, b"x", "utfall.pdf")
    assert response.status_code == 200
    assert "Välj en .xlsx- eller .csv-fil." in response.content.decode()
    assert not BackgroundTask.objects.exists()


@pytest.mark.django_db
def test_a_running_task_is_polled_every_second(client, city, periods):
    task = BackgroundTask.objects.create(kind="followup_import", created_by=city.users.ks_editor, status="running",
                                         progress=2000, total=8000, message="Läser bladet Utfall …",
                                         params={"filename": "stor.xlsx"})
    client.force_login(city.users.ks_editor)
    html = client.get(reverse("followup_exchange:task", args=[task.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="25"' in html and "Läser bladet Utfall …" in html
    client.force_login(city.users.ks_controller)
    assert client.get(reverse("followup_exchange:task", args=[task.pk])).status_code == 404


@pytest.mark.django_db
def test_permissions_readers_export_but_do_not_import_and_other_boards_get_403(client, city, periods):
    page_url, export_url, import_url = _urls(city, periods["T1"])
    assert client.get(export_url).status_code == 302  # to the login page
    client.force_login(city.users.ks_reader)
    assert client.get(export_url).status_code == 200
    assert 'id="upload-form"' not in client.get(page_url).content.decode()
    assert _upload(client, import_url, b"x", "u.csv").status_code == 403
    client.force_login(city.users.utb_editor)
    assert client.get(page_url).status_code == 403
    assert client.get(export_url).status_code == 403
    client.force_login(city.users.nobody)
    assert client.get(export_url).status_code == 403
    bad_format = reverse("followup_exchange:export_outcomes",
                         kwargs={"period_pk": periods["T1"].pk, "unit_pk": city.ks.pk, "fmt": "pdf"})
    client.force_login(city.users.ks_editor)
    assert client.get(bad_format).status_code == 404


@pytest.mark.django_db
def test_plan_targets_export_and_import(client, city):
    page_url = reverse("followup_exchange:plan", args=[city.ks_plan.pk])
    csv_url = reverse("followup_exchange:export_targets", args=[city.ks_plan.pk, "csv"])
    import_url = reverse("followup_exchange:import_targets", args=[city.ks_plan.pk])
    client.force_login(city.users.ks_editor)
    assert 'id="upload-form"' in client.get(page_url).content.decode()
    csv = client.get(csv_url)
    assert csv["Content-Disposition"] == 'attachment; filename="arsmal-ks-2024.csv"'
    assert csv.content.startswith(b"\xef\xbb\xbfIndikator-id;Indikator;Enhet-id;")
    _upload(client, import_url, csv.content.replace(b";80;", b";85,5;"), "arsmal.csv")
    assert BackgroundTask.objects.get().message == "0 nya, 1 ändrade, 1 oförändrade"
    assert city.safety.targets.get().value == Decimal("85.5")
    client.force_login(city.users.ks_reader)
    assert 'id="upload-form"' not in client.get(page_url).content.decode()
    assert _upload(client, import_url, csv.content, "arsmal.csv").status_code == 403
    client.force_login(city.users.utb_editor)
    assert client.get(page_url).status_code == 404  # a draft of another board is not readable
