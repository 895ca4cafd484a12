"""MkDocs hooks: check the data file before anything is written, assemble the pages (upstream's,
less the hidden ones, plus the affiliate's own), then fill the site's name, address, brand and
shared page parts from the data file.

Listed under `hooks:` in mkdocs.yml. MkDocs loads this file by path, so the project folder
is put on sys.path for `import macros` to work under the `mkdocs` command too.
"""

from __future__ import annotations

import atexit
import logging
import os
import posixpath
import re
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from macros import agendas, brand, cards, finish, letters, offline, render  # noqa: E402
from macros.affiliate import (  # noqa: E402
    Affiliate,
    AffiliateError,
    affiliate_path,
    load_affiliate,
)
from macros.site import (  # noqa: E402
    FALLBACK_KEY,
    LOCAL_SECTION,
    assemble_docs,
    is_hidden,
    language_folder,
    local_pages_dir,
    page_path,
    site_languages,
    source_pages,
    text_language,
    url_path,
)
from macros.text import escape  # noqa: E402

log = logging.getLogger("mkdocs.hooks.kyr")

_affiliate: Affiliate | None = None
_data_file: Path | None = None
_languages: tuple[str, ...] = ()
_source_docs: dict[str, str] = {}  # the assembled tree -> the docs_dir it was made from
BRAND_CSS = "assets/kyr-brand.css"
# Printing the red cards and workshop packs takes most of a build's time. The tests build
# many copies of the site to look at something else: those set this to "1" and get no PDFs
# (tests/conftest.py). `make build`, `make offline` and `make publish` always print them.
SKIP_PDFS = "KYR_SKIP_PDFS"


def _stop(problems: list[str]) -> None:
    # One line per problem and no traceback: these are for the person editing the files.
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    raise SystemExit(1)


def _logo_uri() -> str | None:
    logo = _affiliate.brand.logo
    return f"assets/kyr-logo{Path(logo).suffix.lower()}" if logo else None


@event_priority(100)  # before every plugin, so that nothing is built from bad data
def on_config(config):
    global _affiliate, _data_file, _languages
    if config.docs_dir in _source_docs:  # mkdocs-static-i18n's build of the next language
        return config
    project_dir = Path(config.config_file_path).parent
    _languages = site_languages(Path(config.config_file_path))
    _data_file = affiliate_path(project_dir)
    try:
        _affiliate = load_affiliate(_data_file, project_dir)
    except AffiliateError as error:
        _stop(error.problems)
    config.site_url = str(_affiliate.site_url)
    _assemble(config)
    config.nav = _with_local_pages(_without_hidden(config.nav))
    config.extra_css.append(BRAND_CSS)
    if logo := _logo_uri():
        config.theme["logo"] = logo
        config.theme["favicon"] = logo
    if offline.is_offline_build(config):
        # Our own copy of the search shim (`make offline` puts it there); Material's offline
        # plugin would otherwise load it from a CDN.
        config.extra["polyfills"] = [offline.SEARCH_SHIM]
    return config


def _assemble(config) -> None:
    """Build from a temporary tree: docs/ less hidden pages, plus local/pages/, with a marked
    fallback for each page not yet translated."""
    source = config.docs_dir
    tree = Path(tempfile.mkdtemp(prefix="kyr-docs-"))
    atexit.register(shutil.rmtree, tree, True)
    report = assemble_docs(
        Path(source), local_pages_dir(_data_file), _languages, _affiliate.hide_pages, tree
    )
    if report.missing_local_twins:
        _stop(report.missing_local_twins)
    for lang, pages in report.untranslated.items():
        log.info(f"Not yet translated into '{lang}', shown in '{_languages[0]}': {pages}")
    config.docs_dir = str(tree)
    _source_docs[str(tree)] = source
    for watched in (source, local_pages_dir(_data_file), _data_file):
        if Path(watched).exists():
            config.watch.append(str(watched))


def on_serve(server, config, builder):
    # `mkdocs serve` watches docs_dir, which the build rewrites: watch the sources instead.
    server.unwatch(config.docs_dir)
    return server


def _without_hidden(nav: list) -> list:
    """The nav less the hidden pages, and less sections left empty."""
    kept = []
    for item in nav:
        if isinstance(item, str):
            if not is_hidden(item, _affiliate.hide_pages):
                kept.append(item)
            continue
        (title, value), *_ = item.items()
        if isinstance(value, list):
            if children := _without_hidden(value):
                kept.append({title: children})
        elif not is_hidden(value, _affiliate.hide_pages):
            kept.append(item)
    return kept


def _with_local_pages(nav: list) -> list:
    """The affiliate's own pages, in the menu before the About page, by file name."""
    own_dir = local_pages_dir(_data_file) / _languages[0]
    own = [f"{LOCAL_SECTION}/{page}" for page in source_pages(own_dir)]
    if not own:
        return nav
    position = nav.index("about.md") if "about.md" in nav else len(nav)
    return nav[:position] + own + nav[position:]


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
    # it (in every language, see overrides/404.html); the other builds must not overwrite it.
    if lang == _languages[0]:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    env.globals["kyr"] = {
        "lang": lang,
        "languages": _languages,
        "demo": _affiliate.example,
        "csp_placeholder": finish.CSP_PLACEHOLDER,
        "hotline_link": render.hotline_link(_affiliate),
        "hotline_tel": _affiliate.hotline.number,
        "hotline_national": render.national_format(_affiliate.hotline.number),
        "sms_link": render.sms_link(_affiliate, lang),
        "quick_exit": str(_affiliate.quick_exit),
        "theme_color": _affiliate.brand.color,
        "stale_after_days": _affiliate.stale_after_days,
        "manifest": offline.manifest_path(lang, _languages),
        "home_path": urlsplit(config.site_url).path or "/",
        "label": lambda key, in_lang=lang: render.label(key, in_lang),
        "long_date": lambda day, in_lang=lang: render.long_date(day, in_lang),
        "language_name": lambda code, in_lang=lang: render.language_name(_affiliate, code, in_lang),
        "fallback_key": FALLBACK_KEY,
    }
    return env


