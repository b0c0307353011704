from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
