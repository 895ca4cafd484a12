"""The organizing toolkit: letters filled from the data file (page and .docx), the copy
button, the contact sheet and the state bills."""

from __future__ import annotations

import zipfile
from html import unescape

import pytest
from conftest import EXAMPLE_FILE, OTHER_FILE
from docx import Document

from macros import letters, render
from macros.affiliate import load_affiliate

LETTERS = ["campus", "city-council", "school-board", "employer", "ice-field-office"]
OTHER_NAME = 'Teachers & Staff <Local 7> "Unidos"'


def _letter_html(page_html: str) -> str:
    start = page_html.index('<div class="kyr-letter"')
    return page_html[start : page_html.index("</article>", start)]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", LETTERS)
def test_letter_page_and_docx_carry_the_affiliates_details(other_site, slug, lang):
    page = other_site / ("es" if lang == "es" else "") / "letters" / slug / "index.html"
    html = page.read_text()
    letter = _letter_html(html)
    assert OTHER_NAME in unescape(letter) and "Oakland, CA" in letter
    assert "<Local 7>" not in html  # escaped in the page
    docx_file = letters.docx_name(f"letters/{slug}.md", lang)
    assert f'href="{docx_file}" download' in html

    document = Document(page.with_name(docx_file))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert OTHER_NAME in text and "Oakland, CA" in text
    assert "help@local7-unidos.org" in text
    assert document.core_properties.author == OTHER_NAME
    xml = zipfile.ZipFile(page.with_name(docx_file)).read("word/document.xml").decode()
    assert "Teachers &amp; Staff &lt;Local 7&gt;" in xml  # escaped once in Word's XML
    assert "&amp;amp;" not in xml


def test_the_example_letters_name_the_example_addressees(example_site):
    city = (example_site / "letters" / "city-council" / "index.html").read_text()
    assert "Office of the Mayor of Springfield (example)" in _letter_html(city)
    ice = (example_site / "es" / "letters" / "ice-field-office" / "index.html").read_text()
    assert "ICE Field Office (example entry)" in _letter_html(ice)


def test_letter_docx_keeps_paragraphs_lists_and_line_breaks():
    html = (
        '<main><p>Outside</p><div class="kyr-letter"><p>Dear <strong>Mayor</strong>,</p>'
        "<ol><li>First &amp; foremost</li><li>Second</li></ol>"
        '<p class="kyr-signature">Name<br>\nTitle</p></div><p>After</p></main>'
    )
    document = Document(__import__("io").BytesIO(letters.letter_docx(html, "T", "A")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs == [
        ("Normal", "Dear Mayor,"),
        ("List Number", "First & foremost"),
        ("List Number", "Second"),
        ("Normal", "Name\nTitle"),
    ]
    assert document.paragraphs[0].runs[1].bold


def test_the_contact_sheet_lists_every_contact_of_its_categories(example_site):
    example = load_affiliate(EXAMPLE_FILE)
    sheet = (example_site / "rapid-response" / "contact-sheet" / "index.html").read_text()
    for category in render.CONTACT_SHEET:
        entries = getattr(example.contacts, category)
        assert entries, category
        for contact in entries:
            assert render.text(contact.name, "en") in sheet, contact.name
            if contact.phone:
                assert f'href="tel:{contact.phone}"' in sheet


def test_state_bills_render_as_a_table_or_a_message(example_site, other_site):
    example = (example_site / "sanctuary" / "index.html").read_text()
    assert '<table class="kyr-bills">' in example and "H.0000 (example)" in example
    assert not load_affiliate(OTHER_FILE).state_bills
    for path, message in (
        ("sanctuary", "We are not following any state bills"),
        ("es/sanctuary", "Por ahora no seguimos ningún proyecto"),
    ):
        page = (other_site / path / "index.html").read_text()
        assert message in page and "kyr-bills" not in page


@pytest.fixture(scope="module")
def letter_page(served, chromium):
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served[:-1])
    page = context.new_page()
    page.goto(served + "letters/city-council/")
    yield page, context
    context.close()


def test_the_copy_button_copies_the_letter_offline(letter_page):
    page, context = letter_page
    context.set_offline(True)  # the button needs no network
    button = page.locator("[data-kyr-copy]")
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(".kyr-letter").inner_text().strip()
    assert "Office of the Mayor of Springfield (example)" in copied
    assert page.locator(".kyr-copy-status").inner_text().startswith("Copied")
    context.set_offline(False)


def test_a_letter_prints_as_the_letter_alone(letter_page):
    page, _ = letter_page
    page.emulate_media(media="print")
    assert page.locator(".kyr-letter").is_visible()
    for outside in ("h1", ".kyr-letter-tools", ".md-banner", ".md-header", ".md-footer"):
        assert not page.locator(outside).first.is_visible(), outside
    page.emulate_media(media="screen")
