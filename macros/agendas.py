"""The workshop agendas of macros/agendas.yml, written once for both languages: each agenda
as its page's table, which presents as slides (kyr-tools.css), and the pack of its handouts,
one PDF per language, printed by the build."""

from __future__ import annotations

import io
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from pydantic import (
    ConfigDict,
    Field,
    RootModel,
    model_validator,
)

from . import datafile
from .affiliate import Affiliate, national_format
from .browser import CHROMIUM_ARGS, find_browser
from .datafile import DataFileError, Strict
from .render import label
from .site import UPSTREAM_LANGUAGES, language_folder, site_languages, url_path
from .text import escape

AGENDAS_FILE = Path(__file__).with_name("agendas.yml")
SECTION = "workshops"  # the agendas page's folder: `use` pages are written from there
HOURS_FROM = 120  # 120 minutes and more, in whole hours, are said in hours ("2 hours")

# A table cell's text: one line, no "|" (it would split the Markdown table's cell).
Cell = Annotated[str, Field(min_length=1, pattern=r"^[^|\n]*$")]


def _every_language(texts: dict) -> None:
    languages = site_languages()
    if unknown := [lang for lang in texts if lang not in languages]:
        raise ValueError(f"{unknown[0]!r} is not a language of this site ({', '.join(languages)})")
    needed = [lang for lang in languages if lang in UPSTREAM_LANGUAGES or lang == languages[0]]
    if missing := [lang for lang in needed if lang not in texts]:
        raise ValueError(f"the {missing[0]} text is missing: every language has its own")


class Text(RootModel[dict[str, Cell]]):
    """A text in every language of the site, side by side."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    @model_validator(mode="after")
    def _all_languages(self) -> Text:
        _every_language(self.root)
        return self

    def get(self, lang: str) -> str:
        return self.root.get(lang) or self.root[site_languages()[0]]


class Points(RootModel[dict[str, list[Cell]]]):
    """The talking points, as many lines in each language (each line is one line on the
    slide, so a translation cannot lose or gain one)."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    @model_validator(mode="after")
    def _same_count(self) -> Points:
        _every_language(self.root)
        (first, points), *others = self.root.items()
        for lang, other in others:
            if len(other) != len(points):
                raise ValueError(f"{len(points)} points in {first} but {len(other)} in {lang}")
        return self

    def get(self, lang: str) -> list[str]:
        return self.root.get(lang) or self.root[site_languages()[0]]


class Use(Strict):
    page: Annotated[str, Field(pattern=r"^[\w./-]+\.md(#[\w-]+)?$")]
    label: Text
    handout: bool = False


class Segment(Strict):
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(gt=0)]
    title: Text
    use: list[Use] = []
    points: Points | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Segment:
        if self.end <= self.start:
            raise ValueError(f"ends at minute {self.end}, not after its start ({self.start})")
        return self


class Agenda(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    minutes: Annotated[int, Field(gt=0)]
    audience: Text
    intro: Text
    segments: Annotated[list[Segment], Field(min_length=1)]

    @model_validator(mode="after")
    def _times_add_up(self) -> Agenda:
        clock = 0
        for number, segment in enumerate(self.segments):
            if segment.start != clock:
                raise ValueError(
                    f"segments[{number}] starts at minute {segment.start}, but the one before "
                    f"ends at {clock}"
                )
            clock = segment.end
        if clock != self.minutes:
            raise ValueError(f"the segments end at minute {clock}, not at {self.minutes}")
        return self

    def handouts(self) -> list[Use]:
        """What is printed for everyone, in the order of the workshop, each once."""
        seen: dict[str, Use] = {}
        for segment in self.segments:
            for use in segment.use:
                if use.handout and use.page not in seen:
                    seen[use.page] = use
        return list(seen.values())


class Agendas(Strict):
    agendas: list[Agenda]

    @model_validator(mode="after")
    def _unique_ids(self) -> Agendas:
        ids = [agenda.id for agenda in self.agendas]
        if doubled := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"agenda id {doubled[0]} is used twice")
        return self

    def get(self, agenda_id: str) -> Agenda:
        for agenda in self.agendas:
            if agenda.id == agenda_id:
                return agenda
        known = ", ".join(agenda.id for agenda in self.agendas)
        raise ValueError(f"no agenda {agenda_id!r} in {AGENDAS_FILE.name} (there are: {known})")


AgendaError = DataFileError  # what loading a bad agendas file raises


def load_agendas(path: Path = AGENDAS_FILE) -> Agendas:
    return datafile.load(path, Agendas, name=path.name)


