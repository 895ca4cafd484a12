"""Quick exit and the call bar: the controls a frightened reader needs, on every page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import AXE_TAGS, EXAMPLE_FILE, html_pages

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


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_the_family_plan_form_has_twenty_labelled_fields(example_site, prefix):
    page = (example_site / prefix / "family-plan" / "form" / "index.html").read_text()
    start = page.index('<form class="kyr-form"')
    html = page[start : page.index("</form>", start)]
    ids = re.findall(r'<(?:input|textarea)[^>]*\sid="([^"]+)"', html)
    assert len(ids) >= 20
    for field in ids:
        assert f'<label for="{field}">' in html, field
    assert html.startswith('<form class="kyr-form" method="dialog" autocomplete="off"')


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_typing_in_the_form_sends_and_stores_nothing(chromium, served, prefix):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(served + prefix + "family-plan/form/", wait_until="networkidle")
    requests = []
    context.on("request", lambda request: requests.append(request.url))
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
    page.locator('.kyr-form button[type="reset"]').click()
    assert fields.first.input_value() == ""
    context.close()
