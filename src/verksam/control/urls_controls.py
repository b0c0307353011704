"""URLs of internal control: the internkontrollplan — controls, occasions, results and deviations."""

from django.urls import path

from verksam.control.views_placeholder import placeholder

app_name = "control_plan"
urlpatterns = [
    path("internkontroll/<int:unit_id>/<int:year>/kontrollplan/", placeholder, name="plan"),
    path("internkontroll/<int:unit_id>/<int:year>/avvikelser/", placeholder, name="deviations"),
]
