"""Quick exit and the call bar: the controls a frightened reader needs, on every page."""

from __future__ import annotations

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import AXE_TAGS, EXAMPLE_FILE, PREFIXES, html_pages
from pypdf import PdfReader
from serve import serving

from macros.affiliate import load_affiliate

EXIT_URL = str(load_affiliate(EXAMPLE_FILE).quick_exit)


@pytest.fixture
def phone(chromium):
    """A phone-sized browser whose neutral exit site is answered locally (no network)."""
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    context.route(
        EXIT_URL + "**",
        lambda route: route.fulfill(
            body="<title>Weather</title><p>Weather</p>", content_type="text/html"
        ),
    )
    yield context.new_page()
    context.close()


def test_every_page_has_a_quick_exit_link_that_works_without_javascript(example_site):
    for page in html_pages(example_site):
        assert f'<a class="kyr-exit" href="{EXIT_URL}" rel="noreferrer"' in page.read_text(), page


def test_quick_exit_leaves_and_back_does_not_return(phone, served):
    phone.goto(served + "about/")
    phone.goto(served + "es/know-your-rights/at-home/")
    phone.locator("a.kyr-exit").click()
    phone.wait_for_url(EXIT_URL)
    phone.go_back()
    assert phone.url == served + "about/"  # the page the reader was on is gone from history


def test_escape_three_times_leaves(phone, served):
    phone.goto(served + "about/")
    phone.goto(served + "family-plan/")
    for _ in range(3):
        phone.keyboard.press("Escape")
    phone.wait_for_url(EXIT_URL)
    phone.go_back()
    assert phone.url == served + "about/"


@pytest.mark.parametrize("path", ["know-your-rights/at-home/", "es/letters/city-council/"])
def test_the_call_bar_is_always_in_reach_and_covers_nothing(phone, served, path):
    phone.goto(served + path)
    call = phone.locator(".kyr-callbar__call")
    for position in ("0", "document.body.scrollHeight / 2", "document.body.scrollHeight"):
        phone.evaluate(f"window.scrollTo(0, {position})")
        box = call.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 640, position
        assert box["height"] >= 24
    assert call.get_attribute("href") == "tel:+14135550100"
    # At the end of the page, the last line of the footer sits above the bar.
    bar_top = phone.locator(".kyr-callbar").bounding_box()["y"]
    footer_bottom = phone.evaluate(
        "document.querySelector('.md-footer').getBoundingClientRect().bottom"
    )
    assert footer_bottom <= bar_top + 1


def test_the_call_bar_has_a_text_link_only_when_there_is_an_sms_number(example_site, other_site):
    assert (
        'class="kyr-tel kyr-sms" href="sms:+14135550101"'
        in (example_site / "index.html").read_text()
    )
    assert "kyr-sms" not in (other_site / "index.html").read_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_controls_pass_axe_on_a_phone(chromium, served, scheme):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    for path in ("", "es/red-card/"):
        page.goto(served + path)
        results = Axe().run(
            page,
            context={"include": [[".kyr-exit"], [".kyr-callbar"]]},
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}},
        )
        assert results.response["violations"] == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


# --- the private family-plan form --------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_family_plan_form_has_twenty_labelled_fields(example_site, prefix):
    page = (example_site / prefix / "family-plan" / "form" / "index.html").read_text()
    start = page.index('<form class="kyr-form"')
    html = page[start : page.index("</form>", start)]
    ids = re.findall(r'<(?:input|textarea)[^>]*\sid="([^"]+)"', html)
    assert len(ids) >= 20
    for field in ids:
        assert f'<label for="{field}">' in html, field
    assert html.startswith('<form class="kyr-form" autocomplete="off"')


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("form", ["kyr-form", "kyr-quiz"])
def test_no_form_could_put_what_a_reader_types_into_an_address(example_site, prefix, form):
    """No method="dialog" (browsers without <dialog> submit it as GET) and, on the family
    plan, no `name` (which an ordinary submission would put into the address)."""
    path = "family-plan/form" if form == "kyr-form" else "workshops/quiz"
    page = (example_site / prefix / path / "index.html").read_text()
    tag = re.search(rf'<form[^>]*class="{form}"[^>]*>', page)  # Markdown may sort attributes
    html = page[tag.start() : page.index("</form>", tag.start())]
    assert "method=" not in tag[0] and "action=" not in tag[0]
    if form == "kyr-form":
        assert " name=" not in html


