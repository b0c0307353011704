from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
