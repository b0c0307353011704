"""URLs of the Excel/CSV exchange pages (``verksam.followup.views_exchange``): outcomes per unit
and period, årsmål per plan, and the import's progress page."""

from django.urls import path

from verksam.followup import views_exchange

app_name = "followup_exchange"
urlpatterns = [
    path("uppfoljning/perioder/<int:period_pk>/enhet/<int:unit_pk>/excel/", views_exchange.unit_period,
         name="unit_period"),
    path("uppfoljning/perioder/<int:period_pk>/enhet/<int:unit_pk>/excel/utfall.<str:fmt>",
         views_exchange.export_outcomes, name="export_outcomes"),
    path("uppfoljning/perioder/<int:period_pk>/enhet/<int:unit_pk>/excel/importera/", views_exchange.import_outcomes,
         name="import_outcomes"),
    path("planer/<int:plan_pk>/arsmal/excel/", views_exchange.plan_targets, name="plan"),
    path("planer/<int:plan_pk>/arsmal/excel/arsmal.<str:fmt>", views_exchange.export_targets, name="export_targets"),
    path("planer/<int:plan_pk>/arsmal/excel/importera/", views_exchange.import_targets, name="import_targets"),
    path("uppfoljning/import/<int:pk>/", views_exchange.task, name="task"),
]