@pytest.mark.parametrize("prefix", PREFIXES)
def test_typing_in_the_form_sends_and_stores_nothing(chromium, served, prefix):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + prefix + "family-plan/form/", wait_until="networkidle")
    requests = []  # sent by the page (the service worker's own downloads are not the form's)
    page.on("request", lambda request: requests.append(request.url))
    fields = page.locator(".kyr-form input, .kyr-form textarea")
    for index in range(fields.count()):
        fields.nth(index).fill(f"secret {index}")
    fields.first.press("Enter")  # would submit a normal form
    page.wait_for_timeout(500)
    assert requests == []
    assert page.url == served + prefix + "family-plan/form/"
    stored = page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert "secret" not in stored  # Material keeps only its colour scheme choice there
    assert context.cookies() == []
    assert page.locator("[data-kyr-print]").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('.kyr-form button[type="reset"]').click()
    assert fields.first.input_value() == ""
    context.close()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_form_has_no_field_names_an_old_browser_could_put_in_the_address(example_site, prefix):
    page = (example_site / prefix / "family-plan" / "form" / "index.html").read_text()
    form = page[page.index('<form class="kyr-form"') : page.index("</form>")]
    assert " name=" not in form


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_form_asks_before_clearing_and_before_leaving_but_not_on_quick_exit(
    chromium, served, prefix
):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    context.route(EXIT_URL + "**", lambda route: route.fulfill(body="Weather"))
    page = context.new_page()
    page.goto(served + prefix + "family-plan/form/")
    field = page.locator(".kyr-form input").first
    field.fill("Ana, 2019")
    clear = page.locator('.kyr-form button[type="reset"]')
    box, print_box = clear.bounding_box(), page.locator("[data-kyr-print]").bounding_box()
    assert box["y"] - (print_box["y"] + print_box["height"]) >= 40  # apart from Print

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    clear.click()
    assert dialogs == ["confirm"] and field.input_value() == "Ana, 2019"

    page.evaluate("location.href = 'about:blank'")  # leaving: the browser asks first
    page.wait_for_timeout(500)
    assert dialogs == ["confirm", "beforeunload"]
    assert field.input_value() == "Ana, 2019"

    page.locator("a.kyr-exit").click()  # quick exit: never held up
    page.wait_for_url(EXIT_URL)
    assert dialogs == ["confirm", "beforeunload"]
    context.close()


def _longest_page(site, prefix: str) -> str:
    """The address of the longest page of one language (prefix "" or "es/")."""
    addresses = [p.relative_to(site).as_posix() for p in html_pages(site)]
    mine = [a for a in addresses if a.startswith(prefix) and (prefix or not a.startswith("es/"))]
    longest = max(mine, key=lambda address: len((site / address).read_text()))
    return longest.removesuffix("index.html")


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("width, height", [(360, 640), (1280, 800)])
def test_quick_exit_stays_in_reach_at_every_scroll_position(
    chromium, example_site, served, prefix, width, height
):
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(served + _longest_page(example_site, prefix))
    exit_link = page.locator("a.kyr-exit")
    for position in ("0", "document.body.scrollHeight / 2", "document.body.scrollHeight"):
        page.evaluate(f"window.scrollTo(0, {position})")
        box = exit_link.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, position
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["height"] >= 24
        # Nothing covers it: the point at its center is the link itself.
        center = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a.kyr-exit') !== null", center
        ), position
    context.close()


