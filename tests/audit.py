"""`make audit`: Lighthouse (mobile emulation) on key pages of both languages, against the
gzip server, median of three runs; plus the bytes a reader transfers on a first visit and on
a second page with a warm cache. Writes audit-report.md and prints it.

A benchmark, not a test: it reports figures and the targets beside them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]
from conftest import ROOT, mkdocs_build  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from serve import serving  # noqa: E402

from macros import offline  # noqa: E402
from macros.browser import CHROMIUM_ARGS, find_browser  # noqa: E402
from macros.site import site_languages  # noqa: E402

RUNS = 3
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
# The home page, a know-your-rights page, the family plan and a letter, where they exist.
CANDIDATES = [
    "",
    "know-your-rights/at-home/",
    "know-your-rights/",
    "family-plan/",
    "letters/city-council/",
    "letters/",
]
FIRST_VISIT_LIMIT_KIB = 70
SECOND_PAGE_LIMIT_KIB = 15
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def pages_to_audit(site: Path) -> list[str]:
    chosen, sections = [], set()
    for path in CANDIDATES:
        section = path.split("/")[0]
        if (site / path / "index.html").is_file() and section not in sections:
            chosen.append(path)
            sections.add(section)
    return [p for path in chosen for p in (path, "es/" + path)]


def lighthouse(url: str, out: Path) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": find_browser()}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
    ]
    subprocess.run(command, env=env, check=True, stdin=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    scores = {c: report["categories"][c]["score"] * 100 for c in CATEGORIES}
    scores["bytes"] = report["audits"]["total-byte-weight"]["numericValue"]
    failing = [
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and report["audits"][audit_id]["score"] not in (None, 1)
    ]
    scores["failing"] = failing
    return scores


def transferred(base_url: str, first: str, second: str) -> tuple[int, int]:
    """Bytes over the network (headers and gzip bodies) for a first visit to `first`, then
    for opening `second` in the same browser (warm HTTP cache)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 640})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        total = {"bytes": 0}
        cdp.on(
            "Network.loadingFinished",
            lambda e: total.update(bytes=total["bytes"] + e["encodedDataLength"]),
        )
        page.goto(base_url + first, wait_until="networkidle")
        page.wait_for_timeout(1000)
        first_bytes, total["bytes"] = total["bytes"], 0
        page.goto(base_url + second, wait_until="networkidle")
        page.wait_for_timeout(1000)
        browser.close()
        return first_bytes, total["bytes"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(site)
        if result.returncode != 0:
            sys.exit(result.stderr)
        pages = pages_to_audit(site)
        precache = offline.precache_size(site, site_languages())
        rows = []
        with serving(site) as base_url:
            for path in pages:
                runs = [lighthouse(base_url + path, Path(tmp) / f"lh{i}.json") for i in range(RUNS)]
                median = {c: statistics.median(r[c] for r in runs) for c in [*CATEGORIES, "bytes"]}
                failing = sorted({a for r in runs for a in r["failing"]})
                rows.append((path, median, failing))
                print(f"/{path}: {median}", file=sys.stderr)
            first, second = transferred(base_url, "", pages[2] if len(pages) > 2 else pages[1])
            first_es, second_es = transferred(
                base_url, "es/", pages[3] if len(pages) > 3 else pages[1]
            )

    lines = [
        f"# Audit report ({date.today().isoformat()})",
        "",
        f"Lighthouse {lighthouse_version()}, mobile emulation (simulated slow 4G), median of "
        f"{RUNS} runs, against the gzip test server; the example site. Targets: "
        + ", ".join(f"{c} {t}" for c, t in TARGETS.items())
        + ".",
        "",
        row(
            "page",
            "performance",
            "accessibility",
            "best practices",
            "SEO",
            "first-visit bytes (Lighthouse)",
            "audits not passed",
        ),
        row(*["---"] * 7),
    ]
    for path, median, failing in rows:
        scores = [
            f"{median[c]:.0f}" + ("" if median[c] >= TARGETS[c] else " (below target)")
            for c in CATEGORIES
        ]
        lines.append(row(f"/{path}", *scores, kib(median["bytes"]), ", ".join(failing) or "-"))
    lines += [
        "",
        "Bytes over the network (headers and gzip bodies), measured in Chromium:",
        "",
        row("visit", "English", "Spanish", "limit"),
        row(*["---"] * 4),
        row(
            "first visit to the home page",
            kib(first),
            kib(first_es),
            f"{FIRST_VISIT_LIMIT_KIB} KiB",
        ),
        row(
            "a second page, warm cache", kib(second), kib(second_es), f"{SECOND_PAGE_LIMIT_KIB} KiB"
        ),
        "",
        f"Kept for offline use after a first visit (the service worker's downloads, gzipped): "
        f"{kib(precache)} (limit {kib(offline.PRECACHE_LIMIT)}; the build fails above it).",
        "",
    ]
    report = "\n".join(lines)
    (ROOT / "audit-report.md").write_text(report)
    print(report)


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def kib(size: float) -> str:
    return f"{size / 1024:.1f} KiB"


def lighthouse_version() -> str:
    return subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True
    ).stdout.strip()


if __name__ == "__main__":
    main()
