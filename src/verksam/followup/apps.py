from django.apps import AppConfig


class Config(AppConfig):
    """Verksam app configuration."""
    name = "verksam.followup"
    label = "followup"
    default_auto_field = "django.db.models.BigAutoField"
