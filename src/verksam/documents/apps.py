"""App configuration for ``verksam.documents`` (no models)."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Rendering of documents (PDF, DOCX) shared by all domains."""

    name = "verksam.documents"
    label = "documents"
    verbose_name = "Dokument"