def checked_agendas(path: Path = AGENDAS_FILE) -> Agendas:
    """The agendas, or the build stops with one line per problem (no traceback: these are for
    the person editing the file)."""
    try:
        return datafile.load_cached(path, Agendas, name=path.name)
    except DataFileError as error:
        datafile.stop([f"macros/{problem}" for problem in error.problems])


# --- the page: a table of timed segments, and its slides ---------------------------------


def clock(minutes: int) -> str:
    """65 -> "1:05", as the agendas write times from the start of the workshop."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def title(agenda: Agenda, lang: str) -> str:
    """ "Parents and families: 60 minutes", "Train the trainer: 2 hours"."""
    hours, rest = divmod(agenda.minutes, 60)
    if agenda.minutes >= HOURS_FROM and not rest:
        length = label("agenda_hours", lang).replace("{n}", str(hours))
    else:
        length = label("agenda_minutes", lang).replace("{n}", str(agenda.minutes))
    return f"{agenda.audience.get(lang)}: {length}"


def pack_name(agenda: Agenda) -> str:
    return f"pack-{agenda.id}.pdf"


def pack_path(agenda: Agenda, lang: str) -> str:
    """Where the build writes the pack, from the site's root: workshops/pack-parents-60.pdf,
    es/workshops/pack-parents-60.pdf."""
    return f"{language_folder(lang)}{SECTION}/{pack_name(agenda)}"


def pack_link(agenda: Agenda, lang: str, page_url: str) -> str:
    """The pack's download link from a page (raw HTML: MkDocs checks links to pages only)."""
    href = "../" * page_url.count("/") + pack_path(agenda, lang)
    return (
        f'<a class="md-button kyr-agenda__pack" href="{href}" download>'
        f"{label('agenda_pack', lang)}</a>"
    )


def _slide_foot(number: int, total: int, hotline: str, lang: str, tag: str = "span") -> str:
    """What every slide shows at its foot while presenting (hidden otherwise): the hotline,
    the keys and "3 / 9". Written here rather than by a script, so that it is there offline
    and without JavaScript."""
    return (
        f'<{tag} class="kyr-agenda__foot">'
        f'<span class="kyr-agenda__hotline">{label("hotline", lang)}: {hotline}</span>'
        f'<span class="kyr-agenda__keys">{label("agenda_keys", lang)}</span>'
        f'<span class="kyr-agenda__count">{number} / {total}</span></{tag}>'
    )


def _uses(segment: Segment, lang: str) -> str:
    """The "Use" cell: the pages, then the handouts ("Handouts: five things, red-card sheet")."""

    def links(uses: list[Use]) -> str:
        return ", ".join(f"[{use.label.get(lang)}]({use.page})" for use in uses)

    pages = [use for use in segment.use if not use.handout]
    handouts = [use for use in segment.use if use.handout]
    parts = [links(pages)] if pages else []
    if handouts:
        word = label("agenda_handout" if len(handouts) == 1 else "agenda_handouts", lang)
        parts.append(f"{word}: {links(handouts)}")
    return "; ".join(parts)


def agenda_markdown(
    agenda: Agenda, lang: str, hotline: str, page_url: str, fill: Callable[[str], str]
) -> str:
    """The agenda as its page shows it: a title block (the first slide), the buttons and a
    table of its segments (one slide each). Markdown, so that MkDocs checks and rewrites the
    links and lists the heading in the page's contents. `fill` renders the page macros that
    a talking point may hold; `hotline` is the hotline's link."""
    total = len(agenda.segments) + 1
    columns = ("time", "segment", "points", "use")
    header = " | ".join(label(f"agenda_columns.{key}", lang) for key in columns)
    rows = []
    for number, segment in enumerate(agenda.segments, start=2):
        points = segment.points.get(lang) if segment.points else []
        cell = "<br>".join(fill(point) for point in points)
        foot = _slide_foot(number, total, hotline, lang)
        rows.append(
            f"| {clock(segment.start)}–{clock(segment.end)} | {segment.title.get(lang)} "
            f"| {cell}{foot} | {_uses(segment, lang)} |"
        )
    anchor = agenda.id
    buttons = (
        f"[{label('agenda_present', lang)}](#present-{anchor})"
        "{ .md-button .kyr-agenda__present } "
        f"[{label('agenda_stop', lang)}](#{anchor}){{ .kyr-agenda__stop }} "
        + pack_link(agenda, lang, page_url)
    )
    return "\n\n".join(
        [
            f'<div class="kyr-agenda" id="present-{anchor}" markdown>',
            '<div class="kyr-agenda__title" markdown>',
            f"## {escape(title(agenda, lang))} {{ #{anchor} }}",
            f"{agenda.intro.get(lang)} {label('agenda_hotline', lang)}: {hotline}",
            _slide_foot(1, total, hotline, lang, "p"),
            "</div>",
            buttons,
            "\n".join([f"| {header} |", "| --- | --- | --- | --- |", *rows]),
            "</div>",
        ]
    )


