"""The law as it stands: each rule in flux written once (macros/dated-notes.yml) and the red
card's words written once (macros/red-card.yml), included by every page that needs them; the
corrections of the fact base's 2026-12-03 revision on the pages they concern."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import yaml
from conftest import ROOT, doc_pages, html_pages

from macros import law
from macros.render import long_date
from macros.site import UPSTREAM_LANGUAGES as LANGS
from macros.site import url_path

DOCS = ROOT / "docs"
FACT_BASE_IDS = (
    "i205-home-entry",
    "bia-10-day-appeals",
    "bond-mandatory-detention",
    "registration-g325r",
    "vasquez-perdomo-stops",
    "expedited-removal-expansion",
    "protected-areas-rescinded",
    "third-country-removals",
    "masked-agents",
    "courthouse-arrests",
    "appointment-arrests",
    "tps-daca-parole",
    "irs-ice-data",
    "cbp-home-self-deport",
    "plyler-state-challenges",
    "detainer-state-mandates",
    "birthright-citizenship",
)
NOTE_CALL = re.compile(r"\{\{\s*dated_note\(\s*\"([\w-]+)\"\s*\)\s*\}\}")
ISO_DATE = re.compile(r"\b20\d\d-[01]\d-[0-3]\d\b")


def _front_matter(path) -> dict:
    return yaml.safe_load(path.read_text().split("\n---\n", 1)[0].removeprefix("---\n"))


def _built(site, lang: str, page: str):
    """The built file of a source page, e.g. ("es", "family-plan/index.md")."""
    return (site / "es" if lang == "es" else site) / url_path(page) / "index.html"


class _Text(HTMLParser):
    """A page's main text, less what the macros wrote from the one source (notes, the card's
    words and the cards themselves), so that what remains was typed on the page."""

    INCLUDED = ("kyr-note", "kyr-say", "kyr-card", "kyr-show-card")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # for each open element: inside an included part?
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        inside = bool(self.stack and self.stack[-1]) or any(c in self.INCLUDED for c in classes)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self.stack.append(inside)
        if tag == "article":
            self.in_main += 1

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.pop()
        if tag == "article":
            self.in_main -= 1

    def handle_data(self, data):
        if self.in_main and not (self.stack and self.stack[-1]):
            self.parts.append(data)


def typed_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _sentences(text: str) -> list[str]:
    """The sentences of a note or phrase worth looking for: six words or more."""
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6]


# --- the sources themselves ---------------------------------------------------------------


def test_every_dated_note_of_the_fact_base_is_written_once_per_language():
    notes = law.notes()
    assert sorted(notes) == sorted(FACT_BASE_IDS)
    for note_id, note in notes.items():
        assert isinstance(note["checked"], date), note_id
        assert note["sources"] and all(s["url"].startswith("https://") for s in note["sources"])
        for lang in LANGS:
            text = note[lang]
            assert text["title"] and text["action"] and text["known"], (note_id, lang)
            words = len(f"{text['action']} {text['known']}".split())
            assert words <= 110, f"{note_id} ({lang}): {words} words, more than a phone screen"
            assert not ISO_DATE.search(text["known"] + text["action"]), (note_id, lang)


def test_the_card_refuses_entry_and_says_text_or_call():
    card = law.card()
    assert card["phrases"]["no_entry"]["en"] == "I do not consent to your entry or to a search."
    assert "no_entry" in card["card"] and "door" in card["card"]
    assert "federal or state judge" in card["phrases"]["door"]["en"]
    assert card["text_or_call"]["en"] == "Text or call"
    for phrases in card["phrases"].values():
        assert set(phrases) == set(LANGS)


# --- included, never typed -------------------------------------------------------------


def test_no_page_types_a_dated_note_or_the_red_cards_words(example_site):
    """Compare the built text of every page, less what the macros included, with the two
    sources: no sentence of a note or of the card may remain."""
    wanted: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for note in law.notes().values():
        for lang in LANGS:
            # What is known, sentence by sentence; what to do, whole (pages give the same
            # advice in the same plain words, and should).
            wanted[lang] += [note[lang]["action"], *_sentences(note[lang]["known"])]
    for phrases in law.card()["phrases"].values():
        for lang in LANGS:
            wanted[lang] += [phrases[lang]] if len(phrases[lang].split()) >= 4 else []
    problems = []
    for page in html_pages(example_site):
        text = typed_text(page.read_text())
        for lang in LANGS:
            problems += [f"{page}: {s!r}" for s in wanted[lang] if s in text]
    assert not problems, "\n".join(problems[:20])


def test_no_page_keeps_a_hand_typed_note_of_the_old_kind():
    for lang in LANGS:
        for page in doc_pages(lang):
            text = (DOCS / lang / page).read_text()
            assert "(note of 2026-11-23)" not in text and "(nota del 2026-11-23)" not in text, page


@pytest.mark.parametrize("lang", LANGS)
def test_pages_with_a_dated_note_show_its_date_in_words_and_were_reviewed_since(example_site, lang):
    used = 0
    for page in doc_pages(lang):
        source = DOCS / lang / page
        ids = NOTE_CALL.findall(source.read_text())
        if not ids:
            continue
        used += 1
        reviewed = _front_matter(source)["last_reviewed"]
        html = _built(example_site, lang, page).read_text()
        for note_id in ids:
            checked = law.note_checked(note_id)
            assert reviewed >= checked, f"{lang}/{page}: reviewed {reviewed}, note {note_id}"
            assert long_date(checked, lang) in html, (lang, page, note_id)
            assert f'id="note-{note_id}"' in html
    assert used >= 10, "the dated notes are included on the pages that need them"


# --- the corrections ----------------------------------------------------------------------


def _page_text(site, lang: str, page: str) -> str:
    return re.sub(r"\s+", " ", _built(site, lang, page).read_text())


def test_the_court_page_gives_10_days_and_no_page_says_30_days_for_an_appeal(example_site):
    assert "10 days" in _page_text(example_site, "en", "know-your-rights/at-court.md")
    assert "10 días" in _page_text(example_site, "es", "know-your-rights/at-court.md")
    for page in html_pages(example_site):
        text = re.sub(r"\s+", " ", page.read_text())
        assert not re.search(r"30 (days|días)[^.]{0,80}(appeal|apela)", text), page
        assert not re.search(r"(appeal|apela)[^.]{0,80}30 (days|días)", text), page


def test_the_detained_page_names_habeas_corpus(example_site):
    assert "habeas corpus" in _page_text(example_site, "en", "know-your-rights/if-detained.md")
    assert "hábeas corpus" in _page_text(example_site, "es", "know-your-rights/if-detained.md")


def test_the_registration_page_names_form_g325r(example_site):
    for lang in LANGS:
        assert "G-325R" in _page_text(example_site, lang, "know-your-rights/registration.md")


@pytest.mark.parametrize(
    "page", ["know-your-rights/check-ins.md", "know-your-rights/leaving-the-us.md"]
)
def test_the_new_pages_exist_in_both_languages(example_site, page):
    """Each in its own language, and each sends the reader to a lawyer in its own text (not
    only in a note or the navigation). The Spanish page was not checked before."""
    advice = {"en": "talk to a lawyer", "es": "hable con un abogado"}
    for lang in LANGS:
        html = _built(example_site, lang, page).read_text()
        assert f'<html lang="{lang}"' in html, (lang, page)
        assert advice[lang] in typed_text(html).lower(), (lang, page)


def test_the_family_plan_says_children_born_in_the_us_are_citizens(example_site):
    assert "born in the U.S. are U.S. citizens" in _page_text(
        example_site, "en", "family-plan/index.md"
    )
    assert "nacidos en EE. UU. son ciudadanos" in _page_text(
        example_site, "es", "family-plan/index.md"
    )


def test_no_page_says_a_judges_signature_alone_makes_a_judicial_warrant(example_site):
    """The old test ("a warrant signed by a judge") passes an immigration judge's order."""
    loose = re.compile(
        r"(warrant|orden)[^.]{0,40}(signed by a judge|firmada por un juez)(?! (federal|de una))"
        r"(?!\s*(or|o)\s*(a )?magistrad)(?! of that court)(?! de esa corte)",
        re.I,
    )
    for page in html_pages(example_site):
        text = re.sub(r"\s+", " ", typed_text(page.read_text()))
        match = loose.search(text)
        assert not match, f"{page}: ...{text[max(0, match.start() - 60) : match.end() + 60]}..."


def test_the_i205_is_never_called_just_a_deportation_order_in_spanish(example_site):
    """Form I-205 is an officer's paper; "orden de deportación" alone names the judge's order."""
    glossed = re.compile(
        r"I-205\)?[^.]{0,40}?orden de deportación(?! final de un juez| de un juez)"
    )
    named = re.compile(r"orden de deportación\s*\((?!formulario I-205\))[^)]*I-205")
    for page in html_pages(example_site / "es"):
        text = re.sub(r"\s+", " ", typed_text(page.read_text()))
        for pattern in (glossed, named):
            match = pattern.search(text)
            assert not match, f"{page}: {match and match[0]}"


@pytest.mark.parametrize("situation", ["at-home", "in-public", "in-a-car", "at-work"])
def test_where_readers_meet_agents_they_learn_to_check_it_is_really_an_agent(
    example_site, situation
):
    page = f"know-your-rights/{situation}.md"
    english, spanish = _page_text(example_site, "en", page), _page_text(example_site, "es", page)
    assert "Is it really an agent?" in english and "¿Es de verdad un agente?" in spanish
    assert 'id="note-masked-agents"' in english and 'id="note-masked-agents"' in spanish
