"""Read the text of a memo from a PDF's text layer (pypdf) or from a plain-text file.

Issue 3: "`verksam case import FILE` reads a memo as plain text or PDF (text layer, through a
well-kept PDF library)". Scanned PDFs have no text layer; they are refused with a Swedish
:class:`MemoParseError` rather than imported empty (no OCR here).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

from .memo_text import MemoParseError

__all__ = ["extract_text", "read_memo_source", "MemoParseError", "PAGE_BREAK"]

#: Put between pages; :func:`memo_text.split_lines` treats a form feed as a page break.
PAGE_BREAK = "\n\f"
MAX_PDF_BYTES = 50 * 1024 * 1024

Source = str | os.PathLike | bytes | bytearray | BinaryIO


def _read_bytes(source: Source) -> tuple[bytes, str]:
    """Return (content, name for messages)."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), "filen"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_PDF_BYTES:
                raise MemoParseError(f"Filen {path.name} är för stor (högst {MAX_PDF_BYTES // 2**20} MB).")
            return path.read_bytes(), path.name
        except OSError as exc:
            raise MemoParseError(f"Kan inte läsa filen {path}: {exc.strerror or exc}.") from exc
    if hasattr(source, "read"):
        content = source.read(MAX_PDF_BYTES + 1)
        if isinstance(content, str):
            content = content.encode("utf-8")
        if len(content) > MAX_PDF_BYTES:
            raise MemoParseError(f"Filen är för stor (högst {MAX_PDF_BYTES // 2**20} MB).")
        return content, getattr(source, "name", "filen")
    raise MemoParseError(f"Väntade en fil, en sökväg eller bytes, fick {type(source).__name__}.")


def _is_pdf(content: bytes) -> bool:
    return b"%PDF-" in content[:1024]


def extract_text(source: Source) -> str:
    """Extract the text layer of a PDF with pypdf and return it as one ``str``.

    ``source`` is a path (``str``/``Path``), the PDF as ``bytes`` or a binary file object
    (e.g. an uploaded file). Pages are joined by :data:`PAGE_BREAK` (a form feed), which
    the memo parser reads as page-break debris.

    Raises :class:`MemoParseError` in Swedish when the file cannot be read, is not a PDF,
    is damaged or encrypted with a password, or has no text layer (a scanned document).
    """
    from pypdf import PdfReader  # imported here so text-only imports do not need pypdf

    content, name = _read_bytes(source)
    if not _is_pdf(content):
        raise MemoParseError(f"{name} är inte en PDF-fil (filhuvudet %PDF saknas).")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MemoParseError(f"{name} är lösenordsskyddad och kan inte läsas.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except MemoParseError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise MemoParseError(f"{name} är en skadad eller oläslig PDF-fil ({type(exc).__name__}).") from exc
    text = PAGE_BREAK.join(pages)
    if not text.strip():
        raise MemoParseError(
            f"{name} saknar textlager (troligen inskannad) – det finns ingen text att läsa in. "
            "Ladda upp en PDF med text eller en textfil."
        )
    return text


def read_memo_source(source: Source) -> str:
    """The text of a memo given as PDF or plain text, whichever the content is.

    PDFs (by their ``%PDF-`` header) go through :func:`extract_text`; other content is
    decoded as UTF-8 (a BOM is dropped) or, failing that, Windows-1252. Binary content that
    is neither is refused. Raises :class:`MemoParseError` in Swedish.
    """
    content, name = _read_bytes(source)
    if _is_pdf(content):
        return extract_text(content)
    if b"\x00" in content:
        raise MemoParseError(f"{name} är varken en PDF eller en textfil.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise MemoParseError(f"{name} har en teckenkodning som inte kan läsas (väntat UTF-8).") from exc
