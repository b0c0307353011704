"""URLs of internal control: attachments 5 and 6 as PDF, DOCX and XLSX."""

from django.urls import path  # noqa: F401

app_name = "control_output"
urlpatterns: list = []
