"""Quality gates: every page of both languages, as a reader's browser gets it.

The site is built from the example data, served with gzip on a free localhost port, and
driven in Chromium through Playwright, one visit per page for all the per-page checks:
privacy, accessibility (axe, light and dark), phones, the hotline and the console; then the
language switcher and search. The built files are also checked for HTML validity
(the Nu Html Checker), links and anchors, and what search engines read.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import AXE_TAGS, EXAMPLE_FILE, PREFIXES, ROOT, html_pages

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


# --- One visit per page ----------------------------------------------------------------
#
# Every page is opened once, in a fresh phone-sized context, and everything the tests below
# look at is recorded during that one visit: what it requested and set, CSP violations and
# console errors, sideways scrolling at 320 px, touch targets and the hotline at 360 x 640,
# then axe at 1280 x 800 in the light scheme and, after the reader's own toggle, the dark
# one. The tests then each look at one kind of result for every page and list every page
# that fails, so one run shows all that is wrong.

# Where the crawl starts: the two home pages, and the pages no link leads to on purpose (any
# missing address shows /404.html; the service worker shows offline/ when a page is not in
# its cache). Every page they link to is visited in turn.
START = ["", "es/", "404.html", "offline/", "es/offline/"]
# Pages visited at once, each in its own context, so that one page's wait for the network
# to go quiet overlaps another's work. Measured on 2 cores: one, two and four at once were
# within the machine's noise of each other (axe's work is CPU-bound); two keep it simple.
PARALLEL = 2
TOUCH_TARGETS = """() => [...document.querySelectorAll(
      '.md-header a, .md-header label, .md-header button, .md-banner a,' +
      '.md-footer a, .kyr-tel, .kyr-callbar a')]
    .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
    .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
    .filter(([_, r]) => r.width < 24 || r.height < 24)
    .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
HOTLINE_LINKS = """(tel) => [...document.querySelectorAll(`a[href="${tel}"]`)]
    .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
    .map(e => [e.classList.contains("kyr-hotline"), e.getBoundingClientRect()])
    .map(([own, r]) => ({own, top: r.top, bottom: r.bottom, width: r.width, height: r.height}))"""
# The page's icons and manifest, and the manifest's icons, each as [address, status, size
# stated, size the browser decoded]: headless Chromium requests none of them by itself. An
# apple-touch-icon without `sizes` must be 180 x 180, the size iPhones ask for.
HEAD_LINKS = """async () => {
  const measure = async (url, stated) => {
    const response = await fetch(url);
    if (!response.ok || !stated || stated === "any") return [url, response.status, stated, ""];
    const image = await createImageBitmap(await response.blob());
    return [url, response.status, stated, `${image.width}x${image.height}`];
  };
  const links = [...document.querySelectorAll(
    'link[rel~="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')];
  const found = [];
  for (const link of links) {
    if (link.rel !== "manifest") {
      const apple = link.rel === "apple-touch-icon" ? "180x180" : "";
      found.push(await measure(link.href, link.sizes.value || apple));
      continue;
    }
    const response = await fetch(link.href);
    found.push([link.href, response.status, "", ""]);
    if (!response.ok) continue;
    for (const icon of (await response.json()).icons || []) {
      found.push(await measure(new URL(icon.src, link.href).href, icon.sizes));
    }
  }
  return found;
}"""
AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# The dark scheme changes colors only (Material's slate palette and our rules on
# [data-md-color-scheme="slate"] set colors; no page uses Material's #only-dark images), so
# only the rules that read colors can find anything new in it, at half the cost of all.
AXE_DARK_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}
START_AXE = "(options) => { window.__axe = axe.run(document, options); }"
AXE_VIOLATIONS = """() => window.__axe.then((r) => r.violations.map((v) =>
    `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`))"""
PHONE = {"width": 360, "height": 640}