@event_priority(-150)  # after mkdocs-static-i18n has sorted the files of this language
def on_files(files, config):
    files.append(File.generated(config, BRAND_CSS, content=brand.brand_css(_affiliate.brand.color)))
    if logo := _logo_uri():
        source = _data_file.parent / _affiliate.brand.logo
        files.append(File.generated(config, logo, abs_src_path=str(source)))
    return files


# [text](target) but not ![image](target); the target without a title.
_MARKDOWN_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


@event_priority(-50)  # after the macros have written their part of the page
def on_page_markdown(markdown, page, config, files):
    """Links to hidden pages become their plain text."""
    if not _affiliate.hide_pages:
        return markdown
    here = posixpath.dirname(page_path(page))

    def unlink(match: re.Match) -> str:
        target = match["target"].split("#", 1)[0]
        if not target.endswith(".md") or urlsplit(target).scheme:
            return match[0]
        resolved = posixpath.normpath(posixpath.join(here, target))
        return match["text"] if is_hidden(resolved, _affiliate.hide_pages) else match[0]

    return _MARKDOWN_LINK.sub(unlink, markdown)


def on_page_content(html, page, config, files):
    """The affiliate's note for this page, in a marked box under the title."""
    note = _affiliate.note_for(url_path(page_path(page)))
    if note is None:
        return html
    box = render.local_note(_affiliate, note, config.theme["language"])
    head, found, rest = html.partition("</h1>")
    return head + found + box + rest if found else box + html


def _finish(html: str, name: str, page_url: str, config, theme_page: bool = True) -> str:
    """The finished page (macros/finish.py); a page it cannot finish stops the build."""
    search_name = render.label("search_dialog", config.theme["language"])
    # The offline copy opens from file://, where search runs in an iframe that the shim fills
    # with an inline script: its CSP lists that script too (tests/test_offline_zip.py).
    offline_copy = offline.is_offline_build(config)
    frame = offline.search_frame_scripts(html) if offline_copy else []
    try:
        return finish.finish_page(
            html, page_url, _languages[0], search_name, offline_copy, frame, theme_page
        )
    except finish.MissingAnchor as error:
        _stop([f"{name}: {error}"])


def on_post_page(output, page, config):
    if page.meta.get("letter"):
        _write_letter_docx(output, page, config)
    return _finish(output, page.file.dest_uri, urljoin(config.site_url, page.url), config)


def _write_letter_docx(output: str, page, config) -> None:
    """The letter as Word beside its page, for organizers to edit and send."""
    lang = text_language(page)
    name = letters.docx_name(page.file.src_uri, lang)
    author = _affiliate.organization.name.get(lang)
    document = letters.letter_docx(output, title=page.title, author=author)
    destination = Path(page.file.abs_dest_path).with_name(name)
    destination.parent.mkdir(parents=True, exist_ok=True)  # MkDocs writes the page after us
    destination.write_bytes(document)


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):  # sitemap.xml
        return output_content
    return _finish(output_content, template_name, urljoin(config.site_url, template_name), config)


@event_priority(-200)  # after mkdocs-static-i18n has built every language and the search index
def on_post_build(config):
    site_dir = Path(config.site_dir)
    if os.environ.get(SKIP_PDFS) == "1":  # a test's build of a copy, about something else
        return _write_offline_files(site_dir, config)
    # The offline copy has no directory URLs: its print page is red-card/print.html.
    page = "print/index.html" if config.use_directory_urls else "print.html"
    print_pages = [site_dir / language_folder(lang) / "red-card" / page for lang in _languages]
    if all(p.is_file() for p in print_pages) and not _pdfs_up_to_date(print_pages):
        cards.write_card_pdfs(site_dir, print_pages)
    agendas.write_packs(site_dir, _languages, _affiliate)  # once every language is built
    _write_offline_files(site_dir, config)


def _write_offline_files(site_dir: Path, config) -> None:
    if zip_file := offline.offline_zip():
        shutil.copyfile(zip_file, site_dir / offline.ZIP_NAME)
    offline.write_manifests(site_dir, _affiliate, _languages)
    offline.write_service_worker(site_dir, _languages)
    if offline.is_offline_build(config):
        offline.finish_offline_copy(site_dir, _affiliate, _languages)
        start_here = site_dir / offline.START_HERE
        finished = _finish(
            start_here.read_text(), offline.START_HERE, config.site_url, config, theme_page=False
        )
        start_here.write_text(finished)


def _pdfs_up_to_date(print_pages: list[Path]) -> bool:
    # This hook runs after each language's build; print the PDFs once per build.
    return all(
        (pdf := page.with_name(name)).is_file() and pdf.stat().st_mtime >= page.stat().st_mtime
        for page in print_pages
        for name in cards.PDFS
    )
