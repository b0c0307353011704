"""URLs for the benchmark run only: Verksam's own URLs plus one bare view, the page baseline.

``verksam bench`` sets ``ROOT_URLCONF`` to this module for its page requests, so the measured
page and the bare view go through the same middleware and the same test Client. It is never
part of the served site.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    """The page baseline: a small ``HttpResponse`` and nothing else (no template, no query)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("__bench__/bar-vy/", bare_view, name="bench_bare_view"),
    path("", include("verksam.urls")),
]