class _Visit:
    """One page in a fresh context, recording what it does from the first request on."""

    def __init__(self, chromium, served: str, path: str):
        self.path = path
        # The service worker runs on the two home pages only: there it downloads the whole of
        # its language, and those requests are checked too; elsewhere it would fetch them again.
        workers = "allow" if path in ("", "es/") else "block"
        self.context = chromium.new_context(viewport=PHONE, service_workers=workers)
        self.context.add_init_script(WATCH_SCRIPT)
        self.page = self.context.new_page()
        self.result = {"requests": [], "page_requests": [], "console_errors": []}
        errors = self.result["console_errors"]
        self.context.on("request", lambda r: self.result["requests"].append(r.url))
        self.page.on("request", lambda r: self.result["page_requests"].append(r.url))
        self.context.on(
            "response",
            lambda r: (
                r.status >= 400
                and not r.url.endswith(MISSING)
                and errors.append(f"{r.status} {r.url}")
            ),
        )
        self.page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        self.page.on("pageerror", lambda e: errors.append(str(e)))
        address = MISSING if path == "404.html" else path
        self.result["status"] = self.page.goto(served + address, wait_until="commit").status

    def as_loaded(self, tel: str) -> None:
        """What the page did on loading, and how it fits a phone."""
        page, result = self.page, self.result
        # The home pages run the service worker: wait until its downloads are done. Elsewhere
        # the load event is enough; requests keep being recorded until the visit ends.
        page.wait_for_load_state("networkidle" if self.path in ("", "es/") else "load")
        result["cookies"] = self.context.cookies()
        result["document_cookie"] = page.evaluate("document.cookie")
        result["address"] = page.evaluate("location.pathname")
        # Headless Chromium does not request icons or manifests itself: ask for each.
        result["head_links"] = page.evaluate(HEAD_LINKS)
        result["links"] = page.evaluate("[...document.links].map((a) => a.href)")
        result["small_targets"] = page.evaluate(TOUCH_TARGETS)
        result["hotline_links"] = page.evaluate(HOTLINE_LINKS, tel)
        result["first_h2_top"] = page.evaluate(
            "document.querySelector('article h2')?.getBoundingClientRect().top ?? null"
        )
        page.set_viewport_size({"width": 320, "height": 640})
        result["width_at_320"] = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )

    def start_axe(self) -> None:
        self.page.set_viewport_size({"width": 1280, "height": 800})
        self.result["scheme_light"] = self.page.get_attribute("body", "data-md-color-scheme")
        self.page.evaluate(AXE.axe_script)
        self.page.evaluate(START_AXE, AXE_OPTIONS)

    def switch_to_dark_and_start_axe(self) -> None:
        """The light scheme's results, then the dark scheme as a reader picks it (the toggle
        in the header), with the system's preference dark too; no reload."""
        self.result["axe_light"] = self.page.evaluate(AXE_VIOLATIONS)
        self.page.emulate_media(color_scheme="dark")
        self.page.locator('label[for="__palette_1"]').first.click()
        self.result["scheme_dark"] = self.page.get_attribute("body", "data-md-color-scheme")
        self.page.evaluate(START_AXE, AXE_DARK_OPTIONS)

    def finish(self) -> dict:
        self.result["axe_dark"] = self.page.evaluate(AXE_VIOLATIONS)
        # Last, so that violations at any step (a resize, the toggle) are counted.
        self.result["csp_violations"] = self.page.evaluate("window.__cspViolations")
        self.context.close()
        return self.result


def _site_page(served: str, url: str) -> str | None:
    """The path of a page of the site `url` leads to ("", "about/", ...), or None."""
    if not url.startswith(served):
        return None
    path = urlsplit(url).path.lstrip("/")
    return path if path == "" or path.endswith("/") else None


@pytest.fixture(scope="session")
def visits(served, chromium) -> dict[str, dict]:
    """Each page of START and every page a reader reaches by links from them, visited
    once, PARALLEL at a time; what each did, by path."""
    tel = "tel:" + load_affiliate(EXAMPLE_FILE).hotline.number
    results: dict[str, dict] = {}
    queue = list(START)
    queued = set(queue)
    while queue:
        batch, queue = queue[:PARALLEL], queue[PARALLEL:]
        # Each step is started on every page of the batch before the next step, so that
        # one page's waits overlap the other's work.
        opened = [_Visit(chromium, served, path) for path in batch]
        for visit in opened:
            visit.as_loaded(tel)
        for visit in opened:
            visit.start_axe()
        for visit in opened:
            visit.switch_to_dark_and_start_axe()
        for visit in opened:
            results[visit.path] = visit.finish()
            for url in results[visit.path]["links"]:
                path = _site_page(served, url)
                if path is not None and path not in queued:
                    queued.add(path)
                    queue.append(path)
    return results


def _no_page_fails(visits: dict[str, dict], problems) -> None:
    """Asks `problems(path, visit)` of every page; fails with one line for each page that
    has any, so that one run lists them all."""
    found = {path: problems(path, visit) for path, visit in visits.items()}
    failing = [f"/{path}: {problem}" for path, problem in found.items() if problem]
    assert not failing, f"{len(failing)} of {len(visits)} pages:\n" + "\n".join(failing)


def test_every_page_was_visited(visits, example_site):
    """The crawl reached every built page and nothing else, and each as itself: a page no
    link leads to (and not in START) fails here, and so does a link to a page not built."""
    built, visited = set(page_paths(example_site)), set(visits)
    assert not built - visited, f"built, but no link leads to: {sorted(built - visited)}"
    _no_page_fails(
        visits,
        lambda path, visit: (
            (
                visit["status"] != (404 if path == "404.html" else 200)
                or visit["address"] != "/" + (MISSING if path == "404.html" else path)
            )
            and f"{visit['status']} at {visit['address']}"
        ),
    )


