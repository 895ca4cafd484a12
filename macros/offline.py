"""Offline reading: the service worker's list of files and version, the web app manifests
and their icons, all written into the built site after MkDocs has finished."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import zlib
from pathlib import Path

from .affiliate import Affiliate

SERVICE_WORKER = Path(__file__).with_name("service-worker.js")
# Only what a reader's browser loads: no sitemaps, Word letters, PDFs or the offline zip, and
# of Material's many search-language files only the ones the site's languages use.
SKIPPED_SUFFIXES = (".gz", ".map", ".docx", ".pdf", ".xml", ".webmanifest", ".zip")
LUNR_SHARED = ("lunr.stemmer.support.min.js", "lunr.multi.min.js")
ICON_SIZES = (192, 512)
ZIP_NAME = "kyr-offline.zip"  # published at the site's root by `make publish`
ZIP_ENV = "KYR_OFFLINE_ZIP"  # set by `make publish`: the zip to publish with the site
# The offline copy's search runs in an iframe (a worker cannot start from file://).
SEARCH_SHIM = "assets/javascripts/iframe-worker.js"
SHIM_SOURCE = Path(__file__).resolve().parents[1] / "node_modules/iframe-worker/shim/index.js"


def _wanted(relative: str, languages: tuple[str, ...]) -> bool:
    if relative.endswith(SKIPPED_SUFFIXES) or relative == "sw.js":
        return False
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
    """Files to keep offline: shared assets, and each language's pages (as their addresses)."""
    lists: dict[str, list[str]] = {"shared": [], **{lang: [] for lang in languages}}
    folders = {f"{lang}/": lang for lang in languages[1:]}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or not _wanted(relative, languages):
            continue
        address = relative.removesuffix("index.html")  # pages are asked for as "about/"
        folder = folders.get(relative.split("/", 1)[0] + "/")
        if folder:
            lists[folder].append(address)
        elif path.suffix == ".html":
            lists[languages[0]].append(address)
        else:
            lists["shared"].append(address)
    return lists


def write_service_worker(site_dir: Path, languages: tuple[str, ...]) -> None:
    lists = precache_lists(site_dir, languages)
    digest = hashlib.sha256()
    for address in sorted(a for files in lists.values() for a in files):
        target = site_dir / address
        digest.update((target / "index.html" if target.is_dir() else target).read_bytes())
    script = SERVICE_WORKER.read_text()
    script = script.replace("__VERSION__", digest.hexdigest()[:12])
    script = script.replace("__FILES__", json.dumps(lists, separators=(",", ":")))
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


def make_offline_zip(site_dir: Path, zip_file: Path) -> Path:
    """The zip for workshops: the offline build of the site with its search shim."""
    shutil.copyfile(SHIM_SOURCE, site_dir / SEARCH_SHIM)
    archive = shutil.make_archive(str(zip_file.with_suffix("")), "zip", site_dir)
    return Path(archive)
