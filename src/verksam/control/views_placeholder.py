"""Temporary placeholder for internal-control pages under construction (removed when they land)."""

from django.http import Http404


def placeholder(request, *args, **kwargs):
    """404 until the page is built."""
    raise Http404("Sidan byggs.")
