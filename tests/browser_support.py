"""Shared by the browser and accessibility tests: where screenshots go, how Chromium starts."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.db import connection

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Originals of the documents tests ingest go to a directory of the test run, never to the archive's own.
TEST_ORIGINALS = Path(tempfile.mkdtemp(prefix="kkrarchive-test-originals-"))
ORIGINALS = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(TEST_ORIGINALS)},
}
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "originals": ORIGINALS,
}


def assert_test_database() -> None:
    """Refuse to empty a database that is not the test run's own.

    pytest-django sets up the test database only when a selected test asks for `db`: a module fixture run
    for a selection of tests that do not (`-k ...`) would otherwise empty the developer's archive."""
    name, test_name = connection.settings_dict["NAME"], connection.settings_dict["TEST"]["NAME"]
    assert name == test_name, f"not the test database ({name!r}, not {test_name!r}): mark the tests django_db"


def truncate_archive() -> None:
    """Empty the archive's tables again, and end the live server's leftover connections to the test database."""
    assert_test_database()
    models = apps.get_app_config("meetings").get_models(include_auto_created=True)
    tables = ", ".join(connection.ops.quote_name(name) for name in sorted({m._meta.db_table for m in models}))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@contextmanager
def served_live() -> Iterator[str]:
    """pytest-django's live server for a module whose archive is already committed: its URL, then the server
    stopped and the archive emptied again."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        truncate_archive()
