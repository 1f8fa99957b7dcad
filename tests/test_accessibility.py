"""WCAG 2.1 AA with axe-core in headless Chromium: no serious or critical violations on the main pages.

Add a page by adding its URL to PAGES.
"""

from __future__ import annotations

import pytest

from tests.browser_support import ARTIFACTS

# django_db: makes pytest-django create the test database (the data itself is committed by live_archive).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = [
    "/",
    "/moeder/",
    "/moeder/kkr-hovedstaden/2022-06-21/",
    "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/",
    "/moeder/kkr-hovedstaden/2020-02-07/punkt/3.1/",
    "/sager/SAG-2022-01250/",
    "/medlemmer/",
    "/medlemmer/niels-peder-ravn/",
    "/emner/",
    "/emner/sundhed/",
    "/soeg/?q=sundhedsklynger",
    "/soeg/?q=kommune&aar=2022&sortering=dato",
    "/soeg/?q=sundhedsklyngr",
    "/status/",
    "/findes/ikke/",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# The search page in each of its states; these must have no violation at all, at desktop and at phone width.
SEARCH_PAGES = [
    "/soeg/",
    "/soeg/?q=sundhedsklynger",
    "/soeg/?q=sundhed&aar=2022&organ=kkr-hovedstaden&fra=2022-01-01&udfald=godkendt",
    "/soeg/?q=Hvad+besluttede+de+om+sundhedsklynger%3F",
    "/soeg/?q=sundhedsklyngr",
    "/soeg/?q=sundhed&fra=ikke-en-dato&side=abc",
]
WIDTHS = {"desktop": {"width": 1200, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def tab(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-report.txt").write_text("page\trule\timpact\thelp\tnodes\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(live_archive, tab, path):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(live_archive + path)
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    with (ARTIFACTS / "axe-report.txt").open("a", encoding="utf-8") as report_file:
        for v in violations or [{"id": "-", "impact": "none", "help": "no violations", "nodes": []}]:
            report_file.write(f"{path}\t{v['id']}\t{v['impact']}\t{v['help']}\t{len(v['nodes'])}\n")
    blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not blocking, f"{path}:\n{report}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_the_search_page_has_no_axe_violations_at_desktop_and_phone_width(live_archive, browser, path, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=WIDTHS[width], is_mobile=width == "phone")
    try:
        page = context.new_page()
        page.goto(live_archive + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # checked too
        violations = (
            Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
        )
    finally:
        context.close()
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