# --- 1. Privacy ------------------------------------------------------------------------


def test_no_request_leaves_the_site(visits, served):
    origin = served.rstrip("/")
    _no_page_fails(
        visits,
        lambda path, visit: [
            u for u in visit["requests"] if not u.startswith((origin + "/", "data:"))
        ],
    )


def test_search_index_waits_until_search_is_opened(visits):
    """The first view does not wait for the whole site's index (the service worker keeps it
    for offline use afterwards)."""
    _no_page_fails(
        visits,
        lambda path, visit: (
            [u for u in visit["page_requests"] if "search_index" in u]
            + [u for u in visit["requests"] if u.endswith("sitemap.xml")]
        ),
    )


def test_no_cookies(visits):
    _no_page_fails(
        visits,
        lambda path, visit: visit["cookies"] or visit["document_cookie"],
    )


def test_no_content_security_policy_violation(visits):
    _no_page_fails(visits, lambda path, visit: visit["csp_violations"])


# --- 8. Console ------------------------------------------------------------------------


def test_icons_and_manifest_exist(visits):
    """Each answers 200, and each icon of a stated size decodes at that size."""

    def wrong(path, visit):
        links = visit["head_links"]
        problems = [link for link in links if link[1] != 200 or link[2] not in ("", "any", link[3])]
        if not any("manifest" in link[0] for link in links):
            problems.append("no manifest")
        return problems

    _no_page_fails(visits, wrong)


def test_no_console_errors(visits):
    def errors(path, visit):
        # On the 404 page the browser reports the page's own status.
        return [e for e in visit["console_errors"] if path != "404.html" or "404 (Not" not in e]

    _no_page_fails(visits, errors)


# --- 2. Accessibility ------------------------------------------------------------------


@pytest.mark.parametrize("scheme, expected", [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_wcag_violation(visits, scheme, expected):
    """axe-core's WCAG A and AA rules at 1280 x 800: all of them in the light scheme, then
    those that read colors in the dark one (AXE_DARK_OPTIONS)."""
    _no_page_fails(
        visits,
        lambda path, visit: (
            (
                visit[f"scheme_{scheme}"] != expected
                and f"the page was in {visit[f'scheme_{scheme}']}, not {expected}"
            )
            or visit[f"axe_{scheme}"]
        ),
    )


# --- 3. Phones -------------------------------------------------------------------------


def test_no_page_scrolls_sideways_at_320px(visits):
    def wide(path, visit):
        scroll, client = visit["width_at_320"]
        return scroll > client and f"{scroll}px wide"

    _no_page_fails(visits, wide)


def test_touch_targets_are_at_least_24px(visits):
    """Buttons and links outside running text (WCAG 2.5.8); axe checks spacing too."""
    _no_page_fails(visits, lambda path, visit: visit["small_targets"])


def test_the_hotline_can_be_called_from_the_first_screen_of_every_page(visits):
    """At 360 x 640, a link that calls the hotline, at least 24 px each way, is visible
    without scrolling (the call bar, or the page's own)."""

    def out_of_reach(path, visit):
        return not _in_first_screen(visit["hotline_links"]) and (
            f"none of {visit['hotline_links']} in the first screen"
        )

    _no_page_fails(visits, out_of_reach)


def _in_first_screen(boxes: list[dict]) -> list[dict]:
    return [
        box
        for box in boxes
        if box["top"] >= 0
        and box["bottom"] <= PHONE["height"]
        and box["width"] >= 24
        and box["height"] >= 24
    ]


@pytest.mark.parametrize("path", PREFIXES)
def test_the_home_page_shows_its_own_hotline_and_what_to_do_in_the_first_screen(visits, path):
    """Not only the call bar: the page's own hotline link, and "what to do right now"."""
    own = [box for box in visits[path]["hotline_links"] if box["own"]]
    assert _in_first_screen(own), own
    top = visits[path]["first_h2_top"]
    assert top is not None and top < PHONE["height"]


# --- Built files ---------------------------------------------------------------------


def test_every_page_has_a_strict_csp_and_no_referrer(example_site):
    for page in html_pages(example_site):
        text = page.read_text()
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert policy, page
        assert "default-src 'self'" in policy[1] and "unsafe-inline" not in policy[1], page
        assert '<meta name="referrer" content="no-referrer">' in text, page
        # The policy must come before any script to cover it.
        assert text.index("Content-Security-Policy") < text.index("<script"), page


# --- 2. Accessibility: languages and names ---------------------------------------


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


@pytest.mark.slow  # Java, and every page of the site
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
                # Parsed once above; `pages.get(target, _parse(target))` parsed it again
                # for every link with an anchor.
                if url.fragment not in (pages.get(target) or _parse(target)).ids:
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
