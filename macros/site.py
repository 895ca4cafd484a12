"""The site's structure as upstream ships it and a fork adjusts it: its languages (from the
i18n plugin's block in mkdocs.yml, the one place they are set), its pages, and the page tree
MkDocs builds from: upstream's docs/, less the pages the affiliate hides, plus the
affiliate's own pages, with a marked fallback where a page is not yet translated.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
CONFIG_FILE = PROJECT_DIR / "mkdocs.yml"
LOCAL_SECTION = "local"  # the affiliate's own pages: /local/<name>/ in every language
FALLBACK_KEY = "kyr_untranslated"  # front matter of a page shown in the default language


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: values behind its `!ENV` and other tags read as None
    (the languages never use one)."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


# The languages upstream writes every text in. A fork may add one (mkdocs.yml); until its
# texts are written, readers of that language get the default language's.
UPSTREAM_LANGUAGES = ("en", "es")


@cache
def site_languages(config_file: Path = CONFIG_FILE) -> tuple[str, ...]:
    """The languages of the i18n plugin's configuration, the default language first."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            break
    else:
        raise ValueError(f"{config_file}: no i18n plugin with languages")
    codes = [lang["locale"] for lang in languages if lang.get("build", True)]
    default = [lang["locale"] for lang in languages if lang.get("default")]
    return tuple(default + [code for code in codes if code not in default])


def text_language(page) -> str:
    """The language of a page's text: a page not yet translated is in the default language
    (mkdocs-static-i18n tags each page's file with the language it is built for)."""
    return page.meta.get(FALLBACK_KEY) or page.file.locale


def page_path(page) -> str:
    """A built page's source path inside its language folder: es/about.md -> about.md."""
    return page.file.src_uri.split("/", 1)[1]


def language_folder(lang: str) -> str:
    """A language's folder in the built site: "" for the default language, "es/"."""
    return "" if lang == site_languages()[0] else f"{lang}/"


def url_path(page: str) -> str:
    """know-your-rights/at-home.md -> know-your-rights/at-home/; campus/index.md -> campus/."""
    path = PurePosixPath(page)
    parts = path.parent.parts if path.stem == "index" else (*path.parent.parts, path.stem)
    return "".join(f"{part}/" for part in parts)


def normalize_url_path(text: str) -> str:
    """ "/campus", "campus/" and "/campus/" all name the page at campus/."""
    stripped = text.strip().strip("/")
    return f"{stripped}/" if stripped else ""


def source_pages(folder: Path) -> list[str]:
    """Markdown pages under `folder`, as POSIX paths relative to it."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))


def is_hidden(page: str, hidden: list[str]) -> bool:
    """Whether a source page is hidden: hiding a section's address hides the whole section."""
    address = url_path(page)
    return any(address.startswith(prefix) for prefix in hidden if prefix)


@dataclass
class Assembly:
    """What `assemble_docs` did, for the build's log and the templates."""

    untranslated: dict[str, list[str]] = field(default_factory=dict)  # lang -> pages
    missing_local_twins: list[str] = field(default_factory=list)


def local_pages_dir(data_file: Path) -> Path:
    """The affiliate's own pages live beside its data file: local/pages/<lang>/*.md."""
    return data_file.parent / "pages"


def assemble_docs(
    docs_dir: Path,
    local_dir: Path,
    languages: tuple[str, ...],
    hidden: list[str],
    destination: Path,
) -> Assembly:
    """Write the tree MkDocs builds into `destination`: docs/ without hidden pages, the
    affiliate's pages under local/, and for each page missing in a language, the default
    language's page marked with FALLBACK_KEY (the template says so to the reader)."""
    default = languages[0]
    report = Assembly()
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(docs_dir, destination, ignore=shutil.ignore_patterns(".*"))
    for lang in languages:
        for page in source_pages(destination / lang):
            if is_hidden(page, hidden):
                (destination / lang / page).unlink()
        own = local_dir / lang
        if own.is_dir():
            shutil.copytree(own, destination / lang / LOCAL_SECTION, dirs_exist_ok=True)
    own_pages = {lang: set(source_pages(local_dir / lang)) for lang in languages}
    for page in sorted(set().union(*own_pages.values())):
        for lang in languages:
            if page not in own_pages[lang]:
                report.missing_local_twins.append(
                    f"{(local_dir / lang / page).as_posix()}: missing; your own page {page} "
                    f"needs a version in every language ({', '.join(languages)})"
                )
    for lang in languages[1:]:
        for source in sorted((destination / default).rglob("*")):
            relative = source.relative_to(destination / default)
            target = destination / lang / relative
            if source.is_dir() or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix == ".md":
                text = source.read_text(encoding="utf-8")
                target.write_text(_mark_untranslated(text, default), encoding="utf-8")
                report.untranslated.setdefault(lang, []).append(relative.as_posix())
            else:
                shutil.copy2(source, target)
    return report


def _mark_untranslated(text: str, default: str) -> str:
    marker = f"{FALLBACK_KEY}: {default}\n"
    if text.startswith("---\n"):
        return "---\n" + marker + text[4:]
    return f"---\n{marker}---\n{text}"
