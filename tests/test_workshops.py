"""The train-the-trainer kit under /workshops/: agendas whose times add up, a quiz that works
offline and keeps nothing, slides for a projector, and handouts that carry the hotline."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import urljoin

import pytest
from conftest import EXAMPLE_FILE
from pypdf import PdfReader
from test_offline import WAIT_FOR_CACHED

from macros.affiliate import load_affiliate, national_format

HOTLINE = national_format(load_affiliate(EXAMPLE_FILE).hotline.number)
LANGS = {"en": "", "es": "es/"}
STATED_LENGTH = re.compile(r"(\d+) (minutes|minutos|hours|horas)")
SPAN = re.compile(r"(\d+):(\d\d)–(\d+):(\d\d)")


def _agendas(site, prefix: str) -> dict[str, tuple[str, list[str]]]:
    """Each agenda's heading and the first cell of each row of its table, by its id."""
    html = (site / prefix / "workshops" / "agendas" / "index.html").read_text()
    agendas = {}
    for match in re.finditer(
        r'<div class="kyr-agenda" id="present-([\w-]+)">(.*?)</table>', html, re.S
    ):
        heading = re.search(r"<h2[^>]*>(.*?)<", match[2])[1]
        rows = re.findall(r"<tr>\s*<td>([^<]*)</td>", match[2])
        agendas[match[1]] = (unescape(heading), rows)
    return agendas


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_times_add_up_to_the_stated_length(example_site, lang):
    agendas = _agendas(example_site, LANGS[lang])
    assert set(agendas) == {"parents-60", "parents-90", "students-45", "trainers-120"}
    for name, (heading, rows) in agendas.items():
        number, unit = STATED_LENGTH.search(heading).groups()
        stated = int(number) * (60 if unit in ("hours", "horas") else 1)
        assert str(stated) in name, (name, heading)
        clock = 0
        for row in rows:
            start_h, start_m, end_h, end_m = map(int, SPAN.fullmatch(row.strip()).groups())
            start, end = start_h * 60 + start_m, end_h * 60 + end_m
            assert start == clock and end > start, f"{lang} {name}: {row} starts at {clock}"
            clock = end
        assert clock == stated, f"{lang} {name}: segments add up to {clock}, not {stated}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_kit_has_six_scenarios_and_twelve_quiz_questions(example_site, lang):
    workshops = example_site / LANGS[lang] / "workshops"
    scenarios = (workshops / "scenarios" / "index.html").read_text()
    assert len(re.findall(r'<h2 class="kyr-scenario"', scenarios)) >= 6
    quiz = (workshops / "quiz" / "index.html").read_text()
    questions = re.findall(r"<fieldset>(.*?)</fieldset>", quiz, re.S)
    assert len(questions) >= 10
    for question in questions:
        assert "<legend>" in question
        assert len(re.findall(r'type="radio"', question)) >= 3
        assert len(re.findall(r"data-right", question)) == 1
        assert re.search(
            r'class="kyr-quiz__why">.*<a href="\.\./\.\./[\w/-]+/(#[\w-]+)?"', question
        )


# --- the quiz, in a real browser ------------------------------------------------------

STORAGE = """async () => JSON.stringify([
  Object.entries(localStorage), Object.entries(sessionStorage),
  document.cookie, (await indexedDB.databases()).map((d) => d.name)])"""


def _answer_every_question(page, right: bool) -> list[str]:
    """Choose the right (or the first wrong) answer of each question; return the feedback."""
    feedback = []
    for question in page.locator(".kyr-quiz fieldset").all():
        choice = "input[data-right]" if right else "input:not([data-right])"
        question.locator(choice).first.check()
        assert question.locator(".kyr-quiz__why").is_visible()
        assert question.locator(".kyr-quiz__why a").count() == 1
        feedback.append(question.locator(".kyr-quiz__result").inner_text())
    return feedback


@pytest.mark.parametrize("lang", LANGS)
def test_the_quiz_gives_feedback_and_keeps_nothing_even_offline(chromium, served, lang):
    words = {"en": ("Right.", "Not quite."), "es": ("¡Correcto!", "Esa no es la respuesta.")}[lang]
    address = served + LANGS[lang] + "workshops/quiz/"
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(address, wait_until="networkidle")
    assert page.evaluate(WAIT_FOR_CACHED, address)
    stored_before = page.evaluate(STORAGE)
    requests = []
    context.on("request", lambda request: requests.append(request.url))

    questions = page.locator(".kyr-quiz fieldset")
    assert not questions.first.locator(".kyr-quiz__why").is_visible()  # not before an answer
    wrong = _answer_every_question(page, right=False)
    assert all(words[1] in text for text in wrong), wrong
    assert all(words[0] in text for text in _answer_every_question(page, right=True))
    score = page.locator(".kyr-quiz__score").inner_text()
    assert re.search(rf"\b{questions.count()}\b.*\b{questions.count()}\b", score), score
    questions.first.locator("input").first.press("Enter")  # would submit a normal form
    page.wait_for_timeout(300)
    assert page.url == address
    assert requests == [], requests
    assert page.evaluate(STORAGE) == stored_before
    assert context.cookies() == []

    # Offline after this first visit: the page and its script come from the browser's copy.
    context.set_offline(True)
    page.reload()
    assert all(words[0] in text for text in _answer_every_question(page, right=True))
    context.close()


