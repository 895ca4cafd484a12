"""Shared fixtures: real MkDocs builds of the site, each in a fresh process and a temporary
directory, so that no plugin state (mkdocs-static-i18n keeps some) leaks between builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from serve import serving

from macros.affiliate import EXAMPLE_FILE
from macros.browser import CHROMIUM_ARGS, find_browser

ROOT = Path(__file__).resolve().parents[1]
# Tests build from the example and from test data files, never from a fork's own
# local/affiliate.yml: a fork's CI stays green whatever its data.
OTHER_FILE = Path(__file__).with_name("data") / "other-affiliate.yml"
# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def mkdocs_build(
    site_dir: Path,
    affiliate_file: Path = EXAMPLE_FILE,
    project: Path = ROOT,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Build `project` into `site_dir` with `mkdocs build`, as `make build` does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    env["AFFILIATE_FILE"] = str(affiliate_file)
    # Not `-q`: it hides the warnings that strict mode turns into a failed build.
    command = [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml"]
    return subprocess.run(
        [*command, "-d", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def built(site_dir: Path, affiliate_file: Path = EXAMPLE_FILE) -> Path:
    result = mkdocs_build(site_dir, affiliate_file)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The site built from the bundled example data file."""
    return built(tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="session")
def other_site(tmp_path_factory) -> Path:
    """The site built from a second, non-example data file chosen with AFFILIATE_FILE."""
    return built(tmp_path_factory.mktemp("other") / "site", OTHER_FILE)


def html_pages(site_dir: Path) -> list[Path]:
    """Every HTML page a reader can open, in both languages."""
    return sorted(site_dir.rglob("*.html"))


def doc_pages(lang: str) -> list[str]:
    """Source pages of one language, as paths relative to docs/<lang>/."""
    base = ROOT / "docs" / lang
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md"))


@pytest.fixture(scope="session")
def served(example_site):
    """The example site on a free localhost port, served like GitHub Pages serves it."""
    with serving(example_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run (Playwright's sync API allows one at a time)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
