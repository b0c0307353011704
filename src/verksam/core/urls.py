"""URLs of shared mechanisms: the history page of any registered object."""

from django.urls import path

from verksam.core import views_history

app_name = "core"
urlpatterns = [
    path("historik/<slug:kind>/<int:pk>/", views_history.object_history, name="history"),
]
