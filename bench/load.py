"""Load test: gunicorn serving an archive, driven by wrk on loopback. Bounded and self-stopping.

    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/kkrarchive_load python -m bench.load \
        [--duration 60] [--connections 32] [--write-docs]

    python -m bench.load --production [--duration 60] [--connections 32] [--slow-clients 16]   # `make load`

The database must already hold a corpus (`manage.py generate_corpus --items 100000`). The URL mix is a
quarter each of search, meeting, item and member pages, drawn at random from the database.

`--production` is the production-like run of docs/reliability.md: without DATABASE_URL it builds a scratch
database `kkrarchive_bench_load` on the embedded PostgreSQL (the samples and `--scratch-copies` dated copies
of them), puts Debian's nginx running deploy/nginx.conf (unchanged but for its two addresses) in front of
gunicorn (gunicorn.conf.py, 2 x cores + 1 sync workers), and drives the proxy with wrk while `manage.py
ingest` writes new meetings into the same database and `--slow-clients` connections trickle their requests
a byte at a time (reconnecting as the proxy drops them), for the whole run. It exits 1 unless wrk saw no
socket error and no non-2xx answer, and the ingest refused nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from bench.ingest import write_dated_copies

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "kommune",
    "aftale",
    "sundhedsklynger",
    "klynge",
    "ældre",
    "infrastruktur",
    "flygtninge",
    "rammeaftale",
    '"sikrede institutioner"',
    "movia OR letbane",
    "erhvervshus -resultatkontrakt",
    "SAG-2022-02369",
    "Sisse Marie Welling",
    "praksisplan fysioterapi",
    "økonomiforhandlinger",
]


def _urls(count: int) -> list[str]:
    import django

    django.setup()
    from urllib.parse import urlencode

    from meetings.models import AgendaItem, Meeting, Person

    rng = random.Random(7)
    meetings = list(Meeting.objects.select_related("body").order_by("?")[:count])
    items = list(AgendaItem.objects.select_related("meeting__body").order_by("?")[:count])
    people = list(Person.objects.order_by("?")[:count])
    urls = []
    for k in range(count):
        urls.append("/soeg/?" + urlencode({"q": rng.choice(QUERIES)}))
        urls.append(meetings[k % len(meetings)].get_absolute_url())
        urls.append(items[k % len(items)].get_absolute_url())
        urls.append(people[k % len(people)].get_absolute_url())
    return urls


def _lua(urls: list[str]) -> str:
    listed = ",\n".join('"' + u.replace("\\", "\\\\").replace('"', '\\"') + '"' for u in urls)
    return (
        "local urls = {\n" + listed + "\n}\n"
        "math.randomseed(42)\n"
        "request = function()\n  return wrk.format('GET', urls[math.random(#urls)])\nend\n"
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('NON2XX %d\\n', summary.errors.status))\n"
        "  io.write(string.format('ERRORS %d %d %d %d\\n', summary.errors.connect, summary.errors.read,"
        " summary.errors.write, summary.errors.timeout))\n"
        "  for _, p in pairs({50, 90, 99}) do io.write(string.format('P%d %.2f\\n', p,"
        " latency:percentile(p) / 1000)) end\n"
        "end\n"
    )


class HeldSlowClients:
    """`count` connections sending a request header one byte every 0.5 s, for as long as the run lasts.

    A connection the proxy drops (at its client_header_timeout) is opened again at once, so `count` are held
    all the time; `held` samples how many were open each second, `dropped` counts the proxy's drops."""

    HEADER = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: " + b"a" * 10_000

    def __init__(self, port: int, count: int) -> None:
        self.port, self.count = port, count
        self.held: list[int] = []
        self.dropped = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HeldSlowClients:
        self._thread.start()
        return self

    def _open(self) -> tuple[socket.socket, int] | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(self.HEADER[:1])
            return sock, 1
        except OSError:
            return None

    def _run(self) -> None:
        clients = [c for c in (self._open() for _ in range(self.count)) if c]
        last_sample = time.monotonic()
        while not self._stop.wait(0.5):
            alive = []
            for sock, sent in clients:
                try:
                    sock.send(self.HEADER[sent : sent + 1])
                    alive.append((sock, sent + 1))
                except OSError:
                    sock.close()
                    self.dropped += 1
            clients = alive + [c for c in (self._open() for _ in range(self.count - len(alive))) if c]
            if time.monotonic() - last_sample >= 1:
                self.held.append(len(clients))
                last_sample = time.monotonic()
        for sock, _ in clients:
            sock.close()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def _scratch_database(copies: int) -> str:
    """A fresh `kkrarchive_bench_load` on the embedded PostgreSQL: migrated, the samples and `copies` dated
    copies of them ingested, topics loaded. Returns its URL."""
    import psycopg

    from kkrarchive.embedded_db import EmbeddedPostgres

    server = EmbeddedPostgres().ensure_running()
    name = "kkrarchive_bench_load"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = server.rsplit("/", 1)[0] + "/" + name
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-load-"))
    write_dated_copies(folder, copies)
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["ingest", "data/samples", str(folder), "-v0"],
        ["load_topics"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=900,
            stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(folder)
    return url


@contextmanager
def _nginx(upstream: int):
    """Debian's nginx running deploy/nginx.conf with this run's two addresses put in; yields its port."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-load-nginx-"))
    port = _free_port()
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(
        text.replace("server web:8000;", f"server 127.0.0.1:{upstream};").replace(
            "listen 8080;", f"listen 127.0.0.1:{port};"
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(folder), "-g", f"daemon off; pid {folder}/nginx.pid;"],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "error.log").open("wb"),
    )
    try:
        for _ in range(100):
            with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds (at most 120)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--write-docs", action="store_true", help="record the result in docs/benchmarks.md")
    parser.add_argument(
        "--production", action="store_true", help="nginx in front, an ingest and slow clients during the run"
    )
    parser.add_argument("--slow-clients", type=int, default=16, help="with --production")
    parser.add_argument("--ingest-files", type=int, default=600, help="with --production: files to ingest")
    parser.add_argument("--scratch-copies", type=int, default=150, help="with --production, no DATABASE_URL")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: scripts/install-wrk (Debian's wrk)", file=sys.stderr)
        return 2
    if "DATABASE_URL" not in os.environ:
        if not args.production:
            print("Set DATABASE_URL to the corpus database (never the dev archive).", file=sys.stderr)
            return 2
        print(
            f"Building the scratch database (samples and {args.scratch_copies} dated copies)...", flush=True
        )
        os.environ["DATABASE_URL"] = _scratch_database(args.scratch_copies)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    duration = min(args.duration, 120)
    load_before = os.getloadavg()[0]  # the machine is shared: a busy one gives pessimistic numbers
    urls = _urls(500)
    port = _free_port()
    workers = (os.cpu_count() or 1) * 2 + 1
    env = {**os.environ, "STATIC_NO_MANIFEST": "1", "WEB_CONCURRENCY": str(workers), "LOG_LEVEL": "WARNING"}
    if args.production:
        env["CLIENT_IP_HEADER"] = "X-Real-IP"  # as docker-compose.yml sets it behind the proxy
    web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kkrarchive.wsgi",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ingest = None
    ingest_folder = Path(tempfile.mkdtemp(prefix="kkrarchive-load-ingest-"))
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with _nginx(port) if args.production else nullcontext(port) as front:
            base = f"http://127.0.0.1:{front}"
            for url in urls[:40]:  # warm every worker's connection and caches a little
                urllib.request.urlopen(base + url, timeout=30).read()
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(_lua(urls))
            slow = HeldSlowClients(front, args.slow_clients if args.production else 0)
            if args.production:  # new meetings from 2010 on: none of them is in the archive yet
                write_dated_copies(ingest_folder, args.ingest_files, first_date=dt.date(2010, 1, 4))
                documents_before = _documents()
                ingest = subprocess.Popen(
                    [sys.executable, "manage.py", "ingest", str(ingest_folder)],
                    cwd=ROOT,
                    env={**env, "LOG_LEVEL": "ERROR"},
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            with slow:
                time.sleep(1 if args.production else 0)  # the slow clients connected, the ingest started
                result = subprocess.run(
                    [
                        "wrk",
                        "-t2",
                        f"-c{args.connections}",
                        f"-d{duration}s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-s",
                        script.name,
                        base + "/",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=duration + 60,
                    check=True,
                )
            os.unlink(script.name)
            ingest_report = ""
            refused = 0
            if ingest is not None:
                still_running = ingest.poll() is None
                if still_running:  # one transaction per document: stopping it between two loses nothing
                    ingest.send_signal(signal.SIGINT)
                try:
                    out, err = ingest.communicate(timeout=60)
                except subprocess.TimeoutExpired:
                    ingest.kill()
                    out, err = ingest.communicate()
                refused = sum(1 for line in err.splitlines() if line.startswith("REFUSED"))
                ingested = _documents() - documents_before
                partial = _partial_meetings()
                ingest_report = (
                    f"ingest during the run: {ingested} documents ingested, {refused} refused, "
                    f"{partial} meetings without their document or items"
                    + (" (still running at the end: stopped with SIGINT)" if still_running else " (finished)")
                )
                refused += partial  # a meeting half-written is data lost: the run fails as for a refusal
    finally:
        web.terminate()
        web.wait(timeout=30)
        shutil.rmtree(ingest_folder, ignore_errors=True)
    out = result.stdout
    print(out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = int(re.search(r"NON2XX (\d+)", out).group(1))
    errors = [int(n) for n in re.search(r"ERRORS (\d+) (\d+) (\d+) (\d+)", out).groups()]
    p50, p90, p99 = (float(re.search(rf"P{p} ([\d.]+)", out).group(1)) for p in (50, 90, 99))
    summary = (
        f"| {duration} s, {args.connections} connections, {workers} gunicorn workers | {requests} | {rps:.1f} | "
        f"{p50:.1f} ms | {p90:.1f} ms | {p99:.1f} ms | {non2xx} | {sum(errors)} |"
    )
    print(summary)
    print(f"load average of the machine before the run: {load_before:.2f} (1 min), {os.cpu_count()} cores")
    if args.production:
        print(ingest_report)
        held = slow.held or [0]
        print(
            f"slow clients: {args.slow_clients} kept open through the proxy (held {min(held)} to {max(held)} "
            f"at each second), {slow.dropped} dropped by the proxy and reopened"
        )
    if args.write_docs and not args.production:
        _write_docs(summary)
    return 0 if non2xx == 0 and sum(errors) == 0 and refused == 0 else 1


def _partial_meetings() -> int:
    """Meetings without a document or without items: what an ingest stopped mid-write must never leave."""
    import django.db

    with django.db.connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM meetings_meeting m WHERE NOT EXISTS "
            "(SELECT 1 FROM meetings_sourcedocument d WHERE d.meeting_id = m.id) OR NOT EXISTS "
            "(SELECT 1 FROM meetings_agendaitem i WHERE i.meeting_id = m.id)"
        )
        return cursor.fetchone()[0]


def _documents() -> int:
    import django.db

    with django.db.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM meetings_sourcedocument")
        return cursor.fetchone()[0]


def _write_docs(row: str) -> None:
    import django.db

    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    with django.db.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM meetings_agendaitem")
        items = cursor.fetchone()[0]
    section = (
        "## Load\n\n"
        f"`python -m bench.load --duration 60 --connections 32` against a generated corpus of {items:,} "
        "agenda items: gunicorn (sync workers, 2 × cores + 1) on loopback, driven by `wrk` (Debian package) "
        "with a random mix of search (15 queries incl. `kommune` and `aftale`), meeting, item and member "
        "pages; wrk and PostgreSQL share the machine's 2 cores with the server.\n\n"
        "| run | requests | requests/s | p50 | p90 | p99 | non-2xx | socket errors |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        f"{row}\n"
    )
    if "## Load" in text:
        text = re.sub(r"## Load\n.*?(?=\n## |\Z)", section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
