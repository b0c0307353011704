"""URLs of the portal app (start page)."""

from django.urls import path

from verksam.portal import views

app_name = "portal"
urlpatterns = [path("", views.home, name="home")]
