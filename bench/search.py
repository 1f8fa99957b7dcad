"""Search latency benchmark: `python -m bench.search --database kkrarchive_bench [--items-label 1M]`.

For a fixed set of queries (common, medium and rare words, synthetic words PostgreSQL has no statistics for,
phrases, compound parts, case numbers, names, OR, exclusion, typos, questions, words typed without Danish
letters or joined by a slash, with and without year and body filters, and date order) it measures, after
warm-ups:

* the search page end to end: Django's test Client GET /soeg/?q=... (URL resolution, middleware, filters,
  search.ranking.search, template) and the JSON API GET /api/search/?q=...;
* the raw SQL behind it: the slowest statement (of the ranked page, count and facets, or date order) that
  search.ranking.search runs for the same request, timed as the "Execution Time" of
  EXPLAIN (ANALYZE, BUFFERS) (which adds some instrumentation overhead);
* the database time of the whole request (the sum of every statement the page runs, from an execute wrapper),
  so the page's time splits into SQL and Python.

The process first warms up as a gunicorn worker does (kkrarchive.warmup), so the pages are timed as a
worker serves them. It prints Markdown tables (per query and overall p50/p95/p99 in milliseconds, and page/raw
ratios) for docs/benchmarks.md, and with --plans the EXPLAIN output of every query whose page p95 is over
--slow-ms.
The corpus comes from `manage.py generate_corpus` (see its docstring for the set-up); the database named by
--database lives on the server DATABASE_URL points at, or on the embedded server when DATABASE_URL is unset.

With --tantivy DIR (an index `python -m bench.tantivy_index` built from the same database; tantivy is the
optional `bench` dependency, imported only then) it also times, in the same process and run,
search.ranking.search for each query against tantivy's search for the same query and filters (issue #13:
within 3x of tantivy at p95), the two alternating, and prints both counts, p50/p95 and the ratio ours/tantivy
at p95. Queries tantivy is not given (no query text, date order) are listed as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class Case:
    label: str
    kind: str
    params: dict[str, str]


def cases() -> list[Case]:
    """The fixed query set (after django.setup(): the rare words come from generate_corpus's vocabulary)."""
    from bench.corpus import rare_vocabulary

    rare = rare_vocabulary()  # rank r is in about 0.1 * items / (r + 1) items
    return [
        Case("kommune", "common", {"q": "kommune"}),
        Case("aftale", "common", {"q": "aftale"}),
        Case("rekruttering", "medium", {"q": "rekruttering"}),
        Case("letbane", "medium-rare", {"q": "letbane"}),
        Case(rare[999], "rare (synthetic)", {"q": rare[999]}),
        Case(rare[19999], "very rare (synthetic)", {"q": rare[19999]}),
        Case(
            '"sundhedsklyngerne i hovedstadsområdet"',
            "phrase",
            {"q": '"sundhedsklyngerne i hovedstadsområdet"'},
        ),
        Case("klynge", "compound part", {"q": "klynge"}),
        Case("SAG-2022-02369", "case number", {"q": "SAG-2022-02369"}),
        Case("Sisse Marie Welling", "name", {"q": "Sisse Marie Welling"}),
        Case("sundhed OR klima", "OR", {"q": "sundhed OR klima"}),
        Case("kommune -aftale", "exclusion", {"q": "kommune -aftale"}),
        Case("sundhedsklyne", "typo: no hits, suggestion", {"q": "sundhedsklyne"}),
        Case("kommune, aar=2024", "common + year", {"q": "kommune", "aar": "2024"}),
        Case("kommune, organ=kkr-hovedstaden", "common + body", {"q": "kommune", "organ": "kkr-hovedstaden"}),
        Case("klynge, aar=2015", "part + year", {"q": "klynge", "aar": "2015"}),
        Case(
            "rekruttering, organ=kkr-sjaelland",
            "medium + body",
            {"q": "rekruttering", "organ": "kkr-sjaelland"},
        ),
        Case("kommune, sortering=dato", "common, newest first", {"q": "kommune", "sortering": "dato"}),
        Case("(no query) organ=kkr-hovedstaden", "browse a body", {"organ": "kkr-hovedstaden"}),
        # Added for the comparison with tantivy (issue #13: phrases, names, words without statistics, filters).
        Case("sundhed", "common", {"q": "sundhed"}),
        Case("regeringen", "common, inflected", {"q": "regeringen"}),
        Case("praksisplan", "medium", {"q": "praksisplan"}),
        Case("fysioterapi", "medium", {"q": "fysioterapi"}),
        Case("klimaalliancen", "medium-rare", {"q": "klimaalliancen"}),
        Case(rare[0], "synthetic, rank 0", {"q": rare[0]}),
        Case(rare[99], "synthetic, rank 99 (no statistics)", {"q": rare[99]}),
        Case(rare[4999], "synthetic, rank 4999 (no statistics)", {"q": rare[4999]}),
        Case(rare[49999], "synthetic, rank 49999 (no statistics)", {"q": rare[49999]}),
        Case(
            f"{rare[299]} {rare[399]}",
            "two synthetic words (no statistics)",
            {"q": f"{rare[299]} {rare[399]}"},
        ),
        Case("kommune region samarbejde", "three common words", {"q": "kommune region samarbejde"}),
        Case("sundhed ældre borgere", "three common words", {"q": "sundhed ældre borgere"}),
        Case(
            '"det specialiserede socialområde"',
            "phrase, common",
            {"q": '"det specialiserede socialområde"'},
        ),
        Case('"godkendelse af referat"', "phrase with a stop word", {"q": '"godkendelse af referat"'}),
        Case('"praksisplan for fysioterapi"', "phrase, medium", {"q": '"praksisplan for fysioterapi"'}),
        Case('"Erhvervshus Hovedstaden"', "phrase, name of a body", {"q": '"Erhvervshus Hovedstaden"'}),
        Case('"rød løber"', "phrase, two words", {"q": '"rød løber"'}),
        Case(
            f'"{rare[999]} og"',
            "phrase, synthetic word",
            {"q": f'"{rare[999]} og"'},
        ),
        Case("reform", "compound part", {"q": "reform"}),
        Case("infrastruktur", "compound part", {"q": "infrastruktur"}),
        Case("handleplan", "compound part, medium-rare", {"q": "handleplan"}),
        Case("SAG-2022-01250", "case number", {"q": "SAG-2022-01250"}),
        Case("sag 2022 01250", "case number as typed", {"q": "sag 2022 01250"}),
        Case("Michael Ziegler", "name", {"q": "Michael Ziegler"}),
        Case("Vicky Holst Rasmussen", "name, three words", {"q": "Vicky Holst Rasmussen"}),
        Case("Jesper Würtzen", "name", {"q": "Jesper Würtzen"}),
        Case("Ziegler", "surname", {"q": "Ziegler"}),
        Case(
            "Sophie Hæstorp Andersen", "name of a member, not in the texts", {"q": "Sophie Hæstorp Andersen"}
        ),
        Case("fysioterapi OR psykiatri", "OR", {"q": "fysioterapi OR psykiatri"}),
        Case("letbane OR metro", "OR, medium-rare", {"q": "letbane OR metro"}),
        Case(f"{rare[99]} OR {rare[4999]}", "OR, synthetic", {"q": f"{rare[99]} OR {rare[4999]}"}),
        Case("sundhed -region", "exclusion", {"q": "sundhed -region"}),
        Case("klima -aftale -kommune", "two exclusions", {"q": "klima -aftale -kommune"}),
        Case(
            '"det specialiserede socialområde" -rammeaftale',
            "phrase and exclusion",
            {"q": '"det specialiserede socialområde" -rammeaftale'},
        ),
        Case("fysiotrapi", "typo", {"q": "fysiotrapi"}),
        Case("rekrutering", "typo", {"q": "rekrutering"}),
        Case("infrastuktur", "typo", {"q": "infrastuktur"}),
        Case(
            "hvad besluttede KKR om letbanen",
            "question",
            {"q": "hvad besluttede KKR om letbanen"},
        ),
        Case(
            "hvornår blev praksisplan for fysioterapi godkendt",
            "question",
            {"q": "hvornår blev praksisplan for fysioterapi godkendt"},
        ),
        Case(
            "hvem er formand for KKR Hovedstaden",
            "question",
            {"q": "hvem er formand for KKR Hovedstaden"},
        ),
        Case("aeldre", "without Danish letters", {"q": "aeldre"}),
        Case("okonomi", "without Danish letters", {"q": "okonomi"}),
        Case("aeldrereformen", "without Danish letters, compound", {"q": "aeldrereformen"}),
        Case("signaturaftaler/projekter", "words joined by /", {"q": "signaturaftaler/projekter"}),
        Case("sundhed/omsorg", "words joined by /", {"q": "sundhed/omsorg"}),
        Case("sundhed, aar=2020", "common + year", {"q": "sundhed", "aar": "2020"}),
        Case(f"{rare[999]}, aar=2016", "synthetic + year", {"q": rare[999], "aar": "2016"}),
        Case(
            "praksisplan, organ=kkr-hovedstaden",
            "medium + body",
            {"q": "praksisplan", "organ": "kkr-hovedstaden"},
        ),
        Case(
            "Michael Ziegler, organ=kkr-hovedstaden",
            "name + body",
            {"q": "Michael Ziegler", "organ": "kkr-hovedstaden"},
        ),
        Case(
            "kommune, aar=2024, organ=kkr-midtjylland",
            "common + year + body",
            {"q": "kommune", "aar": "2024", "organ": "kkr-midtjylland"},
        ),
        Case(
            '"det specialiserede socialområde", aar=2023, organ=kkr-hovedstaden',
            "phrase + year + body",
            {"q": '"det specialiserede socialområde"', "aar": "2023", "organ": "kkr-hovedstaden"},
        ),
        Case(
            "klima -aftale, aar=2019",
            "exclusion + year",
            {"q": "klima -aftale", "aar": "2019"},
        ),
    ]


@dataclass
class Result:
    case: Case
    matches: int = 0
    estimate: bool = False
    statements: int = 0
    page: list[float] = field(default_factory=list)
    api: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    planning: list[float] = field(default_factory=list)
    page_sql: list[float] = field(default_factory=list)
    main_sql: str = ""
    plan: str = ""
    breakdown: list[tuple[float, str]] = field(default_factory=list)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3
    if len(values) == 1:
        return (values[0],) * 3
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def database_url(name: str) -> str:
    """DATABASE_URL (or the embedded server's URL) with its database name replaced by `name`."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        from kkrarchive.database import database_url as configured

        url = configured(os.environ)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    # Static URLs without collectstatic's manifest (as the tests do): a dict lookup less per {% static %}.
    os.environ.setdefault("STATIC_NO_MANIFEST", "1")
    import django

    django.setup()


def main_statement(queries: list[dict]) -> str:
    """The slowest statement of one search: the ranked page is no longer one statement (search.topk reads the
    term lists in several small ones), so "raw" times whichever costs most. Not the planner's estimate: it is an
    EXPLAIN already."""
    explainable = [q for q in queries if not q["sql"].lstrip().upper().startswith("EXPLAIN")]
    return max(explainable, key=lambda q: float(q["time"]))["sql"]


def describe(sql: str) -> str:
    """A short name for a statement of the search, for the time breakdown."""
    checks = [
        ("ts_rank", "ranked page"),
        ("ts_headline", "snippets"),
        ("WITH c AS MATERIALIZED", "facets"),
        ("EXPLAIN", "estimate (EXPLAIN)"),
        ("pg_stats", "date window"),
        ("meetings_person", "members"),
        ("meetings_searchword", "suggestion"),
        ("COUNT(*)", "count"),
        ('"meetings_agendaitem"."case_number" =', "exact case number"),
        ('"meetings_agendaitem"."id" IN', "items of the page"),
        ("LIMIT 20", "date-ordered page"),
    ]
    for needle, name in checks:
        if needle in sql:
            return name
    return " ".join(sql.split())[:40]  # one line of the breakdown, whatever the layout of the SQL


def run(args: argparse.Namespace) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kkrarchive.warmup import warm
    from meetings.models import SearchEntry
    from search.filters import SearchFilterSet
    from search.ranking import search

    warm()  # as a gunicorn worker does before its first request (its templates, word lists, gc.freeze)
    client = Client()
    headers = {"HTTP_HOST": "localhost"}
    results: list[Result] = []
    statement_times: list[float] = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statement_times.append(time.perf_counter() - started)

    def timed_get(path: str, params: dict[str, str]) -> tuple[float, float, int]:
        statement_times.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(wrapper):
            response = client.get(path, params, **headers)
            if response.status_code != 200:
                raise SystemExit(f"{path}?{urlencode(params)} answered {response.status_code}")
            response.content  # noqa: B018  (rendered already; read it like a server would)
        return (time.perf_counter() - started) * 1000, sum(statement_times) * 1000, len(statement_times)

    for case in cases():
        result = Result(case)
        print(f"  {case.label} ...", end="", flush=True, file=sys.stderr)
        # What the page runs, statement by statement (one search through the library, as the view calls it).
        filterset = SearchFilterSet(
            {k: v for k, v in case.params.items() if k != "q"}, queryset=SearchEntry.objects.all()
        )
        assert filterset.is_valid(), filterset.errors
        with CaptureQueriesContext(connection) as captured:
            found = search(
                case.params.get("q", ""), filterset.qs, sort=case.params.get("sortering", "relevans")
            )
        result.matches, result.estimate = found.count, found.count_is_estimate
        result.main_sql = main_statement(captured.captured_queries)
        result.breakdown = [(float(q["time"]) * 1000, describe(q["sql"])) for q in captured.captured_queries]
        reset_queries()

        for path, samples in (("/soeg/", result.page), ("/api/search/", result.api)):
            for i in range(args.warmups + args.runs):
                elapsed, sql_ms, count = timed_get(path, case.params)
                if i >= args.warmups:
                    samples.append(elapsed)
                    if path == "/soeg/":
                        result.page_sql.append(sql_ms)
                        result.statements = count

        with connection.cursor() as cursor:
            for i in range(args.warmups + args.runs):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + result.main_sql)
                plan = cursor.fetchone()[0]
                plan = plan if isinstance(plan, list) else json.loads(plan)
                if i >= args.warmups:
                    result.raw.append(plan[0]["Execution Time"])
                    result.planning.append(plan[0]["Planning Time"])
            if args.plans and percentiles(result.page)[1] > args.slow_ms:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + result.main_sql)
                result.plan = "\n".join(row[0] for row in cursor.fetchall())
        results.append(result)
        p50, p95, _ = percentiles(result.page)
        print(f" page p50 {p50:.1f} ms, p95 {p95:.1f} ms", file=sys.stderr)

    return {"results": results, "environment": environment(connection)}


@dataclass
class Comparison:
    case: Case
    matches: int = 0
    estimate: bool = False
    tantivy_matches: int = 0
    ours: list[float] = field(default_factory=list)
    tantivy: list[float] = field(default_factory=list)


def compare_with_tantivy(args: argparse.Namespace) -> dict:
    """Each case through search.ranking.search (as bench.exactness calls it) and through tantivy, alternately,
    in this process: the same queries in the same run, so both see the same machine."""
    import tantivy

    from bench.tantivy_index import TantivyArchive, unsupported
    from meetings.models import SearchEntry
    from search.filters import SearchFilterSet
    from search.ranking import search

    archive = TantivyArchive(args.tantivy)
    compared: list[Comparison] = []
    skipped: list[tuple[Case, str]] = []
    for case in cases():
        if reason := unsupported(case.params):
            skipped.append((case, reason))
            continue
        text = case.params["q"]
        filters = {k: v for k, v in case.params.items() if k not in {"q", "sortering"}}
        result = Comparison(case)
        print(f"  {case.label} (against tantivy) ...", end="", flush=True, file=sys.stderr)
        for i in range(args.warmups + args.runs):
            # A new queryset each time, outside the timing, so no run reads another's result cache.
            filterset = SearchFilterSet(filters, queryset=SearchEntry.objects.all())
            assert filterset.is_valid(), filterset.errors
            filtered = filterset.qs
            started = time.perf_counter()
            found = search(text, filtered)
            ours = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            _, count = archive.search(text, filters)
            theirs = (time.perf_counter() - started) * 1000
            if i >= args.warmups:
                result.ours.append(ours)
                result.tantivy.append(theirs)
        result.matches, result.estimate, result.tantivy_matches = found.count, found.count_is_estimate, count
        compared.append(result)
        print(
            f" p95 {percentiles(result.ours)[1]:.1f} ms, tantivy {percentiles(result.tantivy)[1]:.1f} ms",
            file=sys.stderr,
        )
    return {"compared": compared, "skipped": skipped, "version": tantivy.__version__}


def tantivy_markdown(comparison: dict, label: str, runs: int, warmups: int) -> str:
    rows: list[Comparison] = comparison["compared"]
    lines = [
        f"#### {label}: the search against tantivy, same queries, same process and run",
        "",
        f"{runs} runs per query after {warmups} warm-up(s), the two engines alternating; milliseconds. *ours* = "
        "search.ranking.search(text, filtered) as bench.exactness calls it (ranked page, count, facets, snippets; "
        f"no template); *tantivy* = {comparison['version']} through bench.tantivy_index (the same texts and "
        "compound parts, Danish stop words and stemmer, fields boosted by our weights, BM25): query translation, "
        "top 20 and the exact count. *ratio* = ours p95 / tantivy p95 (issue #13: at most 3).",
        "",
        "| query | kind | matches | tantivy matches | ours p50 | ours p95 | tantivy p50 | tantivy p95 | ratio |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        ours, theirs = percentiles(r.ours), percentiles(r.tantivy)
        matches = f"~{r.matches:,}" if r.estimate else f"{r.matches:,}"
        lines.append(
            f"| `{r.case.label}` | {r.case.kind} | {matches} | {r.tantivy_matches:,} | {ours[0]:.1f} "
            f"| {ours[1]:.1f} | {theirs[0]:.2f} | {theirs[1]:.2f} | {ratio(ours[1], theirs[1])} |"
        )
    ours = percentiles([ms for r in rows for ms in r.ours])
    theirs = percentiles([ms for r in rows for ms in r.tantivy])
    lines.append(
        f"| **all queries** | | | | **{ours[0]:.1f}** | **{ours[1]:.1f}** | {theirs[0]:.2f} | {theirs[1]:.2f} "
        f"| **{ratio(ours[1], theirs[1])}** |"
    )
    within = sum(1 for r in rows if percentiles(r.ours)[1] <= 3 * percentiles(r.tantivy)[1])
    lines += ["", f"Within 3x of tantivy at p95 for {within} of {len(rows)} queries."]
    if comparison["skipped"]:
        lines.append(
            "Not compared (tantivy is not given them): "
            + "; ".join(f"`{case.label}` ({reason})" for case, reason in comparison["skipped"])
            + "."
        )
    return "\n".join(lines)


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.1f}x" if theirs > 0 else "n/a"


def environment(connection) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (SELECT count(*) FROM meetings_agendaitem), (SELECT count(*) FROM meetings_meeting), "
            "pg_size_pretty(pg_database_size(current_database())), "
            "pg_size_pretty(pg_total_relation_size('meetings_searchentry')), "
            "pg_size_pretty(pg_relation_size('search_body_document_gin'))"
        )
        items, meetings, db_size, search_size, gin_size = cursor.fetchone()
        settings = {}
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "jit",
            "max_parallel_workers_per_gather",
        ):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        memory_kb = 0
    return {
        "postgresql": version,
        "items": items,
        "meetings": meetings,
        "database_size": db_size,
        "searchentry_size": search_size,
        "gin_size": gin_size,
        "settings": settings,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def markdown(report: dict, label: str, runs: int) -> str:
    env = report["environment"]
    lines = [
        f"#### {label}: {env['items']:,} items, {env['meetings']:,} meetings; database {env['database_size']} "
        f"(search table {env['searchentry_size']}, GIN index {env['gin_size']})",
        "",
        f"{runs} runs per query after warm-ups; milliseconds. *page* = GET /soeg/ through Django's test Client, "
        "*api* = GET /api/search/, *raw* = EXPLAIN ANALYZE execution time of the slowest statement, "
        "*SQL* = all statements of the page (timed in Python, round trips included); *page/raw* and *page/SQL* compare p50s. Load average during the run: "
        + ", ".join(f"{x:.1f}" for x in env["load_average"])
        + ".",
        "",
        "| query | kind | matches | page p50 | page p95 | page p99 | api p50 | api p95 | raw p50 | raw p95 "
        "| raw p99 | SQL p50 | statements | page/raw | page/SQL |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    page_all: list[float] = []
    api_all: list[float] = []
    raw_all: list[float] = []
    for r in report["results"]:
        page, api, raw = percentiles(r.page), percentiles(r.api), percentiles(r.raw)
        sql50 = percentiles(r.page_sql)[0]
        matches = f"~{r.matches:,}" if r.estimate else f"{r.matches:,}"
        ratio = page[0] / raw[0] if raw[0] > 0 else float("inf")
        lines.append(
            f"| `{r.case.label}` | {r.case.kind} | {matches} | {page[0]:.1f} | {page[1]:.1f} | {page[2]:.1f} "
            f"| {api[0]:.1f} | {api[1]:.1f} | {raw[0]:.1f} | {raw[1]:.1f} | {raw[2]:.1f} | {sql50:.1f} "
            f"| {r.statements} | {ratio:.1f}x | {page[0] / sql50:.1f}x |"
        )
        page_all += r.page
        api_all += r.api
        raw_all += r.raw
    page, api, raw = percentiles(page_all), percentiles(api_all), percentiles(raw_all)
    sql_all = percentiles([ms for r in report["results"] for ms in r.page_sql])
    lines.append(
        f"| **all queries** | | | **{page[0]:.1f}** | **{page[1]:.1f}** | **{page[2]:.1f}** | {api[0]:.1f} "
        f"| {api[1]:.1f} | {raw[0]:.1f} | {raw[1]:.1f} | {raw[2]:.1f} | {sql_all[0]:.1f} | "
        f"| {page[0] / raw[0]:.1f}x | {page[0] / sql_all[0]:.1f}x |"
    )
    lines += ["", ratio_summary(report["results"])]
    return "\n".join(lines)


def ratio_summary(results: list) -> str:
    """How the page compares with its main query, per query: a ratio of medians over mixed queries hides that
    a page has a fixed cost (template, other statements) that dwarfs a 0.2 ms query and is noise for a 60 ms one."""
    pairs = [(percentiles(r.page)[0], percentiles(r.raw)[0], percentiles(r.page_sql)[0]) for r in results]
    within = sum(1 for page, raw, _ in pairs if page <= 2 * raw)
    heavy = [(page, raw) for page, raw, _ in pairs if raw >= 20]
    fixed = statistics.median(page - sql for page, _, sql in pairs)
    weighted = sum(page for page, _, _ in pairs) / sum(raw for _, raw, _ in pairs)
    worst = max((page / raw for page, raw in heavy), default=float("nan"))
    return (
        f"Page p50 within 2x of raw p50 for {within} of {len(pairs)} queries; for the {len(heavy)} queries whose "
        f"raw p50 is 20 ms or more, at most {worst:.1f}x. Time-weighted (sum of page p50s over sum of raw p50s): "
        f"{weighted:.1f}x. Python and template time of a page (page p50 minus SQL p50, median over queries): "
        f"{fixed:.1f} ms."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="database name on the configured server")
    parser.add_argument("--items-label", default="", help="e.g. 1M: the heading of the printed table")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE of slow queries")
    parser.add_argument("--slow-ms", type=float, default=100.0, help="page p95 above which --plans prints")
    parser.add_argument("--json", help="also write every sample to this file")
    parser.add_argument(
        "--tantivy",
        type=Path,
        metavar="DIR",
        help="also compare with tantivy: an index python -m bench.tantivy_index built from this database",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups at least 0")
    if args.tantivy and not (args.tantivy / "meta.json").exists():
        parser.error(f"{args.tantivy} holds no tantivy index (build it with python -m bench.tantivy_index)")
    setup_django(args.database)
    report = run(args)
    comparison = compare_with_tantivy(args) if args.tantivy else None
    label = args.items_label or f"{report['environment']['items']:,} items"
    print(markdown(report, label, args.runs))
    print()
    print("Statement breakdown of one search (ms):")
    for r in report["results"]:
        parts = ", ".join(f"{name} {ms:.1f}" for ms, name in r.breakdown)
        print(f"- `{r.case.label}`: {parts}")
    for r in report["results"]:
        if r.plan:
            print(f"\n### Plan of `{r.case.label}` (page p95 {percentiles(r.page)[1]:.0f} ms)\n")
            print(r.main_sql)
            print()
            print(r.plan)
    if comparison:
        print()
        print(tantivy_markdown(comparison, label, args.runs, args.warmups))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "label": label,
                    "environment": report["environment"],
                    "results": [
                        {
                            "label": r.case.label,
                            "kind": r.case.kind,
                            "params": r.case.params,
                            "matches": r.matches,
                            "estimate": r.estimate,
                            "statements": r.statements,
                            "page_ms": r.page,
                            "api_ms": r.api,
                            "raw_ms": r.raw,
                            "planning_ms": r.planning,
                            "page_sql_ms": r.page_sql,
                            "breakdown": r.breakdown,
                            "main_sql": r.main_sql,
                            "plan": r.plan,
                        }
                        for r in report["results"]
                    ],
                    "tantivy": comparison
                    and {
                        "version": comparison["version"],
                        "results": [
                            {
                                "label": r.case.label,
                                "matches": r.matches,
                                "estimate": r.estimate,
                                "tantivy_matches": r.tantivy_matches,
                                "ours_ms": r.ours,
                                "tantivy_ms": r.tantivy,
                            }
                            for r in comparison["compared"]
                        ],
                        "skipped": [[case.label, reason] for case, reason in comparison["skipped"]],
                    },
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
