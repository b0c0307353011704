"""URLs of internal control: the board's internal-control landing page, the risk analysis with
its heat map and risks, and the system för internkontroll."""

from django.urls import path

from verksam.control import views_board, views_risks, views_system

app_name = "control_risks"
_BASE = "internkontroll/<int:unit_id>/<int:year>/"
urlpatterns = [
    path(_BASE, views_board.board, name="board"),
    path(_BASE + "skapa-riskanalys/", views_board.analysis_create, name="analysis_create"),
    path(_BASE + "kopiera-riskanalys/", views_board.analysis_copy, name="analysis_copy"),
    path(_BASE + "skapa-kontrollplan/", views_board.control_plan_create, name="control_plan_create"),
    path(_BASE + "riskanalys/", views_risks.analysis, name="analysis"),
    path(_BASE + "riskanalys/risk/ny/", views_risks.risk_create, name="risk_create"),
    path(_BASE + "riskanalys/risk/<int:risk_id>/", views_risks.risk_edit, name="risk_edit"),
    path(_BASE + "riskanalys/risk/<int:risk_id>/ta-bort/", views_risks.risk_delete, name="risk_delete"),
    path(_BASE + "system/", views_system.system, name="system"),
    path(_BASE + "system/ny-version/", views_system.system_create, name="system_create"),
    path(_BASE + "system/<int:pk>/andra/", views_system.system_edit, name="system_edit"),
    path(_BASE + "system/<int:pk>/godkann/", views_system.system_approve, name="system_approve"),
]
