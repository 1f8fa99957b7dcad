"""The first search after a restart: `python -m bench.cold --database kkrarchive_bench [--items-label 1M]`.

For each relevance-ordered query of bench.search's set: the embedded PostgreSQL is stopped and started again
(its shared buffers empty; the operating system's file cache stays, as when the service is restarted; with
--prewarm, `manage.py prewarm` then loads the search's relations, as the service's start does), and a new
Python process sets Django up, warms up as a gunicorn worker does before it accepts a connection
(kkrarchive.warmup: URLconf, templates, the database connection; no data is read), and times its first request,
GET /soeg/?q=... through Django's test Client (the search and the page). With --no-warmup the process skips the
warm-up, so the first request also pays for loading Django's lazy parts (what a visitor paid before the
workers warmed up). It prints each query's time and p50/p95/p99 over all of them, as a Markdown table for
docs/benchmarks.md. Needs the embedded server (DATABASE_URL unset).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench.search import percentiles

CHILD = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
os.environ.setdefault("STATIC_NO_MANIFEST", "1")
import django
django.setup()
from django.test import Client
client = Client()
if sys.argv[2] == "warm":
    from kkrarchive.warmup import warm
    warm()
started = time.perf_counter()
response = client.get("/soeg/", json.loads(sys.argv[1]), HTTP_HOST="localhost")
elapsed = (time.perf_counter() - started) * 1000
print(json.dumps({"ms": elapsed, "status": response.status_code}))
"""


def restart() -> None:
    from kkrarchive.embedded_db import EmbeddedPostgres

    server = EmbeddedPostgres()
    server.stop()
    server.ensure_running()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--items-label", default="")
    parser.add_argument("--every", type=int, default=1, help="every k-th query of the set (a quicker sample)")
    parser.add_argument(
        "--no-warmup", action="store_true", help="time the first request of an unwarmed process"
    )
    parser.add_argument(
        "--prewarm",
        action="store_true",
        help="after each restart run `manage.py prewarm` first, as the service does before gunicorn starts "
        "(timed on its own, not in the first request)",
    )
    args = parser.parse_args(argv)
    if os.environ.get("DATABASE_URL"):
        parser.error("restarts the embedded server: leave DATABASE_URL unset")
    from bench.search import database_url, setup_django

    setup_django(args.database)
    from bench.search import cases

    env = {**os.environ, "DATABASE_URL": database_url(args.database)}
    rows = []
    prewarms: list[float] = []
    ranked = [case for case in cases() if case.params.get("q") and not case.params.get("sortering")]
    for case in ranked[:: args.every]:
        restart()
        time.sleep(0.5)
        if args.prewarm:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "manage.py", "prewarm", "--database", "default", "-v0"], env=env, check=True
            )
            prewarms.append(time.perf_counter() - started)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(case.params), "cold" if args.no_warmup else "warm"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if result["status"] != 200:
            raise SystemExit(f"{case.label}: HTTP {result['status']}")
        rows.append((case, result["ms"]))
        print(f"  {case.label}: {result['ms']:.0f} ms", file=sys.stderr)
    p50, p95, p99 = percentiles([ms for _, ms in rows])
    process = "a new, unwarmed process" if args.no_warmup else "a new process, warmed up as a gunicorn worker"
    if prewarms:
        process += f", after `manage.py prewarm` ({min(prewarms):.1f}–{max(prewarms):.1f} s before the first request)"
    print(
        f"#### {args.items_label or args.database}: the first search after a restart, {process} (page, ms)\n"
    )
    print("| query | kind | first page |")
    print("|---|---|--:|")
    for case, ms in rows:
        print(f"| `{case.label}` | {case.kind} | {ms:.0f} |")
    print(f"| **all {len(rows)} queries: p50 / p95 / p99** | | **{p50:.0f} / {p95:.0f} / {p99:.0f}** |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
