import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from kkrarchive.embedded_db import EmbeddedPostgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(tmp_path):
    server = EmbeddedPostgres(tmp_path / "data")
    yield server
    server.stop()


def test_server_starts_answers_and_has_the_search_extensions(server):
    url = server.ensure_running()
    with psycopg.connect(url) as conn:
        assert conn.execute("SHOW server_version_num").fetchone()[0].startswith("18")
        assert (
            conn.execute("SELECT to_tsvector('danish', 'Sundhedsklyngerne')::text").fetchone()[0]
            == "'sundhedsklyng':1"
        )
        assert conn.execute("SELECT lower('ÆØÅ')").fetchone()[0] == "æøå"
        available = {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions")}
    assert {"pg_trgm", "unaccent"} <= available


def test_running_server_is_reused(server):
    url = server.ensure_running()
    pid = server._postmaster_pid()
    started = time.monotonic()
    assert server.ensure_running() == url
    assert time.monotonic() - started < 0.5
    assert server._postmaster_pid() == pid


def test_server_stops_cleanly_and_restarts_with_its_data(server):
    url = server.ensure_running()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)")
    assert server.stop() is True
    assert not server.is_running()
    assert server.stop() is False
    with psycopg.connect(server.ensure_running()) as conn:
        assert conn.execute("SELECT n FROM kept").fetchone()[0] == 42


def test_concurrent_starts_give_one_server(tmp_path):
    data = tmp_path / "data"
    code = (
        "import sys; from kkrarchive.embedded_db import EmbeddedPostgres; "
        "print(EmbeddedPostgres(sys.argv[1]).ensure_running())"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(data)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    try:
        urls = {p.communicate(timeout=120)[0].strip() for p in procs}
        assert all(p.returncode == 0 for p in procs)
        assert len(urls) == 1
    finally:
        EmbeddedPostgres(data).stop()
