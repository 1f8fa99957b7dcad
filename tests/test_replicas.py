"""Read replicas, for real: a primary and a streaming standby made from the embedded PostgreSQL's own binaries
(`pg_basebackup -R` into a second data directory, started on another port), gunicorn pointed at both.

What is observed is each server's own statement log (`log_statement = all`): which server ran a page's queries.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

from kkrarchive.embedded_db import EmbeddedPostgres

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
# Generous bounds for a busy 2-core machine: these are how long we wait for something that should happen in a
# second or two, not how fast it must be.
REPLAY_WITHIN = 60.0
FALLBACK_WITHIN = 30.0


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        check=True,
    )  # fmt: skip


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _until(condition, within: float, message: str):
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.25)


class Standby(EmbeddedPostgres):
    def start(self) -> None:
        self.start_standby()

    def log(self) -> str:
        return self.log_file.read_text(errors="replace")


@pytest.fixture(scope="module")
def cluster():
    """Primary (migrated, samples ingested) and standby, each logging every statement."""
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-replicas-"))
    primary = EmbeddedPostgres(folder / "primary")
    standby = Standby(folder / "standby")
    try:
        primary_url = primary.ensure_running()
        with psycopg.connect(primary.url("postgres"), autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET log_statement = 'all'")
            conn.execute("SELECT pg_reload_conf()")
        env = {**os.environ, "DATABASE_URL": primary_url, "STATIC_NO_MANIFEST": "1", "LOG_LEVEL": "WARNING"}
        env.pop("DATABASE_REPLICA_URLS", None)
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "ingest", str(SAMPLES / "000_bfbe36a0753158a4.txt"), "-v0")
        standby.create_standby_of(primary)
        standby.start()
        yield primary, standby, {**env, "DATABASE_REPLICA_URLS": standby.url()}
    finally:
        for server in (standby, primary):
            with contextlib.suppress(Exception):  # whatever a failed test left behind
                server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def web(cluster):
    _, _, env = cluster
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "kkrarchive.wsgi", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"],
        cwd=ROOT, env={**env, "DB_CONN_MAX_AGE": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: _healthz(base), 60, "gunicorn did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _healthz(base: str):
    try:
        status, body = _get(base + "/healthz")
    except OSError:
        return None
    return json.loads(body) if status == 200 else None


def _marker() -> str:
    return "replika" + uuid.uuid4().hex[:10]


def _served_by(marker: str, primary: EmbeddedPostgres, standby: Standby) -> set[str]:
    found = set()
    if marker in primary.log_file.read_text(errors="replace"):
        found.add("primary")
    if marker in standby.log():
        found.add("standby")
    return found


def test_searches_and_pages_are_answered_by_the_replica(cluster, web):
    primary, standby, _ = cluster
    marker = _marker()
    status, _ = _get(f"{web}/soeg/?q={marker}")
    assert status == 200
    assert _served_by(marker, primary, standby) == {"standby"}
    status, _ = _get(f"{web}/api/search/?q={marker}x")
    assert status == 200
    assert _served_by(marker + "x", primary, standby) == {"standby"}


def test_healthz_reports_the_primary_and_each_replica(web):
    health = _healthz(web)
    assert health["status"] == "ok" and health["database"] == "ok"
    assert [(r["alias"], r["status"]) for r in health["replicas"]] == [("replica_0", "ok")]


def test_writes_go_to_the_primary_and_appear_on_the_replica(cluster, web):
    _, standby, env = cluster
    _manage(env, "ingest", str(SAMPLES / "002_7526e6f0fd179032.txt"), "-v0")  # KKR Hovedstaden, 11 April 2025
    assert "INSERT INTO \"meetings_meeting\"" not in standby.log()  # a standby runs no writes
    _until(
        lambda: _get(f"{web}/moeder/kkr-hovedstaden/2025-04-11/")[0] == 200,
        REPLAY_WITHIN,
        "the new meeting never appeared through the replica",
    )


def test_reads_fall_back_to_the_primary_when_the_replica_stops_and_come_back_when_it_returns(cluster, web):
    primary, standby, _ = cluster
    standby.stop()
    try:

        def answered_by_primary():
            marker = _marker()
            status, _ = _get(f"{web}/soeg/?q={marker}")
            return status == 200 and _served_by(marker, primary, standby) == {"primary"}

        _until(answered_by_primary, FALLBACK_WITHIN, "reads did not fall back to the primary")
        assert [r["status"] for r in _healthz(web)["replicas"]] == ["down"]
    finally:
        standby.start()

    def answered_by_standby():
        marker = _marker()
        status, _ = _get(f"{web}/soeg/?q={marker}")
        return status == 200 and _served_by(marker, primary, standby) == {"standby"}

    _until(answered_by_standby, FALLBACK_WITHIN, "reads did not come back to the replica")
