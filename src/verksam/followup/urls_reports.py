"""URLs of the report pages (``followup_reports:``), under ``/uppfoljning/rapporter/``."""

from django.urls import path

from verksam.followup import views_reports as views

app_name = "followup_reports"
urlpatterns = [
    path("uppfoljning/rapporter/", views.report_list, name="list"),
    path("uppfoljning/rapporter/ny/", views.report_create, name="create"),
    path("uppfoljning/rapporter/<int:pk>/", views.report_detail, name="detail"),
    path("uppfoljning/rapporter/<int:pk>/sammanfattning/", views.report_summary, name="summary"),
    path("uppfoljning/rapporter/<int:pk>/klar/", views.report_ready, name="ready"),
    path("uppfoljning/rapporter/<int:pk>/godkann/", views.report_approve, name="approve"),
    path("uppfoljning/rapporter/<int:pk>/rattelse/", views.report_correct, name="correct"),
    path("uppfoljning/rapporter/<int:pk>/pdf", views.report_pdf, name="pdf"),
    path("uppfoljning/rapporter/<int:pk>/docx", views.report_docx, name="docx"),
    path("uppfoljning/rapporter/avsnitt/<int:pk>/", views.section_text, name="section_text"),
    path("uppfoljning/rapporter/avsnitt/<int:pk>/klar/", views.section_ready, name="section_ready"),
    path("uppfoljning/rapporter/jobb/<int:pk>/", views.task_status, name="task"),
]
