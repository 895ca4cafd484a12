"""Red cards with the affiliate's hotline and a QR code of the site, to print: a sheet of ten
business cards (3.5 x 2 in), and the PDFs the build writes for print shops and teachers."""

from __future__ import annotations

from pathlib import Path

import segno

from . import law
from .affiliate import Affiliate, national_format
from .browser import CHROMIUM_ARGS, find_browser
from .render import label
from .site import language_folder
from .text import escape

CARDS_PER_SHEET = 10
# PDFs beside each language's print page: (file name, CSS that sets the page for it).
# The single card is for print shops: the page is the card plus 0.125 in of bleed on each
# side, the card's art (its white ground and red edge) runs into the bleed, its words stay
# where they are once trimmed, and no cutting line is drawn on it.
PDFS = {
    "red-cards-letter.pdf": "@page red-cards { size: letter; }",
    "red-cards-a4.pdf": "@page red-cards { size: A4; }",
    "red-card-single.pdf": (
        "@page red-cards { size: 3.75in 2.25in; margin: 0; }"
        ".kyr-cards__page { grid-template-columns: 3.75in; grid-auto-rows: 2.25in; }"
        ".kyr-card:not(:first-child) { display: none; }"
        ".kyr-card { --kyr-bleed: 0.125in; width: 3.75in; height: 2.25in; outline: none; }"
    ),
}


def qr_svg(url: str, lang: str) -> str:
    """The site's address as a QR code, drawn as SVG at build time (nothing is fetched)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="kyr-card__qr")
    alt = escape(f"{label('qr_code', lang)}: {url}")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" ', 1)


def _call_line(affiliate: Affiliate, lang: str) -> str:
    """How to reach the hotline from the card: "Text or call" where the same number takes
    texts, else the number to call and the one to text."""
    words = law.card()
    number = affiliate.hotline.number
    national = (
        f'<strong class="kyr-card__hotline kyr-nowrap">{escape(national_format(number))}</strong>'
    )
    sms = affiliate.hotline.sms
    if sms == number:
        return f"{words['text_or_call'][lang]} {national}"
    line = f"{words['call'][lang]} {national}"
    if sms:
        line += (
            f" · {words['text'][lang]} "
            f'<span class="kyr-nowrap">{escape(national_format(sms))}</span>'
        )
    return line


def site_url_in(affiliate: Affiliate, lang: str) -> str:
    """The site's address in `lang`: the default language at the root, the others under
    their folder (https://kyr.example.org/es/)."""
    return f"{affiliate.site_url}{language_folder(lang)}"


def red_card(affiliate: Affiliate, side: str, page_lang: str) -> str:
    """One side of the card: "front" (English, for agents) or "back" (Spanish), in the
    words of macros/red-card.yml, with the affiliate's name, hotline and a QR code of the
    site in that side's language."""
    lang = law.card()["sides"][side]
    first, *rest = (law.phrase(key, lang) for key in law.card()["card"])
    paragraphs = f"<p><strong>{escape(first)}</strong></p><p>{escape(' '.join(rest))}</p>"
    if affiliate.example:  # a printed card must not carry the fake hotline unmarked either
        demo = label("demo_banner", lang)
        paragraphs = f'<p class="kyr-card__demo">{demo}</p>' + paragraphs
    name = escape(affiliate.organization.short_name.get(lang))
    return (
        f'<div class="kyr-card kyr-card--{side}" lang="{lang}">'
        f'<div class="kyr-card__text">{paragraphs}</div>'
        f'<div class="kyr-card__foot"><p>{_call_line(affiliate, lang)}'
        f'<span class="kyr-card__org">{name}</span></p>'
        f"{qr_svg(site_url_in(affiliate, lang), page_lang)}</div></div>"
    )


def card_sheets(affiliate: Affiliate, lang: str) -> str:
    """A preview of both sides, and (for print) a page of ten fronts then a page of ten backs.
    The grid is centered, so that the backs line up with long-edge duplex printing."""
    preview = red_card(affiliate, "front", lang) + red_card(affiliate, "back", lang)
    pages = "".join(
        f'<section class="kyr-cards__page">{red_card(affiliate, side, lang) * CARDS_PER_SHEET}'
        "</section>"
        for side in ("front", "back")
    )
    return (
        f'<div class="kyr-cards__preview">{preview}</div>\n'
        f'<div class="kyr-cards" aria-hidden="true">{pages}</div>'
    )


def write_card_pdfs(site_dir: Path, print_pages: list[Path]) -> None:
    """Print each language's card page to PDF with Chromium (fonts embedded)."""
    from playwright.sync_api import sync_playwright  # only builds that have cards need it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=CHROMIUM_ARGS)
        # The page's CSP forbids added styles; this is our own build tool restyling its page.
        page = browser.new_page(bypass_csp=True)
        for print_page in print_pages:
            for name, css in PDFS.items():
                page.goto(print_page.as_uri())
                page.emulate_media(media="print")
                page.add_style_tag(content=css)
                page.pdf(path=print_page.with_name(name), prefer_css_page_size=True)
        browser.close()


def card_downloads(lang: str) -> str:
    """Links to the PDFs the build writes beside the print page."""
    labels = {
        "red-cards-letter.pdf": "print_pdf_letter",
        "red-cards-a4.pdf": "print_pdf_a4",
        "red-card-single.pdf": "print_pdf_single",
    }
    items = "".join(
        f'<li><a href="{name}" download>{label(labels[name], lang)}</a></li>' for name in PDFS
    )
    return f'<ul class="kyr-downloads">{items}</ul>'


def show_card(lang: str) -> str:
    """ "Show the card": the phone becomes the card. Both sides, each filling the screen in large
    black-on-white type when its address is opened (pure CSS, :target): English first, the
    words an agent reads, then the holder's side; works offline and with no JavaScript."""
    sides = [law.card()["sides"]["front"], law.card()["sides"]["back"]]
    panels = []
    for side, other in zip(sides, reversed(sides), strict=True):
        words = "".join(f"<p>{escape(law.phrase(key, side))}</p>" for key in law.card()["card"])
        panels.append(
            f'<div class="kyr-show-card" id="show-card-{side}" lang="{side}" role="dialog" '
            f'aria-label="{label("show_card", lang)}">'
            f'<div class="kyr-show-card__words">{words}</div>'
            f'<p class="kyr-show-card__actions" lang="{lang}">'
            f'<a href="#show-card-{other}">{label("card_in_" + other, lang)}</a> '
            f'<a href="#show-card">{label("close", lang)}</a></p></div>'
        )
    return (
        f'<p id="show-card"><a class="md-button md-button--primary kyr-show-card__open" '
        f'href="#show-card-{sides[0]}">{label("show_card", lang)}</a></p>' + "".join(panels)
    )
