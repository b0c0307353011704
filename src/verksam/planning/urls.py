"""URLs of the planning app."""

from django.urls import path

from verksam.planning import views

app_name = "planning"
urlpatterns = [
    path("planer/<int:pk>/", views.plan_detail, name="plan_detail"),
]
