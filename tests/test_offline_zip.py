"""The offline copy for rooms without Wi-Fi, as a teacher gets it: `make offline`'s zip
unpacks into one folder with START-HERE.html on top, every link inside it opens (the red-card
PDFs and the Word letters included), and from file:// its Content-Security-Policy lets the
site's own scripts run (search, quiz) and nothing else."""

from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import OFFLINE_FOLDER as FOLDER
from playwright.sync_api import expect

# Attributes that point at another file of the copy.
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get(LINKING.get(tag, ""))
        if value:
            self.targets.append(value)


def local_targets(page: Path) -> list[str]:
    """The page's links and references to other files of the copy (not tel:, https:, #...)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [t for t in parser.targets if not urlsplit(t).scheme and urlsplit(t).path]


def test_the_zip_unpacks_into_one_folder_that_starts_here(offline_copy):
    start = offline_copy / "START-HERE.html"
    assert start.is_file()
    links = local_targets(start)
    for href in ("index.html", "es/index.html", "red-card/print.html", "es/workshops/index.html"):
        assert href in links
    html = unescape(start.read_text())
    assert 'href="tel:+14135550100"' in html and "(413) 555-0100" in html
    assert '<section lang="es">' in html and "empiece aquí" in html
    assert 'http-equiv="Content-Security-Policy"' in html


def test_no_link_in_the_offline_copy_is_broken(offline_copy):
    broken, checked = [], set()
    for page in sorted(offline_copy.rglob("*.html")):
        for target in local_targets(page):
            path = unquote(urlsplit(target).path)
            resolved = (page.parent / path).resolve()
            checked.add(resolved.suffix)
            # From file:// a folder opens as a bare listing: a link must name its file.
            if not resolved.is_file():
                broken.append(f"{page.relative_to(offline_copy)}: {target}")
    assert broken == []
    assert {".html", ".css", ".js", ".pdf", ".docx"} <= checked  # the crawl saw every kind


@pytest.fixture()
def browser_context(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    yield context
    context.close()


def _open(context, file: Path):
    """The page from file://, with every console error and failed request collected."""
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("requestfailed", lambda request: page.errors.append(f"failed: {request.url}"))
    page.goto(file.as_uri())
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("start", ["START-HERE.html", "index.html", "es/index.html"])
def test_pages_open_from_file_with_no_csp_violation(browser_context, offline_copy, start):
    page = _open(browser_context, offline_copy / start)
    assert page.locator("a.kyr-hotline").first.is_visible()
    assert page.evaluate("typeof __md_scope") != "undefined" or start == "START-HERE.html"
    assert page.errors == []


@pytest.mark.parametrize("lang, query", [("", "warrant"), ("es/", "puerta")])
def test_search_works_from_file_under_the_csp(browser_context, offline_copy, lang, query):
    page = _open(browser_context, offline_copy / lang / "index.html")
    page.locator("label.md-header__button[for=__search]").click()
    # The index is ready once the shim's iframe has run the worker (the CSP lets it).
    expect(page.locator(".md-search-result__meta")).not_to_have_text(
        re.compile("Initiali|Inicializ")
    )
    page.locator("input.md-search__input").press_sequentially(query, delay=50)  # keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.errors == []


def test_the_quiz_works_from_file_under_the_csp(browser_context, offline_copy):
    page = _open(browser_context, offline_copy / "es/workshops/quiz.html")
    question = page.locator(".kyr-quiz fieldset").first
    question.locator("label").first.click()
    assert question.locator(".kyr-quiz__result").inner_text().strip()
    assert page.errors == []


INJECTIONS = {
    "inline script": "<script>window.kyrInjected = true</script>",
    "javascript: link": '<a id="kyr-injected" href="javascript:window.kyrInjected=true">x</a>',
    "event handler": '<img src="missing.png" onerror="window.kyrInjected = true" alt="">',
}


@pytest.mark.parametrize("injection", INJECTIONS)
@pytest.mark.parametrize("with_csp", [True, False], ids=["csp", "control-without-csp"])
def test_an_injected_script_is_blocked_from_file(
    browser_context, offline_copy, tmp_path, injection, with_csp
):
    """A copy of the offline copy, one page tampered with on disk: its CSP stops the script.
    The control, the same page without the CSP, shows that the injection would run."""
    copy = shutil.copytree(offline_copy, tmp_path / FOLDER)
    html = (copy / "index.html").read_text()
    if not with_csp:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    (copy / "index.html").write_text(html.replace("</body>", INJECTIONS[injection] + "</body>"))
    page = _open(browser_context, copy / "index.html")
    if injection == "javascript: link":
        page.evaluate("document.getElementById('kyr-injected').click()")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof __md_scope") != "undefined"  # the listed scripts ran
    assert page.evaluate("window.kyrInjected === true") is not with_csp
    if with_csp:
        assert any("Content Security Policy" in error for error in page.errors), page.errors
