"""Finishing touches on every built page: a Content-Security-Policy that allows nothing
from another origin, no referrer, absolute hreflang alternates with x-default, and a name
for Material's search dialog.

Done on the finished HTML (not in templates) because the CSP must come before the theme's
own inline scripts, whose hashes are only known once the page is rendered, and because the
other two would otherwise mean copying whole Material templates.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urljoin

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?![^>]*\ssrc=)[^>]*)>(?P<body>.*?)</script>", re.S)
_ALTERNATE = re.compile(r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]*)">')
_CHARSET = '<meta charset="utf-8">'
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'


def inline_script_hashes(html: str) -> list[str]:
    """CSP hashes of the inline scripts the browser runs (JSON data blocks are not run)."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        kind = re.search(r'type="([^"]*)"', match["attrs"])
        if kind and "javascript" not in kind[1] and kind[1] != "module":
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def content_security_policy(script_hashes: list[str]) -> str:
    """Only this site's own files; inline scripts only by hash; no plugins, no framing."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *script_hashes]),
            "style-src 'self'",
            "img-src 'self' data:",  # Material's icons are data: URIs in its CSS
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
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


def finish_page(
    html: str, page_url: str, default_lang: str, search_name: str, with_csp: bool = True
) -> str:
    """The page with its security meta tags first in <head>, absolute alternates, and an
    accessible name for the search dialog."""
    html = absolute_alternates(html, page_url, default_lang)
    html = html.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="{search_name}"', 1)
    meta = '\n    <meta name="referrer" content="no-referrer">'
    if with_csp:
        policy = content_security_policy(inline_script_hashes(html))
        meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy}">' + meta
    return html.replace(_CHARSET, _CHARSET + meta, 1)
