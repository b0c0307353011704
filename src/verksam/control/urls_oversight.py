"""URLs of internal control: KS oversight of every board's risks and control results (/internkontroll/)."""

from django.urls import path  # noqa: F401

app_name = "control_oversight"
urlpatterns: list = []
