"""Alert digests: `python -m bench.alerts [--subscribers 10000] [--items 50] [--no-write]`.

In a scratch database of its own (`kkrarchive_bench_alerts`, created, migrated and dropped again), on the bundled
samples: SUBSCRIBERS confirmed subscribers, each following one to three things (searches, topics, members,
bodies, cases, drawn from the archive), then ITEMS new agenda items in new meetings, then `send_digests` as
`manage.py send_alerts` runs it:

1. to Django's locmem backend (the sending itself costs nothing: this is the archive's own time), and the same
   run with a tenth of the subscribers, to show that the reads do not grow with the subscribers;
2. through Django's SMTP backend to a real SMTP server on loopback (aiosmtpd's Sink, in a process of its own).

For each: wall time, statements (reads, and the watermark UPDATEs, one per accepted mail by design), peak
Python memory (tracemalloc) and the process's peak RSS. The results go to the "## Alerts" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from bench.docs import replace_section
from bench.ingest import _machine, _server_url, create_bench_database, drop_bench_database

BASE_DIR = Path(__file__).resolve().parent.parent
DOCS_FILE = BASE_DIR / "docs" / "benchmarks.md"
BENCH_DATABASE = "kkrarchive_bench_alerts"
SECTION_TITLE = "## Alerts"
COMMAND = "python -m bench.alerts"
SEARCHES = 300  # distinct search texts subscribers follow


def _archive() -> None:
    """The samples, topics assigned (the old archive)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("ingest", str(BASE_DIR / "data" / "samples"), verbosity=0)
    call_command("load_topics", verbosity=0)


def _new_meetings(count: int, seed: int) -> None:
    """`count` new items: sample items (titles, texts, case numbers) in new meetings, ten to a meeting."""
    import hashlib

    from ingest.parser.document import ParsedAttendee, ParsedDecision, ParsedItem, ParsedMeeting
    from ingest.reader import SourceText
    from ingest.services import ingest_document
    from meetings.models import AgendaItem, Attendance

    rng = random.Random(seed)
    old = list(AgendaItem.objects.select_related("decision", "meeting__body").order_by("pk"))
    names = sorted(set(Attendance.objects.values_list("person__name", flat=True)))
    bodies = sorted({item.meeting.body.name for item in old})
    made = 0
    day = dt.date(2025, 1, 6)  # after the samples, within the dates ingest accepts
    while made < count:
        picked = [rng.choice(old) for _ in range(min(10, count - made))]
        items = []
        for n, source_item in enumerate(picked, 1):
            try:
                decision = ParsedDecision(source_item.decision.text, list(source_item.decision.outcomes))
            except AgendaItem.decision.RelatedObjectDoesNotExist:
                decision = None
            items.append(
                ParsedItem(
                    number=f"1.{n}",
                    section_number="1",
                    section_title=source_item.section_title or "Sager",
                    title=source_item.title,
                    case_number=source_item.case_number,
                    recommendation=source_item.recommendation,
                    case_text=source_item.case_text,
                    decision=decision if rng.random() < 0.6 else None,
                )
            )
        parsed = ParsedMeeting(
            body_name=rng.choice(bodies),
            date=day,
            kind="referat",
            items=items,
            attendance=[
                ParsedAttendee(name=name, status="present") for name in rng.sample(names, min(8, len(names)))
            ],
        )
        text = f"bench meeting {day}"
        data = text.encode()
        ingest_document(
            source=SourceText(
                text=text,
                kind="txt",
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                file_name=f"bench-{day}.txt",
                encoding="utf-8",
            ),
            parsed=parsed,
        )
        made += len(items)
        day += dt.timedelta(days=1)


def _subscribers(count: int, seed: int, confirmed_at: dt.datetime, first: int = 0) -> None:
    """`count` confirmed subscribers following one to three targets each, bulk-inserted."""
    from alerts.models import Alert, Frequency, Subscriber
    from danish.text import QUERY_WORD
    from meetings.models import AgendaItem, Body, Person, Topic

    rng = random.Random(seed)
    words = sorted(
        {
            w.lower()
            for t in AgendaItem.objects.values_list("title", flat=True)
            for w in QUERY_WORD.findall(t)
            if len(w) > 4
        }
    )
    searches = [" ".join(rng.sample(words, rng.choice((1, 1, 2)))) for _ in range(SEARCHES)]
    pools = {
        "q": searches,
        "emne": list(Topic.objects.values_list("slug", flat=True)),
        "medlem": list(Person.objects.values_list("slug", flat=True)),
        "organ": list(Body.objects.values_list("slug", flat=True)),
        "sag": sorted(set(AgendaItem.objects.exclude(case_number="").values_list("case_number", flat=True))),
    }
    kinds = [k for k, pool in pools.items() if pool]
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"abonnent{first + i}@bench.example",
            frequency=Frequency.DAILY,
            mailed_until=confirmed_at,
        )
        for i in range(count)
    )
    alerts = []
    for subscriber in subscribers:
        chosen = set()
        for _ in range(rng.choice((1, 1, 2, 3))):
            kind = rng.choice(kinds)
            chosen.add((kind, rng.choice(pools[kind])))
        alerts += [
            Alert(subscriber=subscriber, kind=kind, value=value, confirmed_at=confirmed_at)
            for kind, value in chosen
        ]
    Alert.objects.bulk_create(alerts, batch_size=5000)


