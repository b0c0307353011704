"""URLs of internal control: KS oversight of every board's risks and control results."""

from django.urls import path

from verksam.control.views_placeholder import placeholder

app_name = "control_oversight"
urlpatterns = [
    path("internkontroll/", placeholder, name="index"),
]
