"""The start page: the municipality, its top units and the latest decided plans."""

from __future__ import annotations

from django.shortcuts import render

from verksam.organisation.queries import municipality
from verksam.planning.queries import latest_plans


def home(request):
    """Start page (startsida)."""
    return render(request, "portal/home.html", {
        "municipality": municipality(),
        "plans": latest_plans(request.user),
    })
