"""The bilingual site as built by MkDocs from the data file: what a reader gets."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_FILE, OTHER_FILE, PREFIXES, ROOT, doc_pages, html_pages, mkdocs_build

from macros.affiliate import load_affiliate, national_format


def test_both_languages_build(example_site):
    home = (example_site / "index.html").read_text()
    home_es = (example_site / "es" / "index.html").read_text()
    assert '<html lang="en"' in home
    assert '<html lang="es"' in home_es


def test_every_page_has_its_twin():
    assert doc_pages("en"), "no English pages found"
    assert doc_pages("en") == doc_pages("es")


def test_every_built_page_exists_in_both_languages(example_site):
    english = {p.relative_to(example_site) for p in html_pages(example_site)}
    english = {p for p in english if p.parts[0] != "es"} - {Path("404.html")}
    spanish = {p.relative_to(example_site / "es") for p in html_pages(example_site / "es")}
    assert english == spanish


def copy_project(destination: Path) -> Path:
    """The files a build reads, copied: a project to change without touching this one."""
    destination.mkdir()
    for name in ("mkdocs.yml", "macros", "overrides", "docs"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(source, destination / name)
    return destination


def test_a_missing_twin_shows_the_default_language_with_a_notice(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "es" / "about.md").unlink()
    result = mkdocs_build(tmp_path / "site", project=project, pdfs=False)
    assert result.returncode == 0, result.stderr
    assert "Not yet translated into 'es'" in result.stderr and "about.md" in result.stderr
    page = (tmp_path / "site" / "es" / "about" / "index.html").read_text()
    assert '<html lang="es"' in page
    assert "Esta página todavía no está traducida. Se muestra en inglés." in page
    assert '<div lang="en">' in page and "About this site" in page
    # Its twin, and every translated page, say nothing of the kind.
    assert "not yet translated" not in (tmp_path / "site" / "about" / "index.html").read_text()
    assert "todavía no está traducida" not in (tmp_path / "site" / "es" / "index.html").read_text()


def test_hotline_is_a_tel_link_on_the_home_page(example_site):
    for home in (example_site / "index.html", example_site / "es" / "index.html"):
        assert '<a class="kyr-tel kyr-hotline" href="tel:+14135550100">(413) 555-0100</a>' in (
            home.read_text()
        )


def test_no_template_code_survives(example_site):
    for page in html_pages(example_site):
        text = page.read_text()
        assert "{{" not in text and "{%" not in text, page


def test_demo_banner_on_every_example_page(example_site):
    for page in html_pages(example_site):
        text = page.read_text()
        spanish = page.relative_to(example_site).parts[0] == "es"
        expected = "Copia de demostración" if spanish else "Demo copy: this hotline is not real"
        assert expected in text, page


def test_no_demo_banner_for_a_real_data_file(other_site):
    for page in html_pages(other_site):
        text = page.read_text()
        assert "kyr-demo" not in text and "Demo copy" not in text, page


def _example_values() -> set[str]:
    """Every name, number and address of the example that a reader could see."""
    data = yaml.safe_load(EXAMPLE_FILE.read_text())
    values: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "stance":  # a choice (support, oppose, watch), not a value
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and len(node) > 3:
            values.add(node)

    walk({k: v for k, v in data.items() if k != "hotline"})
    walk(data["hotline"]["number"])
    example = load_affiliate(EXAMPLE_FILE)
    for number in (example.hotline.number, example.hotline.sms):
        values |= {number, national_format(number)}
    for contacts in example.contacts.model_dump().values():
        for contact in contacts:
            if contact["phone"]:
                values |= {contact["phone"], national_format(contact["phone"])}
    return {v for v in values if v not in ("US", "MA")}


def test_a_second_data_file_replaces_every_example_value(other_site):
    example_values = _example_values()
    assert "(413) 555-0100" in example_values and "Springfield" in example_values
    for page in html_pages(other_site):
        text = page.read_text()
        leaked = sorted(v for v in example_values if v in text)
        assert not leaked, f"{page}: {leaked}"
    home = (other_site / "index.html").read_text()
    assert 'href="tel:+15102861234">(510) 286-1234</a>' in home


def test_the_affiliate_name_is_on_every_page(other_site):
    escaped = "Teachers &amp; Staff &lt;Local 7&gt; &#34;Unidos&#34;"
    for page in html_pages(other_site):
        assert escaped in page.read_text(), page


def test_values_are_escaped_exactly_once(other_site):
    for page in html_pages(other_site):
        text = page.read_text()
        assert "<Local 7>" not in text and "<urgent>" not in text, page
        assert "&amp;amp;" not in text and "&amp;lt;" not in text, page
    help_page = (other_site / "index.html").read_text()
    assert re.search(r"<title>[^<]*Teachers &amp; Staff &lt;Local 7&gt;", help_page)


def test_site_url_comes_from_the_data_file(other_site):
    home = (other_site / "es" / "index.html").read_text()
    assert '<link rel="canonical" href="https://rights.local7-unidos.org/kyr/es/">' in home
    assert "https://rights.local7-unidos.org/kyr/es/" in (other_site / "sitemap.xml").read_text()


def test_other_affiliate_file_is_valid():
    assert not load_affiliate(OTHER_FILE).example


def _front_matter_and_body(path: Path) -> tuple[dict, str]:
    text = path.read_text()
    assert text.startswith("---\n"), path
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def test_every_page_has_its_review_front_matter():
    for lang in ("en", "es"):
        for relative in doc_pages(lang):
            meta, _ = _front_matter_and_body(ROOT / "docs" / lang / relative)
            where = f"docs/{lang}/{relative}"
            assert meta.get("title") and meta.get("description"), where
            assert isinstance(meta.get("last_reviewed"), date), where
            assert meta.get("sources"), where
            for source in meta["sources"]:
                assert source["title"] and source["url"].startswith("https://"), where


def _structure(body: str) -> list[str]:
    """Headings' levels, blocks' kinds and macro calls, in order: what twins share."""
    shape = []
    for line in body.splitlines():
        if heading := re.match(r"(#{1,6}) ", line):
            shape.append(heading[1])
        elif block := re.match(r"\s*(!!!|\?\?\?\+?) (\w+)", line):
            shape.append(f"{block[1]} {block[2]}")
        shape += re.findall(r"\{\{ *(\w+\([^)]*\)) *\}\}", line)
    return shape


def test_twins_have_the_same_structure():
    for relative in doc_pages("en"):
        _, english = _front_matter_and_body(ROOT / "docs" / "en" / relative)
        _, spanish = _front_matter_and_body(ROOT / "docs" / "es" / relative)
        assert _structure(english) == _structure(spanish), relative


@pytest.mark.parametrize("prefix, query", [("", "door"), ("es/", "puerta")])
def test_searching_door_finds_the_at_home_page_first(chromium, served, prefix, query):
    """Above the workshop's role-plays, which also say "door" often (search boost)."""
    page = chromium.new_page(viewport={"width": 360, "height": 640})
    page.goto(served + prefix)
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill(query)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for()
    assert first.get_attribute("href").split("?")[0] == (
        served + prefix + "know-your-rights/at-home/"
    )
    page.close()


