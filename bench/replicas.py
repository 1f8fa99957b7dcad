"""Search throughput against the primary alone and against primary + one streaming replica:
`python -m bench.replicas [--copies 200] [--seconds 20] [--connections 16] [--no-write]`.

A private primary (the embedded PostgreSQL's binaries, in a scratch folder) holding COPIES dated copies of the
samples, a standby made from it with `pg_basebackup -R`, and gunicorn (gunicorn.conf.py) driven by `wrk` on
loopback with the search URLs of bench.load, twice: DATABASE_URL only, then with DATABASE_REPLICA_URLS. Both
servers, gunicorn and wrk share this machine's cores, so on one machine a replica cannot add capacity: the
figures show what the routing costs and that the replica serves; on separate machines each replica adds its
own CPU and I/O. The results go to the "## Replicas" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.docs import replace_section
from bench.ingest import _machine, write_dated_copies
from bench.load import QUERIES, _lua
from kkrarchive.embedded_db import EmbeddedPostgres, _free_port

ROOT = Path(__file__).resolve().parent.parent
DOCS_FILE = ROOT / "docs" / "benchmarks.md"
SECTION_TITLE = "## Replicas"
COMMAND = "python -m bench.replicas"


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def _search_urls(count: int = 200) -> list[str]:
    rng = random.Random(11)
    return ["/api/search/?" + urllib.parse.urlencode({"q": rng.choice(QUERIES)}) for _ in range(count)]


def _wrk(env: dict, seconds: int, connections: int, script: Path) -> dict:
    port = _free_port()
    web = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "kkrarchive.wsgi", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                    health = json.loads(answer.read())
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        for url in _search_urls(30):  # warm every worker's connections and caches a little
            urllib.request.urlopen(base + url, timeout=30).read()
        result = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
             "-s", str(script), base + "/"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )  # fmt: skip
    finally:
        web.terminate()
        web.wait(timeout=30)
    out = result.stdout
    figures = {"health": health}
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            figures["rps"] = float(line.split()[1])
        elif line.startswith(("P50", "P90", "P99")):
            key, value = line.split()
            figures[key.lower()] = float(value)
        elif line.startswith("NON2XX"):
            figures["non2xx"] = int(line.split()[1])
        elif line.startswith("ERRORS"):
            figures["errors"] = sum(int(n) for n in line.split()[1:])
    return figures


def run(copies: int, seconds: int, connections: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-bench-replicas-"))
    primary = EmbeddedPostgres(folder / "primary")
    standby = EmbeddedPostgres(folder / "standby")
    documents = folder / "documents"
    try:
        url = primary.ensure_running()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
        env |= {"DATABASE_URL": url, "STATIC_NO_MANIFEST": "1", "LOG_LEVEL": "ERROR",
                "KKRARCHIVE_ORIGINALS_DIR": str(folder / "originals")}  # fmt: skip
        _manage(env, "migrate", "--noinput", "-v0")
        write_dated_copies(documents, copies)
        _manage(env, "ingest", str(documents), "-v0")
        standby.create_standby_of(primary)
        replica_url = standby.start_standby()
        script = folder / "search.lua"
        script.write_text(_lua(_search_urls()), encoding="utf-8")
        primary_only = _wrk(env, seconds, connections, script)
        with_replica = _wrk({**env, "DATABASE_REPLICA_URLS": replica_url}, seconds, connections, script)
        return {"copies": copies, "seconds": seconds, "connections": connections,
                "primary": primary_only, "replica": with_replica}  # fmt: skip
    finally:
        for server in (standby, primary):
            try:
                server.stop()
            except Exception as exc:  # report, and still remove the folder
                print(f"could not stop {server.data_dir}: {exc}", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)


def report(results: dict) -> str:
    def row(name: str, r: dict) -> str:
        return (f"| {name} | {r['rps']:.1f} | {r.get('p50', 0):.0f} ms | {r.get('p90', 0):.0f} ms | "
                f"{r.get('p99', 0):.0f} ms | {r.get('non2xx', 0) + r.get('errors', 0)} |")  # fmt: skip

    replicas = results["replica"]["health"].get("replicas", [])
    return "\n".join(
        [
            SECTION_TITLE,
            "",
            f"`{COMMAND}` on {_machine()}, load average {os.getloadavg()[0]:.1f} at the end: `/api/search/` "
            f"with the queries of bench.load, {results['connections']} connections for {results['seconds']} s "
            f"(wrk on loopback), gunicorn as configured, an archive of {results['copies']} meetings; the "
            "primary and its streaming standby (pg_basebackup -R) on this same machine.",
            "",
            "| setup | requests/s | p50 | p90 | p99 | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            row("primary only", results["primary"]),
            row("primary + 1 replica (reads on the replica)", results["replica"]),
            "",
            f"`/healthz` with the replica: {', '.join(f'{r['alias']} {r['status']}' for r in replicas)}. Both "
            "PostgreSQL servers, gunicorn and wrk share the same two cores, so the replica adds no CPU here: "
            "the second row is the cost of routing (a health check every 2 s per worker, a second connection), "
            "not the gain of a second machine (docs/scaling.md).",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-write", action="store_true", help="print the results only; leave docs/ alone")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is missing: scripts/install-wrk (Debian's wrk)", file=sys.stderr)
        return 2
    section = report(run(args.copies, args.seconds, args.connections))
    print(section)
    if not args.no_write:
        replace_section(DOCS_FILE, SECTION_TITLE, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