def packs_list(agendas: Agendas, lang: str, page_url: str) -> str:
    """Each agenda with its handouts in order and its pack: what to print for it. A list, not
    a table, so that it reads on a phone."""
    items = []
    for agenda in agendas.agendas:
        handouts = ", ".join(f"[{use.label.get(lang)}]({use.page})" for use in agenda.handouts())
        items.append(
            f"- **[{escape(title(agenda, lang))}](agendas.md#{agenda.id})**: {handouts}.<br>"
            + pack_link(agenda, lang, page_url)
        )
    return "\n" + "\n".join(items) + "\n"


# --- the packs: each agenda's handouts in one PDF per language -----------------------------


def _built_page(site_dir: Path, lang: str, page: str) -> Path | None:
    """The built HTML of a page given as the agendas give it (a path from workshops/), with
    directory URLs or without (the offline copy); None where the affiliate hides it."""
    path = posixpath.normpath(posixpath.join(SECTION, page.split("#", 1)[0]))
    folder = language_folder(lang) + url_path(path)
    for candidate in (f"{folder}index.html", f"{folder.rstrip('/')}.html"):
        if (site_dir / candidate).is_file():
            return site_dir / candidate
    return None


def _handout_pages(site_dir: Path, lang: str, agenda: Agenda) -> list[tuple[Use, Path]]:
    """An agenda's handouts as built in one language; none where the agendas are hidden."""
    if _built_page(site_dir, lang, "agendas.md") is None:
        return []
    pages = [(use, _built_page(site_dir, lang, use.page)) for use in agenda.handouts()]
    return [(use, built) for use, built in pages if built]


def _footer(affiliate: Affiliate, lang: str) -> str:
    """Chromium's footer on every page of a pack: the hotline (and on the demo copy, that it
    is not real). Chromium draws it in the page's bottom margin, at a size of its own."""
    number = escape(national_format(affiliate.hotline.number))
    hotline = f'{label("hotline", lang)}: <span style="white-space: nowrap;">{number}</span>'
    demo = f"{escape(label('demo_banner', lang))}<br>" if affiliate.example else ""
    return (
        '<div style="width: 100%; font: 9pt sans-serif; text-align: center;">'
        f"{demo}<strong>{hotline}</strong></div>"
    )


def packs_to_write(site_dir: Path, languages: tuple[str, ...]) -> bool:
    """Whether to print the packs now: once every language is built (mkdocs-static-i18n runs
    the post-build hook after each language's build), and once per build."""
    if not all((site_dir / language_folder(lang) / "index.html").is_file() for lang in languages):
        return False
    agendas = checked_agendas()
    pages = {
        built
        for lang in languages
        for agenda in agendas.agendas
        for _, built in _handout_pages(site_dir, lang, agenda)
    }
    if not pages:  # the affiliate hides them all
        return False
    packs = [
        site_dir / pack_path(agenda, lang)
        for lang in languages
        for agenda in agendas.agendas
        if _handout_pages(site_dir, lang, agenda)
    ]
    newest = max(page.stat().st_mtime for page in pages)
    return not all(pack.is_file() and pack.stat().st_mtime >= newest for pack in packs)


def write_packs(site_dir: Path, languages: tuple[str, ...], affiliate: Affiliate) -> None:
    """Print each handout of each language once with Chromium (as on paper: print styles, US
    Letter, the hotline in every page's footer), then put each agenda's together in order."""
    if not packs_to_write(site_dir, languages):
        return
    from playwright.sync_api import sync_playwright  # only a full build prints
    from pypdf import PdfReader, PdfWriter

    agendas = checked_agendas()
    printed: dict[Path, bytes] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for lang in languages:
            footer = _footer(affiliate, lang)
            for agenda in agendas.agendas:
                for _, built in _handout_pages(site_dir, lang, agenda):
                    if built in printed:
                        continue
                    page.goto(built.as_uri())
                    page.emulate_media(media="print")
                    printed[built] = page.pdf(
                        format="Letter",
                        display_header_footer=True,
                        header_template="<span></span>",
                        footer_template=footer,
                    )
        browser.close()
    for lang in languages:
        for agenda in agendas.agendas:
            handouts = _handout_pages(site_dir, lang, agenda)
            if not handouts:
                continue
            writer = PdfWriter()
            for use, built in handouts:
                handout = PdfReader(io.BytesIO(printed[built]))
                writer.append(handout, outline_item=use.label.get(lang), import_outline=False)
            writer.add_metadata({"/Title": title(agenda, lang)})
            destination = site_dir / pack_path(agenda, lang)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("wb") as pdf:
                writer.write(pdf)
