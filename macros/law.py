"""The law where it changes, each part written once: the dated notes (macros/dated-notes.yml)
and the red card's words (macros/red-card.yml), rendered in a page's language."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path

import yaml

from .text import escape

NOTES_FILE = Path(__file__).with_name("dated-notes.yml")
CARD_FILE = Path(__file__).with_name("red-card.yml")
CARD_LANGUAGE = "en"  # the words an agent hears: quoted in English on every page


@cache
def notes() -> dict[str, dict]:
    return yaml.safe_load(NOTES_FILE.read_text(encoding="utf-8"))["notes"]


@cache
def card() -> dict:
    return yaml.safe_load(CARD_FILE.read_text(encoding="utf-8"))


def note(note_id: str) -> dict:
    if note_id not in notes():
        raise ValueError(f"no dated note {note_id!r}; the ids are in {NOTES_FILE.name}")
    return notes()[note_id]


def note_checked(note_id: str) -> datetime.date:
    return note(note_id)["checked"]


def phrase(key: str, lang: str) -> str:
    phrases = card()["phrases"]
    if key not in phrases:
        raise ValueError(f"no red-card phrase {key!r}; the keys are in {CARD_FILE.name}")
    return phrases[key][lang]


def say(keys: tuple[str, ...], lang: str, translated: bool = False) -> str:
    """What to say to an agent, in English as the card says it, with the reader's language in
    brackets on other pages (and on English pages too when `translated`, in the card's back
    language)."""
    english = " ".join(phrase(key, CARD_LANGUAGE) for key in keys)
    quoted = f'"{escape(english)}"'
    other = lang if lang != CARD_LANGUAGE else (card()["sides"]["back"] if translated else None)
    if other is None:
        return f'<span class="kyr-say">{quoted}</span>'
    meaning = escape(" ".join(phrase(key, other) for key in keys))
    if lang == CARD_LANGUAGE:
        return f'<span class="kyr-say">{quoted} <span lang="{other}">({meaning})</span></span>'
    return f'<span class="kyr-say"><span lang="{CARD_LANGUAGE}">{quoted}</span> ({meaning})</span>'
