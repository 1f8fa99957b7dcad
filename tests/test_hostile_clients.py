"""Hostile clients and hostile input, for real.

- Slow clients (Slowloris) against a real gunicorn on loopback: straight at gunicorn they hold every sync
  worker; behind the shipped proxy config (deploy/nginx.conf, run by Debian's nginx) a normal request is
  still answered at once, and the proxy drops the slow clients after its header timeout.
- A hung PostgreSQL (SIGSTOP of a throwaway cluster of its own, never the shared one) under a running
  gunicorn: /healthz and the pages answer 503 within seconds instead of hanging until gunicorn kills the
  worker, and serve again once the server is resumed (SIGCONT).
- docker-compose.yml publishes only the proxy.
- File names with newlines and terminal escapes cannot write lines into the ingest output.

Every wait here is bounded: sockets and HTTP requests have timeouts, and polling loops have deadlines.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kkrarchive.embedded_db import EmbeddedPostgres

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "000_bfbe36a0753158a4.txt"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
WORKERS = 2
SLOW_CLIENTS = 6 * WORKERS  # many more slow connections than gunicorn has workers
ANSWER_WITHIN = 5.0  # seconds: generous for a request that takes milliseconds; a held worker takes 30 s
PAGES = ["/healthz", "/", "/moeder/", "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/"]


# Servers of the test's own ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database():
    """A PostgreSQL of its own with one sample ingested, so stopping it harms no other test.

    Its folder is not under pytest's basetemp: another pytest session resets that to mode 0700, and the
    server's own user could then no longer reach its data to stop it."""
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-hostile-"))
    pg = EmbeddedPostgres(folder / "data")
    try:
        url = pg.ensure_running()
        _manage(url, "migrate", "--noinput", "-v0")
        _manage(url, "ingest", str(SAMPLE), "-v0")
        yield pg, url
    finally:
        _signal_cluster(pg, signal.SIGCONT)  # whatever a failed test left behind
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _env(url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "STATIC_NO_MANIFEST": "1", **extra}


