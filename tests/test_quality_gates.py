"""Quality gates: every page of both languages, as a reader's browser gets it.

The site is built from the example data, served with gzip on a free localhost port, and
driven in Chromium through Playwright: privacy, accessibility (axe, light and dark), phones,
the language switcher and the console. The built files are also checked for HTML validity
(the Nu Html Checker), links and anchors, and what search engines read.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import AXE_TAGS, EXAMPLE_FILE, ROOT, html_pages

from macros.affiliate import load_affiliate

SITE_URL = str(load_affiliate(EXAMPLE_FILE).site_url)

# Records what a page does that the tests must see: CSP violations, and cookies it sets.
WATCH_SCRIPT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


MISSING = "no-such-page/"  # any address that does not exist gets /404.html


def page_paths(site: Path) -> list[str]:
    """The address path of every HTML page: "", "about/", "es/", ..., "404.html"."""
    paths = []
    for page in html_pages(site):
        relative = page.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


def lang_of(path: str) -> str:
    return "es" if path.startswith("es/") else "en"


def twin_of(path: str) -> str:
    return path.removeprefix("es/") if lang_of(path) == "es" else "es/" + path


BATCH = 4  # pages loading at once: the sweeps below spend most of their time waiting


def _batches(paths: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(paths), BATCH):
        yield paths[start : start + BATCH]


def _open_watched(chromium, served: str, path: str) -> dict:
    """Start loading `path` in a fresh phone-sized context that records what the page does."""
    # The service worker runs on the two home pages only: there it downloads the whole of
    # its language, and those requests are checked too; elsewhere it would fetch them again.
    workers = "allow" if path in ("", "es/") else "block"
    context = chromium.new_context(viewport={"width": 360, "height": 640}, service_workers=workers)
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    seen = {"requests": [], "page_requests": [], "console_errors": []}
    errors = seen["console_errors"]
    context.on("request", lambda r: seen["requests"].append(r.url))
    page.on("request", lambda r: seen["page_requests"].append(r.url))
    context.on(
        "response",
        lambda r: (
            r.status >= 400 and not r.url.endswith(MISSING) and errors.append(f"{r.status} {r.url}")
        ),
    )
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    address = MISSING if path == "404.html" else path
    response = page.goto(served + address, wait_until="commit")
    return {"context": context, "page": page, "status": response.status, **seen}


@pytest.fixture(scope="session")
def visits(example_site, served, chromium) -> dict[str, dict]:
    """Open every page once in a fresh phone-sized context and record what happened."""
    results = {}
    for batch in _batches(page_paths(example_site)):
        opened = {path: _open_watched(chromium, served, path) for path in batch}
        for visit in opened.values():
            visit["page"].wait_for_load_state("networkidle")
        visit["page"].wait_for_timeout(300)  # let late scripts (the search worker) run
        for path, visit in opened.items():
            context, page = visit.pop("context"), visit.pop("page")
            results[path] = {
                **visit,  # status, requests (the page's and the service worker's), ...
                "csp_violations": page.evaluate("window.__cspViolations"),
                "cookies": context.cookies(),
                "document_cookie": page.evaluate("document.cookie"),
                # Headless Chromium does not request icons or manifests itself: ask for each.
                "head_links": page.evaluate(
                    """() => Promise.all([...document.querySelectorAll(
                        'link[rel~="icon"], link[rel="manifest"], link[rel="apple-touch-icon"]')]
                        .map(l => fetch(l.href).then(r => [l.href, r.status])))"""
                ),
            }
            context.close()
    return results


# --- 1. Privacy ------------------------------------------------------------------------


def test_every_page_was_visited(visits, example_site):
    assert len(visits) == len(html_pages(example_site)) >= 10
    for path, visit in visits.items():
        assert visit["status"] == (404 if path == "404.html" else 200), path


def test_no_request_leaves_the_site(visits, served):
    origin = served.rstrip("/")
    for path, visit in visits.items():
        foreign = [u for u in visit["requests"] if not u.startswith((origin + "/", "data:"))]
        assert not foreign, f"/{path} requested {foreign}"


def test_search_index_waits_until_search_is_opened(visits):
    """The first view does not wait for the whole site's index (the service worker keeps it
    for offline use afterwards)."""
    for path, visit in visits.items():
        assert not [u for u in visit["page_requests"] if "search_index" in u], path
        assert not [u for u in visit["requests"] if u.endswith("sitemap.xml")], path


def test_no_cookies(visits):
    for path, visit in visits.items():
        assert visit["cookies"] == [] and visit["document_cookie"] == "", path


def test_no_content_security_policy_violation(visits):
    for path, visit in visits.items():
        assert visit["csp_violations"] == [], f"/{path}: {visit['csp_violations']}"


def test_every_page_has_a_strict_csp_and_no_referrer(example_site):
    for page in html_pages(example_site):
        text = page.read_text()
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert policy, page
        assert "default-src 'self'" in policy[1] and "unsafe-inline" not in policy[1], page
        assert '<meta name="referrer" content="no-referrer">' in text, page
        # The policy must come before any script to cover it.
        assert text.index("Content-Security-Policy") < text.index("<script"), page


# --- 8. Console ------------------------------------------------------------------------


def test_icons_and_manifest_exist(visits):
    for path, visit in visits.items():
        assert visit["head_links"], path
        assert all(status == 200 for _, status in visit["head_links"]), (path, visit["head_links"])


def test_no_console_errors(visits):
    for path, visit in visits.items():
        errors = visit["console_errors"]
        if path == "404.html":  # the browser reports the 404 status of the page itself
            errors = [e for e in errors if "404 (Not Found)" not in e]
        assert errors == [], f"/{path}: {errors}"


# --- 2. Accessibility ------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation(example_site, served, chromium, scheme):
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    problems = []
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    for batch in _batches(page_paths(example_site)):
        pages = {path: context.new_page() for path in batch}
        for path, page in pages.items():
            page.goto(served + path, wait_until="commit")
        for page in pages.values():  # start axe on every page of the batch, then collect
            page.wait_for_load_state()
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected
            page.evaluate(axe.axe_script)
            page.evaluate("(options) => { window.__axe = axe.run(document, options); }", options)
        for path, page in pages.items():
            for violation in page.evaluate("() => window.__axe.then((r) => r.violations)"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"/{path}: {violation['id']}: {violation['help']} {targets}")
            page.close()
    context.close()
    assert problems == []


# Words that, three in a row, mark a passage as English or Spanish ("I do not consent").
MARKERS = {
    "en": {
        "i",
        "you",
        "your",
        "do",
        "not",
        "the",
        "to",
        "and",
        "of",
        "will",
        "want",
        "with",
        "am",
        "is",
        "are",
        "what",
        "my",
        "me",
        "this",
        "that",
        "have",
        "we",
    },
    "es": {
        "el",
        "la",
        "los",
        "las",
        "usted",
        "su",
        "sus",
        "que",
        "de",
        "del",
        "para",
        "con",
        "por",
        "una",
        "es",
        "no",
        "lo",
        "se",
        "y",
        "en",
    },
}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _LanguageRuns(HTMLParser):
    """Finds runs of three other-language marker words outside an element marked with it."""

    def __init__(self, page_lang: str):
        super().__init__()
        self.stack = [("html", page_lang)]
        self.page_lang = page_lang
        self.unmarked: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang") or self.stack[-1][1]))

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tag, lang = self.stack[-1]
        if tag in ("script", "style") or lang != self.page_lang:
            return
        other = "es" if self.page_lang == "en" else "en"
        words = re.findall(r"[a-záéíóúñü]+", data.lower())
        for i in range(len(words) - 2):
            run = words[i : i + 3]
            if all(w in MARKERS[other] and w not in MARKERS[self.page_lang] for w in run):
                self.unmarked.append(" ".join(run) + f" in: {data.strip()[:80]}")


def test_lang_is_right_on_every_page_and_passage(example_site):
    problems = []
    for page in html_pages(example_site):
        relative = page.relative_to(example_site).as_posix()
        text = page.read_text()
        lang = lang_of(relative)
        if f'<html lang="{lang}"' not in text:
            problems.append(f"{relative}: <html lang> is not {lang}")
        runs = _LanguageRuns(lang)
        runs.feed(text)
        problems += [f"{relative}: unmarked {run}" for run in runs.unmarked]
    assert problems == []


def test_search_dialog_has_an_accessible_name(example_site):
    for page in html_pages(example_site):
        text = page.read_text()
        dialog = re.search(r'<div class="md-search"[^>]*>', text)
        assert dialog and "aria-label=" in dialog[0], page


# --- 3. Phones -------------------------------------------------------------------------


def _on_every_page(example_site, served, chromium, width: int, script: str) -> dict[str, object]:
    """What `script` returns on each page, opened at `width` x 640."""
    context = chromium.new_context(viewport={"width": width, "height": 640})
    results = {}
    for batch in _batches(page_paths(example_site)):
        pages = {path: context.new_page() for path in batch}
        for path, page in pages.items():
            page.goto(served + path, wait_until="commit")
        for path, page in pages.items():
            page.wait_for_load_state()
            results[path] = page.evaluate(script)
            page.close()
    context.close()
    return results


def test_no_page_scrolls_sideways_at_320px(example_site, served, chromium):
    widths = _on_every_page(
        example_site,
        served,
        chromium,
        320,
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
    )
    wide = [
        f"/{path}: {scroll}px wide" for path, (scroll, client) in widths.items() if scroll > client
    ]
    assert wide == []


@pytest.mark.parametrize("path", ["", "es/"])
def test_hotline_is_visible_without_scrolling_on_the_home_page(served, chromium, path):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + path)
    hotline = page.locator('a.kyr-hotline[href^="tel:"]').first
    box = hotline.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 640
    assert box["width"] >= 24 and box["height"] >= 24
    # and "what to do right now" starts in the same first screen
    heading = page.locator("h2").first.bounding_box()
    assert heading and heading["y"] < 640
    context.close()


def test_touch_targets_are_at_least_24px(example_site, served, chromium):
    """Buttons and links outside running text (WCAG 2.5.8); axe checks spacing too."""
    small = _on_every_page(
        example_site,
        served,
        chromium,
        360,
        """() => [...document.querySelectorAll(
              '.md-header a, .md-header label, .md-header button, .md-banner a,' +
              '.md-footer a, .kyr-tel, .kyr-callbar a')]
            .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
            .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
            .filter(([_, r]) => r.width < 24 || r.height < 24)
            .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
    )
    assert {path: found for path, found in small.items() if found} == {}


