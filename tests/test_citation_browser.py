"""A journalist's path in headless Chromium, at desktop and phone width: search, open an item, copy its citation,
open its source at the right page; axe on the pages the trust work changed.

The archive is the samples plus the minutes of 21 June 2022 as the PDF KL published, and an agenda for that
meeting made from the minutes' own parse (no decisions, one recommendation rewritten), so the meeting page has
something to say about what the minutes changed.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.browser_support import ARTIFACTS, PLAIN_STATIC, served_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PDF = Path(__file__).resolve().parent / "fixtures" / "referat-2022-06-21.pdf"
MEETING = "/moeder/kkr-hovedstaden/2022-06-21/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def add_agenda_made_from_the_minutes() -> None:
    from meetings.models import Meeting, SourceDocument

    meeting = Meeting.objects.get(body__slug="kkr-hovedstaden", date="2022-06-21")
    minutes = meeting.documents.filter(kind="referat").order_by("ingested_at").first()
    parsed = copy.deepcopy(minutes.parsed)
    parsed["kind"] = "dagsorden"
    for item in parsed["items"]:
        item["decision"] = None
        if item["number"] == "3.5":
            item["recommendation"] = "Det indstilles, at KKR Hovedstaden drøfter praksisplanen."
    text = f"{minutes.text}\n(dagsorden)"
    SourceDocument.objects.create(
        meeting=meeting,
        file_name="dagsorden-2022-06-21.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        size=len(text.encode()),
        format="txt",
        kind="dagsorden",
        text=text,
        parsed=parsed,
    )


@pytest.fixture(scope="module")
def archive_url(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(STORAGES=PLAIN_STATIC):
        call_command("ingest", "data/samples", str(PDF), verbosity=0)
        call_command("load_topics", verbosity=0)
        add_agenda_made_from_the_minutes()
        with served_live() as url:
            yield url


@pytest.fixture(params=["desktop", "phone"])
def tab(request, browser, archive_url):
    viewport = DESKTOP if request.param == "desktop" else PHONE
    phone = request.param == "phone"
    context = browser.new_context(viewport=viewport, locale="da-DK", is_mobile=phone, has_touch=phone)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=archive_url)
    page = context.new_page()
    page.device = request.param
    yield page
    context.close()


def test_search_open_copy_the_citation_and_open_the_source_at_its_page(archive_url, tab):
    tab.goto(archive_url + "/soeg/?q=praksisplan+fysioterapi")
    tab.locator("main a[href*='/punkt/3.5/']").first.click()
    tab.wait_for_url(re.compile(r"/punkt/3\.5/$"))
    item_url = tab.url

    # The citation comes before the decision, and the copy button (an enhancement) is shown by the script.
    citation = tab.locator("#henvisning-tekst")
    assert citation.bounding_box()["y"] < tab.locator("#beslutning").bounding_box()["y"]
    expected = " ".join(citation.inner_text().split())
    assert expected.startswith("KKR Hovedstaden, referat 21.06.2022, punkt 3.5: Godkendelse af praksisplan")
    assert expected.endswith(item_url)
    button = tab.get_by_role("button", name="Kopiér henvisningen")
    button.click()
    tab.get_by_role("status").get_by_text("Henvisningen er kopieret.").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == expected
    assert " ".join(tab.evaluate("window.getSelection().toString()").split()) == expected

    # The source: the PDF at the page the item starts on, served as the PDF the archive received.
    link = tab.locator(".source-line a[href*='#page=']")
    href = link.get_attribute("href")
    page_number = int(href.rsplit("#page=", 1)[1])
    assert page_number > 1
    assert f"Referat (PDF), side {page_number}" in " ".join(tab.locator(".source-line").inner_text().split())
    response = tab.request.get(archive_url + href.split("#")[0])
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body() == PDF.read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"citation-{tab.device}.png"), full_page=True)


def test_the_citation_can_be_selected_and_copied_without_javascript(browser, archive_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(archive_url + MEETING + "punkt/3.5/")
    assert not page.get_by_role("button", name="Kopiér henvisningen").is_visible()
    citation = page.locator("#henvisning-tekst")
    citation.click(click_count=3)  # a triple click selects the paragraph
    selected = " ".join(page.evaluate("window.getSelection().toString()").split())
    assert selected == " ".join(citation.inner_text().split())
    context.close()


def test_the_meeting_page_says_what_the_minutes_changed(archive_url, tab):
    tab.goto(archive_url + MEETING)
    section = tab.locator("#fra-dagsorden-til-referat")
    text = " ".join(section.inner_text().split())
    assert "Ændrede indstillinger (1)" in text
    assert "Dagsordenen Det indstilles, at KKR Hovedstaden drøfter praksisplanen." in text
    assert "Beslutninger i referatet" in text


@pytest.mark.parametrize(
    "path",
    [
        MEETING,
        MEETING + "punkt/3.5/",
        MEETING + "punkt/3.4/",
        "/sager/SAG-2022-01250/",
        "/sager/SAG-2022-02369/",
        "/emner/sundhed/",
    ],
)
def test_no_axe_violations_on_the_changed_pages(archive_url, browser, path):
    from axe_playwright_python.sync_playwright import Axe

    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(archive_url + path)
        violations = (
            Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
        )
        context.close()
        report = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert not violations, f"{path} at {viewport['width']}px: {report}"
