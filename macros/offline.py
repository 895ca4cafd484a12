"""Offline reading: the service worker's list of files and version, the web app manifests
and their icons, all written into the built site after MkDocs has finished."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import jinja2
from markupsafe import Markup

from .affiliate import Affiliate
from .finish import CSP_PLACEHOLDER
from .site import language_folder

SERVICE_WORKER = Path(__file__).with_name("service-worker.js")
# Kept offline by the service worker: what a reader's browser loads, the red-card PDFs and the
# Word letters. Not the sitemaps, the offline zip or other PDFs (the workshop packs), not the
# search index (downloaded only when a reader opens search, then kept), and of Material's
# many search-language files only the ones the site's languages use.
SKIPPED_SUFFIXES = (".gz", ".map", ".xml", ".webmanifest", ".zip")
SEARCH_INDEX = "search/search_index.json"
OFFLINE_PAGE = "offline/"  # docs/<lang>/offline.md: what an address not kept shows offline
PRECACHE_LIMIT = 2 * 1024 * 1024  # gzipped bytes a reader's first visit may add, at most
LUNR_SHARED = ("lunr.stemmer.support.min.js", "lunr.multi.min.js")
ICON_SIZES = (192, 512)
ZIP_NAME = "kyr-offline.zip"  # published at the site's root by `make publish`
ZIP_ENV = "KYR_OFFLINE_ZIP"  # set by `make publish`: the zip to publish with the site
# The offline copy's search runs in an iframe (a worker cannot start from file://).
SEARCH_SHIM = "assets/javascripts/iframe-worker.js"
SHIM_SOURCE = Path(__file__).resolve().parents[1] / "node_modules/iframe-worker/shim/index.js"
START_HERE = "START-HERE.html"  # at the top of the offline copy's one folder
START_HERE_TEMPLATE = Path(__file__).with_name("start-here.html")
# START-HERE.html's links in each language, by their label under start_here in labels.yml.
START_HERE_LINKS = {
    "home": "index.html",
    "red_card": "red-card/print.html",
    "workshops": "workshops/index.html",
}
# Left out of the zip: of no use from file:// (a web server's 404 page, whose links start at
# the server's root; a service worker, which file:// never runs) or for search engines only.
ZIP_LEFT_OUT = {"404.html", "sw.js", "sitemap.xml", "sitemap.xml.gz"}


def _wanted(relative: str, languages: tuple[str, ...]) -> bool:
    if relative.endswith(SKIPPED_SUFFIXES) or relative in ("sw.js", SEARCH_INDEX):
        return False
    if relative.endswith(".pdf"):
        from .cards import PDFS  # here: cards needs render, which needs this module

        return relative.endswith(tuple(f"red-card/print/{name}" for name in PDFS))
    if relative.startswith("assets/javascripts/lunr/"):
        name = relative.rsplit("/", 1)[-1]
        return name in LUNR_SHARED or name in {f"lunr.{lang}.min.js" for lang in languages}
    return True


def is_offline_build(config) -> bool:
    """Whether this build is the offline copy (`make offline` turns on Material's plugin)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def offline_zip() -> Path | None:
    """The offline copy to publish with this build, if `make publish` made one."""
    chosen = os.environ.get(ZIP_ENV)
    return Path(chosen) if chosen and Path(chosen).is_file() else None


def manifest_path(lang: str, languages: tuple[str, ...]) -> str:
    """Each language's manifest, from the site's root: the default language's at the root."""
    return "manifest.webmanifest" if lang == languages[0] else f"{lang}/manifest.webmanifest"


def precache_lists(site_dir: Path, languages: tuple[str, ...]) -> dict[str, list[str]]:
    """Files to keep offline, as addresses from the site's root: "shared", kept for every
    reader (assets, every page of every language, the red-card PDFs), and under each language
    the Word letters, kept for the readers of that language only."""
    lists: dict[str, list[str]] = {"shared": [], **{lang: [] for lang in languages}}
    folders = {f"{lang}/": lang for lang in languages[1:]}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or not _wanted(relative, languages):
            continue
        address = relative.removesuffix("index.html")  # pages are asked for as "about/"
        if path.suffix == ".docx":
            lists[folders.get(relative.split("/", 1)[0] + "/", languages[0])].append(address)
        else:
            lists["shared"].append(address)
    return lists


def offline_pages(site_dir: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's offline page, from the site's root; the default language's first."""
    prefixes = {lang: language_folder(lang) for lang in languages}
    return {
        lang: prefix + OFFLINE_PAGE
        for lang, prefix in prefixes.items()
        if (site_dir / prefix / OFFLINE_PAGE / "index.html").is_file()
    }


def _file(site_dir: Path, address: str) -> Path:
    target = site_dir / address
    return target / "index.html" if target.is_dir() else target


def precache_size(site_dir: Path, languages: tuple[str, ...]) -> int:
    """Gzipped bytes the service worker downloads after a first visit: the shared files and
    the letters of the language that has the most (how a host such as GitHub Pages sends
    them; PDFs and .docx barely shrink)."""
    lists = precache_lists(site_dir, languages)

    def gzipped(addresses: list[str]) -> int:
        return sum(len(gzip.compress(_file(site_dir, a).read_bytes())) for a in addresses)

    return gzipped(lists["shared"]) + max(gzipped(lists[lang]) for lang in languages)


def write_service_worker(site_dir: Path, languages: tuple[str, ...]) -> None:
    lists = precache_lists(site_dir, languages)
    digest = hashlib.sha256()
    for address in sorted(a for files in lists.values() for a in files):
        digest.update(_file(site_dir, address).read_bytes())
    script = SERVICE_WORKER.read_text()
    script = script.replace("__VERSION__", digest.hexdigest()[:12])
    script = script.replace("__FILES__", json.dumps(lists, separators=(",", ":")))
    offline = offline_pages(site_dir, languages)
    script = script.replace("__OFFLINE__", json.dumps(offline, separators=(",", ":")))
    (site_dir / "sw.js").write_text(script)


def write_manifests(site_dir: Path, affiliate: Affiliate, languages: tuple[str, ...]) -> None:
    """A web app manifest per language, so that the site can go on a phone's home screen."""
    color = affiliate.brand.color
    for lang in languages:
        manifest_file = site_dir / manifest_path(lang, languages)
        if not manifest_file.parent.is_dir():  # not built yet: a later call writes it
            continue
        prefix = "../" * manifest_path(lang, languages).count("/")
        manifest = {
            "name": affiliate.organization.name.get(lang),
            "short_name": affiliate.organization.short_name.get(lang),
            "lang": lang,
            "start_url": "./",
            "scope": "./",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": color,
            "icons": [
                {
                    "src": f"{prefix}assets/icon-{size}.png",
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in ICON_SIZES
            ],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2)
        manifest_file.write_text(text)
    for size in (*ICON_SIZES, 180):
        (site_dir / "assets" / f"icon-{size}.png").write_bytes(icon_png(size, color))


def icon_png(size: int, color: str) -> bytes:
    """A plain square icon: the site's color with a white card in the middle (no image
    library needed)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    left, right = size * 3 // 10, size * 7 // 10
    top, bottom = size * 2 // 10, size * 8 // 10
    rows = []
    for y in range(size):
        row = bytearray([0])  # PNG filter type: none
        for x in range(size):
            inside = left <= x < right and top <= y < bottom
            row += bytes((255, 255, 255) if inside else (red, green, blue))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def search_frame_script(worker_url: str) -> str:
    """The inline script the search shim writes into its hidden iframe to run the search
    worker at `worker_url` (a worker cannot start from file://). The iframe inherits the
    page's CSP, so the offline copy's pages list this script's hash. Read from the shim
    itself, as the browser builds it: `${f}` is the source text of the function f."""
    shim = SHIM_SOURCE.read_text(encoding="utf-8")
    template = re.search(r"<script>(postMessage=\$\{\w+\};.*?)<\\/script>", shim)
    if template is None:
        raise RuntimeError(f"{SHIM_SOURCE}: the search shim changed: update search_frame_script")

    def source(match: re.Match) -> str:
        function = re.search(rf"\bfunction {match[1]}\(", shim)
        if function is None:  # not a function of the shim: the worker's URL
            return worker_url
        start = function.start()
        depth, end = 0, shim.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(shim[end], 0)
            end += 1
            if depth == 0:
                return shim[start:end]

    return re.sub(r"\$\{(\w+)\}", source, template[1])


def search_frame_scripts(html: str) -> list[str]:
    """The search iframe's script for a page of the offline copy (none on a page without
    search): the worker's URL is in the page's Material config, relative to the page."""
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    worker = config and json.loads(config[1]).get("search")
    return [search_frame_script(worker)] if worker else []


def finish_offline_copy(site_dir: Path, affiliate: Affiliate, languages: tuple[str, ...]) -> None:
    """What the offline build adds to the site: our copy of the search shim (not the CDN's)
    and START-HERE.html."""
    (site_dir / SEARCH_SHIM).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM_SOURCE, site_dir / SEARCH_SHIM)
    (site_dir / START_HERE).write_text(start_here_page(site_dir, affiliate, languages))


def start_here_page(site_dir: Path, affiliate: Affiliate, languages: tuple[str, ...]) -> str:
    """START-HERE.html, from macros/start-here.html, before macros/finish.py adds its CSP.
    It links only to pages this copy has (an affiliate may hide the red card or workshops)."""
    from .render import hotline_link, label  # render imports this module

    sections = []
    for index, lang in enumerate(languages):
        prefix = language_folder(lang)
        links = [
            {"key": key, "href": prefix + page}
            for key, page in START_HERE_LINKS.items()
            if (site_dir / prefix / page).is_file()
        ]
        sections.append({"lang": lang, "first": index == 0, "links": links})
    stylesheets = [
        path.relative_to(site_dir).as_posix()
        for pattern in ("assets/stylesheets/main.*.css", "assets/kyr*.css")
        for path in sorted(site_dir.glob(pattern))
    ]
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(START_HERE_TEMPLATE.read_text(encoding="utf-8"))
    return template.render(
        languages=languages,
        sections=sections,
        stylesheets=stylesheets,
        name=affiliate.organization.name.get(languages[0]),
        demo=affiliate.example,
        hotline=Markup(hotline_link(affiliate)),  # noqa: S704 (render escapes the number)
        label=label,
        csp_placeholder=CSP_PLACEHOLDER,
    )


def make_offline_zip(site_dir: Path, zip_file: Path) -> Path:
    """The zip for workshops: the offline build in one folder named like the zip (so that
    unzipping never empties 200 files into the Downloads folder), START-HERE.html on top."""
    folder = zip_file.name.removesuffix(".zip")
    with zipfile.ZipFile(zip_file, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site_dir.rglob("*")):
            relative = path.relative_to(site_dir).as_posix()
            if path.is_file() and relative not in ZIP_LEFT_OUT:
                archive.write(path, f"{folder}/{relative}")
    return zip_file
