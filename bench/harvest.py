"""Harvest benchmark: `python -m bench.harvest [--documents 200] [--no-write]`.

A local publisher's site on 127.0.0.1 (the test suite's recorded-site server) with one listing page linking to
DOCUMENTS minutes (dated copies of the bundled samples, each a meeting of its own), harvested twice through the
real `manage.py harvest` in a scratch database (`kkrarchive_bench_harvest`, created, migrated and dropped):

1. the first run: every document downloaded and ingested; documents per second, requests per document;
2. the second run over the unchanged site: every request conditional and answered 304; its time and the bytes
   downloaded (none but the 304 headers).

The pause between two requests to one host is 0 here, so the figures are the harvester's own cost; with the
default pause (HARVEST_DELAY = 1 s) a site's harvest is bounded by one request a second, which the report says.
The results go to the "## Harvest" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest import (
    _machine,
    _server_url,
    create_bench_database,
    drop_bench_database,
    write_dated_copies,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DOCS_FILE = BASE_DIR / "docs" / "benchmarks.md"
BENCH_DATABASE = "kkrarchive_bench_harvest"
SECTION_TITLE = "## Harvest"
COMMAND = "python -m bench.harvest"
LISTING = "/dagsordener-og-referater"


def _site(folder: Path, documents: int):
    from tests.harvest.site import Page, RecordedSite

    files = write_dated_copies(folder, documents)
    pages = {"/robots.txt": Page(b"User-agent: *\nAllow: /\n", "text/plain")}
    links = []
    for path, date in files:
        url = f"/moeder/{path.name}"
        pages[url] = Page(path.read_bytes(), "text/plain; charset=utf-8")
        links.append(f'<li><a href="{url}">Referat af mødet {date:%d.%m.%Y}</a></li>')
    listing = "<!DOCTYPE html><meta charset=utf-8><h1>Dagsordener og referater</h1><ul>" + "".join(links)
    pages[LISTING] = Page((listing + "</ul>").encode())
    return RecordedSite(pages).start()


def _harvest(url: str) -> tuple[float, object]:
    from django.core.management import call_command

    from harvest.models import HarvestRun

    started = time.perf_counter()
    try:
        call_command("harvest", url, stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exc:
        if exc.code:
            raise RuntimeError(f"harvest exited {exc.code}") from exc
    return time.perf_counter() - started, HarvestRun.objects.order_by("-started_at").first()


def run(documents: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    from meetings.models import Meeting

    call_command("migrate", verbosity=0)
    settings.HARVEST_DELAY = 0
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-bench-harvest-"))
    site = _site(folder, documents)
    try:
        first_seconds, first = _harvest(site.url + LISTING)
        meetings = Meeting.objects.count()
        site.forget()
        second_seconds, second = _harvest(site.url + LISTING)
        answered_304 = sum(1 for request in site.requests if request.status == 304)
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)
    if meetings != documents or first.new != documents:
        raise RuntimeError(f"expected {documents} new meetings, got {meetings} ({first.new} new)")
    return {
        "documents": documents,
        "first_seconds": first_seconds,
        "first_requests": first.requests,
        "first_bytes": first.bytes,
        "second_seconds": second_seconds,
        "second_requests": second.requests,
        "second_bytes": second.bytes,
        "second_unchanged": second.unchanged,
        "second_304": answered_304,
    }


def report(results: dict) -> str:
    n = results["documents"]
    per_second = n / results["first_seconds"]
    return "\n".join(
        [
            SECTION_TITLE,
            "",
            f"`{COMMAND}` on {_machine()}, load average {os.getloadavg()[0]:.1f} at the end: a local site "
            f"(127.0.0.1) with one listing page linking to {n} minutes "
            "(dated copies of the samples, each a new meeting), harvested twice by `manage.py harvest` with "
            "no pause between requests (the harvester's own cost).",
            "",
            "| run | time | documents/s | requests | requests per document | bytes downloaded |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            f"| first (all new) | {results['first_seconds']:.1f} s | {per_second:.1f} | "
            f"{results['first_requests']} | {results['first_requests'] / n:.2f} | {results['first_bytes']:,} |",
            f"| second (unchanged site) | {results['second_seconds']:.2f} s | – | {results['second_requests']} | "
            f"{results['second_requests'] / n:.2f} | {results['second_bytes']:,} |",
            "",
            f"The second run sent only conditional requests: {results['second_304']} answered 304 Not Modified, "
            f"{results['second_unchanged']} documents unchanged, nothing downloaded or ingested. The requests "
            "beyond one per document are robots.txt and the listing page. With the default pause of 1 s between "
            f"two requests to one host, a first harvest of this site takes at least {results['first_requests']} s "
            f"and the unchanged second run {results['second_requests']} s: politeness, not the harvester, sets "
            "the pace.",
        ]
    )


def write_section(section: str, path: Path = DOCS_FILE) -> None:
    from bench.docs import replace_section

    replace_section(path, SECTION_TITLE, section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--database", default=BENCH_DATABASE)
    parser.add_argument("--no-write", action="store_true", help="print the results only; leave docs/ alone")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(BASE_DIR))  # the recorded-site server lives with the tests
    server = _server_url()
    os.environ["DATABASE_URL"] = create_bench_database(server, args.database)
    originals = tempfile.mkdtemp(prefix="kkrarchive-bench-originals-")
    os.environ["KKRARCHIVE_ORIGINALS_DIR"] = originals
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connections

    try:
        results = run(args.documents)
    finally:
        connections.close_all()
        drop_bench_database(server, args.database)
        shutil.rmtree(originals, ignore_errors=True)
    section = report(results)
    print(section)
    if not args.no_write:
        write_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