# --- 4. Language switcher --------------------------------------------------------------


def test_language_switcher_points_to_the_twin_on_every_page(example_site):
    for path in page_paths(example_site):
        if path == "404.html":
            continue
        html = (example_site / path / "index.html").read_text()
        other = "en" if lang_of(path) == "es" else "es"
        link = re.search(rf'<a href="([^"]*)" hreflang="{other}" class="md-select__link">', html)
        assert link, path
        target = urljoin("http://x/" + path, link[1])
        assert target == "http://x/" + twin_of(path), path


@pytest.mark.parametrize("start, expected", [("about/", "es/about/"), ("es/schools/", "schools/")])
def test_switching_language_lands_on_the_twin_page(served, chromium, start, expected):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(served + start)
    page.locator(".md-header .md-select").hover()
    other = "es" if expected.startswith("es/") else "en"
    page.locator(f'.md-select__link[hreflang="{other}"]').click()
    page.wait_for_url(served + expected)
    assert page.evaluate("document.documentElement.lang") == other
    context.close()


@pytest.mark.parametrize("path, query, expected", [("", "door", "/"), ("es/", "puerta", "/es/")])
def test_search_works_in_both_languages(served, chromium, path, query, expected):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(served + path, wait_until="networkidle")  # the search index is loaded
    page.locator("input.md-search__input").press_sequentially(query, delay=50)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    hrefs = [urlsplit(h).path for h in results.evaluate_all("as => as.map(a => a.href)")]
    # One index serves both languages (mkdocs-static-i18n merges them); the best matches
    # must be in the reader's language.
    in_spanish = [h.startswith("/es/") for h in hrefs]
    assert in_spanish[0] == (expected == "/es/"), hrefs
    context.close()


