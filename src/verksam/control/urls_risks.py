"""URLs of internal control: the board's internal-control landing page, the risk analysis with
its heat map and risks, and the system för internkontroll."""

from django.urls import path

from verksam.control.views_placeholder import placeholder

app_name = "control_risks"
urlpatterns = [
    path("internkontroll/<int:unit_id>/<int:year>/", placeholder, name="board"),
    path("internkontroll/<int:unit_id>/<int:year>/riskanalys/", placeholder, name="analysis"),
    path("internkontroll/<int:unit_id>/<int:year>/system/", placeholder, name="system"),
]