def _measure(label: str, backend: str, host: str = "", port: int = 25) -> dict:
    from django.db import connection
    from django.test.utils import override_settings

    from alerts.models import Alert, Subscriber
    from alerts.services import send_digests

    confirmed_at = Alert.objects.order_by("confirmed_at").values_list("confirmed_at", flat=True).first()
    Subscriber.objects.update(mailed_until=confirmed_at)  # every subscriber due, nothing mailed yet
    statements = {"reads": 0, "writes": 0}

    def count(execute, sql, params, many, context):
        statements["writes" if sql.lstrip().upper().startswith("UPDATE") else "reads"] += 1
        return execute(sql, params, many, context)

    mailer = {"BACKEND": backend, "OPTIONS": {"host": host, "port": port} if "smtp" in backend else {}}
    with override_settings(MAILERS={"default": mailer}, ALERTS_SETTLE_SECONDS=0):
        from django.core import mail

        mail.outbox = []
        tracemalloc.start()
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            report = send_digests()
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        mail.outbox = []
    return {
        "targets": Alert.objects.values_list("kind", "value").distinct().count(),
        "run": label,
        "subscribers": Subscriber.objects.count(),
        "sent": report.sent,
        "nothing_new": report.nothing_new,
        "new_items": report.new_items,
        "seconds": seconds,
        "reads": statements["reads"],
        "writes": statements["writes"],
        "peak_mb": peak / 1e6,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _smtp_sink() -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the SMTP sink did not start")


def run(subscribers: int, items: int, seed: int) -> list[dict]:
    from django.utils import timezone

    _archive()
    confirmed_at = timezone.now()
    small = max(1, subscribers // 10)
    _subscribers(small, seed, confirmed_at)
    _new_meetings(items, seed)
    results = [_measure("locmem", "django.core.mail.backends.locmem.EmailBackend")]
    _subscribers(subscribers - small, seed + 1, confirmed_at, first=small)
    results.append(_measure("locmem", "django.core.mail.backends.locmem.EmailBackend"))
    sink, port = _smtp_sink()
    try:
        results.append(
            _measure("SMTP on loopback", "django.core.mail.backends.smtp.EmailBackend", "127.0.0.1", port)
        )
    finally:
        sink.terminate()
        sink.wait()
    _assert_no_n_plus_one(results[0], results[1])
    return results


def _assert_no_n_plus_one(small: dict, large: dict) -> None:
    """Ten times the subscribers may cost more reads only per batch of subscribers (two: the subscribers and
    their alerts) and per statement of UNION_CHUNK targets matched, never per subscriber."""
    from alerts.services import BATCH_SIZE
    from alerts.targets import UNION_CHUNK

    def batches(r: dict) -> int:
        return math.ceil(r["subscribers"] / BATCH_SIZE)

    allowed = 2 * (batches(large) - batches(small)) + math.ceil(large["targets"] / UNION_CHUNK)
    extra = large["reads"] - small["reads"]
    assert extra <= allowed, f"{extra} more reads for {large['subscribers']} subscribers (allowed {allowed})"


def report(results: list[dict], args: argparse.Namespace) -> str:
    lines = [
        SECTION_TITLE,
        "",
        f"`{COMMAND} --subscribers {args.subscribers} --items {args.items}` on {_machine()}: the bundled samples "
        f"plus {args.items} new items in new meetings, subscribers following one to three things each (searches "
        f"from {SEARCHES} texts, topics, members, bodies, cases), every subscriber due; `send_digests` as "
        "`manage.py send_alerts` runs it. Reads are every SELECT (they depend on the number of distinct targets "
        "and batches of 500 subscribers, not on the subscribers); writes are the watermark UPDATEs: one per "
        "accepted mail, on purpose (a run that stops halfway repeats no mail), and one per batch for those with "
        "nothing new. Memory: peak of Python allocations (tracemalloc) and the process's peak RSS.",
        "",
        "| run | subscribers | mails | nothing new | time | mails/s | reads | writes | peak Python memory | peak RSS |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['run']} | {r['subscribers']:,} | {r['sent']:,} | {r['nothing_new']:,} | {r['seconds']:.1f} s | "
            f"{r['sent'] / r['seconds']:.0f} | {r['reads']} | {r['writes']:,} | {r['peak_mb']:.1f} MB | "
            f"{r['rss_mb']:.0f} MB |"
        )
    return "\n".join(lines) + "\n"


def write_section(section: str, path: Path = DOCS_FILE) -> None:
    """Replace this benchmark's section of `path` (up to the next "## " heading), or append it."""
    replace_section(path, SECTION_TITLE, section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--database", default=BENCH_DATABASE)
    parser.add_argument("--no-write", action="store_true", help="print the results only; leave docs/ alone")
    args = parser.parse_args(argv)

    server = _server_url()
    os.environ["DATABASE_URL"] = create_bench_database(server, args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("STATIC_NO_MANIFEST", "1")
    import django

    django.setup()
    from django.db import connections

    try:
        results = run(args.subscribers, args.items, args.seed)
    finally:
        connections.close_all()
        drop_bench_database(server, args.database)
    section = report(results, args)
    print(section)
    if not args.no_write:
        write_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
