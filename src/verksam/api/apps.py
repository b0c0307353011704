from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
