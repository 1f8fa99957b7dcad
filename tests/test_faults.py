"""Faults, for real: PostgreSQL stopped under a running gunicorn, and an ingest killed with SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from bench.ingest import write_dated_copies
from kkrarchive.embedded_db import EmbeddedPostgres

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "000_bfbe36a0753158a4.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An embedded PostgreSQL of its own, migrated, so stopping it harms no other test."""
    pg = EmbeddedPostgres(tmp_path_factory.mktemp("faults") / "data")
    url = pg.ensure_running()
    _manage(url, "migrate", "--noinput", "-v0")
    yield pg, url
    pg.stop()


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "STATIC_NO_MANIFEST": "1", "DB_CONNECT_TIMEOUT": "2"}


def _manage(url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(url),
        capture_output=True,
        text=True,
        timeout=300,
        check=kwargs.get("check", True),
    )


def _get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_restart_fails_cleanly_then_recovers_without_restarting_the_web_server(server):
    pg, url = server
    _manage(url, "ingest", str(SAMPLE), "-v0")
    port = _free_port()
    web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kkrarchive.wsgi",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    pages = ["/healthz", "/", "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/", "/soeg/?q=sundhedsklynger"]
    try:
        for _ in range(100):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert [_get(base + page)[0] for page in pages * 2] == [200] * 8  # warm both workers' connections

        pg.stop()
        during = [_get(base + page) for page in pages * 2]
        assert [status for status, _ in during] == [503] * 8, "every request fails cleanly during the outage"
        assert max(seconds for _, seconds in during) < 5, "and fast: no request hangs"

        pg.ensure_running()
        after = [_get(base + page)[0] for page in pages * 2]
        assert after == [200] * 8, "the same web server serves again once the database is back"
    finally:
        web.terminate()
        web.wait(timeout=30)
        pg.ensure_running()


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ingest_killed_mid_batch_leaves_no_partial_meeting_and_a_rerun_completes(server, tmp_path):
    _, url = server
    folder = tmp_path / "batch"
    write_dated_copies(folder, 30)
    total = len(list(folder.glob("*.txt")))
    assert total == 30
    before = _count(url, "meetings_sourcedocument")
    ingest = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder), "-v0"],
        cwd=ROOT,
        env=_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _count(url, "meetings_sourcedocument") < before + 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait(timeout=30)
    done = _count(url, "meetings_sourcedocument") - before
    assert 3 <= done < total, "killed in the middle of the batch"
    with psycopg.connect(url) as conn:
        partial = conn.execute(
            "SELECT count(*) FROM meetings_meeting m WHERE NOT EXISTS "
            "(SELECT 1 FROM meetings_sourcedocument d WHERE d.meeting_id = m.id) OR NOT EXISTS "
            "(SELECT 1 FROM meetings_agendaitem i WHERE i.meeting_id = m.id) OR EXISTS "
            "(SELECT 1 FROM meetings_agendaitem i WHERE i.meeting_id = m.id AND NOT EXISTS "
            " (SELECT 1 FROM meetings_searchentry s WHERE s.item_id = i.id))"
        ).fetchone()[0]
    assert partial == 0, "no meeting without its document, items or search rows"
    rerun = _manage(url, "ingest", str(folder))
    assert f"{total - done} ingested, {done} unchanged, 0 refused" in rerun.stdout
    assert _count(url, "meetings_sourcedocument") == before + total
    shutil.rmtree(folder)
