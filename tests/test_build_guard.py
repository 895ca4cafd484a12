"""The build checks what it wrote, and replaces the site only when everything succeeded
(macros/build.py, macros/gate.py: `make build`, `make offline` and `make publish` run it)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_site_build import copy_project

from macros.affiliate import EXAMPLE_FILE
from macros.gate import gate_problems

PAGE = "es/know-your-rights/at-home/index.html"
# Each way a page could turn against its reader, and the line the guard must print for it.
TAMPERING = {
    "an unlisted inline script": (
        "</body>",
        "<script>fetch('/x')</script></body>",
        "an inline script the CSP does not list",
    ),
    "an event handler": ("<body", '<body onload="x()"', "an event-handler attribute <body onload"),
    "a javascript: link": (
        "</article>",
        '<a href=" JavaScript:alert(1)">x</a></article>',
        "a script or data URL",
    ),
    "a data: link": (
        "</article>",
        '<a href="data:text/html,hi">x</a></article>',
        "a script or data URL",
    ),
    "a number to call from nowhere": (
        "</article>",
        '<a href="tel:+19005551212">Call now</a></article>',
        "a link to call or text +19005551212, not a number of the data file or pages",
    ),
    "an image from elsewhere": (
        "</article>",
        '<img src="http://evil.example/p.png" alt=""></article>',
        "loads http://evil.example/p.png from another origin",
    ),
    "no CSP": (
        'http-equiv="Content-Security-Policy"',
        'name="x"',
        "no Content-Security-Policy",
    ),
}


@pytest.mark.parametrize("kind", TAMPERING)
def test_the_guard_names_a_page_tampered_with(example_site, tmp_path, kind):
    site = shutil.copytree(example_site, tmp_path / "site")
    assert gate_problems(site, EXAMPLE_FILE) == []
    page = site / PAGE
    old, new, expected = TAMPERING[kind]
    html = page.read_text(encoding="utf-8")
    assert old in html
    page.write_text(html.replace(old, new, 1), encoding="utf-8")
    problems = gate_problems(site, EXAMPLE_FILE)
    assert len(problems) == 1 and problems[0].startswith(f"{PAGE}: {expected}"), problems


def test_the_guard_finds_a_page_without_the_hotline(example_site, tmp_path):
    site = shutil.copytree(example_site, tmp_path / "site")
    page = site / "about" / "index.html"
    html = re.sub(r'href="tel:(\+|&#43;)14135550100"', 'href="#"', page.read_text("utf-8"))
    page.write_text(html, encoding="utf-8")
    assert "about/index.html: no tap-to-call link to the hotline (tel:+14135550100)" in (
        gate_problems(site, EXAMPLE_FILE)
    )


def _files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", "build", "-d", str(site)],
        cwd=project,
        env={
            **os.environ,
            "AFFILIATE_FILE": str(EXAMPLE_FILE),
            "NO_MKDOCS_2_WARNING": "1",
            "KYR_SKIP_PDFS": "1",  # the PDFs are files like any other here
        },
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


BREAKAGE = {
    # MkDocs fails in strict mode after it has emptied and half-written its output folder.
    "a broken link": ("](warrants.md)", "](no-such-page.md)", "no-such-page"),
    # MkDocs succeeds; the guard refuses the page.
    "a page the guard refuses": (
        "[Warrants: which paper lets agents in?](warrants.md)",
        '<a href="javascript:alert(1)">Warrants</a>',
        "know-your-rights/at-home/index.html: a script or data URL 'javascript:alert(1)'",
    ),
}


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    first = _build(project, site)
    assert first.returncode == 0, first.stderr
    before = _files(site)
    assert "index.html" in before and "es/letters/campus/letter-campus-es.docx" in before

    page = project / "docs" / "en" / "know-your-rights" / "at-home.md"
    original = page.read_text(encoding="utf-8")
    for kind, (old, new, expected) in BREAKAGE.items():
        assert old in original
        page.write_text(original.replace(old, new), encoding="utf-8")
        second = _build(project, site)

        assert second.returncode != 0, kind
        assert expected in second.stderr, kind
        assert second.stderr.splitlines()[-1] == f"Nothing was changed in {site}/."
        assert "Traceback" not in second.stderr
        assert _files(site) == before, kind
        assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no leftovers


# Markup the finishing step anchors on (macros/finish.py), removed from the templates as a
# theme update could: the build must stop and name the page, not publish it unfinished.
LOST_ANCHORS = {
    "the theme's <meta charset>": (
        "{% block site_meta %}\n  {{ super() }}",
        "{% block site_meta %}",
    ),
    "the CSP placeholder": (
        'content="{{ kyr.csp_placeholder }}"',
        "content=\"default-src 'self'\"",
    ),
    "Material's search dialog": (
        "{% block libs %}",
        "{% block header %}{% endblock %}\n{% block libs %}",
    ),
}


@pytest.mark.parametrize("anchor", LOST_ANCHORS)
def test_a_page_without_an_anchor_of_the_finishing_step_stops_the_build(tmp_path, anchor):
    project = copy_project(tmp_path / "project")
    template = project / "overrides" / "main.html"
    old, new = LOST_ANCHORS[anchor]
    text = template.read_text(encoding="utf-8")
    assert old in text
    template.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _build(project, tmp_path / "site")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert (
        errors[0].startswith("ERROR: ")
        and f"cannot finish the page: it lacks {anchor}" in errors[0]
    )
    assert ".html" in errors[0].split(":")[1]  # the page is named
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_guard_refuses_a_service_worker_that_would_download_too_much(example_site, tmp_path):
    site = shutil.copytree(example_site, tmp_path / "site")
    (site / "assets" / "huge.js").write_bytes(os.urandom(2_200_000))  # gzip cannot shrink it
    problems = gate_problems(site, EXAMPLE_FILE)
    assert len(problems) == 1 and problems[0].startswith("sw.js: a first visit would download")
