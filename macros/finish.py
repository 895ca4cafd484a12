"""Finishing touches on every built page: the Content-Security-Policy's value, absolute
hreflang alternates with x-default, and a name for Material's search dialog.

The templates write what they can (overrides/main.html: the CSP meta first in <head>, with a
placeholder, and the no-referrer meta). What is left is done on the finished HTML, because the
CSP lists the hashes of the page's inline scripts, known only once the page is rendered, and
because the other two would otherwise mean copying whole Material templates. Each step needs
an anchor in the page; a missing anchor (a theme update that changed its markup) stops the
build, naming the page, instead of publishing pages without them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urljoin

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?![^>]*\ssrc=)[^>]*)>(?P<body>.*?)</script>", re.S)
_ALTERNATE = re.compile(r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]*)">')
_CHARSET = '<meta charset="utf-8">'
CSP_PLACEHOLDER = "kyr-content-security-policy"  # written by overrides/main.html, block site_meta
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP_PLACEHOLDER}">'
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
# The offline copy's own files are file: URLs. Debian's Chromium 156 matches them with 'self'
# (tests/test_offline_zip.py), but a file:// page's origin is opaque in the standards and
# browsers differ, so file: is named too: files on the reader's own computer, never the network.
OFFLINE_SOURCES = "'self' file:"


def inline_script_hashes(html: str) -> list[str]:
    """CSP hashes of the inline scripts the browser runs (JSON data blocks are not run)."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        kind = re.search(r'type="([^"]*)"', match["attrs"])
        if kind and "javascript" not in kind[1] and kind[1] != "module":
            continue
        hashes.append(script_hash(match["body"]))
    return sorted(set(hashes))


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(script_hashes: list[str], local_files: bool = False) -> str:
    """Only this site's own files; inline scripts only by hash; no plugins, no framing.
    `local_files`: the offline copy, opened from file://, whose own files are file: URLs."""
    own = OFFLINE_SOURCES if local_files else "'self'"
    return "; ".join(
        [
            f"default-src {own}",
            " ".join([f"script-src {own}", *script_hashes]),
            f"style-src {own}",
            f"img-src {own} data:",  # Material's icons are data: URIs in its CSS
            "object-src 'none'",
            f"base-uri {own}",
            f"form-action {own}",
        ]
    )


def absolute_alternates(html: str, page_url: str, default_lang: str) -> str:
    """hreflang links as absolute URLs (relative ones are ignored by search engines), plus an
    x-default pointing at the default language."""

    def absolute(match: re.Match) -> str:
        href = urljoin(page_url, match["href"])
        link = f'<link rel="alternate" href="{href}" hreflang="{match["lang"]}">'
        if match["lang"] == default_lang:
            link += f'\n      <link rel="alternate" href="{href}" hreflang="x-default">'
        return link

    return _ALTERNATE.sub(absolute, html)


class MissingAnchor(Exception):
    """The page lacks markup that finishing relies on (the message says which)."""


def missing_anchors(html: str, theme_page: bool = True) -> list[str]:
    """What finishing needs and the page does not have. `theme_page`: a page of Material's
    templates (not START-HERE.html, which is ours alone)."""
    needed = {
        _CHARSET: "the theme's <meta charset>",
        _CSP_META: "the CSP placeholder (overrides/main.html, block site_meta)",
    }
    if theme_page:
        needed[_SEARCH_DIALOG] = 'Material\'s search dialog (<div class="md-search" ...>)'
    missing = [what for anchor, what in needed.items() if anchor not in html]
    if theme_page and not _ALTERNATE.search(html):
        missing.append('the language alternates (<link rel="alternate" ... hreflang>)')
    return missing


def finish_page(
    html: str,
    page_url: str,
    default_lang: str,
    search_name: str,
    local_files: bool = False,
    extra_scripts: list[str] | None = None,
    theme_page: bool = True,
) -> str:
    """The page with its CSP filled in, absolute alternates, and an accessible name for the
    search dialog. `extra_scripts`: inline scripts that the page's own scripts write (the
    offline copy's search iframe), allowed by hash too."""
    if missing := missing_anchors(html, theme_page):
        raise MissingAnchor("cannot finish the page: it lacks " + "; ".join(missing))
    html = absolute_alternates(html, page_url, default_lang)
    html = html.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="{search_name}"', 1)
    hashes = sorted({*inline_script_hashes(html), *map(script_hash, extra_scripts or [])})
    policy = content_security_policy(hashes, local_files)
    return html.replace(CSP_PLACEHOLDER, policy, 1)
