"""URLs of the cases app (ärenden)."""

from django.urls import path

from verksam.cases import views

app_name = "cases"
urlpatterns = [
    path("arenden/", views.case_list, name="case_list"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/las-in/", views.case_upload, name="case_upload"),
    path("arenden/las-in/<str:token>/", views.case_review, name="case_review"),
]