# --- 5. HTML validity ------------------------------------------------------------------

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# False positives in Material's own markup, each with why we accept it rather than copy
# the whole template to change it.
VNU_FILTERS = {
    # Material's drawer and search toggles are checkboxes with autocomplete="off", which
    # Firefox needs so that it does not restore their state; browsers ignore it otherwise.
    ("Attribute “autocomplete” is only allowed when the input type is", 'type="checkbox"'),
    # On section index pages (navigation.indexes) Material renders the table of contents'
    # title label for the "__toc" toggle without the toggle; the label is inert there.
    ("The value of the “for” attribute of the “label” element", 'for="__toc"'),
}


def test_every_page_is_valid_html(example_site):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html"]
        + [str(p) for p in html_pages(example_site)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not any(
            m["message"].startswith(start) and extract in m.get("extract", "")
            for start, extract in VNU_FILTERS
        )
    ]
    assert errors == []


# --- 6. Links --------------------------------------------------------------------------


class _LinksAndIds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name) and not (
                tag == "link"
                and attributes.get("rel")
                in (
                    "canonical",
                    "alternate",
                )
            ):
                self.links.append(attributes[name])


def _parse(page: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(page.read_text())
    return parser


def test_no_broken_internal_link_or_anchor(example_site):
    pages = {p: _parse(p) for p in html_pages(example_site)}
    broken = []
    for page, parsed in pages.items():
        base = "http://site/" + page.relative_to(example_site).as_posix()
        for link in parsed.links:
            url = urlsplit(urljoin(base, link))
            if url.scheme != "http" or url.netloc != "site":
                continue  # mailto:, tel:, sms:, and links out (which load nothing)
            target = example_site / url.path.lstrip("/")
            if target.is_dir() or url.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{base}: {link}")
            elif url.fragment and target.suffix == ".html":
                if url.fragment not in pages.get(target, _parse(target)).ids:
                    broken.append(f"{base}: {link} (no such anchor)")
    assert broken == []


# --- 7. Search engines and sharing -----------------------------------------------------


def _meta_description(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    return match[1] if match else ""


def _reads_as(text: str, lang: str) -> bool:
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    other = "es" if lang == "en" else "en"
    own = sum(w in MARKERS[lang] for w in words)
    return own > sum(w in MARKERS[other] for w in words)


def test_every_page_has_a_description_in_its_language(example_site):
    for path in page_paths(example_site):
        if path == "404.html" or lang_of(path) == "es":
            continue
        english = _meta_description((example_site / path / "index.html").read_text())
        spanish = _meta_description((example_site / twin_of(path) / "index.html").read_text())
        assert english != spanish, path
        assert _reads_as(english, "en"), (path, english)
        assert _reads_as(spanish, "es"), (path, spanish)


def test_hreflang_alternates_are_absolute_with_x_default(example_site):
    for path in page_paths(example_site):
        if path == "404.html":
            continue
        html = (example_site / path / "index.html").read_text()
        alternates = dict(
            (lang, href)
            for href, lang in re.findall(
                r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', html
            )
        )
        english_path = path.removeprefix("es/")
        assert alternates == {
            "en": SITE_URL + english_path,
            "x-default": SITE_URL + english_path,
            "es": SITE_URL + "es/" + english_path,
        }, path
        canonical = re.search(r'<link rel="canonical" href="([^"]*)">', html)
        assert canonical and canonical[1] == SITE_URL + path, path


def test_sitemap_lists_both_languages(example_site):
    sitemap = (example_site / "sitemap.xml").read_text()
    locations = set(re.findall(r"<loc>([^<]*)</loc>", sitemap))
    expected = {SITE_URL + p for p in page_paths(example_site) if p != "404.html"}
    assert locations == expected
