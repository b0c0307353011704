"""The Verksam API (django-ninja): read endpoints under /api/, OpenAPI at /api/openapi.json.

Each app keeps its own router and schemas (``<app>/api.py``, ``<app>/schemas.py``); this module
wires them and installs the Swedish error handlers (``verksam.api.errors``): 404 and 422 answer
``{"detail": "<svenskt meddelande>"}``. Authentication: the site's session login (read-only API).
"""

from ninja import NinjaAPI

from verksam.api import errors
from verksam.organisation.api import router as organisation_router
from verksam.planning.api import router as planning_router

api = NinjaAPI(
    title="Verksam API",
    version="1",
    description=(
        "Läs-API för Verksam: organisation, planer, mål, indikatorer och årsmål.\n\n"
        "Beslutade planer är öppna för alla; utkast syns bara för inloggade med en roll på enheten. "
        "Fel ges som `{\"detail\": \"…\"}` på svenska: 404 när något inte finns eller inte får läsas, "
        "422 vid felaktiga parametrar (t.ex. ett år som inte är ett heltal mellan 2000 och 2100). "
        "Årsmål är JSON-tal i indikatorns enhet (`unit_of_measure`); saknat värde är `null`."
    ),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", organisation_router)
api.add_router("/", planning_router)
api.add_router("/", "verksam.followup.api.router")
api.add_router("/", "verksam.control.api.router")
