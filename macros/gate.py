"""The build's safety guard: every built page (the site and the offline copy) is parsed after
the build and before it replaces the previous one (`python -m macros build`, which `make
build`, `make offline` and `make publish` run). It fails, naming the page, when a page:

- lacks the hotline's tap-to-call link or the Content-Security-Policy;
- has an inline script whose hash the page's CSP does not list, or an `on...=` attribute;
- has a `javascript:` or `data:` URL in an attribute;
- links to a `tel:`/`sms:` number that is neither in the data file nor written in the pages'
  own Markdown sources (a data value must never become a number to call);
- loads anything from another origin (plain links, the reader's choice, may go anywhere).

and when the service worker would download more than PRECACHE_LIMIT on a first visit.

It reads the HTML with Python's own parser, independently of how macros/finish.py writes it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .affiliate import Affiliate, affiliate_path, load_affiliate
from .offline import PRECACHE_LIMIT, precache_size
from .site import PROJECT_DIR, local_pages_dir, site_languages

# Attributes through which a page makes the browser fetch something by itself. Plain links
# (<a href>) are the reader's choice and may point anywhere.
_LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
_LOADING_LINKS = {"stylesheet", "icon", "manifest", "preload", "modulepreload", "prefetch"}
_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)")
_PHONE_LINK = re.compile(r"\b(?:tel|sms):(\+\d+)")
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.phone_links: list[str] = []
        self.scripts: list[str] = []  # the bodies of inline scripts the browser runs
        self.handlers: list[str] = []
        self.bad_urls: list[str] = []
        self.csp: str | None = None
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=...>")
            if name in _URL_ATTRIBUTES:
                # Browsers ignore whitespace and control characters around a scheme.
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.bad_urls.append(value[:60])
        for name in _LOADING.get(tag, ()):
            if values.get(name):
                self.loads += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if tag == "link" and _LOADING_LINKS & set(values.get("rel", "").lower().split()):
            self.loads.append(values.get("href", ""))
        if tag == "a" and (match := _PHONE_LINK.match(values.get("href", "").strip())):
            self.phone_links.append(match[1])
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = values.get("content", "")
        if tag == "script" and "src" not in values:
            runs = values.get("type", "").lower() in _SCRIPT_TYPES
            self._script = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _elsewhere(url: str) -> bool:
    """A URL that leaves the site's own origin (a relative URL never does)."""
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def allowed_numbers(affiliate: Affiliate, data_file: Path) -> set[str]:
    """The numbers a page may offer to call or text: the data file's, and those written by
    hand in the Markdown pages (upstream's and the affiliate's own)."""
    numbers = {
        affiliate.hotline.number,
        *([affiliate.hotline.sms] if affiliate.hotline.sms else []),
    }
    for category in affiliate.contacts.model_dump().values():
        numbers.update(contact["phone"] for contact in category if contact.get("phone"))
    for folder in (PROJECT_DIR / "docs", local_pages_dir(data_file)):
        for source in folder.rglob("*.md") if folder.is_dir() else ():
            numbers.update(_PHONE_LINK.findall(source.read_text(encoding="utf-8")))
    return numbers


def page_problems(html: str, hotline: str, numbers: set[str]) -> list[str]:
    """What is wrong with one built page (empty when nothing is)."""
    scan = _PageScan()
    scan.feed(html)
    scan.close()
    problems = []
    if hotline not in scan.phone_links:
        problems.append(f"no tap-to-call link to the hotline (tel:{hotline})")
    if scan.csp is None:
        problems.append("no Content-Security-Policy")
    else:
        listed = set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", scan.csp))
        unlisted = [s for s in scan.scripts if _sha256(s) not in listed]
        problems += [
            f"an inline script the CSP does not list: {s.strip()[:60]!r}" for s in unlisted
        ]
    problems += [f"an event-handler attribute {handler}" for handler in scan.handlers]
    problems += [f"a script or data URL {url!r}" for url in scan.bad_urls]
    problems += [
        f"a link to call or text {n}, not a number of the data file or pages"
        for n in sorted(set(scan.phone_links) - numbers)
    ]
    problems += [f"loads {url} from another origin" for url in scan.loads if _elsewhere(url)]
    return problems


def gate_problems(site_dir: Path, data_file: Path | None = None) -> list[str]:
    data_file = data_file or affiliate_path(PROJECT_DIR)
    affiliate = load_affiliate(data_file, PROJECT_DIR)
    numbers = allowed_numbers(affiliate, data_file)
    pages = sorted(site_dir.rglob("*.html"))
    if not pages:
        return [f"{site_dir}: no pages: build the site first"]
    problems = []
    for page in pages:
        name = page.relative_to(site_dir).as_posix()
        html = page.read_text(encoding="utf-8")
        problems += [
            f"{name}: {problem}"
            for problem in page_problems(html, affiliate.hotline.number, numbers)
        ]
    if (site_dir / "sw.js").is_file():  # the web site (the offline copy needs none)
        size = precache_size(site_dir, site_languages())
        if size > PRECACHE_LIMIT:
            problems.append(
                f"sw.js: a first visit would download {size // 1024} KiB gzipped for offline "
                f"use, more than the limit of {PRECACHE_LIMIT // 1024} KiB (macros/offline.py)"
            )
    for sheet in sorted(site_dir.rglob("*.css")):
        name = sheet.relative_to(site_dir).as_posix()
        urls = _CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace"))
        problems += [f"{name}: loads {url} from another origin" for url in urls if _elsewhere(url)]
    return problems
