"""The train-the-trainer kit under /workshops/: agendas whose times add up, a quiz that works
offline and keeps nothing, slides for a projector, and handouts that carry the hotline."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import urljoin

import pytest
import yaml
from conftest import EXAMPLE_FILE, LANGS, mkdocs_build, wait_until_saved_offline
from pypdf import PdfReader
from test_site_build import copy_project

from macros.affiliate import load_affiliate, national_format
from macros.agendas import AGENDAS_FILE, AgendaError, load_agendas, pack_path

HOTLINE = national_format(load_affiliate(EXAMPLE_FILE).hotline.number)
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
    wait_until_saved_offline(page)
    stored_before = page.evaluate(STORAGE)
    requests = []  # sent by the page (the service worker's own downloads are not the quiz's)
    page.on("request", lambda request: requests.append(request.url))

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
        # On the handout itself, not only in the print footer that most pages have.
        body = page.locator("article").evaluate(
            "a => { const c = a.cloneNode(true); c.querySelector('.kyr-print-footer')?.remove();"
            " return c.innerText; }"
        )
        assert HOTLINE in body, link
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


def test_a_teacher_gets_both_languages_offline_after_one_visit(chromium, served):
    """Open the agenda once, wait for "Saved for offline use"; later, no network at all."""
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + "workshops/agendas/", wait_until="networkidle")
    wait_until_saved_offline(page)  # said once, on the page open when the copy is complete
    switch = page.locator('a.md-select__link[hreflang="es"]').get_attribute("href")
    page.goto(urljoin(page.url, switch), wait_until="networkidle")
    assert page.url == served + "es/workshops/agendas/"
    context.set_offline(True)
    for address in ("workshops/quiz/", "es/workshops/handouts/", "es/red-card/print/"):
        page.goto(served + address)
        assert page.locator("a.kyr-hotline").first.is_visible(), address
    page.goto(served + "workshops/agendas/#present-parents-60")
    assert not page.locator(".md-header").is_visible()
    assert page.locator("#present-parents-60 tbody tr").first.bounding_box()["height"] >= 640
    context.close()


# --- the agendas as data, the presenter view and the packs ------------------------------

AGENDAS = load_agendas()


def _slides(page, agenda_id: str):
    """The slides of a presented agenda: its title, then one per segment."""
    return page.locator(f"#present-{agenda_id}").locator(".kyr-agenda__title, tbody tr")


def _shown_counter(page, agenda_id: str) -> str:
    """The counter of the slide on screen (each slide has its own, at its foot)."""
    return page.locator(f"#present-{agenda_id} .kyr-agenda__count").evaluate_all(
        """(counts) => counts.filter((c) => {
             const box = c.getBoundingClientRect();
             return box.top >= 0 && box.bottom <= innerHeight;
           }).map((c) => c.textContent).join(' and ')"""
    )


def _present(chromium, served, lang: str, agenda_id: str):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(served + LANGS[lang] + "workshops/agendas/")
    page.locator(f'a[href="#present-{agenda_id}"]').click()
    assert page.url.endswith(f"#present-{agenda_id}")
    return context, page


@pytest.mark.parametrize("lang", LANGS)
def test_each_slide_shows_the_hotline_while_presenting(chromium, served, lang):
    for agenda in AGENDAS.agendas:
        context, page = _present(chromium, served, lang, agenda.id)
        slides = _slides(page, agenda.id)
        assert slides.count() == len(agenda.segments) + 1
        sizes = []
        for number, slide in enumerate(slides.all(), start=1):
            slide.evaluate("(slide) => slide.scrollIntoView()")
            hotline = slide.locator(".kyr-agenda__hotline")
            assert HOTLINE in hotline.inner_text(), (agenda.id, number)
            # On the screen, in this slide, and not covered by anything.
            on_top = hotline.evaluate(
                """(hotline) => {
                     const box = hotline.getBoundingClientRect();
                     const slide = hotline.closest('.kyr-agenda__title, tr')
                       .getBoundingClientRect();
                     const there = document.elementFromPoint(
                       box.x + box.width / 2, box.y + box.height / 2);
                     return box.top >= 0 && box.bottom <= innerHeight && box.bottom <= slide.bottom
                       && hotline.contains(there);
                   }"""
            )
            assert on_top, f"{lang} {agenda.id}: slide {number}'s hotline is not on screen"
            sizes.append(float(hotline.evaluate("(e) => getComputedStyle(e).fontSize")[:-2]))
        assert sizes[-1] >= 1.8 * max(sizes[:-1]), f"{agenda.id}: the last slide's hotline {sizes}"
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_slide_counter_reads_1_of_n_and_follows_the_arrow_keys(chromium, served, lang):
    agenda = AGENDAS.get("parents-60")
    total = len(agenda.segments) + 1
    context, page = _present(chromium, served, lang, agenda.id)
    assert _shown_counter(page, agenda.id) == f"1 / {total}"
    hints = page.locator(f"#present-{agenda.id} .kyr-agenda__title .kyr-agenda__keys")
    assert hints.is_visible() and "Esc" in hints.inner_text() and "←" in hints.inner_text()
    for key, shown in (("ArrowRight", 2), ("ArrowRight", 3), ("ArrowLeft", 2)):
        page.keyboard.press(key)
        page.wait_for_function(
            "([id, text]) => [...document.querySelectorAll(`#present-${id} .kyr-agenda__count`)]"
            ".some((c) => { const b = c.getBoundingClientRect();"
            " return b.top >= 0 && b.bottom <= innerHeight && c.textContent === text; })",
            arg=[agenda.id, f"{shown} / {total}"],
        )
        assert _shown_counter(page, agenda.id) == f"{shown} / {total}", key
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_esc_again_and_again_while_presenting_stops_presenting_and_stays_on_the_site(
    chromium, served, lang
):
    context, page = _present(chromium, served, lang, "parents-90")
    context.route(lambda url: not url.startswith(served), lambda route: route.abort())
    page.keyboard.press("ArrowRight")
    for _ in range(5):  # a presenter pressing Esc "to be sure"
        page.keyboard.press("Escape")
        page.wait_for_timeout(150)
    page.wait_for_timeout(700)  # time for a quick exit to start, were it to
    assert page.url == served + LANGS[lang] + "workshops/agendas/#parents-90"
    assert page.locator(".md-header").is_visible()
    assert not page.locator("#present-parents-90 .kyr-agenda__foot").first.is_visible()
    context.close()


def _printed_first_line(page, address: str) -> str:
    """What a handout shows first on paper: its title, or (the red-card sheet, which prints
    only its cards) the first card's first line."""
    page.goto(address)
    page.emulate_media(media="print")
    text = page.locator(".md-content__inner").inner_text()
    page.emulate_media(media="screen")
    return next(line.strip() for line in text.splitlines() if line.strip())


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_agenda_has_a_pack_of_its_handouts_with_the_hotline_on_every_page(
    example_site, chromium, served, lang
):
    context = chromium.new_context()
    page = context.new_page()
    agendas_page = served + LANGS[lang] + "workshops/agendas/"
    page.goto(agendas_page)
    for agenda in AGENDAS.agendas:
        link = page.locator(f"#present-{agenda.id} a.kyr-agenda__pack")
        address = urljoin(agendas_page, link.get_attribute("href"))
        assert address == served + pack_path(agenda, lang), agenda.id
    first_lines: dict[str, str] = {}
    for agenda in AGENDAS.agendas:
        pdf = PdfReader(example_site / pack_path(agenda, lang))
        texts = [_words(sheet.extract_text()) for sheet in pdf.pages]
        for number, text in enumerate(texts, start=1):
            assert HOTLINE in text, f"{lang} {agenda.id}: no hotline on page {number}"
        # The pack is the handouts, in the workshop's order, each there in full.
        handouts = agenda.handouts()
        assert len(handouts) >= 4 and len(texts) >= len(handouts)
        found_at = -1
        for use in handouts:
            target = urljoin(agendas_page, "../" + use.page.replace(".md", "/"))
            target = target.replace("/index/", "/")
            if target not in first_lines:  # agendas share handouts: print each page once
                first_lines[target] = _words(_printed_first_line(page, target))
            first = first_lines[target]
            later = [i for i, text in enumerate(texts) if first in text and i > found_at]
            assert later, f"{lang} {agenda.id}: {first!r} not after page {found_at + 1}"
            found_at = later[0]
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_handouts_page_links_each_agendas_pack(example_site, lang):
    html = (example_site / LANGS[lang] / "workshops" / "handouts" / "index.html").read_text()
    address = f"https://site.test/{LANGS[lang]}workshops/handouts/"
    packs = {
        urljoin(address, href)
        for href in re.findall(r'<a class="[^"]*kyr-agenda__pack" href="([^"]+)" download', html)
    }
    assert packs == {f"https://site.test/{pack_path(a, lang)}" for a in AGENDAS.agendas}


