"""WCAG 2.1 AA with axe-core in headless Chromium: no serious or critical violations on the main pages.

Add a page by adding its URL to PAGES.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

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
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def truncate_archive() -> None:
    """Empty the archive's tables again, and end the live server's leftover connections to the test database."""
    models = apps.get_app_config("meetings").get_models(include_auto_created=True)
    tables = ", ".join(connection.ops.quote_name(name) for name in sorted({m._meta.db_table for m in models}))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture(scope="module")
def live_archive(django_db_setup, django_db_blocker):
    """The samples, committed, served by pytest-django's live server for this module; emptied afterwards."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(STORAGES=PLAIN_STATIC):
        call_command("ingest", "data/samples", verbosity=0)
        call_command("load_topics", verbosity=0)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            truncate_archive()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread for as long as the browser lives; Django then
    # refuses database access from this thread (the per-test transaction of pytest-django) unless told that
    # this is safe, which it is: nothing here is asynchronous.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
