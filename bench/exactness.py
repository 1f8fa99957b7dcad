"""How far the search's ranking and counts are from ranking every match: `python -m bench.exactness --database
kkrarchive_bench [--items-label 100k] [--runs 5]`.

For each relevance-ordered query of bench.search's fixed set it compares what search.ranking.search shows (its
first page of ranked rows and its count) with the exhaustive answer: every match ranked with the project's own rank
function (search.ranking.rank_expression, the same ordering and ties) and counted with count(*). It prints, per
query, overlap@20 (the share of the exhaustive top 20 that the page shows), the count shown against count(*), and
the median time of the search and of the exhaustive ranking, as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.search import setup_django

TOP = 20


def _median_ms(action, runs: int) -> tuple[float, object]:
    samples, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), value


def measure(runs: int) -> list[dict]:
    from django.db.models.expressions import RawSQL

    from bench.search import cases
    from meetings.models import SearchEntry
    from search.expansion import alternatives_for
    from search.filters import SearchFilterSet
    from search.query import clean_query, compile_query, matches, positive_part
    from search.ranking import rank_expression, search

    rows = []
    for case in cases():
        text = case.params.get("q", "")
        if not text or case.params.get("sortering", "relevans") != "relevans":
            continue
        print(f"  {case.label} ...", end="", flush=True, file=sys.stderr)
        filters = {k: v for k, v in case.params.items() if k != "q"}
        filtered = SearchFilterSet(filters, queryset=SearchEntry.objects.all()).qs
        search_ms, results = _median_ms(lambda text=text, filtered=filtered: search(text, filtered), runs)
        shown = [hit.item.pk for hit in results.hits][:TOP]  # direct hits (a case number) are matches too
        searched = results.relaxed.query if results.relaxed else clean_query(text)
        alternatives = alternatives_for(searched)
        matching = matches(filtered, searched, alternatives)
        rank, params = rank_expression(
            '"meetings_searchentry"',
            compile_query(positive_part(searched), alternatives),
            compile_query(positive_part(searched)),
        )

        def exhaustive(matching=matching, rank=rank, params=params):
            ranked = matching.annotate(r=RawSQL(rank, params)).order_by("-r", "-meeting_date", "item_id")
            return list(ranked.values_list("item_id", flat=True)[:TOP])

        exact_ms, best = _median_ms(exhaustive, runs)
        count_ms, total = _median_ms(matching.count, 1)
        overlap = len(set(shown) & set(best)) / min(TOP, len(best)) if best else 1.0
        rows.append(
            {
                "label": case.label,
                "kind": case.kind,
                "count": total,
                "shown": results.count,
                "estimate": results.count_is_estimate,
                "window": results.window_count if results.window_start else None,
                "overlap": overlap,
                "search_ms": search_ms,
                "exhaustive_ms": exact_ms,
                "count_ms": count_ms,
            }
        )
        print(f" overlap@20 {overlap:.2f}, count {results.count} / {total}", file=sys.stderr)
    return rows


def markdown(rows: list[dict], label: str) -> str:
    lines = [
        f"#### {label}: the page's ranking and count against every match ranked and counted",
        "",
        "| query | kind | count(*) | count shown | error | ranked | overlap@20 | search p50 | exhaustive top 20 p50 "
        "| count(*) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        error = (r["shown"] - r["count"]) / r["count"] if r["count"] else 0.0
        ranked = f"newest {r['window']:,}" if r["window"] else "all"
        lines.append(
            f"| `{r['label']}` | {r['kind']} | {r['count']:,} | {'~' if r['estimate'] else ''}{r['shown']:,} "
            f"| {error:+.1%} | {ranked} | {r['overlap']:.2f} | {r['search_ms']:.1f} | {r['exhaustive_ms']:.1f} "
            f"| {r['count_ms']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="database name on the configured server")
    parser.add_argument("--items-label", default="", help="e.g. 100k: the heading of the printed table")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (the median is shown)")
    args = parser.parse_args(argv)
    setup_django(args.database)
    print(markdown(measure(args.runs), args.items_label or args.database))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
