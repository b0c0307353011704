"""URLs of internal control: KS oversight of every board's risks and control results."""

from django.urls import path

from verksam.control import views_oversight

app_name = "control_oversight"
urlpatterns = [
    path("internkontroll/", views_oversight.index, name="index"),
]
