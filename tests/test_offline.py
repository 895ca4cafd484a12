"""Offline reading and printing: after one visit the reader's language opens with no
network; every content page prints cleanly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from macros import offline

WAIT_FOR_CACHED = """async (address) => {
  for (let i = 0; i < 100; i++) {
    if (await caches.match(new URL(address, location.href).href)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


def _sw_files(site) -> dict[str, list[str]]:
    return json.loads(re.search(r"const FILES = (\{.*?\});", (site / "sw.js").read_text())[1])


def test_the_service_worker_lists_every_page_of_each_language(example_site):
    files = _sw_files(example_site)
    assert "" in files["en"] and "about/" in files["en"] and "404.html" in files["en"]
    assert "es/" in files["es"] and "es/family-plan/form/" in files["es"]
    assert not [f for f in files["en"] if f.startswith("es/")]
    assert "search/search_index.json" in files["shared"]
    assert not [f for f in sum(files.values(), []) if f.endswith((".map", ".docx", ".gz"))]


def test_a_new_build_gets_a_new_service_worker_version(example_site, other_site):
    version = re.compile(r'const VERSION = "([0-9a-f]{12})"')
    assert (
        version.search((example_site / "sw.js").read_text())[1]
        != version.search((other_site / "sw.js").read_text())[1]
    )


@pytest.mark.parametrize(
    "home, later",
    [("", ["about/", "know-your-rights/warrants/"]), ("es/", ["es/family-plan/form/"])],
)
def test_pages_open_offline_after_one_visit(chromium, served, home, later):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + home, wait_until="networkidle")
    for address in later:
        assert page.evaluate(WAIT_FOR_CACHED, served + address), address
    context.set_offline(True)
    for address in later:
        page.goto(served + address)
        assert page.locator("h1").first.is_visible(), address
        assert page.locator("a.kyr-hotline").first.is_visible()
    context.close()


def test_the_manifests_and_icons(example_site):
    for folder, lang in ((example_site, "en"), (example_site / "es", "es")):
        manifest = json.loads((folder / "manifest.webmanifest").read_text())
        assert manifest["lang"] == lang and manifest["start_url"] == "./"
        for icon in manifest["icons"]:
            assert (folder / icon["src"]).resolve().read_bytes().startswith(b"\x89PNG")
    assert offline.icon_png(4, "#102030")[12:16] == b"IHDR"


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


@pytest.fixture(scope="module")
def unzipped_offline_copy(tmp_path_factory) -> Path:
    """What `make offline` makes, unpacked as a teacher would on a laptop."""
    tmp = tmp_path_factory.mktemp("offline")
    result = mkdocs_build(tmp / "site", extra_env={"OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    zip_file = tmp / "kyr-offline.zip"
    command = [sys.executable, "-m", "macros", "offline-zip", str(tmp / "site"), str(zip_file)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with zipfile.ZipFile(zip_file) as archive:
        archive.extractall(tmp / "unzipped")
    return tmp / "unzipped"


@pytest.mark.parametrize(
    "start, link, expected",
    [
        ("index.html", 'a[href="know-your-rights/index.html"]', "know-your-rights/index.html"),
        ("es/index.html", 'a[href="family-plan/index.html"]', "es/family-plan/index.html"),
    ],
)
def test_the_offline_zip_opens_from_the_file_system(
    chromium, unzipped_offline_copy, start, link, expected
):
    assert "unpkg" not in (unzipped_offline_copy / "index.html").read_text()
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto((unzipped_offline_copy / start).as_uri())
    page.locator(f"article {link}").first.click()
    page.wait_for_load_state()
    assert page.url == (unzipped_offline_copy / expected).as_uri()
    assert page.locator("h1").first.is_visible()
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    assert errors == []
    context.close()
