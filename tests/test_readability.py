"""Plain language: the family pages meet the content guide's readability targets."""

from __future__ import annotations

import pytest
from readability import (
    DOCS,
    MAX_GRADE_EN,
    MIN_EASE_ES,
    held_to_targets,
    pages,
    prose,
    score,
    syllables_en,
    syllables_es,
)

HELD = [page for page in pages() if held_to_targets(page)]


@pytest.mark.parametrize("page", HELD)
def test_english_reads_at_grade_8_or_below(page):
    grade = score((DOCS / "en" / page).read_text(), "en").flesch_kincaid_grade
    assert grade <= MAX_GRADE_EN, f"{page}: Flesch-Kincaid grade {grade:.1f}"


@pytest.mark.parametrize("page", HELD)
def test_spanish_reads_at_70_or_above(page):
    ease = score((DOCS / "es" / page).read_text(), "es").fernandez_huerta
    assert ease >= MIN_EASE_ES, f"{page}: Fernández-Huerta {ease:.1f}"


def test_the_family_pages_are_held_to_the_targets():
    assert {"index.md", "know-your-rights/index.md"} <= set(HELD)


def test_syllable_counts():
    assert [syllables_en(w) for w in ("warrant", "immigration", "the")] == [2, 4, 1]
    assert [syllables_es(w) for w in ("puerta", "inmigración", "que", "aéreo", "ley")] == [
        2,
        4,
        1,
        4,
        1,
    ]


def test_prose_drops_markup_and_macros():
    text = prose(
        '---\ntitle: x\n---\n# Heading\n\n!!! say "What"\n\n    Call {{ hotline() }} now\n'
    )
    assert text == "Call  now."


def test_a_hard_text_scores_hard():
    hard = "Notwithstanding jurisdictional considerations, administrative determinations " * 3
    assert score(hard + ".", "en").flesch_kincaid_grade > 12
