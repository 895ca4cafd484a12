"""Red cards: the build's PDFs, the print sheet as Chromium prints it, and the QR code."""

from __future__ import annotations

import io
import subprocess
from html import unescape

import pytest
from conftest import OTHER_FILE, PREFIXES, wait_until_saved_offline
from pypdf import PdfReader

from macros import cards, law
from macros.affiliate import load_affiliate

# The single card for print shops: 3.5 x 2 in plus 0.125 in of bleed on every side.
POINTS = {"letter": (612, 792), "a4": (595, 842), "single": (270, 162)}
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


@pytest.mark.parametrize("prefix", PREFIXES)
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
    assert "I do not consent to your entry or to a search." in pages[0][1]
    assert "No doy mi consentimiento para que entren ni para un registro." in pages[1][1]
    assert "I want to speak to a lawyer." in pages[0][1]  # the last words: none cut off
    assert "T&S L7" in pages[0][1]  # the affiliate's name


def test_the_print_sheet_as_chromium_prints_it_holds_ten_cards(chromium, served):
    page = chromium.new_page()
    page.goto(served + "red-card/print/")
    page.emulate_media(media="print")
    pages = _pages(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    assert [dimensions for dimensions, _ in pages] == [POINTS["letter"]] * 2
    assert [text.count("(413) 555-0100") for _, text in pages] == [10, 10]
    assert "DEMO COPY" in pages[0][1].upper()  # the example's fake hotline is marked


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "side, address",
    [("front", "https://kyr.example.org/"), ("back", "https://kyr.example.org/es/")],
)
def test_the_qr_code_opens_the_site_in_the_cards_language(
    chromium, served, tmp_path, prefix, side, address
):
    """The English side opens the English site, the Spanish side the Spanish one, whichever
    language's page printed the card."""
    context = chromium.new_context(device_scale_factor=4)
    page = context.new_page()
    page.goto(served + prefix + "red-card/print/")
    image = tmp_path / "qr.png"
    page.locator(f".kyr-cards__preview .kyr-card--{side} .kyr-card__qr").screenshot(path=image)
    context.close()
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == address


def test_the_red_card_page_shows_every_word_of_the_card(example_site):
    for prefix in PREFIXES:
        html = unescape((example_site / prefix / "red-card" / "index.html").read_text())
        for key in law.card()["card"]:
            assert law.phrase(key, "en") in html and law.phrase(key, "es") in html, (prefix, key)


def test_the_cards_words_fit_on_the_card(chromium, served):
    page = chromium.new_page()
    page.goto(served + "es/red-card/print/")
    page.emulate_media(media="print")
    overflowing = page.eval_on_selector_all(
        ".kyr-card", "cards => cards.filter(c => c.scrollHeight > c.clientHeight + 1).length"
    )
    page.close()
    assert overflowing == 0


@pytest.mark.parametrize(
    "sms, expected",
    [
        ("(510) 286-1234", "Text or call <strong"),
        ("(510) 286-1299", "Call <strong"),
        (None, "Call <strong"),
    ],
)
def test_the_card_says_how_to_reach_the_hotline(sms, expected):
    other = load_affiliate(OTHER_FILE)
    hotline = other.hotline.model_copy(
        update={"sms": sms and "+1" + "".join(filter(str.isdigit, sms))}
    )
    card = cards.red_card(other.model_copy(update={"hotline": hotline}), "front", "en")
    assert expected in card
    texting = '· Text <span class="kyr-nowrap">(510) 286-1299</span>'  # on one line
    assert (texting in card) == (sms == "(510) 286-1299")


@pytest.mark.parametrize("prefix, other_side", [("", "In Spanish"), ("es/", "En español")])
def test_show_the_card_fills_the_phone_screen_even_offline(chromium, served, prefix, other_side):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    address = served + prefix + "red-card/"
    page.goto(address, wait_until="networkidle")
    wait_until_saved_offline(page)
    context.set_offline(True)
    page.reload()

    page.locator("a.kyr-show-card__open").click()
    card = page.locator("#show-card-en")
    assert card.bounding_box() == {"x": 0, "y": 0, "width": 360, "height": 640}
    style = card.evaluate(
        "c => { const s = getComputedStyle(c.querySelector('p')); "
        "return [getComputedStyle(c).backgroundColor, s.color, parseFloat(s.fontSize)]; }"
    )
    assert style[:2] == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"] and style[2] >= 22
    assert law.phrase("no_entry", "en") in card.inner_text()
    assert page.evaluate("document.elementFromPoint(180, 320).closest('#show-card-en') !== null")

    card.get_by_text(other_side).click()
    assert law.phrase("no_entry", "es") in page.locator("#show-card-es").inner_text()
    assert not card.is_visible()
    page.locator("#show-card-es").locator("a").last.click()
    assert not page.locator(".kyr-show-card").first.is_visible()
    assert not page.locator("#show-card-es").is_visible()
    context.close()


def test_the_single_card_for_print_shops_has_no_cutting_line_and_a_red_edge_into_the_bleed(
    chromium, served
):
    """The print page restyled as the build restyles it for red-card-single.pdf (its CSP
    allows no added style: bypassed, as the build does), in a window the PDF page's size."""
    page = chromium.new_page(bypass_csp=True, viewport={"width": 360, "height": 216})
    page.goto(served + "red-card/print/")
    page.emulate_media(media="print")
    page.add_style_tag(content=cards.PDFS["red-card-single.pdf"])
    dashed = page.eval_on_selector_all(
        ".kyr-cards *",
        """nodes => nodes.filter(n => n.checkVisibility()).filter(n => {
            const s = getComputedStyle(n);
            return [s.outlineStyle, s.borderTopStyle, s.borderRightStyle, s.borderBottomStyle,
                    s.borderLeftStyle].some(style => style === "dashed" || style === "dotted");
        }).length""",
    )
    card = page.locator(".kyr-cards .kyr-card").first
    box = card.bounding_box()
    edge = card.evaluate(
        "c => [getComputedStyle(c).borderLeftColor, "
        "parseFloat(getComputedStyle(c).borderLeftWidth)]"
    )
    page.close()
    assert dashed == 0
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 3.75 * 96, 2.25 * 96)
    assert edge[0] == "rgb(200, 16, 46)" and edge[1] > 0.125 * 96  # the red runs into the bleed


def test_the_printed_cards_have_a_red_edge_and_a_cutting_line(chromium, served):
    page = chromium.new_page()
    page.goto(served + "es/red-card/print/")
    page.emulate_media(media="print")
    styles = page.eval_on_selector_all(
        ".kyr-cards .kyr-card",
        "cards => cards.map(c => [getComputedStyle(c).borderLeftColor, "
        "getComputedStyle(c).outlineStyle])",
    )
    page.close()
    assert styles == [["rgb(200, 16, 46)", "dashed"]] * 20


@pytest.mark.parametrize("prefix", PREFIXES)
def test_show_the_card_is_one_tap_from_the_home_page(chromium, served, prefix):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + prefix)
    page.locator("article a.kyr-card-button").click()
    page.wait_for_url(served + prefix + "red-card/#show-card-en")
    card = page.locator("#show-card-en")
    assert card.bounding_box() == {"x": 0, "y": 0, "width": 360, "height": 640}
    assert law.phrase("no_entry", "en") in card.inner_text()
    context.close()
