import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.browser_support import CHROMIUM_ARGS, ORIGINALS, PLAIN_STATIC, served_live


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Page tests render {% static %} without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "originals": ORIGINALS,
    }


@pytest.fixture(autouse=True)
def _search_vocabulary(request):
    """The reviewed synonyms and translations a migration loads (search/migrations/0002), put back after every
    transactional test: such a test ends by emptying every table, the data migrations' rows included, and the
    search tests after it would otherwise run without them."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if not ((marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames):
        return
    import importlib

    from django.apps import apps as installed

    from search.models import Synonym

    with request.getfixturevalue("django_db_blocker").unblock():
        if not Synonym.objects.exists():
            importlib.import_module("search.migrations.0002_reviewed_vocabulary").load(installed, None)


def _empty_archive():
    from meetings.models import Body, Meeting, Person, SearchWord, Topic
    from tests.browser_support import assert_test_database

    assert_test_database()
    Meeting.objects.all().delete()
    Topic.objects.all().delete()
    Person.objects.all().delete()
    Body.objects.all().delete()
    SearchWord.objects.all().delete()


@pytest.fixture(scope="module")
def sample_archive(django_db_setup, django_db_blocker):
    """The five sample documents ingested (and topics assigned) once for a test module, removed after it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        _empty_archive()
        call_command("ingest", "data/samples", verbosity=0)
        call_command("load_topics", verbosity=0)
        yield
        _empty_archive()


@pytest.fixture(scope="module")
def live_archive(django_db_setup, django_db_blocker):
    """The samples, committed, served by pytest-django's live server for this module; emptied afterwards."""
    with django_db_blocker.unblock(), override_settings(STORAGES=PLAIN_STATIC):
        call_command("ingest", "data/samples", verbosity=0)
        call_command("load_topics", verbosity=0)
        with served_live() as url:
            yield url


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
