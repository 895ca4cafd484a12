"""An affiliate's own copy: its data apart from upstream's files, its brand, hidden pages,
notes and pages, a publish check and gate that run as the deploy runs them, languages from
the configuration, a notice on pages not reviewed lately, and a fork's whole life with Git."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import timedelta
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import (
    AXE_TAGS,
    EXAMPLE_FILE,
    OTHER_FILE,
    PREFIXES,
    ROOT,
    built,
    html_pages,
    mkdocs_build,
)
from serve import serving
from test_site_build import copy_project
from test_workflows import deploy_runs

from macros import render
from macros.__main__ import check
from macros.affiliate import load_affiliate
from macros.render import long_date

FORK_DATA = Path(__file__).with_name("data") / "fork"
FORK_FILE = FORK_DATA / "affiliate.yml"
FORK_COLOR = "#7a1f3d"


@pytest.fixture(scope="session")
def fork_site(tmp_path_factory) -> Path:
    """The site built from a complete affiliate file with a brand, a hidden section, a note
    and a page of its own (tests/data/fork/, laid out as a fork's local/)."""
    return built(tmp_path_factory.mktemp("fork") / "site", FORK_FILE, pdfs=False)


def _data_file(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(FORK_FILE.read_text())
    change(data)
    shutil.copytree(FORK_DATA, tmp_path / "data")
    path = tmp_path / "data" / "affiliate.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def _check(path: Path, publish: bool = False) -> SimpleNamespace:
    """`make check` on `path`, in this process: the same function, without a Python start-up
    and imports each time. The publish check below, and the build refusing a page without
    its twin, still run as the deploy and `make build` run them."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        returncode = check(path, publish)
    return SimpleNamespace(
        returncode=returncode, stdout=stdout.getvalue(), stderr=stderr.getvalue()
    )


# --- publishing --------------------------------------------------------------------------


def _publish_check_as_deployed(data_file: Path) -> subprocess.CompletedProcess:
    """The deploy workflow's own data-check step, run as the workflow runs it."""
    (step,) = [run for run in deploy_runs() if "publish-check" in run]
    env = {**os.environ, "AFFILIATE_FILE": str(data_file)}
    return subprocess.run(as_run(step), cwd=ROOT, env=env, capture_output=True, text=True)


def as_run(step: str) -> list[str]:
    """A workflow's `run:` step as GitHub runs it without a `shell:` key (`bash -e {0}`):
    every line, stopping at the first that fails."""
    return ["bash", "--noprofile", "--norc", "-e", "-c", step]


def _half_edited(tmp_path: Path) -> Path:
    """The example with its 555 numbers replaced and `example: true` deleted, nothing else."""
    text = EXAMPLE_FILE.read_text().replace("example: true\n", "")
    for fake, real in (("555-01", "286-12"), ("555-0", "286-3")):
        text = text.replace(fake, real)
    path = tmp_path / "half-edited.yml"
    path.write_text(text)
    return path


def test_the_publish_check_refuses_the_example_as_deployed():
    result = _publish_check_as_deployed(EXAMPLE_FILE)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == 1 and "example: true" in errors[0], result.stderr


def test_the_publish_check_refuses_values_left_from_the_example(tmp_path):
    result = _publish_check_as_deployed(_half_edited(tmp_path))
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    for key in (
        "organization.name.en",
        "site_url",
        "website",
        "email",
        "contacts.legal_aid[0].email",
        "contacts.elected_officials[0].name",
        "state_bills[0].bill",
    ):
        assert sum(f"half-edited.yml: {key}: " in line for line in errors) == 1, (key, errors)
    assert "Traceback" not in result.stderr


def test_the_check_warns_of_values_left_from_the_example_but_lets_you_preview(tmp_path):
    result = _check(_half_edited(tmp_path))
    assert result.returncode == 0, result.stderr
    assert 'WARNING: half-edited.yml: email: "hotline@example.org" is an example.org' in (
        result.stdout.replace(str(tmp_path) + "/", "")
    )


@pytest.mark.parametrize("data_file", [OTHER_FILE, FORK_FILE], ids=["other", "fork"])
def test_the_publish_check_passes_real_data_as_deployed(data_file):
    result = _publish_check_as_deployed(data_file)
    assert result.returncode == 0, result.stderr
    assert "ready to publish" in result.stdout


def test_the_gate_passes_a_good_build_and_names_a_tampered_page(fork_site, tmp_path):
    site = shutil.copytree(fork_site, tmp_path / "site")
    command = [sys.executable, "-m", "macros", "gate", str(site)]
    env = {**os.environ, "AFFILIATE_FILE": str(FORK_FILE)}
    passed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stderr

    about = site / "es" / "about" / "index.html"
    html = about.read_text().replace('http-equiv="Content-Security-Policy"', 'name="x"')
    about.write_text(
        html.replace("</head>", '<script src="https://cdn.example/x.js"></script></head>')
    )
    failed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "ERROR: es/about/index.html: no Content-Security-Policy" in failed.stderr
    assert (
        "ERROR: es/about/index.html: loads https://cdn.example/x.js from another" in failed.stderr
    )


# --- brand -------------------------------------------------------------------------------


def test_a_brand_color_that_fails_contrast_is_refused(tmp_path):
    path = _data_file(tmp_path, lambda data: data["brand"].update(color="#d4a017"))
    result = _check(path)
    assert result.returncode == 1
    assert "affiliate.yml: brand.color: #d4a017 under white text" in result.stderr
    assert "contrast of 2.4:1; WCAG AA needs 4.5:1" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_logo_is_refused(tmp_path):
    path = _data_file(tmp_path, lambda data: data["brand"].update(logo="logo.png"))
    result = _check(path)
    assert "brand.logo: " in result.stderr and "logo.png: file not found" in result.stderr


def _first_pixel(png: bytes) -> tuple[int, int, int]:
    chunks, position = {}, 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunks[kind] = chunks.get(kind, b"") + png[position + 8 : position + 8 + length]
        position += 12 + length
    row = zlib.decompress(chunks[b"IDAT"])
    return row[1], row[2], row[3]  # after the row's filter byte


def test_the_brand_color_and_logo_reach_header_buttons_icons_and_manifest(fork_site, chromium):
    rgb = tuple(int(FORK_COLOR[i : i + 2], 16) for i in (1, 3, 5))
    for manifest in (fork_site / "manifest.webmanifest", fork_site / "es/manifest.webmanifest"):
        assert yaml.safe_load(manifest.read_text())["theme_color"] == FORK_COLOR
    for size in (180, 192, 512):
        assert _first_pixel((fork_site / f"assets/icon-{size}.png").read_bytes()) == rgb
    home = (fork_site / "index.html").read_text()
    assert f'<meta name="theme-color" content="{FORK_COLOR}">' in home
    assert (fork_site / "assets/kyr-logo.svg").read_bytes() == (FORK_DATA / "logo.svg").read_bytes()
    assert 'rel="icon" href="assets/kyr-logo.svg"' in home

    css_color = f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
    with serving(fork_site) as base_url:
        for scheme in ("light", "dark"):
            context = chromium.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(base_url + "letters/city-council/")
            header = page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor")
            assert header == css_color, scheme
            assert (
                page.locator(".md-header__button.md-logo img")
                .get_attribute("src")
                .endswith("assets/kyr-logo.svg")
            )
            if scheme == "light":
                button = page.locator("a.md-button").first.evaluate(
                    "e => getComputedStyle(e).color"
                )
                assert button == css_color
            context.close()


def test_the_example_keeps_the_default_color(example_site):
    css = (example_site / "assets/kyr-brand.css").read_text()
    assert "--md-primary-fg-color: #17446b;" in css
    assert not list((example_site / "assets").glob("kyr-logo.*"))


# --- languages the hotline speaks --------------------------------------------------------


def test_hmong_mixtec_and_mam_are_accepted_with_display_names():
    fork = load_affiliate(FORK_FILE)
    assert fork.hotline.languages == ["en", "es", "hmn", "mix", "mam"]
    assert "English, Spanish, Hmong, Mixtec, Mam." in render.call_us(fork, "en")
    assert "inglés, español, hmong, mixteco, mam." in render.call_us(fork, "es")


def test_a_language_without_a_given_name_uses_its_iso_name(tmp_path):
    path = _data_file(tmp_path, lambda data: data.pop("language_names"))
    fork = load_affiliate(path)
    assert "Hmong, Mixtepec Mixtec, Mam" in render.call_us(fork, "en")


@pytest.mark.parametrize("code", ["xx", "zzz", "spanish", "e1"])
def test_nonsense_language_codes_are_still_refused(tmp_path, code):
    path = _data_file(tmp_path, lambda data: data["hotline"]["languages"].append(code))
    result = _check(path)
    assert result.returncode == 1
    assert f'hotline.languages[5]: "{code}" is not a language code' in result.stderr


# --- hidden pages, notes and pages of the affiliate's own --------------------------------


def test_a_hidden_section_is_gone_and_links_to_it_are_plain_text(fork_site):
    for prefix in PREFIXES:
        assert not (fork_site / prefix / "campus").exists()
        letters = (fork_site / prefix / "letters" / "index.html").read_text()
        assert 'href="../campus/"' not in letters
    assert "/kyr/campus/" not in (fork_site / "sitemap.xml").read_text()
    letters = (fork_site / "letters" / "index.html").read_text()
    assert "see sanctuary campus, <a" in letters
    for page in html_pages(fork_site):
        address = "https://site.test/" + page.relative_to(fork_site).as_posix()
        targets = {
            urljoin(address, href) for href in re.findall(r'href="([^"]*)"', page.read_text())
        }
        hidden = {"https://site.test/campus/", "https://site.test/es/campus/"}
        assert not targets & hidden, page


def test_hiding_a_page_that_does_not_exist_is_refused(tmp_path):
    path = _data_file(tmp_path, lambda data: data.update(hide_pages=["/campsu/"]))
    result = _check(path)
    assert "hide_pages[0]: /campsu/ is not a page of this site; did you mean /campus/?" in (
        result.stderr
    )


def test_a_local_note_shows_on_its_page_in_both_languages(fork_site):
    english = (fork_site / "know-your-rights/at-work/index.html").read_text()
    spanish = (fork_site / "es/know-your-rights/at-work/index.html").read_text()
    assert '<aside class="kyr-local-note"><p class="kyr-local-note__title">Note from Central' in (
        english
    )
    assert "In California: after your employer is told of an I-9 inspection" in english
    assert 'Checked on <time datetime="2026-11-30">November 30, 2026</time>' in english
    assert "En California: cuando su empleador recibe el aviso" in spanish
    assert 'Revisada el <time datetime="2026-11-30">30 de noviembre de 2026</time>' in spanish
    assert english.index("</h1>") < english.index("kyr-local-note")
    assert "kyr-local-note" not in (fork_site / "know-your-rights/at-home/index.html").read_text()


def test_the_affiliates_own_page_is_built_in_both_languages_and_in_the_menu(fork_site):
    english = (fork_site / "local/our-union/index.html").read_text()
    spanish = (fork_site / "es/local/our-union/index.html").read_text()
    assert "<h1" in english and "About Local 1121" in english
    assert "Sobre el Local 1121" in spanish and '<html lang="es"' in spanish
    assert 'href="tel:+15592334417"' in english  # its macros work
    assert 'href="../../know-your-rights/at-work/"' in english
    assert 'href="local/our-union/"' in (fork_site / "index.html").read_text()
    assert 'href="local/our-union/"' in (fork_site / "es/index.html").read_text()


def test_an_own_page_without_its_twin_stops_the_build(tmp_path):
    path = _data_file(tmp_path, lambda data: None)
    (path.parent / "pages/es/our-union.md").unlink()
    result = mkdocs_build(tmp_path / "site", path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "pages/es/our-union.md: missing; your own page our-union.md needs" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_forks_pages_pass_axe(fork_site, chromium, scheme):
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    problems = []
    context = chromium.new_context(color_scheme=scheme)
    with serving(fork_site) as base_url:
        for path in ("know-your-rights/at-work/", "es/local/our-union/"):
            page = context.new_page()
            page.goto(base_url + path)
            page.evaluate(axe.axe_script)
            for violation in page.evaluate("(o) => axe.run(document, o)", options)["violations"]:
                problems.append(f"/{path}: {violation['id']}: {violation['help']}")
    context.close()
    assert not problems, "\n".join(problems)


# --- pages not reviewed lately ----------------------------------------------------------


AT_HOME = ROOT / "docs" / "en" / "know-your-rights" / "at-home.md"


@pytest.mark.parametrize("days, shown", [(179, False), (181, True)], ids=["179-days", "181-days"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_page_not_reviewed_lately_says_so_in_the_readers_browser(
    served, chromium, days, shown, prefix
):
    """The example keeps the default of 180 days after the page's last_reviewed."""
    reviewed = yaml.safe_load(AT_HOME.read_text().split("\n---\n")[0].removeprefix("---\n"))[
        "last_reviewed"
    ]
    context = chromium.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(f"{reviewed + timedelta(days=days)}T12:00:00Z")
    page.goto(served + prefix + "know-your-rights/at-home/")
    notice = page.locator(".kyr-stale")
    assert notice.is_visible() == shown
    lang = "es" if prefix else "en"
    expected = {
        "en": f"This page was last checked on {long_date(reviewed, 'en')}. Laws change: call",
        "es": f"Esta página se revisó por última vez el {long_date(reviewed, 'es')}. Las leyes",
    }[lang]
    assert expected in notice.text_content()
    context.close()


# --- a third language --------------------------------------------------------------------

FRENCH = """
        - locale: fr
          name: Français
          build: true
"""


def test_a_third_language_builds_from_the_configuration_with_fallback_notices(tmp_path):
    """Adding a language: a docs/fr/ folder, a block in mkdocs.yml, the labels for it."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text()
    end = text.index("  # `make offline` only")  # the line after the last language's block
    config.write_text(text[:end] + FRENCH.lstrip("\n") + text[end:])
    labels = project / "macros" / "labels.yml"
    labels.write_text(
        labels.read_text().replace(
            'es: "Esta página todavía no está traducida. Se muestra en {language}."',
            'es: "Esta página todavía no está traducida. Se muestra en {language}."\n'
            '  fr: "Cette page n’est pas encore traduite. Elle est affichée en {language}."',
        )
    )
    for page in ("index.md", "about.md"):
        source = (ROOT / "docs" / "en" / page).read_text()
        (project / "docs" / "fr").mkdir(exist_ok=True)
        (project / "docs" / "fr" / page).write_text(source.replace("# ", "# [fr] ", 1))

    result = mkdocs_build(tmp_path / "site", project=project, pdfs=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    home = (site / "fr" / "index.html").read_text()
    assert '<html lang="fr"' in home and "[fr]" in home
    assert "pas encore traduite" not in home  # translated: no notice
    door = (site / "fr" / "know-your-rights" / "at-home" / "index.html").read_text()
    assert '<html lang="fr"' in door
    assert "Cette page n’est pas encore traduite. Elle est affichée en anglais." in door
    assert '<div lang="en">' in door
    # The switcher offers all three languages, each on the same page.
    for lang, href in (
        ("en", "/know-your-rights/at-home/"),
        ("es", "/es/know-your-rights/at-home/"),
    ):
        assert f'hreflang="{lang}"' in door and href in door
    assert 'hreflang="fr"' in (site / "know-your-rights" / "at-home" / "index.html").read_text()
    # Spanish is untouched, and its pages carry no notice.
    assert "todavía no está traducida" not in (site / "es" / "index.html").read_text()
    assert (site / "fr" / "manifest.webmanifest").is_file()


# --- a fork's life -----------------------------------------------------------------------


def _run(command: list[str] | str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    shell = isinstance(command, str)
    return subprocess.run(
        command,
        cwd=cwd,
        shell=shell,  # noqa: S604 (the workflow's own command lines)
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=900,
    )


def _git(repo: Path, *args: str) -> str:
    identity = ("-c", "user.name=Test", "-c", "user.email=test@test.invalid")
    result = _run(["git", *identity, *args], repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _upstream_repository(destination: Path) -> Path:
    """A Git repository holding what upstream ships: this project's files, never local/."""
    listed = _run(["git", "ls-files", "-co", "--exclude-standard"], ROOT).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if name.startswith("local/") or not source.is_file():
            continue
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination / name)
    _git(destination, "init", "-q", "-b", "main")
    _git(destination, "add", "-A")
    _git(destination, "commit", "-q", "-m", "Upstream as released")
    return destination


def _share_installed_tools(fork: Path) -> None:
    """The fork uses this checkout's virtual environment and Node packages (as if installed
    long ago), so that `make` finds them up to date and installs nothing."""
    (fork / ".venv").symlink_to(ROOT / ".venv")
    (fork / "node_modules").symlink_to(ROOT / "node_modules")
    for name in ("requirements.txt", "requirements-test.txt", "package.json", "package-lock.json"):
        os.utime(fork / name, (0, 0))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


@pytest.mark.slow  # builds through `make`, which tests/conftest.py cannot see
def test_a_forks_life_from_first_publish_to_an_upstream_update(tmp_path):
    upstream = _upstream_repository(tmp_path / "upstream")
    fork = tmp_path / "fork"
    _run(["git", "clone", "-q", str(upstream), str(fork)], tmp_path)
    _share_installed_tools(fork)
    steps = deploy_runs()

    # A fresh fork has no data of its own: publishing is refused, and says what to do.
    first = _run(as_run(steps[0]), fork)
    assert first.returncode != 0
    assert "local/affiliate.yml: file not found" in first.stderr and "make new" in first.stderr

    # The affiliate starts its file from the example, then writes its real data, brand,
    # hidden page, note and page of its own.
    assert _run("make new", fork).returncode == 0
    assert "example: true" in _run(as_run(steps[0]), fork).stderr
    shutil.copytree(FORK_DATA, fork / "local", dirs_exist_ok=True)
    _edit(fork / "local/affiliate.yml", "$schema=../../../", "$schema=../")
    _git(fork, "add", "local")
    _git(fork, "commit", "-q", "-m", "Our data, color, note and page")
    assert _run("make check", fork).returncode == 0

    # The deploy workflow's steps, exactly as it runs them.
    for step in steps:
        # The steps as they are; the PDFs they print are checked on the example's build.
        result = _run(as_run(step), fork, KYR_SKIP_PDFS="1")
        assert result.returncode == 0, (step, result.stdout[-2000:], result.stderr[-4000:])
    site = fork / "site"
    assert (site / "local/our-union/index.html").is_file() and not (site / "campus").exists()
    # As a reader sees it: the link's words may be written with character references.
    workshops = unescape((site / "workshops/index.html").read_text())
    size = round((site / "kyr-offline.zip").stat().st_size / 1_000_000)
    assert f'href="../kyr-offline.zip" download>Download the offline copy ({size} MB)' in workshops
    assert "kyr-offline.zip" in (site / "es/workshops/index.html").read_text()
    with zipfile.ZipFile(site / "kyr-offline.zip") as archive:
        # It unpacks into one folder named like the zip (`make offline`).
        offline_page = archive.read("kyr-offline/workshops/index.html").decode()
    assert "You are reading the offline copy" in offline_page and "About Local 1121" in offline_page

    # Upstream changes the example data, a page in each language, the CSS and a label.
    _edit(upstream / "macros/example-affiliate.yml", "Example Street Church", "Example Chapel")
    for page, sentence in (("docs/en/about.md", "Updated."), ("docs/es/about.md", "Actualizado.")):
        (upstream / page).write_text((upstream / page).read_text() + f"\n{sentence}\n")
    css = upstream / "overrides/assets/kyr.css"
    css.write_text(css.read_text() + "\n.kyr-upstream-update {\n  display: block;\n}\n")
    _edit(
        upstream / "macros/labels.yml",
        'published_by: {en: "Published by"',
        'published_by: {en: "Made by"',
    )
    _git(upstream, "commit", "-q", "-am", "Upstream update")

    # The fork takes it in as the weekly workflow does: a plain merge, with no conflict.
    _git(fork, "fetch", "-q", str(upstream), "main")
    merge = _run(
        [
            "git",
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@t.invalid",
            "merge",
            "--no-edit",
            "FETCH_HEAD",
        ],
        fork,
    )
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert not _git(fork, "diff", "--name-only", "--diff-filter=U")

    # The fork still builds with its own data, color, note and page, and upstream's update
    # (the PDFs were printed by the publish above).
    build = _run("make build", fork, KYR_SKIP_PDFS="1")
    assert build.returncode == 0, build.stderr[-4000:]
    assert f"--md-primary-fg-color: {FORK_COLOR};" in (site / "assets/kyr-brand.css").read_text()
    at_work = (site / "know-your-rights/at-work/index.html").read_text()
    assert "In California: after your employer" in at_work and "Made by Central Valley" in at_work
    assert "Actualizado." in (site / "es/about/index.html").read_text()
    assert ".kyr-upstream-update" in (site / "assets/kyr.css").read_text()
    assert (site / "es/local/our-union/index.html").is_file()

    # The fork's own tests stay green: they build from the example and test data files,
    # never from local/ (the whole suite collects; the suites that read data files pass).
    collected = _run([str(ROOT / ".venv/bin/pytest"), "-q", "--co"], fork)
    assert collected.returncode == 0, collected.stdout[-3000:]
    suites = ["tests/test_affiliate_data.py", "tests/test_site_build.py", "tests/test_toolkit.py"]
    fast = ["-m", "not browser and not slow"]  # as `make test-fast` runs them
    tests = _run(
        [str(ROOT / ".venv/bin/pytest"), "-q", "-x", "-p", "no:cacheprovider", *fast, *suites],
        fork,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert _run("make lint", fork).returncode == 0
