"""URLs of the organisation app."""

from django.urls import path

from verksam.organisation import views

app_name = "organisation"
urlpatterns = [
    path("organisation/", views.unit_list, name="unit_list"),
    path("organisation/<int:pk>/", views.unit_detail, name="unit_detail"),
]
