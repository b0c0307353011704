"""URLs of the integration pages (``integrations:``): the Kolada sync page of a year and its
task page, under ``/uppfoljning/``."""

from django.urls import path

from verksam.integrations import views

app_name = "integrations"
urlpatterns = [
    path("uppfoljning/<int:year>/kolada/", views.kolada_sync, name="kolada_sync"),
    path("uppfoljning/kolada/jobb/<int:pk>/", views.kolada_task, name="kolada_task"),
]
