"""URLs of internal control: attachments 5 and 6 as PDF, DOCX and XLSX."""

from django.urls import path

from verksam.control.views_output import attachment

app_name = "control_output"
urlpatterns = [
    path("internkontroll/<int:unit_id>/<int:year>/bilaga-<int:number>.<str:ext>", attachment, name="attachment"),
]
