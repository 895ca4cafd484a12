"""Offline reading and printing: after one visit, in either language, every page of both
languages, the red-card PDFs and the reader's letters open with no network, an address not
kept shows the offline page in its language, and a note says the copy is saved; every
content page prints cleanly."""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import LANGS, PREFIXES

from macros import offline

WAIT_FOR_CACHED = """async (address) => {
  for (let i = 0; i < 100; i++) {
    if (await caches.match(new URL(address, location.href).href)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


SAVED = {"": "Saved for offline use", "es/": "Guardado para usar sin conexión"}
# The service worker has kept the whole copy when it says so: the note has its text.
WAIT_FOR_SAVED = "(text) => document.querySelector('.kyr-saved')?.textContent.includes(text)"
# A file as the page gets it through the service worker: its status, type and first bytes.
FETCH = """async (address) => {
  const response = await fetch(address);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return [response.status, String.fromCharCode(...bytes.slice(0, 4)), bytes.length];
}"""


def _sw_constant(site, name: str):
    return json.loads(re.search(rf"const {name} = (\{{.*?\}});", (site / "sw.js").read_text())[1])


def _saved_copy(chromium, served: str, home: str):
    """A phone-sized browser after one visit to `home`, once the copy is complete; and every
    address it asked for (the page's and the service worker's)."""
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(served + home)
    page.wait_for_function(WAIT_FOR_SAVED, arg=SAVED[home], timeout=90_000)
    return context, page, requests


def test_the_service_worker_keeps_every_page_the_card_pdfs_and_letters(example_site):
    files = _sw_constant(example_site, "FILES")
    shared = files["shared"]
    for address in ("", "about/", "404.html", "es/", "es/family-plan/form/", "offline/"):
        assert address in shared, address
    pages = [p.relative_to(example_site).as_posix() for p in example_site.rglob("*.html")]
    assert {p.removesuffix("index.html") for p in pages} <= set(shared)
    pdfs = [p.relative_to(example_site).as_posix() for p in example_site.rglob("*.pdf")]
    card_pdfs = [p for p in pdfs if "red-card/" in p]
    assert len(card_pdfs) == 6 and set(card_pdfs) <= set(shared)
    for lang, prefix in LANGS.items():
        letters = sorted(
            p.relative_to(example_site).as_posix()
            for p in (example_site / prefix / "letters").rglob("*.docx")
        )
        assert letters and sorted(files[lang]) == letters, lang
    everything = sum(files.values(), [])
    assert "search/search_index.json" not in everything
    assert not [f for f in everything if f.endswith((".map", ".gz", ".zip", ".xml"))]
    assert _sw_constant(example_site, "OFFLINE") == {"en": "offline/", "es": "es/offline/"}


def test_the_precache_stays_under_2_mb_gzipped(example_site):
    size = offline.precache_size(example_site, ("en", "es"))
    print(f"precache: {size / 1024:.0f} KiB gzipped")
    assert 500 * 1024 < size < offline.PRECACHE_LIMIT == 2 * 1024 * 1024


def test_the_offline_page_is_in_neither_the_menu_nor_any_search(example_site):
    index = json.loads((example_site / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "about/" in locations and "es/about/" in locations
    assert not locations & {"offline/", "es/offline/"}
    for prefix in PREFIXES:
        page = (example_site / prefix / "offline" / "index.html").read_text()
        assert '<meta name="robots" content="noindex">' in page
        assert 'href="offline/"' not in (example_site / prefix / "index.html").read_text()


def test_a_new_build_gets_a_new_service_worker_version(example_site, other_site):
    version = re.compile(r'const VERSION = "([0-9a-f]{12})"')
    assert (
        version.search((example_site / "sw.js").read_text())[1]
        != version.search((other_site / "sw.js").read_text())[1]
    )


@pytest.mark.parametrize(
    "home, pages, files",
    [
        (
            "es/",
            ["", "know-your-rights/at-home/", "es/family-plan/form/"],
            {
                "red-card/print/red-cards-letter.pdf": "%PDF",
                "es/red-card/print/red-card-single.pdf": "%PDF",
                "es/letters/city-council/letter-city-council-es.docx": "PK\x03\x04",
            },
        ),
        (
            "",
            ["es/", "es/know-your-rights/at-home/", "about/"],
            {
                "es/red-card/print/red-cards-a4.pdf": "%PDF",
                "letters/employer/letter-employer-en.docx": "PK\x03\x04",
            },
        ),
    ],
)
def test_both_languages_the_card_pdfs_and_letters_open_offline_after_one_visit(
    chromium, served, example_site, home, pages, files
):
    context, page, _ = _saved_copy(chromium, served, home)
    context.set_offline(True)
    for address in pages:
        page.goto(served + address)
        built = (example_site / address / "index.html").read_text()
        assert page.title() == html.unescape(re.search("<title>(.*?)</title>", built)[1])
        assert page.locator("article h1").first.is_visible(), address
        assert page.locator("a.kyr-hotline").first.is_visible(), address
    for address, start in files.items():
        size = (example_site / address).stat().st_size
        assert page.evaluate(FETCH, served + address) == [200, start, size], address
    context.close()


@pytest.mark.parametrize(
    "home, missing, lang, title",
    [
        ("", "es/no-such-page/", "es", "No tiene conexión"),
        ("es/", "know-your-rights/no-such-page/", "en", "You are offline"),
    ],
)
def test_an_address_not_kept_shows_the_offline_page_in_its_language(
    chromium, served, home, missing, lang, title
):
    context, page, _ = _saved_copy(chromium, served, home)
    context.set_offline(True)
    page.goto(served + missing)
    assert page.locator("article h1").inner_text() == title
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("a.kyr-hotline").first.is_visible()
    assert page.url == served + missing  # to reload once back online
    # Its styles come from the right place, though its address is not its own.
    assert page.eval_on_selector(".kyr-callbar", "(bar) => getComputedStyle(bar).position") == (
        "fixed"
    )
    links = page.eval_on_selector_all(
        "article li a[href]", "(links) => links.map((link) => link.href)"
    )
    links = [link for link in links if link.startswith(served)]
    assert len(links) == 4 and served + LANGS[lang] in links
    for link in links:  # each page the offline page offers is kept
        assert page.evaluate(FETCH, link)[0] == 200, link
    context.close()


def test_the_search_index_waits_until_search_opens_then_is_kept(chromium, served):
    context, page, requests = _saved_copy(chromium, served, "")
    assert not [url for url in requests if "search_index" in url]
    with page.expect_request(lambda request: "search_index" in request.url):
        page.locator('label[for="__search"]').first.click()
    assert page.evaluate(WAIT_FOR_CACHED, served + "search/search_index.json")
    context.close()


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("home", PREFIXES)
def test_a_saved_note_appears_once_per_version(chromium, served, home):
    context, page, _ = _saved_copy(chromium, served, home)
    note = page.locator(".kyr-saved")
    assert page.get_by_role("status").filter(has_text=SAVED[home]).is_visible()
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 640
    for other in (".kyr-callbar", ".md-banner .kyr-exit", ".kyr-hotline-bar"):
        assert not _overlap(box, page.locator(other).first.bounding_box()), other
    close = note.get_by_role("button")
    close_box = close.bounding_box()
    assert close_box["width"] >= 24 and close_box["height"] >= 24
    close.click()
    assert not note.is_visible()
    page.reload()
    page.wait_for_timeout(3000)  # time enough for the worker to answer, as it did above
    assert page.locator(".kyr-saved [role=status]").text_content() == ""
    assert not page.locator(".kyr-saved").is_visible()
    context.close()


def test_the_manifests_and_icons(example_site):
    for folder, lang in ((example_site, "en"), (example_site / "es", "es")):
        manifest = json.loads((folder / "manifest.webmanifest").read_text())
        assert manifest["lang"] == lang and manifest["start_url"] == "./"
        assert len(manifest["icons"]) >= 2
        for icon in manifest["icons"]:
            png = (folder / icon["src"]).resolve().read_bytes()
            assert png.startswith(b"\x89PNG") and icon["type"] == "image/png"
            assert "x".join(map(str, _png_size(png))) == icon["sizes"], icon
    assert _png_size((example_site / "assets" / "icon-180.png").read_bytes()) == (180, 180)
    assert _png_size(offline.icon_png(4, "#102030")) == (4, 4)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk comes first)."""
    assert png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_a_content_page_prints_cleanly(chromium, served):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(served + "know-your-rights/at-home/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-banner", ".kyr-callbar"):
        assert not page.locator(hidden).first.is_visible(), hidden
    footer = page.locator(".kyr-print-footer")
    assert footer.is_visible()
    assert "(413) 555-0100" in footer.inner_text()
    assert "https://kyr.example.org/know-your-rights/at-home/" in footer.inner_text()
    after = page.evaluate(
        """getComputedStyle(document.querySelector('article a[href^="http"]'), '::after')
           .content"""
    )
    assert "http" in after
    context.close()


@pytest.mark.parametrize(
    "start, link, expected",
    [
        ("index.html", 'a[href="know-your-rights/index.html"]', "know-your-rights/index.html"),
        ("es/index.html", 'a[href="family-plan/index.html"]', "es/family-plan/index.html"),
    ],
)
def test_the_offline_zip_opens_from_the_file_system(chromium, offline_copy, start, link, expected):
    assert "unpkg" not in (offline_copy / "index.html").read_text()
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto((offline_copy / start).as_uri())
    page.locator(f"article {link}").first.click()
    page.wait_for_load_state()
    assert page.url == (offline_copy / expected).as_uri()
    assert page.locator("h1").first.is_visible()
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    assert errors == []
    context.close()
