"""Who may read a case's outputs: the same as the case page (``visible_cases``)."""

from __future__ import annotations

import pytest

from verksam.cases.models import Case, CaseStatus

from tests.cases.output_fixtures import build_case

PATHS = ["jamforelse/", "pdf", "docx", "popolo.json"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_a_case_under_preparation_is_hidden_from_visitors_and_other_units(client, city, path):
    case = build_case(city, points=1, statements=1, persons_each=1, activities_each=0, plan_activities=0)
    assert client.get(f"/arenden/{case.pk}/{path}").status_code == 404
    client.force_login(city.users.utb_editor)
    assert client.get(f"/arenden/{case.pk}/{path}").status_code == 404
    client.force_login(city.users.ks_reader)
    assert client.get(f"/arenden/{case.pk}/{path}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_a_decided_case_is_public(client, city, path):
    case = build_case(city, points=1, statements=1, persons_each=1, activities_each=0, plan_activities=0)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DECIDED)
    assert client.get(f"/arenden/{case.pk}/{path}").status_code == 200


@pytest.mark.django_db
def test_an_unknown_case_is_not_found(client, city):
    client.force_login(city.users.admin)
    assert client.get("/arenden/999999/pdf").status_code == 404


@pytest.mark.django_db
def test_outputs_only_answer_get(client, city):
    case = build_case(city, points=1, statements=1, persons_each=1, activities_each=0, plan_activities=0)
    client.force_login(city.users.ks_reader)
    assert client.post(f"/arenden/{case.pk}/pdf").status_code == 405
