"""MkDocs hooks: check the data file and the page twins before anything is written, then
fill the site's name, address and shared page parts from the data file.

Listed under `hooks:` in mkdocs.yml. MkDocs loads this file by path, so the project folder
is put on sys.path for `import macros` to work under the `mkdocs` command too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from markupsafe import escape  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from macros import cards, finish, letters, offline, render  # noqa: E402
from macros.affiliate import (  # noqa: E402
    LANGUAGES,
    Affiliate,
    AffiliateError,
    affiliate_path,
    load_affiliate,
)

_affiliate: Affiliate | None = None


def missing_twins(docs_dir: Path) -> list[str]:
    """One line per page that exists in one language folder but not in the other."""
    pages = {
        lang: {p.relative_to(docs_dir / lang) for p in (docs_dir / lang).rglob("*.md")}
        for lang in LANGUAGES
    }
    problems = []
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for page in sorted(pages[lang] - pages[other]):
                problems.append(
                    f"{docs_dir.name}/{lang}/{page.as_posix()}: has no twin "
                    f"{docs_dir.name}/{other}/{page.as_posix()}; every page needs both languages"
                )
    return problems


def _stop(problems: list[str]) -> None:
    # One line per problem and no traceback: these are for the person editing the files.
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    raise SystemExit(1)


@event_priority(100)  # before every plugin, so that nothing is built from bad data
def on_config(config):
    global _affiliate
    project_dir = Path(config.config_file_path).parent
    problems: list[str] = []
    try:
        _affiliate = load_affiliate(affiliate_path(project_dir))
    except AffiliateError as error:
        problems += error.problems
    problems += missing_twins(Path(config.docs_dir))
    if problems:
        _stop(problems)
    config.site_url = str(_affiliate.site_url)
    if _offline_build(config):
        # Our own copy of the search shim (`make offline` puts it there); Material's offline
        # plugin would otherwise load it from a CDN.
        config.extra["polyfills"] = [offline.SEARCH_SHIM]
    return config


def on_env(env, config, files):
    """Runs once per language build, after mkdocs-static-i18n has set the language."""
    lang = config.theme["language"]
    name = _affiliate.organization.name.get(lang)
    # Material prints site_name unescaped in places and with `| e` in others: Markup is
    # escaped once here and left alone by `| e`.
    config.site_name = escape(name)
    config.site_description = render.label("site_description", lang)
    config.copyright = (
        f"{render.label('published_by', lang)} {escape(name)}. "
        f"{render.label('not_legal_advice', lang)}"
    )
    # A static host serves one /404.html for every path: the default language's build writes
    # it (in both languages, see overrides/404.html); the other builds must not overwrite it.
    if lang == LANGUAGES[0]:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    env.globals["kyr"] = {
        "lang": lang,
        "demo": _affiliate.example,
        "hotline_link": render.hotline_link(_affiliate),
        "hotline_tel": _affiliate.hotline.number,
        "hotline_national": render.national_format(_affiliate.hotline.number),
        "sms_link": render.sms_link(_affiliate, lang),
        "quick_exit": str(_affiliate.quick_exit),
        "theme_color": offline.THEME_COLOR,
        "home_path": urlsplit(config.site_url).path or "/",
        "label": lambda key: render.label(key, lang),
    }
    return env


def _finish(html: str, page_url: str, config) -> str:
    search_name = render.label("search_dialog", config.theme["language"])
    # The offline copy opens from file://, where search runs in an iframe that Material's
    # shim fills with an inline script: no CSP there (it loads nothing from elsewhere either;
    # tests/test_offline.py checks).
    with_csp = not _offline_build(config)
    return finish.finish_page(html, page_url, LANGUAGES[0], search_name, with_csp)


def _offline_build(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def on_post_page(output, page, config):
    if page.meta.get("letter"):
        _write_letter_docx(output, page, config)
    return _finish(output, urljoin(config.site_url, page.url), config)


def _write_letter_docx(output: str, page, config) -> None:
    """The letter as Word beside its page, for organisers to edit and send."""
    lang = page.file.locale
    name = letters.docx_name(page.file.src_uri, lang)
    author = _affiliate.organization.name.get(lang)
    document = letters.letter_docx(output, title=page.title, author=author)
    destination = Path(page.file.abs_dest_path).with_name(name)
    destination.parent.mkdir(parents=True, exist_ok=True)  # MkDocs writes the page after us
    destination.write_bytes(document)


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):  # sitemap.xml
        return output_content
    return _finish(output_content, urljoin(config.site_url, template_name), config)


@event_priority(-200)  # after mkdocs-static-i18n has built every language and the search index
def on_post_build(config):
    site_dir = Path(config.site_dir)
    print_pages = [
        site_dir / prefix / "red-card" / "print" / "index.html" for prefix in ("", *LANGUAGES[1:])
    ]
    if all(p.is_file() for p in print_pages) and not _pdfs_up_to_date(print_pages):
        cards.write_card_pdfs(site_dir, print_pages)
    offline.write_manifests(site_dir, _affiliate)
    offline.write_service_worker(site_dir)


def _pdfs_up_to_date(print_pages: list[Path]) -> bool:
    # This hook runs after each language's build; print the PDFs once per build.
    return all(
        (pdf := page.with_name(name)).is_file() and pdf.stat().st_mtime >= page.stat().st_mtime
        for page in print_pages
        for name in cards.PDFS
    )
