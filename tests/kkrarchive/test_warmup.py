"""A worker loads the URLconf, the templates and its database connection before its first request."""

from __future__ import annotations

import gc
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines

from danish import dictionary
from danish.compounds import load_default_splitter
from kkrarchive.warmup import project_templates, warm

ROOT = Path(__file__).resolve().parents[2]


def _cached_loader():
    loader = engines["django"].engine.template_loaders[0]
    assert type(loader).__name__ == "Loader" and hasattr(loader, "get_template_cache"), "no cached loader"
    return loader


def test_the_project_templates_are_found():
    names = project_templates()
    assert "base.html" in names and "meetings/search.html" in names
    assert "alerts/digest_mail.txt" in names
    assert all(not name.startswith("/") for name in names)


@pytest.fixture
def warmed():
    """warm() in this process; afterwards the garbage collector gets back what warm() froze."""
    try:
        yield warm()
    finally:
        gc.unfreeze()


@pytest.fixture
def cold_loader():
    loader = _cached_loader()
    loader.reset()
    return loader


@pytest.mark.django_db
def test_warm_compiles_every_project_template_and_a_search_page_then_compiles_none(
    client, sample_archive, cold_loader, warmed
):
    loader, loaded = cold_loader, warmed
    assert loaded["templates"] == len(project_templates())
    assert loaded["url_patterns"] > 0 and loaded["connections"] >= 1
    assert set(project_templates()) <= set(loader.get_template_cache)
    before = set(loader.get_template_cache)
    response = client.get("/soeg/", {"q": "kommune"})
    assert response.status_code == 200
    compiled_for_the_page = set(loader.get_template_cache) - before
    # Only what Django's own apps bring may still be loaded on first use, none of the project's templates.
    assert not compiled_for_the_page & set(project_templates())


@pytest.mark.django_db
def test_warm_reads_the_word_lists_and_freezes_them_out_of_the_collectors_reach(warmed):
    # The first typo would otherwise read Debian's word list and wordfreq's (about 0.3 s), and every full
    # collection would walk them.
    words = dictionary._system_words()
    assert dictionary._system_words.cache_info().currsize == 1
    assert load_default_splitter.cache_info().currsize == 1
    assert warmed["frozen"] > 0 and gc.get_freeze_count() > 0
    tracked = gc.get_objects()
    assert all(obj is not words for obj in tracked)
    assert all(obj is not load_default_splitter() for obj in tracked)


def test_warm_survives_a_database_that_is_down():
    # A worker must start even when the database is not reachable: its first request reports the outage.
    code = (
        "import django, json; django.setup(); from kkrarchive.warmup import warm, project_templates; "
        "print(json.dumps([warm(), len(project_templates())]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kkrarchive.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_free_port()}/nothing",
        "DB_CONNECT_TIMEOUT": "2",
        "STATIC_NO_MANIFEST": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded, templates = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded["connections"] == 0 and loaded["templates"] == templates > 0
    assert "is not reachable" in done.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url() -> str:
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_workers_warm_up_before_serving(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "STATIC_NO_MANIFEST": "1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "kkrarchive.wsgi", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=output, stderr=output,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while log.read_text(encoding="utf-8", errors="replace").count("warmed up:") < 2:
                assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
                assert time.monotonic() < deadline, "the workers did not warm up"
                time.sleep(0.2)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=20) as response:
                assert response.status == 200
        finally:
            process.terminate()
            process.wait(timeout=30)
    text = log.read_text(encoding="utf-8", errors="replace")
    expected = f"{len(project_templates())} templates, 1 connections"
    assert text.count(expected) == 2, text
