"""A reader's path through the archive in headless Chromium: the decision first, on a phone too.

Screenshots of the main pages go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import pytest

from tests.browser_support import ARTIFACTS

# django_db: makes pytest-django create the test database (the data itself is committed by live_archive).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MEETING = "/moeder/kkr-hovedstaden/2022-06-21/"
ITEM = MEETING + "punkt/3.4/"
DECISION_START = "Stella Hansen præsenterede forslag til fælleskommunal organisering"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MAIN_PAGES = {
    "forside": "/",
    "moeder": "/moeder/",
    "moeder-2022": "/moeder/2022/",
    "moede": MEETING,
    "punkt": ITEM,
    "punkt-dagsorden": "/moeder/kkr-hovedstaden/2020-02-07/punkt/3.1/",
    "sag": "/sager/SAG-2022-01250/",
    "medlemmer": "/medlemmer/",
    "medlem": "/medlemmer/niels-peder-ravn/",
    "emner": "/emner/",
    "emne": "/emner/sundhed/",
    "404": "/findes/ikke/",
}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_item_page_shows_the_decision_near_the_top(live_archive, page):
    page.goto(live_archive + ITEM)
    decision = page.locator("#beslutning").get_by_text(DECISION_START)
    decision.wait_for()
    assert decision.is_visible()
    box = decision.bounding_box()
    assert box["y"] < DESKTOP["height"] / 2, "the decision is in the upper half of the first screen"
    assert page.locator("h1").count() == 1
    assert "Godkendelse af fælleskommunal organisering" in page.locator("h1").inner_text()


def test_item_page_on_a_phone(live_archive, phone):
    phone.goto(live_archive + ITEM)
    decision = phone.locator("#beslutning").get_by_text(DECISION_START)
    assert decision.is_visible()
    assert decision.bounding_box()["y"] < PHONE["height"], "the decision starts on the first screen"
    assert scroll_width(phone) <= PHONE["width"]
    phone.screenshot(path=str(ARTIFACTS / "punkt-mobil-foerste-skaerm.png"))


def test_a_readers_path_from_front_page_to_a_decision(live_archive, page):
    page.goto(live_archive + "/")
    page.get_by_role("link", name="KKR Hovedstaden, 21. juni 2022").click()
    page.wait_for_url(live_archive + MEETING)
    assert page.get_by_role("heading", level=1).inner_text() == "KKR Hovedstaden, referat 21. juni 2022"
    page.get_by_role("link", name="3.4 Godkendelse af fælleskommunal organisering", exact=False).click()
    page.wait_for_url(live_archive + ITEM)
    assert page.locator("#beslutning").get_by_text(DECISION_START).is_visible()
    # On to the next item, and to a member named on the meeting page.
    page.get_by_role("link", name="Næste punkt", exact=False).click()
    page.wait_for_url(live_archive + MEETING + "punkt/3.5/")
    page.go_back()
    page.get_by_role("link", name="SAG-2022-01250").click()
    page.wait_for_url(live_archive + "/sager/SAG-2022-01250/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sag SAG-2022-01250"


@pytest.mark.parametrize("device", ["page", "phone"])
def test_search_sundhedsklynger_then_first_result_shows_the_decision(live_archive, device, request):
    tab = request.getfixturevalue(device)
    tab.goto(live_archive + "/")
    tab.get_by_label("Søg i dagsordener og referater").fill("sundhedsklynger")
    tab.get_by_role("button", name="Søg").click()
    tab.wait_for_url("**/soeg/?q=sundhedsklynger")
    tab.locator("ol.hits li.hit h3 a").first.click()
    tab.wait_for_url(live_archive + ITEM)
    decision = tab.locator("#beslutning").get_by_text(DECISION_START)
    assert decision.is_visible()
    if device == "phone":
        assert scroll_width(tab) <= PHONE["width"]
        tab.goto(live_archive + "/soeg/?q=sundhedsklynger")
        assert scroll_width(tab) <= PHONE["width"], "the results page fits a phone"
        tab.screenshot(path=str(ARTIFACTS / "soegning-mobil.png"), full_page=True)


def test_search_box_on_the_front_page_goes_to_the_search(live_archive, page):
    page.goto(live_archive + "/")
    page.get_by_label("Søg i dagsordener og referater").fill("sundhedsklynger")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url("**/soeg/?q=sundhedsklynger")


def test_skip_link_is_the_first_stop_and_focus_is_visible(live_archive, page):
    page.goto(live_archive + ITEM)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Spring til indhold"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


def test_print_stylesheet_hides_the_site_and_shows_the_citation_address(live_archive, page):
    page.goto(live_archive + ITEM)
    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", "nav.breadcrumb", ".pager"):
        assert page.eval_on_selector(selector, "el => getComputedStyle(el).display") == "none", selector
    # The citation prints its permalink as text; the source document's link prints where it goes.
    assert ITEM in page.locator(".citation .reference").inner_text()
    after = page.eval_on_selector(".citation .source-line a", "el => getComputedStyle(el, '::after').content")
    assert "/kilder/" in after
    page.pdf(path=str(ARTIFACTS / "punkt-print.pdf"))


@pytest.fixture(scope="module")
def tabs(browser):
    """One desktop and one phone tab, reused by the screenshot tests (a new context costs ~0.3 s)."""
    contexts = {
        label: browser.new_context(viewport=viewport)
        for label, viewport in (("desktop", DESKTOP), ("mobil", PHONE))
    }
    yield {label: context.new_page() for label, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_main_pages_fit_a_phone_and_are_screenshotted(live_archive, tabs, name):
    ARTIFACTS.mkdir(exist_ok=True)
    for label, tab in tabs.items():
        response = tab.goto(live_archive + MAIN_PAGES[name])
        assert response.status == (404 if name == "404" else 200)
        width = tab.viewport_size["width"]
        assert scroll_width(tab) <= width, f"{name} scrolls sideways at {width}px"
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)


@pytest.mark.parametrize(
    "path",
    ["/soeg/?q=sundhed", "/soeg/?q=sundhed&aar=2022&organ=kkr-hovedstaden&udfald=godkendt&fra=2022-01-01"],
    ids=["query", "query-and-filters"],
)
def test_search_results_start_on_the_first_screen_of_a_phone(live_archive, phone, path):
    phone.goto(live_archive + path)
    first = phone.locator("ol.hits li.hit h3 a").first
    assert first.bounding_box()["y"] + first.bounding_box()["height"] < PHONE["height"]
    assert phone.locator(".chip").count() == (4 if "aar" in path else 0)
    assert scroll_width(phone) <= PHONE["width"]
    phone.screenshot(path=str(ARTIFACTS / f"soegning-mobil-{'filtre' if 'aar' in path else 'ord'}.png"))


def test_search_facets_stand_beside_the_results_on_a_desktop(live_archive, page):
    page.goto(live_archive + "/soeg/?q=sundhed")
    results, facets = (
        page.locator("section.results").bounding_box(),
        page.locator("aside.facets").bounding_box(),
    )
    assert facets["x"] >= results["x"] + results["width"] and facets["y"] < results["y"] + 200
    page.screenshot(path=str(ARTIFACTS / "soegning-desktop.png"), full_page=True)


def test_a_date_typed_into_the_period_filter_narrows_the_search_without_javascript(live_archive, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_archive + "/soeg/?q=sundhed")
        tab.locator("details.filters summary").click()
        tab.get_by_label("Fra", exact=True).fill("2025-01-01")
        tab.get_by_role("button", name="Anvend").click()
        tab.wait_for_url("**fra=2025-01-01**")
        assert "Fra dato: 1. januar 2025" in tab.locator(".chips").inner_text()
        dates = tab.locator("ol.hits .meta").all_inner_texts()
        assert dates and all("2025" in text for text in dates)
    finally:
        context.close()
