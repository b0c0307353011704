"""The board's internal-control landing page: status of the three parts, figures, links and
the buttons that create what is missing (analysis in a usable matrix, copy of last year's
analysis, control plan, system), and the links from the plan page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.control.views_helpers import element, text, url
from verksam.control import actions
from verksam.control.models import ControlPlan, RiskAnalysis
from verksam.planning.models import PlanStatus

pytestmark = pytest.mark.django_db


def test_the_landing_page_shows_the_parts_figures_and_links(client, city, ic):
    actions.create_control_system(city.ks, 2024, acting_user=city.users.ks_editor)
    client.force_login(city.users.ks_reader)
    page = client.get(url("board", city.ks)).content.decode()
    assert text(element(page, "board-system-status", "span")) == "Utkast"
    assert [text(li) for li in re.findall(r"<li data-band[^>]*>(.*?)</li>", page)] == [
        "hög: 1", "medel: 0", "låg: 0"]
    assert text(element(page, "fig-controls", "dd")) == "1"
    assert text(element(page, "fig-results", "dd")) == "0 / 3"  # three tertial occasions due by 31 Dec 2024
    assert text(element(page, "fig-deviations", "dd")) == "0 (0)"
    assert text(element(page, "traffic-light", "p")) == (
        "Status: Gul – Resultat saknas för 3 av 3 kontrolltillfällen; System för internkontroll är inte godkänt")
    base = f"/internkontroll/{city.ks.pk}/2024/"
    for href in ("riskanalys/", "system/", "kontrollplan/", "avvikelser/"):
        assert f'href="{base}{href}"' in page
    attachments = re.findall(rf'href="{base}(bilaga-[56]\.\w+)"', page)
    assert attachments == ["bilaga-5.pdf", "bilaga-5.docx", "bilaga-5.xlsx",
                           "bilaga-6.pdf", "bilaga-6.docx", "bilaga-6.xlsx"]
    assert f'href="/historik/riskanalys/{ic.analysis.pk}/"' in page
    assert f'href="/historik/internkontrollplan/{ic.control_plan.pk}/"' in page
    assert 'id="create-' not in page and 'id="copy-analysis"' not in page  # a reader is offered no buttons


def test_a_board_without_anything_offers_its_editor_the_matrices_it_may_use_with_kfs_first(client, city, ic):
    ks_matrix = actions.create_matrix(city.ks, name="KS egen matris", acting_user=city.users.admin)
    utn_matrix = actions.create_matrix(city.utn, name="UTN:s matris", acting_user=city.users.admin)
    client.force_login(city.users.utb_editor)
    page = client.get(url("board", city.utn)).content.decode()
    assert text(element(page, "traffic-light", "p")) == (
        "Status: Röd – Riskanalys saknas; Internkontrollplan saknas; System för internkontroll saknas")
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', element(page, "id_matrix", "select"))
    assert options == [(str(ic.matrix.pk), " selected", "Stadens riskmatris"), (str(utn_matrix.pk), "", "UTN:s matris")]
    assert 'id="create-plan"' in page and 'id="create-system"' in page and 'id="copy-analysis"' not in page
    response = client.post(url("analysis_create", city.utn), {"matrix": str(ks_matrix.pk)}, follow=True)
    assert "Välj ett giltigt alternativ." in response.content.decode()
    assert not RiskAnalysis.objects.filter(unit=city.utn).exists()
    response = client.post(url("analysis_create", city.utn), {"matrix": str(utn_matrix.pk)})
    assert response.status_code == 302 and response["Location"] == url("analysis", city.utn)
    created = RiskAnalysis.objects.get(unit=city.utn, year=2024)
    assert (created.matrix_id, created.title) == (utn_matrix.pk, "Väsentlighets- och riskanalys 2024")
    response = client.post(url("control_plan_create", city.utn))
    assert response.status_code == 302
    assert response["Location"] == reverse("control_plan:plan", args=[city.utn.pk, 2024])
    assert ControlPlan.objects.get(unit=city.utn, year=2024).title == "Internkontrollplan 2024"


def test_last_years_analysis_is_copied_with_its_control_plan(client, city, ic):
    client.force_login(city.users.ks_editor)
    page = client.get(url("board", city.ks, 2025)).content.decode()
    assert text(element(page, "copy-analysis", "form")) == "Kopiera från föregående år (2024)"
    response = client.post(url("analysis_copy", city.ks, 2025))
    assert response.status_code == 302 and response["Location"] == url("analysis", city.ks, 2025)
    copy = RiskAnalysis.objects.get(unit=city.ks, year=2025)
    assert (copy.copied_from_id, copy.risks.count()) == (ic.analysis.pk, 1)
    assert ControlPlan.objects.get(unit=city.ks, year=2025).controls.count() == 1
    response = client.post(url("analysis_copy", city.ks, 2025), follow=True)
    assert "Kommunstyrelsen har redan en väsentlighets- och riskanalys för 2025." in response.content.decode()
    assert client.post(url("analysis_copy", city.ks, 2027)).status_code == 404  # no 2026 analysis


def test_the_plan_page_links_to_the_boards_internal_control_for_readers_of_the_board(client, city):
    client.force_login(city.users.ks_reader)
    page = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    links = element(page, "plan-control", "p")
    assert f'href="/internkontroll/{city.ks.pk}/2024/"' in links
    assert f'href="/internkontroll/{city.ks.pk}/2024/riskanalys/"' in links
    assert f'href="/internkontroll/{city.ks.pk}/2024/system/"' in links
    assert f'href="/internkontroll/{city.ks.pk}/2024/kontrollplan/"' in links
    page = client.get(reverse("planning:plan_detail", args=[city.kf_budget.pk])).content.decode()
    assert 'id="plan-control"' not in page  # KF keeps no internal control of its own
    client.logout()
    city.ks_plan.status = PlanStatus.DECIDED
    city.ks_plan.save()
    page = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    assert 'id="plan-control"' not in page  # anonymous visitors see nothing of internal control


def test_without_a_usable_matrix_the_editor_is_told_who_must_add_one(client, city):
    client.force_login(city.users.utb_editor)
    page = client.get(url("board", city.utn)).content.decode()
    assert 'id="create-analysis"' not in page
    assert ("Det finns ingen riskmatris som nämnden kan använda. En controller på nämnden eller högre upp "
            "behöver lägga upp en.") in page
