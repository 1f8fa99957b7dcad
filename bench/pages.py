"""Server time of the meeting, item and member pages on a generated corpus.

    ALLOWED_HOSTS=testserver DATABASE_URL=postgres://postgres@127.0.0.1:PORT/kkrarchive_bench \
        python -m bench.pages [--pages 60] [--write-docs]

Each page type is requested for `--pages` different random rows (after one warm-up round), through
Django's test Client, so the time is the server's: view, queries and template, without the network.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    os.environ.setdefault("STATIC_NO_MANIFEST", "1")
    import django

    django.setup()
    from django.test import Client

    from kkrarchive.warmup import warm
    from meetings.models import AgendaItem, Meeting, Person

    warm()  # as a gunicorn worker does before its first request
    client = Client()
    kinds = {
        "meeting": [
            m.get_absolute_url() for m in Meeting.objects.select_related("body").order_by("?")[: args.pages]
        ],
        "item": [
            i.get_absolute_url()
            for i in AgendaItem.objects.select_related("meeting__body").order_by("?")[: args.pages]
        ],
        "member": [p.get_absolute_url() for p in Person.objects.order_by("?")[: args.pages]],
    }
    items = AgendaItem.objects.count()
    rows = []
    for kind, urls in kinds.items():
        for url in urls[:5]:  # warm-up
            client.get(url)
        times = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                print(f"{url}: {response.status_code}", file=sys.stderr)
                return 1
        rows.append(
            (kind, len(times), statistics.median(times), _percentile(times, 0.95), _percentile(times, 0.99))
        )
    table = ["| page | requests | p50 | p95 | p99 |", "| --- | ---: | ---: | ---: | ---: |"]
    table += [f"| {k} | {n} | {p50:.1f} ms | {p95:.1f} ms | {p99:.1f} ms |" for k, n, p50, p95, p99 in rows]
    print(f"{items:,} items\n" + "\n".join(table))
    if args.write_docs:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text()
        section = (
            "## Pages\n\n"
            f"`python -m bench.pages --pages {args.pages}` on the generated corpus of {items:,} agenda items: "
            "server time through Django's test Client (view, queries, template), each page for different random "
            "rows after a warm-up. Target: p95 under 50 ms for a meeting, an item and a member page.\n\n"
            + "\n".join(table)
            + "\n"
        )
        if "## Pages" in text:
            text = re.sub(r"## Pages\n.*?(?=\n## |\Z)", section, text, flags=re.S)
        else:
            text = text.rstrip("\n") + "\n\n" + section
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
