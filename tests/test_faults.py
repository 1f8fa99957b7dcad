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


# A hung PostgreSQL under management commands ----------------------------------------------------------------
# SIGSTOP of a throwaway cluster (never the shared one): the kernel still accepts and ACKs, so without the
# watchdog (kkrarchive/db_watchdog.py) a command blocked on it waits until the server resumes.

# Generous bounds for this busy 2-core machine: a hung command never ends at all; these end in seconds.
HUNG_COMMAND_ENDS_WITHIN = 60.0


@pytest.fixture(scope="module")
def hangable(tmp_path_factory):
    """A PostgreSQL of its own, migrated, with the samples ingested. Its folder is outside pytest's basetemp,
    which another pytest session may reset to mode 0700 (the server's own user could then no longer stop it)."""
    import tempfile

    from tests.test_hostile_clients import _signal_cluster

    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-hung-"))
    pg = EmbeddedPostgres(folder / "data")
    try:
        url = pg.ensure_running()
        _manage(url, "migrate", "--noinput", "-v0")
        _manage(url, "ingest", str(ROOT / "data" / "samples"), "-v0")
        yield pg, url
    finally:
        _signal_cluster(pg, signal.SIGCONT)  # whatever a failed test left behind
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _hung_env(url: str) -> dict[str, str]:
    return {**_env(url), "LOG_LEVEL": "ERROR"}


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", str(SAMPLE)],
        ["export"],
        ["reparse"],
        ["load_topics"],
        ["reindex"],
        ["migrate", "--noinput"],
    ],
    ids=lambda args: args[0],
)
def test_a_command_against_a_hung_database_ends_with_a_one_line_reason_within_seconds(hangable, args):
    from tests.test_hostile_clients import _signal_cluster

    pg, url = hangable
    _signal_cluster(pg, signal.SIGSTOP)
    try:
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=_hung_env(url),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        seconds = time.monotonic() - started
    finally:
        _signal_cluster(pg, signal.SIGCONT)
    print(
        f"\n{args[0]} against a hung database: exit {run.returncode} after {seconds:.1f} s: {run.stderr.strip()}"
    )
    assert run.returncode == 1
    assert seconds < HUNG_COMMAND_ENDS_WITHIN
    assert "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    if args[0] == "ingest":
        assert line.startswith(f"REFUSED {SAMPLE}: database error: ")
    else:
        assert line.startswith(f"{args[0]}: database unavailable: ")
    assert "timeout expired" in line


def test_a_database_that_hangs_mid_ingest_ends_the_batch_within_seconds_and_loses_nothing(hangable, tmp_path):
    from tests.test_hostile_clients import _signal_cluster

    pg, url = hangable
    folder = tmp_path / "batch"
    total = len(write_dated_copies(folder, 10))
    before = _count(url, "meetings_sourcedocument")
    ingest = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder)],
        cwd=ROOT,
        env=_hung_env(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while _count(url, "meetings_sourcedocument") < before + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        _signal_cluster(pg, signal.SIGSTOP)  # mid-run: a query, a COMMIT or a connect is waiting on it now
        hung_at = time.monotonic()
        try:
            out, err = ingest.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            ingest.kill()
            ingest.communicate()
            pytest.fail("the ingest waited on the hung database and never ended")
        seconds = time.monotonic() - hung_at
    finally:
        _signal_cluster(pg, signal.SIGCONT)
        if ingest.poll() is None:
            ingest.kill()
    print(f"\ningest ended {seconds:.1f} s after the database hung: {out.strip()}")
    assert ingest.returncode == 1
    assert "Traceback" not in err
    refusals = [
        line for line in err.splitlines() if line.startswith("REFUSED")
    ]  # the rest is the progress bar
    assert refusals and all(line.startswith(f"REFUSED {folder}/") for line in refusals), err
    assert all(": database error: " in line for line in refusals)
    done = _count(url, "meetings_sourcedocument") - before
    assert f"{done} ingested, 0 unchanged, {len(refusals)} refused" in out
    assert done + len(refusals) == total, "every file was either ingested or refused in one line"
    assert seconds < 3 * HUNG_COMMAND_ENDS_WITHIN

    with psycopg.connect(url) as conn:  # the transaction that was cut left nothing half-written
        partial = conn.execute(
            "SELECT count(*) FROM meetings_meeting m WHERE NOT EXISTS "
            "(SELECT 1 FROM meetings_sourcedocument d WHERE d.meeting_id = m.id) OR NOT EXISTS "
            "(SELECT 1 FROM meetings_agendaitem i WHERE i.meeting_id = m.id)"
        ).fetchone()[0]
    assert partial == 0
    rerun = _manage(url, "ingest", str(folder), check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - done} ingested, {done} unchanged, 0 refused" in rerun.stdout
