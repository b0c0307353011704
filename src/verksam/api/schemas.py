"""Schemas shared by every API router (API-scheman): the error body.

Every error response of the API — 404 (not found or not visible) and 422 (bad parameters) — has
the body ``{"detail": "<Swedish message>"}``; see ``verksam.api.errors``.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """An error body (felsvar): one human-readable message, Swedish by default."""

    detail: str = Field(description="Felmeddelande på svenska (engelska med Accept-Language: en).",
                        examples=["Parametern ”year” måste vara ett heltal (angivet: ”abc”)."])


ERROR_RESPONSES = {404: ErrorOut, 422: ErrorOut}
"""Responses every read endpoint documents besides its 200 body."""
