"""Ingest benchmark: `python -m bench.ingest` (or `make bench`).

Measures, on the bundled samples:
1. parse time per document (best and median of several runs) and parse throughput on one core;
2. end-to-end ingest throughput through the real command (`call_command("ingest", folder)`) over many copies of
   the samples, each rewritten to a date of its own so that every file is a new meeting;
3. the time to skip an unchanged file (a second run over the same folder).

It never touches the archive's own data: it creates a separate database (`kkrarchive_bench`) on the same server,
migrates it, runs there and drops it at the end. The results are printed and written to the "## Ingest" section
of docs/benchmarks.md (the other sections of that file are left as they are).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from bench.docs import replace_section
from danish.dates import MONTH_NAMES
from ingest.parser import parse_document
from ingest.parser.document import NotMinutesError

BASE_DIR = Path(__file__).resolve().parent.parent
SAMPLES_DIR = BASE_DIR / "data" / "samples"
PDF_FIXTURE = BASE_DIR / "tests" / "fixtures" / "referat-2022-06-21.pdf"
DOCS_FILE = BASE_DIR / "docs" / "benchmarks.md"
BENCH_DATABASE = "kkrarchive_bench_ingest"  # its own: other benches use kkrarchive_bench
SECTION_TITLE = "## Ingest"
COMMAND = "python -m bench.ingest"

TARGET_PARSE_PER_SECOND = 50
TARGET_INGEST_PER_SECOND = 10
TARGET_SKIP_MS = 10

_MONTH_NAMES = MONTH_NAMES
FIRST_SHIFTED_DATE = dt.date(1990, 1, 1)  # before any real minutes in the archive, so copies never collide


# --- documents with a date of their own (also used by tests/ingest/test_ingest_command.py) ------------------------


def with_meeting_date(text: str, old: dt.date, new: dt.date) -> str:
    """`text` with every printed form of the date `old` ("21-06-2022", "21.06.2022", "21. juni 2022",
    also wrapped over lines) rewritten as `new`, so the parser reads it as the minutes of another meeting."""
    numeric = re.compile(rf"(?<!\d)0?{old.day}(?P<sep>[-./])0?{old.month}(?P=sep){old.year}(?!\d)")
    text = numeric.sub(lambda m: f"{new.day:02d}{m['sep']}{new.month:02d}{m['sep']}{new.year}", text)
    words = re.compile(
        rf"(?<!\d)0?{old.day}\.(?P<s1>\s*){_MONTH_NAMES[old.month]}(?P<s2>\s+){old.year}(?!\d)",
        re.IGNORECASE,
    )
    return words.sub(lambda m: f"{new.day}.{m['s1']}{_MONTH_NAMES[new.month]}{m['s2']}{new.year}", text)


def sample_texts() -> list[tuple[str, str]]:
    """(file name, text) of the bundled samples, in name order."""
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SAMPLES_DIR.glob("*.txt"))]


def write_dated_copies(
    folder: Path,
    count: int,
    first_date: dt.date = FIRST_SHIFTED_DATE,
    texts: list[tuple[str, str]] | None = None,
) -> list[tuple[Path, dt.date]]:
    """Write `count` copies of the samples (cycling through them) into `folder`, copy k dated first_date + k days.

    Returns (path, meeting date) per file. Raises AssertionError when a copy does not parse to its new date.
    """
    texts = texts or sample_texts()
    originals = [(name, text, parse_document(text).date) for name, text in texts]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(count):
        name, text, old = originals[k % len(originals)]
        new = first_date + dt.timedelta(days=k)
        path = folder / f"{k:04d}-{new.isoformat()}-{name}"
        path.write_text(with_meeting_date(text, old, new), encoding="utf-8")
        written.append((path, new))
    return written


# --- measuring -------------------------------------------------------------------------------------------


def _timings(function: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        out.append(time.perf_counter() - started)
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


# --- the bench database ----------------------------------------------------------------------------------


def _server_url() -> str:
    from kkrarchive.database import database_url

    return database_url(os.environ)  # DATABASE_URL, or the embedded server (started when needed)


def _with_database(url: str, name: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


def create_bench_database(server_url: str, name: str) -> str:
    # No FORCE: when another process is using a database of that name, stop rather than cut it off.
    _admin(server_url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(server_url, f'CREATE DATABASE "{name}"')
    return _with_database(server_url, name)


def drop_bench_database(server_url: str, name: str) -> None:
    _admin(server_url, f'DROP DATABASE IF EXISTS "{name}"')


# --- the benchmark ---------------------------------------------------------------------------------------

REAL_DIR = BASE_DIR / "tests" / "fixtures" / "real"
FORMAT_SECONDS = 2.0  # time spent parsing each format, for a steady rate


def _format_speeds(read_document) -> list[dict]:
    """Parses per second of the real documents of each format (their text read once, then detection and parse
    as ingest does them), one core; documents that are refused count too: refusing is work the parser does."""
    groups: dict[str, list[str]] = {"pdf": [read_document(PDF_FIXTURE).text]}
    for path in sorted(REAL_DIR.glob("*")):
        if path.suffix.lower() in {".html", ".htm", ".txt"}:
            source = read_document(path)
            groups.setdefault(source.kind, []).append(source.text)
    speeds = []
    for kind, texts in sorted(groups.items()):
        parsed = refused = 0
        started = time.perf_counter()
        while time.perf_counter() - started < FORMAT_SECONDS:
            for text in texts:
                try:
                    parse_document(text)
                    parsed += 1
                except NotMinutesError:
                    refused += 1
        seconds = time.perf_counter() - started
        speeds.append(
            {
                "kind": kind,
                "documents": len(texts),
                "per_second": (parsed + refused) / seconds,
                "refused": refused,
            }
        )
    return speeds


def run(files: int, parse_repeat: int, throughput_parses: int) -> dict:
    from django.core.management import call_command

    from ingest.reader import PAGE_BREAK, read_document
    from meetings.models import AgendaItem, Meeting, SourceDocument

    results: dict = {"parse": [], "machine": _machine(), "load": os.getloadavg()[0]}
    samples = sorted(SAMPLES_DIR.glob("*.txt"))
    texts = []
    for path in samples:
        text = read_document(path).text
        texts.append((path.name, text))
        times = _timings(lambda text=text: parse_document(text), parse_repeat)
        parsed = parse_document(text)
        results["parse"].append(
            {
                "name": path.name,
                "kb": len(text.encode()) / 1024,
                "items": len(parsed.items),
                "best": min(times),
                "median": statistics.median(times),
            }
        )
    results["formats"] = _format_speeds(read_document)
    pdf_times = _timings(lambda: read_document(PDF_FIXTURE), parse_repeat)
    pages = read_document(PDF_FIXTURE).text.count(PAGE_BREAK) + 1
    results["pdf_read"] = {"best": min(pdf_times), "median": statistics.median(pdf_times), "pages": pages}

    started = time.perf_counter()
    for k in range(throughput_parses):
        parse_document(texts[k % len(texts)][1])
    results["parse_per_second"] = throughput_parses / (time.perf_counter() - started)
    results["parses"] = throughput_parses

    call_command("migrate", verbosity=0)
    call_command("load_topics", verbosity=0)  # as `make run` does: topics are assigned at ingest time
    folder = Path(tempfile.mkdtemp(prefix="kkrarchive-bench-"))
    try:
        write_dated_copies(folder, files)
        out, err = io.StringIO(), io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("ingest", str(folder), verbosity=0, stdout=out, stderr=err)
        first = time.perf_counter() - started
        # This process's CPU time (reading, parsing, the ORM; not PostgreSQL's): it varies much less than the
        # wall clock on a shared machine, so it shows a change in the Python part when the wall clock cannot.
        results["ingest_cpu_per_file"] = (time.process_time() - cpu) / files
        counts = (SourceDocument.objects.count(), Meeting.objects.count())
        if counts != (files, files):
            raise RuntimeError(f"expected {files} documents and meetings, found {counts}: {err.getvalue()}")
        results["files"] = files
        results["items"] = AgendaItem.objects.count()
        results["ingest_seconds"] = first
        results["ingest_per_second"] = files / first

        started = time.perf_counter()
        call_command("ingest", str(folder), verbosity=0, stdout=out, stderr=err)
        second = time.perf_counter() - started
        if SourceDocument.objects.count() != files:
            raise RuntimeError("the second run changed the archive")
        results["skip_seconds"] = second
        results["skip_per_file"] = second / files
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(results: dict, command: str, database: str = BENCH_DATABASE) -> str:
    """The "## Ingest" section of docs/benchmarks.md, in Markdown."""
    rows = [
        "| document | text | items | parse, best | parse, median |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in results["parse"]:
        rows.append(
            f"| `{row['name']}` | {row['kb']:.0f} KB | {row['items']} | {_ms(row['best'])} | {_ms(row['median'])} |"
        )
    parse_ok = results["parse_per_second"] >= TARGET_PARSE_PER_SECOND
    ingest_ok = results["ingest_per_second"] >= TARGET_INGEST_PER_SECOND
    skip_ok = results["skip_per_file"] * 1000 < TARGET_SKIP_MS
    summary = [
        "| measure | result | target | |",
        "| --- | ---: | ---: | --- |",
        f"| parse throughput, one core ({results['parses']} parses of the samples in turn) | "
        f"{results['parse_per_second']:.0f} documents/s | ≥ {TARGET_PARSE_PER_SECOND}/s | {_verdict(parse_ok)} |",
        f"| ingest throughput, end to end ({results['files']} new meetings, {results['items']} items, "
        f"`manage.py ingest FOLDER`) | {results['ingest_per_second']:.1f} documents/s "
        f"({results['ingest_seconds']:.1f} s) | ≥ {TARGET_INGEST_PER_SECOND}/s | {_verdict(ingest_ok)} |",
        f"| of which this process's CPU (read, parse, ORM; PostgreSQL's own work not included) | "
        f"{_ms(results['ingest_cpu_per_file'])} per document | | |",
        f"| skip an unchanged file (second run over the same {results['files']} files) | "
        f"{_ms(results['skip_per_file'])} per file ({results['skip_seconds']:.2f} s) | < {TARGET_SKIP_MS} ms | "
        f"{_verdict(skip_ok)} |",
        *(
            f"| parse {row['kind']} documents, one core ({row['documents']} real documents in turn"
            f"{', some refused' if row['refused'] else ''}) | {row['per_second']:.0f} documents/s | "
            f"≥ {TARGET_PARSE_PER_SECOND}/s | {_verdict(row['per_second'] >= TARGET_PARSE_PER_SECOND)} |"
            for row in results["formats"]
        ),
        f"| read the {results['pdf_read']['pages']}-page PDF fixture (PDFium text extraction) | {_ms(results['pdf_read']['best'])} best, "
        f"{_ms(results['pdf_read']['median'])} median | | |",
    ]
    return "\n".join(
        [
            SECTION_TITLE,
            "",
            f"Measured {dt.date.today().isoformat()} on {results['machine']}, with `{command}` "
            f"(`make bench`), against a scratch database `{database}` on the embedded PostgreSQL that is "
            "created, migrated and dropped by the run. Load average when the run started: "
            f"{results['load']:.2f} (the machine is shared; numbers from a busy machine are pessimistic).",
            "",
            *summary,
            "",
            "Parse time per sample (`ingest.parser.parse_document` on the extracted text; reading the file is not "
            "included):",
            "",
            *rows,
            "",
            "End to end means what `manage.py ingest` does for each file: hash it, read and decode it, parse, then "
            "one transaction that merges the meeting, writes items, decisions, attendance and mentions, and updates "
            "the search index and topics. The copies are the five samples in turn, each rewritten to a date of its "
            "own so every file is a new meeting. An unchanged file is recognised by the SHA-256 of its bytes and "
            "one indexed lookup, without decoding or parsing it.",
            "",
        ]
    )


def write_section(section: str, path: Path = DOCS_FILE) -> None:
    """Replace this benchmark's section of `path` (up to the next "## " heading), or append it."""
    replace_section(path, SECTION_TITLE, section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="copies to ingest end to end (default 200)")
    parser.add_argument("--repeat", type=int, default=15, help="runs per parse timing (default 15)")
    parser.add_argument("--parses", type=int, default=200, help="parses for the throughput (default 200)")
    parser.add_argument(
        "--database", default=BENCH_DATABASE, help=f"scratch database (default {BENCH_DATABASE})"
    )
    parser.add_argument("--no-write", action="store_true", help="print the results only; leave docs/ alone")
    args = parser.parse_args(argv)

    server = _server_url()
    os.environ["DATABASE_URL"] = create_bench_database(server, args.database)
    # The copies' originals are kept as ingest keeps them (that is part of what is measured), but in a scratch
    # folder: never among the archive's own originals.
    originals = tempfile.mkdtemp(prefix="kkrarchive-bench-originals-")
    os.environ["KKRARCHIVE_ORIGINALS_DIR"] = originals
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # one INFO line per ingested file would drown the table
    import django

    django.setup()
    from django.db import connections

    try:
        results = run(args.files, args.repeat, args.parses)
    finally:
        connections.close_all()
        drop_bench_database(server, args.database)
        shutil.rmtree(originals, ignore_errors=True)
    section = report(results, COMMAND, args.database)
    print(section)
    if not args.no_write:
        write_section(section)
        print(f"Wrote the '{SECTION_TITLE}' section of {DOCS_FILE.relative_to(BASE_DIR)}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