def test_the_agendas_file_drives_the_times_of_both_languages(tmp_path):
    """Questions and Close of the 60-minute agenda, moved in the data file by two minutes."""
    project = copy_project(tmp_path / "project")
    data = project / "macros" / "agendas.yml"
    text = data.read_text()
    moved = text.replace("start: 50\n        end: 57\n", "start: 50\n        end: 55\n", 1)
    moved = moved.replace("start: 57\n        end: 60\n", "start: 55\n        end: 60\n", 1)
    assert moved.count("end: 55\n") == text.count("end: 55\n") + 1
    data.write_text(moved)
    result = mkdocs_build(tmp_path / "site", project=project, pdfs=False)
    assert result.returncode == 0, result.stderr
    for prefix in LANGS.values():
        rows = _agendas(tmp_path / "site", prefix)["parents-60"][1]
        assert rows[-2:] == ["0:50–0:55", "0:55–1:00"], (prefix, rows)


def test_times_that_do_not_add_up_stop_with_the_file_and_key(tmp_path):
    data = yaml.safe_load(AGENDAS_FILE.read_text())
    data["agendas"][1]["segments"][2]["end"] = 24
    data["agendas"][2]["segments"][0]["points"]["es"].pop()
    data["agendas"][3]["segments"][0]["titel"] = "x"
    path = tmp_path / "agendas.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(AgendaError) as error:
        load_agendas(path)
    assert error.value.problems == [
        "agendas.yml: agendas[1]: segments[3] starts at minute 25, but the one before ends at 24",
        "agendas.yml: agendas[2].segments[0].points: 3 points in en but 2 in es",
        "agendas.yml: agendas[3].segments[0].titel: unknown key",
    ]


def test_slides_carry_no_dates(example_site):
    for prefix in LANGS.values():
        html = (example_site / prefix / "workshops" / "agendas" / "index.html").read_text()
        slides = html[html.index('class="kyr-agenda"') : html.rindex("</table>")]
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\b20\d\d\b", slides), prefix


def test_a_bad_agendas_file_stops_the_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "macros" / "agendas.yml"
    data.write_text(data.read_text().replace("end: 57\n", "end: 56\n", 1))
    result = mkdocs_build(tmp_path / "site", project=project, pdfs=False)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        "ERROR: macros/agendas.yml: agendas[0]: segments[7] starts at minute 57, "
        "but the one before ends at 56"
    ]
    assert "Traceback" not in result.stderr
