"""The publish gate: a fast check of a built site before it goes online (the deploy workflow
runs it after the build). Every page must carry the hotline's tap-to-call link and the
Content-Security-Policy, and nothing may load from another origin."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .affiliate import affiliate_path, load_affiliate
from .site import PROJECT_DIR

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
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)")


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.tel_links: list[str] = []
        self.has_csp = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in _LOADING.get(tag, ()):
            if values.get(name):
                self.loads += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if tag == "link" and _LOADING_LINKS & set(values.get("rel", "").lower().split()):
            self.loads.append(values.get("href", ""))
        if tag == "a" and values.get("href", "").startswith("tel:"):
            self.tel_links.append(values["href"])
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.has_csp = True


def _elsewhere(url: str) -> bool:
    """A URL that leaves the site's own origin (a relative URL never does)."""
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def gate_problems(site_dir: Path, data_file: Path | None = None) -> list[str]:
    affiliate = load_affiliate(data_file or affiliate_path(PROJECT_DIR), PROJECT_DIR)
    hotline = f"tel:{affiliate.hotline.number}"
    problems = []
    pages = sorted(site_dir.rglob("*.html"))
    if not pages:
        return [f"{site_dir}: no pages: build the site first"]
    for page in pages:
        name = page.relative_to(site_dir).as_posix()
        scan = _PageScan()
        scan.feed(page.read_text(encoding="utf-8"))
        if hotline not in scan.tel_links:
            problems.append(f"{name}: no tap-to-call link to the hotline ({hotline})")
        if not scan.has_csp:
            problems.append(f"{name}: no Content-Security-Policy")
        elsewhere = [url for url in scan.loads if _elsewhere(url)]
        problems += [f"{name}: loads {url} from another origin" for url in elsewhere]
    for sheet in sorted(site_dir.rglob("*.css")):
        name = sheet.relative_to(site_dir).as_posix()
        urls = _CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace"))
        problems += [f"{name}: loads {url} from another origin" for url in urls if _elsewhere(url)]
    return problems