def test_the_quiz_prints_for_participants_or_as_the_answer_key(chromium, served):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(served + "workshops/quiz/")
    page.emulate_media(media="print")
    whys = page.locator(".kyr-quiz__why")
    assert page.locator(".kyr-quiz fieldset").first.is_visible()
    assert not whys.first.is_visible() and not page.locator("[data-kyr-key]").is_visible()
    assert HOTLINE in page.locator("body").inner_text()
    page.emulate_media(media="screen")
    page.locator("[data-kyr-key]").click()
    assert page.locator("[data-kyr-key]").get_attribute("aria-pressed") == "true"
    page.emulate_media(media="print")
    assert all(why.is_visible() for why in whys.all())
    marked = page.locator("label:has(input[data-right])").first
    assert "✔" in marked.evaluate("(label) => getComputedStyle(label, '::after').content")
    context.close()


# --- presenting an agenda -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_an_agenda_presents_as_one_slide_per_segment(chromium, served, lang):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(served + LANGS[lang] + "workshops/agendas/")
    page.locator('a[href="#present-parents-60"]').click()
    assert page.url.endswith("#present-parents-60")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator("#present-parents-90").is_visible()
    assert page.locator("#present-parents-60 .kyr-agenda__stop").is_visible()
    rows = page.locator("#present-parents-60 tbody tr")
    for row in rows.all():
        box = row.bounding_box()
        assert box["height"] >= 720 and box["width"] <= 1280
    points = rows.first.locator("td").nth(2)
    assert float(points.evaluate("(td) => getComputedStyle(td).fontSize")[:-2]) >= 28
    # The first slide is the agenda's title; each key goes on to the next segment.
    tops = rows.evaluate_all("(rows) => rows.map((r) => r.getBoundingClientRect().top + scrollY)")
    for key, row in (("PageDown", 0), ("ArrowRight", 1), ("PageDown", 2)):
        page.keyboard.press(key)
        page.wait_for_function("(top) => Math.abs(scrollY - top) < 2", arg=tops[row])
    page.locator("#present-parents-60 .kyr-agenda__stop").click()
    assert page.locator(".md-header").is_visible()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_tables_fit_a_320px_phone(chromium, served, lang):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(served + LANGS[lang] + "workshops/agendas/")
    rights = page.evaluate(
        "[...document.querySelectorAll('.kyr-agenda td')].map(td => "
        "td.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= 320
    context.close()


# --- handouts --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_handout_prints_with_the_hotline(chromium, served, lang):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(served + LANGS[lang] + "workshops/handouts/")
    links = page.locator("#handouts + ul a").evaluate_all("(links) => links.map(a => a.href)")
    assert len(links) >= 7
    for link in links:
        page.goto(link)
        page.emulate_media(media="print")
        assert HOTLINE in page.locator("body").inner_text(), link
        page.emulate_media(media="screen")
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_feedback_form_is_anonymous_and_the_report_goes_to_the_union(example_site, lang):
    html = (example_site / LANGS[lang] / "workshops" / "evaluation" / "index.html").read_text()
    form = html[html.index('<form class="kyr-form"') : html.index("</form>")]
    assert not re.search(r'name="[^"]*(name|nombre)', form)
    subject = {"en": "Workshop%20report", "es": "Informe%20del%20taller"}[lang]
    assert f'href="mailto:hotline@example.org?subject={subject}"' in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("handout", ["workshops/evaluation/", "workshops/five-things/"])
def test_one_page_handouts_print_on_one_sheet(chromium, served, lang, handout):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(served + LANGS[lang] + handout)
    pdf = PdfReader(io.BytesIO(page.pdf()))
    assert len(pdf.pages) == 1
    assert HOTLINE in pdf.pages[0].extract_text()
    context.close()


def test_a_teacher_gets_both_languages_offline_from_one_page_of_each(chromium, served):
    """The kit's 60-minute steps: open the agenda, then its twin; later, no network at all."""
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + "workshops/agendas/", wait_until="networkidle")
    switch = page.locator('a.md-select__link[hreflang="es"]').get_attribute("href")
    page.goto(urljoin(page.url, switch), wait_until="networkidle")
    assert page.url == served + "es/workshops/agendas/"
    for address in ("workshops/quiz/", "es/workshops/quiz/", "es/red-card/print/"):
        assert page.evaluate(WAIT_FOR_CACHED, served + address), address
    context.set_offline(True)
    for address in ("workshops/quiz/", "es/workshops/handouts/", "es/red-card/print/"):
        page.goto(served + address)
        assert page.locator("a.kyr-hotline").first.is_visible(), address
    page.goto(served + "workshops/agendas/#present-parents-60")
    assert not page.locator(".md-header").is_visible()
    assert page.locator("#present-parents-60 tbody tr").first.bounding_box()["height"] >= 640
    context.close()
