"""The plan page shows the cascade from the KF inriktningsmål down."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_it_shows_the_three_direction_goals_with_board_goals_beneath(client, city):
    client.force_login(city.users.ks_reader)
    response = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for _, title in [("1", "Ett Stockholm som håller samman"), ("2", "Ett grönt och fossilfritt"),
                     ("3", "Ett Stockholm med en stabil")]:
        assert title in html
    assert html.index("Ett Stockholm som håller samman") < html.index("1.1.1 Kommunstyrelsen leder") \
        < html.index("Ett grönt och fossilfritt")
    assert "4,5 %" in html
    assert "Leda stadens trygghetssatsning" in html


@pytest.mark.django_db
def test_it_hides_a_draft_plan_from_anonymous_visitors(client, city):
    response = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_counts_use_singular_and_plural_forms(client, city):
    import re

    from verksam.planning.models import Activity

    client.force_login(city.users.ks_reader)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    counts = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('id="plan-counts"') + 17:]).split()[:9])
    assert counts.startswith("2 mål, 2 indikatorer och 1 aktivitet i planen.")
    assert "1 aktiviteter" not in html
    Activity.objects.create(plan=city.ks_plan, goal=city.board_goal_1, title="Andra aktiviteten",
                            owner_unit=city.ks)
    html = client.get(reverse("planning:plan_detail", args=[city.ks_plan.pk])).content.decode()
    counts = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('id="plan-counts"') + 17:]).split()[:9])
    assert counts.startswith("2 mål, 2 indikatorer och 2 aktiviteter i planen.")