def _manage(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(url),
        capture_output=True,
        timeout=300,
        check=True,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {seconds:.0f} s")


def _get(url: str, timeout: float = 20) -> tuple[int | str, float, dict[str, str]]:
    """(status or "no answer", seconds, headers) of one GET: a request that hangs is a result, not a hang."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - started, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, dict(error.headers)
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        return "no answer", time.monotonic() - started, {}


@contextmanager
def gunicorn(url: str, **env: str):
    """gunicorn with the project's gunicorn.conf.py and WORKERS sync workers on a loopback port."""
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kkrarchive.wsgi",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=_env(url, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        deadline = time.monotonic() + 60
        while _get(f"http://127.0.0.1:{port}/healthz", timeout=10)[0] != 200:
            assert time.monotonic() < deadline, "gunicorn did not get healthy"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def nginx(upstream_port: int, tmp_path: Path):
    """Debian's nginx running deploy/nginx.conf with the test's two addresses put in."""
    port = _free_port()
    text = NGINX_CONF.read_text(encoding="utf-8")
    assert text.count("server web:8000;") == 1 and text.count("listen 8080;") == 1
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        text.replace("server web:8000;", f"server 127.0.0.1:{upstream_port};").replace(
            "listen 8080;", f"listen 127.0.0.1:{port};"
        ),
        encoding="utf-8",
    )
    command = [NGINX, "-c", str(conf), "-p", str(tmp_path), "-g", f"daemon off; pid {tmp_path}/nginx.pid;"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    log = (tmp_path / "nginx.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        _wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class SlowClients:
    """`count` connections that send a request one byte every 0.2 s and never finish it (Slowloris).

    With body=True the header is whole and the body trickles instead. One thread feeds them all, for at
    most 120 s; `open` counts the connections the server has not closed.
    """

    HEADER = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: "
    BODY = b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n"

    def __init__(self, port: int, count: int, *, body: bool = False) -> None:
        self.port, self.count, self.body = port, count, body
        self.sockets: list[socket.socket] = []
        self.closed: set[int] = set()
        self.sent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._feed, daemon=True)

    def __enter__(self) -> SlowClients:
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            first = self.BODY if self.body else self.HEADER[:1]
            sock.sendall(first)
            self.sockets.append(sock)
        self._thread.start()
        return self

    def _feed(self) -> None:
        started = time.monotonic()
        position = 1
        while not self._stop.wait(0.2) and time.monotonic() - started < 120:
            if self.body:
                chunk = b"a"
            else:
                chunk = self.HEADER[position : position + 1] or b"a"
                position += 1
            for index, sock in enumerate(self.sockets):
                if index in self.closed:
                    continue
                try:
                    sock.send(chunk)
                except OSError:
                    self.closed.add(index)
            self.sent += 1

    @property
    def open(self) -> int:
        return self.count - len(self.closed)

    def wait_until_sent(self, chunks: int, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while self.sent < chunks:
            assert time.monotonic() < deadline, "the slow clients could not send"
            time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


# Slow clients ------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    NGINX is None,
    reason="Debian's nginx is not installed and could not be: `make test` installs it (scripts/install-nginx, root)",
)
def test_slow_clients_cannot_take_gunicorn_from_others_behind_the_proxy(database, tmp_path, record_property):
    _, url = database
    with gunicorn(url) as web:
        # Straight at gunicorn the attack works: every sync worker is held, a normal request waits.
        with SlowClients(web, SLOW_CLIENTS) as slow:
            slow.wait_until_sent(5)
            status, _, _ = _get(f"http://127.0.0.1:{web}/healthz", timeout=3)
            assert status == "no answer", "gunicorn alone answered while its workers were held: no attack?"

        with nginx(web, tmp_path) as proxy:
            base = f"http://127.0.0.1:{proxy}"
            assert _get(base + "/healthz")[0] == 200
            with SlowClients(proxy, SLOW_CLIENTS) as headers, SlowClients(proxy, 4, body=True) as bodies:
                headers.wait_until_sent(5)
                bodies.wait_until_sent(5)
                answers, held = [], []
                for page in PAGES:
                    answers.append(_get(base + page, timeout=20))
                    held.append(headers.open + bodies.open)
                assert held[0] == SLOW_CLIENTS + 4, "the slow clients were held while the proxy answered"
                assert [status for status, _, _ in answers] == [200] * len(PAGES)
                assert all(h.get("Server") == "nginx" for _, _, h in answers), "answered through the proxy"
                slowest = max(seconds for _, seconds, _ in answers)
                assert slowest < ANSWER_WITHIN
                record_property("slow_clients_held", SLOW_CLIENTS + 4)
                record_property("slowest_normal_answer_s", round(slowest, 3))
                print(
                    f"\n{SLOW_CLIENTS + 4} slow clients held; normal requests answered in {slowest:.3f} s at most"
                )

                # The proxy's client_header_timeout (10 s) drops the clients that never finish a header.
                started = time.monotonic()
                while headers.open and time.monotonic() - started < 40:
                    time.sleep(0.2)
                assert headers.open == 0, "the proxy keeps slow clients forever"
                print(
                    f"the proxy dropped the slow header senders after {time.monotonic() - started:.1f} s more"
                )


# A hung database ---------------------------------------------------------------------------------------


def _cluster_processes(pg: EmbeddedPostgres) -> list[int]:
    """The postmaster and every process it started (backends, checkpointer, WAL writer …)."""
    postmaster = int((pg.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(entry))
    return [postmaster, *children]


def _signal_cluster(pg: EmbeddedPostgres, signum: int) -> None:
    try:
        processes = _cluster_processes(pg)
    except (OSError, ValueError):
        return
    for pid in processes if signum == signal.SIGSTOP else reversed(processes):
        with suppress(ProcessLookupError):
            os.kill(pid, signum)


def test_a_hung_database_is_a_503_within_seconds_and_the_site_recovers(database, record_property):
    pg, url = database
    with gunicorn(url) as web:
        base = f"http://127.0.0.1:{web}"
        assert [_get(base + page)[0] for page in PAGES * 2] == [200] * 8  # both workers keep a connection

        _signal_cluster(pg, signal.SIGSTOP)  # hung, not stopped: the kernel still accepts and ACKs
        try:
            during = [_get(base + page, timeout=25)[:2] for page in ["/healthz", "/healthz", *PAGES[1:]]]
        finally:
            _signal_cluster(pg, signal.SIGCONT)
        record_property("hung_database_answers", repr(during))
        print("\nhung database:", ", ".join(f"{status} in {seconds:.1f} s" for status, seconds in during))
        assert [status for status, _ in during] == [503] * len(during), "every request fails cleanly"
        assert max(seconds for _, seconds in during) < 10, "and within seconds, not gunicorn's 30 s"

        deadline = time.monotonic() + 30
        while _get(base + "/healthz", timeout=10)[0] != 200:
            assert time.monotonic() < deadline, "the site did not recover after SIGCONT"
            time.sleep(0.2)
        assert [_get(base + page)[0] for page in PAGES * 2] == [200] * 8, "the same gunicorn serves again"


@pytest.mark.django_db(transaction=True)
def test_a_database_call_past_its_client_deadline_is_cut_and_fails_at_once():
    """The watchdog itself, in this process: a call still waiting at its deadline gets its socket shut down."""
    from django.db import OperationalError, connection

    from meetings.middleware import deadlines

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
            with pytest.raises(OperationalError) as failure, deadlines.guard(connection, 0.5):
                cursor.execute("SELECT pg_sleep(8)")  # bounded even if the cut never came
        assert "closed the connection" in str(failure.value)  # cut by the client, not cancelled by the server
        assert not connection.is_usable()
    finally:
        connection.close()
    with connection.cursor() as cursor:  # a new connection works; it ends the server's side of the old one
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


# The deployment ---------------------------------------------------------------------------------------


def test_docker_compose_publishes_only_the_buffering_proxy():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = services["proxy"]
    image, _, tag = proxy["image"].partition(":")
    assert image == "nginx" and re.fullmatch(r"\d+\.\d+\.\d+(-[a-z]+)?", tag), "a pinned nginx image"
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["ports"] == ["${PORT:-8000}:8080"]
    web = services["web"]
    assert web["expose"] == ["8000"]
    assert web["environment"]["CLIENT_IP_HEADER"] == "X-Real-IP"  # axes counts clients, not the proxy
    assert "web" in proxy["depends_on"]
    config = NGINX_CONF.read_text(encoding="utf-8")
    for directive in (
        "client_header_timeout",
        "client_body_timeout",
        "send_timeout",
        "proxy_request_buffering on",
        "proxy_buffering on",
        "proxy_set_header X-Real-IP $remote_addr",
    ):
        assert directive in config


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed here")
def test_docker_compose_config_is_valid():
    result = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


# Hostile file names in the ingest output ----------------------------------------------------------------

HOSTILE_NAME = "referat\nREFUSED forfalsket.txt: falsk linje\x1b[2K\r\u202e.txt"


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True], ids=["ingest", "dry-run"])
def test_control_characters_in_file_names_cannot_write_lines_into_the_ingest_output(
    tmp_path, caplog, dry_run
):
    (tmp_path / HOSTILE_NAME).write_text("Ikke et referat, blot en indkøbsliste.\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with caplog.at_level(logging.INFO, logger="kkrarchive.ingest"), pytest.raises(SystemExit):
        call_command("ingest", *(["--dry-run"] if dry_run else []), str(tmp_path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"REFUSED {tmp_path}/referat\\nREFUSED forfalsket.txt")
    assert "\\x1b[2K\\r\\u202e.txt: " in lines[0]  # escaped as repr() would, readable and unambiguous
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", err.getvalue().removesuffix("\n"))
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", out.getvalue().replace("\n", ""))
    for record in caplog.records:
        assert not re.search(r"[\x00-\x1f\x7f\u202e]", record.getMessage())


# API clients that put texts into HTML --------------------------------------------------------------------


def test_the_api_description_says_texts_are_plain_data_to_escape(client, db):
    description = client.get("/api/").json()["info"]["description"]
    assert "plain data" in description
    assert "`&lt;script&gt;` was decoded" in description and "`<script>`" in description
    assert "escape every text before you put it into HTML" in description
    assert "503" in description
