"""The case as a PDF in the memo's structure (/arenden/<id>/pdf)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from verksam.documents.case_memo import case_memo_pdf, memo_outline

from tests.cases.output_fixtures import SEED_PERSONS, flat, seed_output_case  # noqa: F401
from tests.conftest import require_or_skip

ATTACHMENT_REFERENCES = [f"KS 2023/1237-1.{n}" for n in range(1, 8)]


def _pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


@pytest.mark.django_db
def test_the_pdf_download_is_named_after_the_reference_and_reads_like_the_memo(client, city, seed_output_case):
    client.force_login(city.users.ks_reader)
    response = client.get(f"/arenden/{seed_output_case.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="KS-2023-1237.pdf"'
    text = _pdf_text(response.content)
    for fact in ["PM Rotel I (Dnr KS 2023/1237)", "Verksamhetsplan 2024 för kommunstyrelsen", "Förslag till beslut",
                 "Redovisade omslutningsförändringar om 746,2 mnkr godkänns.",
                 "Föredragande borgarrådet Karin Wanngård", "Stockholm den 10 januari 2024", "Bilagor"]:
        assert fact in text
    for reference in ATTACHMENT_REFERENCES:
        assert f"dnr {reference}" in text
    for name in SEED_PERSONS:
        assert name in text
    assert text.index("Förslag till beslut") < text.index("Bilagor") < text.index("Reservation av")


@pytest.mark.django_db
def test_the_pdf_lays_out_reservations_under_their_bodies_in_memo_order(seed_output_case):
    content, filename = case_memo_pdf(seed_output_case)
    assert filename == "KS-2023-1237.pdf"
    text = _pdf_text(content)
    order = [
        "Borgarrådsberedningen Reservation av Christofer Fjellner och Dennis Wedin (båda M) enligt följande.",
        "Vi föreslår att kommunstyrelsen beslutar följande. 1. Att föredragande borgarrådets förslag till beslut "
        "godkänns delvis 2. Att därutöver anföra",
        "Reservation av Jan Jönsson (L) enligt följande. Jag föreslår att kommunstyrelsen beslutar följande.",
        "Kommunstyrelsen Reservation av Christofer Fjellner, Annika Friberg och Johan Paccamonti (alla M), som är "
        "likalydande med Moderaternas reservation i borgarrådsberedningen.",
        "Reservation av Gabriel Kroon (SD) enligt följande.",
        "Reservation av Jan Jönsson (L), som är likalydande med Liberalernas reservation i borgarrådsberedningen.",
        "Reservation av Kristin Jacobsson (C) enligt följande.",
        "Under 2024 ska kommunstyrelsen arbeta särskilt med att:",
        "bidra till stärkt livsmedelsproduktion i hela länet",
        "Ersättaryttrande av Nike Örbrink (KD) enligt följande. 1. Att delvis avslå förslag till verksamhetsplan,",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_pdf_is_tagged_with_title_and_language(seed_output_case):
    content, _ = case_memo_pdf(seed_output_case)
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "sv"
    assert reader.metadata.title == "Verksamhetsplan 2024 för kommunstyrelsen (KS 2023/1237)"


@pytest.mark.django_db
def test_the_memo_outline_follows_the_memo(seed_output_case):
    outline = memo_outline(seed_output_case)
    assert outline.header == "PM Rotel I (Dnr KS 2023/1237)"
    assert outline.proposal_intro == "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande."
    assert [n for n, _ in outline.proposals] == [1, 2, 3, 4]
    assert outline.rapporteur_line == "Föredragande borgarrådet Karin Wanngård"
    assert outline.date_line == "Stockholm den 10 januari 2024"
    assert outline.attachments[4] == (5, "Väsentlighets- och riskanalys och internkontrollplan VP KS 2024, "
                                         "dnr KS 2023/1237-1.5")
    assert [g.heading for g in outline.groups] == ["Borgarrådsberedningen", "Kommunstyrelsen"]
    assert [len(g.statements) for g in outline.groups] == [2, 5]
    likalydande = outline.groups[1].statements[0]
    assert likalydande.points == [] and likalydande.blocks == []
    centre = outline.groups[1].statements[3]
    bullets = [b for b in centre.blocks if b.kind == "bullets"]
    assert len(bullets) == 1 and len(bullets[0].items) == 19


@pytest.mark.django_db
def test_page_one_renders_to_an_image(seed_output_case, tmp_path):
    """Renders page 1 with pdftoppm (poppler-utils); set VERKSAM_KEEP_RENDER=<dir> to keep the
    PNG for a look."""
    require_or_skip(shutil.which("pdftoppm") is not None, "pdftoppm (apt-get install poppler-utils)")
    content, _ = case_memo_pdf(seed_output_case)
    keep = os.environ.get("VERKSAM_KEEP_RENDER")
    target = Path(keep) if keep else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    (target / "KS-2023-1237.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(target / "KS-2023-1237.pdf"), str(target / "page")],
                   check=True)
    pages = sorted(target.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(content)).pages) >= 3
    assert pages[0].stat().st_size > 10_000
