from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.organisation"
    label = "organisation"
    default_auto_field = "django.db.models.BigAutoField"