def test_escape_three_times_within_three_seconds_leaves(phone, served):
    phone.goto(served + "about/")
    phone.goto(served + "es/family-plan/")
    for _ in range(3):
        phone.keyboard.press("Escape")
        phone.wait_for_timeout(900)  # a slower reader: still within three seconds
    phone.wait_for_url(EXIT_URL)


def test_escape_while_presenting_stops_presenting_and_never_leaves(phone, served):
    phone.goto(served + "workshops/agendas/#present-parents-60")
    for _ in range(3):
        phone.keyboard.press("Escape")
    phone.wait_for_timeout(500)
    assert phone.url == served + "workshops/agendas/#parents-60"
    assert not phone.locator(".kyr-agenda:target .kyr-agenda__stop").count()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_agents_at_my_door_is_one_tap_from_the_home_page(phone, served, prefix):
    phone.goto(served + prefix)
    button = phone.locator("a.kyr-door-button")
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= 640 and box["height"] >= 44
    button.click()
    phone.wait_for_url(served + prefix + "know-your-rights/at-home/")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_real_copys_home_page_shows_the_five_steps_and_the_hotline_first(
    other_site, chromium, prefix
):
    """On a 360 x 640 phone, above the call bar, with no scrolling: the five steps, each a
    link to its page or the hotline itself (a copy without the demo banner)."""
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    with serving(other_site) as base_url:
        page.goto(base_url + prefix)
        bar_top = page.locator(".kyr-callbar").bounding_box()["y"]
        steps = page.locator("article ol").first.locator(":scope > li")
        assert steps.count() == 5
        for index in range(5):
            box = steps.nth(index).locator("a").last.bounding_box()
            assert box and box["y"] + box["height"] <= bar_top, index
        assert steps.nth(4).locator('a[href^="tel:"]').count() == 1
        assert page.locator(".md-nav--primary .md-nav__link").first.inner_text().strip() in (
            "Home",
            "Inicio",
        )
    context.close()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_call_bar_never_breaks_a_number_across_lines(phone, served, prefix):
    phone.goto(served + prefix + "about/")
    for number in phone.locator(".kyr-callbar .kyr-nowrap").all():
        assert number.evaluate("n => n.getClientRects().length") == 1
    assert phone.locator(".kyr-callbar .kyr-nowrap").count() == 2  # call and text


@pytest.mark.parametrize(
    "prefix, date, signature", [("", "Date:", "Signature:"), ("es/", "Fecha:", "Firma:")]
)
def test_the_printed_form_has_a_date_and_signature_line_and_keeps_each_group_whole(
    chromium, served, prefix, date, signature
):
    page = chromium.new_page()
    page.goto(served + prefix + "family-plan/form/")
    page.emulate_media(media="print")
    assert page.eval_on_selector_all(
        ".kyr-form fieldset", "sets => sets.every(s => getComputedStyle(s).breakInside === 'avoid')"
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert date in text and signature in text
    page.close()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_section_tapped_in_the_phone_menu_opens_in_place(phone, served, prefix):
    """Not a page load that closes the menu: the section's pages show, the menu stays open."""
    phone.goto(served + prefix)
    phone.locator("label.md-header__button[for='__drawer']").click()
    section = phone.locator(".md-nav--primary > .md-nav__list > .md-nav__item--nested").first
    section.locator(":scope > .md-nav__link").click()
    at_home = section.locator('a[href$="know-your-rights/at-home/"]')
    at_home.wait_for(state="visible")
    # The section's pages slide in: wait until the link is on the screen, at most 5 s.
    phone.wait_for_function(
        "a => { const r = a.getBoundingClientRect(); "
        "return r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; }",
        arg=at_home.element_handle(),
        timeout=5000,
    )
    assert phone.url == served + prefix
    assert phone.locator("#__drawer").is_checked()
