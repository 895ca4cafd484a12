"""Data is text, never markup: a value of the data file reaches the page as the characters it
holds, whatever HTML or Markdown it looks like (macros/render.py, `Inert`)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import PREFIXES, built

from macros.affiliate import EXAMPLE_FILE

# Values that Markdown or HTML would turn into a link to call, a script link, an image from
# elsewhere, emphasis or a tag, if they were not made inert.
HOSTILE = {
    "name": "[Call now](tel:+19005551212) *Union* ![x](http://evil.example/p.png) <b>Local</b>",
    "note": "[Legal aid](javascript:alert(1)) `code` {: .x } | a | b | __bold__",
    "address": "1. Main St & <Elm>",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    text = EXAMPLE_FILE.read_text(encoding="utf-8")
    for old, new in (
        (
            'name: {en: "Example Valley Workers Center", '
            'es: "Centro de Trabajadores Example Valley"}',
            f"name: {{en: '{HOSTILE['name']}', es: '{HOSTILE['name']} (es)'}}",
        ),
        (
            'en: "Free consultations on Tuesdays. DOJ-accredited representatives on staff."',
            f"en: '{HOSTILE['note']}'",
        ),
        (
            'es: "Consultas gratis los martes. Tienen representantes acreditados por el '
            'Departamento de Justicia."',
            f"es: '{HOSTILE['note']}'",
        ),
        ('address: "100 Main Street, Springfield, MA"', f"address: '{HOSTILE['address']}'"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    data_file = folder / "affiliate.yml"
    data_file.write_text(text, encoding="utf-8")
    return built(folder / "site", data_file, pdfs=False)


def _visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_markdown_and_html_in_data_values_stay_text(hostile_site, prefix):
    pages = {
        "home": hostile_site / prefix / "index.html",
        "local help": hostile_site / prefix / "local-help" / "index.html",
    }
    for html in (path.read_text(encoding="utf-8") for path in pages.values()):
        assert not re.search(r"=\s*[\"']?\s*(tel:\+19005551212|javascript:|http://evil)", html)
        assert "<em>Union</em>" not in html and "<b>Local</b>" not in html
        assert "<strong>bold</strong>" not in html and "<code>code</code>" not in html
    help_text = _visible_text(pages["local help"].read_text(encoding="utf-8"))
    assert HOSTILE["note"] in help_text
    assert HOSTILE["address"] in help_text
    assert "<ol>" not in pages["local help"].read_text(encoding="utf-8").split("kyr-contacts")[1]
    assert HOSTILE["name"] in _visible_text(pages["home"].read_text(encoding="utf-8"))
