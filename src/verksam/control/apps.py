from django.apps import AppConfig


class Config(AppConfig):
    """Internal control (intern kontroll): system för internkontroll, väsentlighets- och
    riskanalys, internkontrollplan."""

    name = "verksam.control"
    label = "control"
    verbose_name = "Intern kontroll"
    default_auto_field = "django.db.models.BigAutoField"
