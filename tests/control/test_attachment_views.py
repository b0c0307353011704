"""Downloads of bilaga 5 and 6: who may read them, content types and file names, and the 404s
with their Swedish messages."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from verksam.control import actions
from verksam.core.models import Role, RoleAssignment

from tests.conftest import PASSWORD
from tests.control.attachment_fixtures import grow

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(unit, number, ext, year=2024):
    return reverse("control_output:attachment", args=[unit.pk, year, number, ext])


def _login(client, username):
    assert client.login(username=username, password=PASSWORD)


def test_the_url_keeps_its_name_and_shape(city):
    assert _url(city.ks, 5, "pdf") == f"/internkontroll/{city.ks.pk}/2024/bilaga-5.pdf"


def test_anonymous_visitors_are_sent_to_the_login_page(client, city, ic):
    response = client.get(_url(city.ks, 5, "xlsx"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_a_board_reader_downloads_the_xlsx_and_docx_with_their_names(client, city, ic):
    _login(client, "ks_reader")
    response = client.get(_url(city.ks, 5, "xlsx"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="Bilaga-5-Riskanalys-och-internkontrollplan-2024-KS.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book["Riskanalys"]["D2"].value == "Bristande samordning av trygghetsarbetet"
    response = client.get(_url(city.ks, 5, "docx"))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response.content[:2] == b"PK"


def test_the_pdf_of_bilaga_6_has_a_utf8_file_name(client, city):
    actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor, organisation="Org.",
                                  roles="Roller.", routines="Rutiner.", systems="System.")
    _login(client, "ks_politician")
    response = client.get(_url(city.ks, 6, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Bilaga-6-System-f%C3%B6r-internkontroll-2024-KS.pdf")


def test_a_ks_controller_reads_another_boards_attachment_but_its_editor_does_not_read_ks(client, city, ic):
    controller = city.users.ks_controller
    matrix = actions.create_matrix(city.utn, name="UTN:s matris", acting_user=city.users.admin)
    actions.create_risk_analysis(city.utn, 2024, matrix=matrix, acting_user=city.users.utb_editor)
    _login(client, controller.username)
    assert client.get(_url(city.utn, 5, "xlsx")).status_code == 200
    client.logout()
    _login(client, "utb_editor")
    assert client.get(_url(city.utn, 5, "xlsx")).status_code == 200
    response = client.get(_url(city.ks, 5, "xlsx"))
    assert response.status_code == 404 and "Bristande" not in response.content.decode()
    _login(client, "nobody")
    assert client.get(_url(city.ks, 5, "xlsx")).status_code == 404


@pytest.mark.parametrize(("number", "ext", "year", "message"), [
    (7, "pdf", 2024, "Internkontrollen har bilaga 5 och 6."),
    (5, "odt", 2024, "Bilagan finns som pdf, docx eller xlsx."),
    (5, "xlsx", 2023, "Kommunstyrelsen har ingen väsentlighets- och riskanalys för 2023."),
    (6, "docx", 2024, "Kommunstyrelsen har inget system för internkontroll för 2024."),
])
def test_unknown_or_missing_attachments_are_404_with_a_swedish_message(client, city, ic, number, ext, year, message):
    _login(client, "ks_reader")
    response = client.get(_url(city.ks, number, ext, year))
    assert response.status_code == 404
    assert message in response.content.decode()


def test_an_unknown_unit_is_404(client, city):
    _login(client, "admin")
    assert client.get(reverse("control_output:attachment", args=[99999, 2024, 5, "pdf"])).status_code == 404


def test_a_post_is_refused(client, city, ic):
    _login(client, "ks_reader")
    assert client.post(_url(city.ks, 5, "pdf")).status_code == 405


def test_a_reader_on_a_förvaltning_does_not_read_its_board(client, city, ic, django_user_model):
    user = django_user_model.objects.create_user(username="slk_reader", password=PASSWORD)
    RoleAssignment.objects.create(user=user, unit=city.slk, role=Role.READER)
    _login(client, "slk_reader")
    assert client.get(_url(city.ks, 5, "xlsx")).status_code == 404


def test_the_download_reads_in_the_same_number_of_queries_at_two_sizes(client, city, ic):
    _login(client, "ks_reader")
    url = _url(city.ks, 5, "xlsx")
    grow(city, ic, 1, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(city, ic, 8, 1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(load_workbook(io.BytesIO(response.content))["Riskanalys"]["A"]) == 11  # header + 10 risks
    assert len(small) == len(large)
