"""Load test: gunicorn serving a generated corpus, driven by wrk on loopback. Bounded and self-stopping.

    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/kkrarchive_load python -m bench.load \
        [--duration 60] [--connections 32] [--write-docs]

The database must already hold a corpus (`manage.py generate_corpus --items 100000`). The URL mix is a
quarter each of search, meeting, item and member pages, drawn at random from the database.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

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
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        print("Set DATABASE_URL to the corpus database (never the dev archive).", file=sys.stderr)
        return 2
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    duration = min(args.duration, 120)
    urls = _urls(500)
    port = _free_port()
    workers = (os.cpu_count() or 1) * 2 + 1
    env = {**os.environ, "STATIC_NO_MANIFEST": "1", "WEB_CONCURRENCY": str(workers), "LOG_LEVEL": "WARNING"}
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
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for url in urls[:40]:  # warm every worker's connection and caches a little
            urllib.request.urlopen(base + url, timeout=30).read()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(_lua(urls))
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
    finally:
        web.terminate()
        web.wait(timeout=30)
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
    if args.write_docs:
        _write_docs(summary)
    return 0 if non2xx == 0 and sum(errors) == 0 else 1


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
