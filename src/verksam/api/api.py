"""The Verksam API (django-ninja): read endpoints under /api/, OpenAPI at /api/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Verksam API",
    version="1",
    description="Läs-API för Verksam: organisation, planer, mål, indikatorer och årsmål.",
    urls_namespace="api",
)
