"""URLs of internal control: the board's internal-control landing page, the risk analysis with its heat map and risks, and the system för internkontroll."""

from django.urls import path  # noqa: F401

app_name = "control_risks"
urlpatterns: list = []
