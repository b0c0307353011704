"""URLs of the follow-up pages: periods per year and the entry page of a unit in a period.

Other follow-up pages (assessments, reports, import, Kolada) have their own ``urls_<topic>``
modules, each included by one line in ``verksam.urls``.
"""

from django.urls import path

from verksam.followup import views_entry, views_periods

app_name = "followup"
urlpatterns = [
    path("uppfoljning/", views_periods.period_index, name="period_index"),
    path("uppfoljning/<int:year>/", views_periods.period_list, name="periods"),
    path("uppfoljning/<int:year>/skapa-perioder/", views_periods.period_create, name="period_create"),
    path("uppfoljning/perioder/<int:pk>/status/", views_periods.period_status, name="period_status"),
    path("uppfoljning/perioder/<int:pk>/sista-dagar/", views_periods.period_deadlines, name="period_deadlines"),
    path("uppfoljning/<int:year>/<slug:kind>/enhet/<int:unit_id>/", views_entry.entry, name="entry"),
    path("uppfoljning/<int:year>/<slug:kind>/enhet/<int:unit_id>/forslag/<int:indicator_id>/",
         views_entry.entry_proposal, name="entry_proposal"),
    path("uppfoljning/perioder/<int:period_id>/enhet/<int:unit_id>/", views_entry.entry_by_period,
         name="entry_by_period"),
]
