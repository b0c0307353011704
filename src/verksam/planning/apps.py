from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.planning"
    label = "planning"
    default_auto_field = "django.db.models.BigAutoField"
