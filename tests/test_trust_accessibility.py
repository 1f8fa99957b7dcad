"""The pages of versions and corrections (docs/trust.md) pass axe at desktop and phone width: a meeting updated by a
new version, an item it withdrew, an item staff corrected, the meeting whose attendance staff corrected."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test.utils import override_settings

from tests.browser_support import ARTIFACTS, PLAIN_STATIC, served_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SAMPLE = Path("data/samples/000_bfbe36a0753158a4.txt")
MEETING = "/moeder/kkr-hovedstaden/2022-06-21/"
PAGES = [MEETING, f"{MEETING}punkt/3.9/", f"{MEETING}punkt/1.1/"]
WIDTHS = {"desktop": {"width": 1200, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def updated_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample minutes, a new version of them (1.1 rejected, 3.9 gone), and two staff corrections, committed
    and served by a live server for this module."""
    from ingest.pipeline import ingest_file
    from meetings import services
    from meetings.models import AgendaItem, Attendance

    folder = tmp_path_factory.mktemp("versions")
    text = SAMPLE.read_text(encoding="utf-8")
    start, end = text.index("3.9. Kommunefordeling"), text.index(" 4. Udpegninger")
    with django_db_blocker.unblock(), override_settings(STORAGES=PLAIN_STATIC):
        for name, content in [
            ("v1", text),
            (
                "v2",
                (text[:start] + text[end:]).replace("Dagsordenen blev godkendt.", "Dagsordenen blev afvist."),
            ),
        ]:
            (folder / name).mkdir()
            (folder / name / SAMPLE.name).write_text(content, encoding="utf-8")
            ingest_file(folder / name / SAMPLE.name)
        item = AgendaItem.objects.get(number="1.1")
        AgendaItem.objects.filter(pk=item.pk).update(title="Godkendelse af dagsordenen for mødet")
        services.correct(
            item=item,
            field="title",
            value="Godkendelse af dagsordenen for mødet",
            shown_value=item.title,
            reason="Titlen var afkortet i referatet.",
            user="sekretariat",
        )
        row = Attendance.objects.filter(meeting=item.meeting, status="present").first()
        shown = services.attendance_value(row)
        Attendance.objects.filter(pk=row.pk).update(status="absent")
        services.correct(
            meeting=item.meeting,
            person=row.person,
            field="attendance",
            value={**shown, "status": "absent"},
            shown_value=shown,
            reason="Meldte afbud.",
            user="sekretariat",
        )
        with served_live() as url:
            yield url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_the_pages_of_versions_and_corrections_have_no_serious_axe_violations(
    updated_archive, browser, path, width
):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=WIDTHS[width], is_mobile=width == "phone")
    try:
        page = context.new_page()
        response = page.goto(updated_archive + path)
        assert response.status == 200
        text = page.inner_text("main")
        assert {
            MEETING: "Opdateret",
            f"{MEETING}punkt/3.9/": "Punktet er trukket tilbage",
            f"{MEETING}punkt/1.1/": "Rettet",
        }[path] in text
        ARTIFACTS.mkdir(exist_ok=True)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=ARTIFACTS / f"trust-{name}-{width}.png", full_page=True)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        blocking = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not blocking, [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in blocking]
    finally:
        context.close()
