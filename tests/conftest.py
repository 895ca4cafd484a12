"""Shared fixtures: real MkDocs builds of the site, each in a fresh process and a temporary
directory, so that no plugin state (mkdocs-static-i18n keeps some) leaks between builds."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from playwright.sync_api import sync_playwright
from serve import serving

from macros.affiliate import EXAMPLE_FILE
from macros.browser import CHROMIUM_ARGS, find_browser
from macros.site import UPSTREAM_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
# Tests build from the example and from test data files, never from a fork's own
# local/affiliate.yml: a fork's CI stays green whatever its data.
OTHER_FILE = Path(__file__).with_name("data") / "other-affiliate.yml"
# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
# The languages the tests read texts in (upstream's), and each one's folder in the built
# site: {"en": "", "es": "es/"}. One place, so that no test spells out a language's folder.
LANGS = {lang: "" if i == 0 else f"{lang}/" for i, lang in enumerate(UPSTREAM_LANGUAGES)}
PREFIXES = list(LANGS.values())
OFFLINE_FOLDER = "kyr-offline"  # what `make offline`'s zip unpacks into
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def mkdocs_build(
    site_dir: Path,
    affiliate_file: Path = EXAMPLE_FILE,
    project: Path = ROOT,
    extra_env: dict[str, str] | None = None,
    pdfs: bool = True,
) -> subprocess.CompletedProcess:
    """Build `project` into `site_dir` as `make build` does: MkDocs (or `make test
    RUNNER=...`), then the guard on every page, then the folder replaced (macros/build.py)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    env["AFFILIATE_FILE"] = str(affiliate_file)
    if not pdfs:  # a test about something else: the red cards and packs are not printed
        env["KYR_SKIP_PDFS"] = "1"
    # Not `-q`: it hides the warnings that strict mode turns into a failed build.
    return subprocess.run(
        [sys.executable, "-m", "macros", "build", "-d", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def built(site_dir: Path, affiliate_file: Path = EXAMPLE_FILE, pdfs: bool = True) -> Path:
    result = mkdocs_build(site_dir, affiliate_file, pdfs=pdfs)
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


# `make test-fast` leaves out what needs a browser or builds of its own (pyproject.toml
# registers the markers). They are set here, from what a test uses, so that a new test is
# sorted without anyone remembering to mark it.
BROWSER_FIXTURES = {"chromium", "served"}
BUILD_FUNCTIONS = {"mkdocs_build", "copy_project", "built"}
SHARED_BUILD = "example_site"  # built once per run, and most tests read it: allowed


def _builds(function, seen: set | None = None) -> bool:
    """Whether `function`, or a test helper it calls, starts a build of its own."""
    seen = set() if seen is None else seen
    code = getattr(function, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    names, nested = set(), [code]
    while nested:  # with the lambdas and functions defined inside it
        inner = nested.pop()
        names.update(inner.co_names)
        nested += [c for c in inner.co_consts if isinstance(c, type(code))]
    if names & BUILD_FUNCTIONS:
        return True
    helpers = (function.__globals__.get(name) for name in names)
    return any(
        _builds(helper, seen)
        for helper in helpers
        if callable(helper) and getattr(helper, "__module__", "").startswith("test")
    )


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        # The test itself, and every fixture it uses but the shared build (other_site, ...).
        info = getattr(item, "_fixtureinfo", None)
        fixtures = [
            definition.func
            for name, definitions in (info.name2fixturedefs if info else {}).items()
            if name != SHARED_BUILD
            for definition in definitions
        ]
        if any(_builds(f) for f in [getattr(item, "function", None), *fixtures]):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """`make offline`: the offline build, zipped by `python -m macros offline-zip`, unzipped
    as a teacher would on a laptop; the folder the zip holds (read only: copy to change)."""
    tmp = tmp_path_factory.mktemp("offline-zip")
    result = mkdocs_build(tmp / "offline-site", extra_env={"OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    zip_file = tmp / f"{OFFLINE_FOLDER}.zip"
    command = [sys.executable, "-m", "macros", "offline-zip", str(tmp / "offline-site"), zip_file]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with zipfile.ZipFile(zip_file) as archive:
        tops = {PurePosixPath(name).parts[0] for name in archive.namelist()}
        assert tops == {OFFLINE_FOLDER}, "the zip must unpack into one folder"
        archive.extractall(tmp / "unzipped")
    return tmp / "unzipped" / OFFLINE_FOLDER


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run (Playwright's sync API allows one at a time)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_until_saved_offline(page) -> None:
    """Until the service worker has kept the whole copy (it says so in the page's "Saved for
    offline use" note): from then on every page works with no network."""
    page.wait_for_function(
        "() => document.querySelector('.kyr-saved [role=status]')?.textContent.trim()",
        timeout=90_000,
    )
