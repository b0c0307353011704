from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