def test_contact_categories_with_no_contacts_are_left_out(example_site, other_site):
    """The other data file lists only legal aid: no empty sections, headings and all."""
    for prefix, absent in (("", "Consulates"), ("es/", "Consulados")):
        full, page = (
            (site / prefix / "local-help" / "index.html").read_text().split('class="kyr-review')[0]
            for site in (example_site, other_site)
        )
        assert len(re.findall(r'<h2 id="', full)) == 8
        assert len(re.findall(r'<h2 id="', page)) == 1  # legal aid: it has a contact
        assert absent in full and absent not in page
        assert "kyr-contacts--empty" not in page and "Bay Legal Defense" in page


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("width", [320, 360])
def test_the_site_name_is_whole_in_the_header_on_a_phone(chromium, served, prefix, width):
    page = chromium.new_page(viewport={"width": width, "height": 640})
    page.goto(served + prefix + "know-your-rights/at-home/")
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    sizes = name.evaluate(
        "e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight, "
        "e.getBoundingClientRect().bottom, "
        "document.querySelector('.md-header').getBoundingClientRect().bottom]"
    )
    expected = "Example Valley Workers Center" if not prefix else "Centro de Trabajadores"
    assert expected in name.inner_text()
    page.close()
    scroll_width, client_width, scroll_height, client_height, bottom, header_bottom = sizes
    assert scroll_width <= client_width and scroll_height <= client_height, sizes
    assert bottom <= header_bottom, sizes


@pytest.mark.parametrize("prefix, other", [("", "es/"), ("es/", "")])
def test_the_language_switcher_keeps_the_anchor(chromium, served, prefix, other):
    page = chromium.new_page(viewport={"width": 360, "height": 640})
    page.goto(served + prefix + "workshops/agendas/#parents-60")
    page.locator(".md-select > button").click()
    page.locator(f'a.md-select__link[hreflang="{other.strip("/") or "en"}"]').click()
    page.wait_for_url(served + other + "workshops/agendas/#parents-60")
    assert page.evaluate("document.getElementById('parents-60').getBoundingClientRect().top") < 200
    page.close()


@pytest.mark.parametrize("prefix, text", [("", "Fill in your plan"), ("es/", "Llene su plan aquí")])
def test_the_family_plan_has_a_button_to_its_form_at_the_top_and_the_end(
    example_site, prefix, text
):
    html = (example_site / prefix / "family-plan" / "index.html").read_text()
    article = html[html.index("<h1") : html.index('class="kyr-review')]
    buttons = list(re.finditer(r"<a ([^>]*)>([^<]*)</a>", article))
    buttons = [b for b in buttons if "md-button--primary" in b[1]]
    assert [b[2] for b in buttons] == [text, text]
    assert all('href="form/"' in b[1] for b in buttons)
    headings = [m.start() for m in re.finditer(r"<h2 ", article)]
    assert buttons[0].start() < headings[0]  # before step 1
    assert headings[8] < buttons[1].start()  # after step 9, the last one
