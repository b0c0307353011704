"""URLs of a case's outputs: comparison page, PDF, DOCX and Popolo JSON (``cases_output:``)."""

from django.urls import path

from verksam.cases import views_output

app_name = "cases_output"
urlpatterns = [
    path("arenden/<int:pk>/jamforelse/", views_output.case_comparison_page, name="comparison"),
    path("arenden/<int:pk>/pdf", views_output.case_pdf, name="pdf"),
    path("arenden/<int:pk>/docx", views_output.case_docx, name="docx"),
    path("arenden/<int:pk>/popolo.json", views_output.case_popolo_json, name="popolo"),
]
