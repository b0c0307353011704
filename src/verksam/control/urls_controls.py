"""URLs of internal control: the internkontrollplan — controls, occasions, results and deviations."""

from django.urls import path

from verksam.control import views_controls, views_deviations, views_results

BOARD = "internkontroll/<int:unit_id>/<int:year>/"

app_name = "control_plan"
urlpatterns = [
    path(BOARD + "kontrollplan/", views_controls.plan, name="plan"),
    path(BOARD + "kontrollplan/skapa/", views_controls.plan_create, name="plan_create"),
    path(BOARD + "kontrollplan/kontrollmoment/nytt/", views_controls.control_create, name="control_create"),
    path(BOARD + "kontrollplan/kontrollmoment/<int:control_id>/andra/", views_controls.control_edit,
         name="control_edit"),
    path(BOARD + "kontrollplan/kontrollmoment/<int:control_id>/ta-bort/", views_controls.control_delete,
         name="control_delete"),
    path(BOARD + "kontrollplan/tillfalle/<int:occasion_id>/", views_results.occasion_result, name="occasion"),
    path(BOARD + "avvikelser/", views_deviations.deviations, name="deviations"),
    path(BOARD + "avvikelser/<int:deviation_id>/", views_deviations.deviation_detail, name="deviation"),
    path(BOARD + "avvikelser/<int:deviation_id>/stang/", views_deviations.deviation_close, name="deviation_close"),
    path(BOARD + "avvikelser/<int:deviation_id>/oppna-igen/", views_deviations.deviation_reopen,
         name="deviation_reopen"),
]
