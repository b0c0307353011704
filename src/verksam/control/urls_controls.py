"""URLs of internal control: the internkontrollplan: controls, occasions, results and deviations."""

from django.urls import path  # noqa: F401

app_name = "control_plan"
urlpatterns: list = []
