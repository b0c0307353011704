"""The API's answer to an unknown path (okänd adress): 404 with a Swedish JSON body.

Django would answer an unknown ``/api/...`` path with the site's HTML 404 page; an API consumer
expects JSON like every other API error (``verksam.api.errors``). ``urls.py`` routes every
``/api/`` path that no endpoint matched here, right after the API's own routes.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

#: The route pattern ``urls.py`` uses after ``path("api/", api.urls)``: "/api", "/api/" and below.
UNKNOWN_API_PATH = r"^api(?:/.*)?$"


@csrf_exempt
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any method on an unknown API path: 404 ``{"detail": "Sidan finns inte."}`` (UTF-8 JSON)."""
    return JsonResponse({"detail": _("Sidan finns inte.")}, status=404, json_dumps_params={"ensure_ascii": False})
