"""Red cards: the build's PDFs, the print sheet as Chromium prints it, and the QR code."""

from __future__ import annotations

import io
import subprocess

import pytest
from conftest import ROOT
from pypdf import PdfReader

from macros import cards

POINTS = {"letter": (612, 792), "a4": (595, 842), "single": (252, 144)}
OTHER_HOTLINE = "(510) 286-1234"


def _pages(pdf) -> list[tuple[tuple[int, int], str]]:
    reader = PdfReader(pdf)
    return [
        (
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))),
            " ".join(p.extract_text().split()),
        )
        for p in reader.pages
    ]


@pytest.mark.parametrize("prefix", ["", "es/"])
@pytest.mark.parametrize(
    "name, size, per_page",
    [
        ("red-cards-letter.pdf", "letter", 10),
        ("red-cards-a4.pdf", "a4", 10),
        ("red-card-single.pdf", "single", 1),
    ],
)
def test_the_build_writes_card_pdfs_with_the_affiliates_hotline(
    other_site, prefix, name, size, per_page
):
    pages = _pages(other_site / prefix / "red-card" / "print" / name)
    assert len(pages) == 2  # fronts, then backs
    for (dimensions, text), side in zip(pages, ("front", "back"), strict=True):
        assert dimensions == POINTS[size]
        assert text.count(OTHER_HOTLINE) == per_page, side
        assert "DEMO" not in text.upper()
    assert "I do not consent to a search." in pages[0][1]
    assert "No doy mi consentimiento para un registro." in pages[1][1]


def test_the_print_sheet_as_chromium_prints_it_holds_ten_cards(chromium, served):
    page = chromium.new_page()
    page.goto(served + "red-card/print/")
    page.emulate_media(media="print")
    pages = _pages(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    assert [dimensions for dimensions, _ in pages] == [POINTS["letter"]] * 2
    assert [text.count("(413) 555-0100") for _, text in pages] == [10, 10]
    assert "DEMO COPY" in pages[0][1].upper()  # the example's fake hotline is marked


def test_the_qr_code_opens_the_site(chromium, served, tmp_path):
    context = chromium.new_context(device_scale_factor=4)
    page = context.new_page()
    page.goto(served + "es/red-card/print/")
    image = tmp_path / "qr.png"
    page.locator(".kyr-cards__preview .kyr-card__qr").first.screenshot(path=image)
    context.close()
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == "https://kyr.example.org/"


def test_the_card_says_what_the_red_card_page_says():
    text = cards.card_text()
    english = (ROOT / "docs/en/red-card/index.md").read_text()
    spanish = (ROOT / "docs/es/red-card/index.md").read_text()
    for line in text["front"]["lines"]:
        assert line in english and line in spanish
    for line in text["back"]["lines"]:
        assert line in english and line in spanish
