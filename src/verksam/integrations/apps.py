from django.apps import AppConfig


class Config(AppConfig):
    """Integrations (integrationer) with outside sources, e.g. Kolada; no models of its own."""
    name = "verksam.integrations"
    label = "integrations"
    verbose_name = "Integrationer"
    default_auto_field = "django.db.models.BigAutoField"
