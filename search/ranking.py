"""Matching, ranking and counting: one statement per search over one materialised candidate set.

Design for a national-scale archive (see docs/benchmarks.md for the numbers):

* Matching uses the stored, GIN-indexed, weighted `SearchEntry.document` (compound parts included) with
  `websearch_to_tsquery('danish', ...)`: words, "phrases", -exclusion and OR, as people type them.
* Ranking every match is what makes common words slow (130,000 rows ranked to show 20). Each search is one
  statement over one materialised set of candidates, which gives the ranked page, the count and the
  year/topic/outcome facets together:
  - the planner's estimate decides the path. A small one (at most EXACT_LIMIT) is checked, not trusted:
    the matches are taken through the GIN bitmap and counted up to SCAN_LIMIT. Up to EXACT_LIMIT, every
    match is ranked; above it the count is still exact and the newest WINDOW matches are ranked;
  - a large estimate (or a count that hit SCAN_LIMIT) is never counted: the newest WINDOW matches are
    found by walking the date index or through the bitmap, whichever tests fewer rows, the total shown is
    the estimate ("ca."), and the page says that relevance covers matches from a given date on.
  Candidates are narrow (row address, date, id, outcomes, topic ids); the wide vectors are read only by
  ts_rank, by row address, for the candidates. Sorting by date needs no window: the date index walks
  newest first and stops after one page.
* What the query is comes from `search.query`, the direct hits from `search.exact`, the facet counts from
  `search.facets`, the snippets from `search.snippets` and "Mente du" from `search.suggestions`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from meetings.models import AgendaItem, Person, SearchEntry
from search import facets as facet_counts
from search import topk
from search.db import reading
from search.exact import exact_items, matching_members
from search.expansion import alternatives_for
from search.facets import Facet
from search.query import clean_query, compile_query, is_phrase, matches, positive_part
from search.relax import Relaxation, relaxations
from search.scoring import ranked_text, tiered_rank_sql
from search.snippets import add_snippets
from search.suggestions import suggest
from search.topk import TABLE, Ranked, best, lexemes_of, required_upper_bound, single_lexeme_count

PAGE_SIZE = 20
# Up to EXACT_LIMIT matches, every match is ranked and faceted; above it, ranking and facets cover the newest
# WINDOW (PHRASE_WINDOW) matches. A query estimated at most EXACT_LIMIT is counted exactly up to SCAN_LIMIT;
# a larger one shows the planner's estimate. Chosen from measurements at 1M items (docs/benchmarks.md).
EXACT_LIMIT = 5_000
SCAN_LIMIT = 50_000
# Matches counted and found at most this many are ranked directly: reading them costs less than any list.
RANK_ALL_LIMIT = EXACT_LIMIT
# Names and questions (several words that must all occur): the term lists are tried first, reading at most
# EARLY_ENTRIES entries and never the whole lists (a few milliseconds); what they cannot prove is ranked where
# it is counted, up to AND_RANK_ALL_LIMIT matches (every match that is counted).
EARLY_ENTRIES = 2_048
AND_RANK_ALL_LIMIT = SCAN_LIMIT
WINDOW = 2_000
PHRASE_WINDOW = 500
MAX_PAGE = 500


@dataclass
class Hit:
    item: AgendaItem
    rank: float | None
    snippet_html: str = ""
    title_html: str = ""
    exact: str = ""  # why it is a direct hit: "sagsnummer", "punkt", or ""


@dataclass
class SearchResults:
    query: str
    sort: str
    page: int
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    count_is_estimate: bool = False
    count_is_lower_bound: bool = False  # the planner under-estimated: at least `count` matches
    window_start: object = None  # date: when set, the facets count only the matches from this date on
    window_count: int = 0
    suggestion: str | None = None
    members: list[Person] = field(default_factory=list)
    case_number: str | None = None
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    relaxed: Relaxation | None = None  # set when the results are for a relaxed query, not the words typed

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, math.ceil(self.count / PAGE_SIZE)))


def _estimate(queryset: QuerySet) -> int:
    if queryset.query.is_empty():  # .none(): a query with no word in it
        raise EmptyResultSet
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _narrow(matches: QuerySet, rank: tuple[str, list] | None = None) -> QuerySet:
    """The matches without their vectors: row address, date, id and what the facets count; with `rank` (SQL of
    a row's rank on the table, and its parameters) each match's rank `r` too, computed where the row is read."""
    columns = ["tid", "meeting_date", "item_id", "body_id", "outcomes", "topic_ids"]
    matches = matches.annotate(tid=RawSQL('"meetings_searchentry"."ctid"', []))
    if rank is not None:
        matches, columns = matches.annotate(r=RawSQL(*rank, output_field=FloatField())), [*columns, "r"]
    return matches.values(*columns).order_by()


def _candidates(
    matches: QuerySet,
    *,
    window: int,
    counted: bool,
    walk_dates: bool = False,
    rank: tuple[str, list] | None = None,
) -> tuple[str, list]:
    """SQL of the CTEs `k` (how many matches, or NULL) and `c` (the matches to rank and facet), narrow rows.

    Not `counted`: `c` holds the `window` newest matches, `k` is NULL. The newest matches of a common query
    are found fastest by walking the date index and testing each row, which stops after `window` matches;
    for a rarer one that walk would test far too many rows, so the ordering is put on `meeting_date + 0`,
    which no index serves, and PostgreSQL takes the GIN bitmap and a top-N sort instead (it underestimates
    the per-row cost of @@ and cannot make this call itself).

    `counted` (for a query the planner thinks small): every match up to SCAN_LIMIT + 1 is taken through the
    GIN bitmap and `k` counts them; `c` is all of them when there are at most EXACT_LIMIT, else the `window`
    newest, and empty when the scan hit its limit (the caller then asks again, not `counted`).

    The vectors stay in the table: the ranking reads them by row address for the rows of `c` only, or, with
    `rank` (counted only), every match is ranked as it is counted, in the same visit to its row.
    """
    if not counted:
        newest = _narrow(matches).order_by(
            "-meeting_date" if walk_dates else RawSQL('"meetings_searchentry"."meeting_date" + 0', []).desc(),
            "-item_id",
        )
        sql, params = newest[:window].query.sql_with_params()
        return f"k AS (SELECT NULL::bigint AS n), c AS MATERIALIZED ({sql})", list(params)
    sql, params = _narrow(matches, rank)[: SCAN_LIMIT + 1].query.sql_with_params()
    take = (
        f"CASE WHEN (SELECT n FROM k) <= {EXACT_LIMIT} THEN {EXACT_LIMIT} "
        f"WHEN (SELECT n FROM k) <= {SCAN_LIMIT} THEN %s ELSE 0 END"
    )
    return (
        f"m AS MATERIALIZED ({sql}), k AS MATERIALIZED (SELECT count(*) AS n FROM m), "
        f"c AS MATERIALIZED (SELECT * FROM m ORDER BY meeting_date DESC, item_id DESC LIMIT {take})",
        [*params, window],
    )


def _rows(filtered: QuerySet) -> int:
    """How many rows the filters leave (the planner's estimate; the table's size when unfiltered)."""
    if not filtered.query.where:
        with reading().cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'meetings_searchentry'")
            row = cursor.fetchone()
        return max(int(row[0]) if row else 1, 1)
    return max(_estimate(filtered), 1)


@dataclass
class _Outcome:
    matches: int | None  # every match, counted up to SCAN_LIMIT + 1; None when not counted
    count: int  # rows faceted
    oldest: object  # date of the oldest of those
    facets: dict[str, list[Facet]]
    # (item id, rank) of the first page(s) of every match ranked, when the counting statement ranked them too
    ranked: list[tuple[int, float]] | None = None


def rank_expression(alias: str, text: str, exact: str = "") -> tuple[str, list[str]]:
    """The SQL of a row's rank and its parameters: the rank function (search.scoring) of the expression `text`,
    in two tiers when `exact` (the words as typed) differs from it: rows matching `exact` first."""
    return tiered_rank_sql(alias, text, exact)


@dataclass
class _RankAll:
    """Rank every match in the counting statement when there are at most `limit`: the rows it counted are
    ranked by row address, so the matches are not looked up again (for the few), or, `inline`, each match is
    ranked as it is counted, in the one visit to its row (names and questions the term lists did not prove:
    ranking them by row address visited every row twice)."""

    ranked_by: str  # what rank_expression ranks by, and the words as typed
    typed: str
    limit: int
    need: int  # the first `need` are kept
    inline: bool = False

    def rank(self, alias: str) -> tuple[str, list]:
        """SQL and parameters of the rank of the rows `alias`."""
        return rank_expression(alias, self.ranked_by, self.typed)


def _counted(matches: QuerySet, window: int, rank_all: _RankAll | None) -> _Outcome:
    """Every match counted (up to SCAN_LIMIT + 1) with the facets, and ranked as `rank_all` says."""
    inline = rank_all.rank(TABLE) if rank_all is not None and rank_all.inline else None
    return _count_and_facets(_candidates(matches, window=window, counted=True, rank=inline), rank_all)


def _count_and_facets(candidates: tuple[str, list], rank_all: _RankAll | None = None) -> _Outcome:
    """One statement over one materialised candidate set: the matches' count and the facets, and with
    `rank_all` (counted candidates only) the best `need` of every match when they are few enough."""
    ctes, params = candidates
    ranking = ""
    if rank_all is not None and rank_all.inline:  # the candidates `m` carry their rank `r`
        ranking = """
        UNION ALL
        (SELECT 'rank', m.item_id::text, '', m.r, m.meeting_date FROM m WHERE (SELECT n FROM k) <= %s
         ORDER BY 4 DESC, 5 DESC, m.item_id LIMIT %s)"""
        params = [*params, rank_all.limit, rank_all.need]
    elif rank_all is not None:
        rank, rank_params = rank_all.rank("s")
        ranking = f"""
        UNION ALL
        (SELECT 'rank', s.item_id::text, '', {rank}, s.meeting_date FROM meetings_searchentry s
         WHERE (SELECT n FROM k) <= %s AND s.ctid = ANY(ARRAY(SELECT tid FROM m))
         ORDER BY 4 DESC, 5 DESC, s.item_id LIMIT %s)"""
        params = [*params, *rank_params, rank_all.limit, rank_all.need]
    statement = f"""
        WITH {ctes}
        SELECT 'count', (SELECT n FROM k)::text, '', count(*), min(c.meeting_date) FROM c
        UNION ALL
{facet_counts.FACETS_SQL}{ranking}    """
    with reading().cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    matches, count, oldest = next(
        (int(value) if value else None, int(number), date)
        for kind, value, _, number, date in rows
        if kind == "count"
    )
    ranked = None
    if rank_all is not None and matches is not None and matches <= rank_all.limit:
        ranked = [(int(value), float(number)) for kind, value, _, number, _ in rows if kind == "rank"]
    return _Outcome(matches, count, oldest, facet_counts.from_rows(rows), ranked)


PROBE_ROWS = 4_000
COUNT_LIMIT = 20_000


def _checked_estimate(estimate: int, matched_by: str, filtered: QuerySet) -> int:
    """The planner's estimate (at most SCAN_LIMIT), unless the term lists say it cannot be trusted and a probe
    says it is far too small. Words that always stand together (a phrase, a name) are estimated as if independent: "rød
    løber" at 1M items is estimated in the hundreds and matches 97,000, and counting it in the bitmap up to
    SCAN_LIMIT then costs most of a second. When every word of such a query is in more than SCAN_LIMIT items,
    the newest PROBE_ROWS rows are tested: their share of matches times the filtered rows replaces the
    estimate (above SCAN_LIMIT the walk then estimates the count within a few per cent; below, it is counted)."""
    upper = required_upper_bound(matched_by)
    if upper is None or upper <= SCAN_LIMIT:
        return estimate if upper is None else min(estimate, upper)  # no query matches more than its rarest word
    # The newest rows by row address, each tested itself: the query's whole match bitmap is never built (the
    # test is made one no index serves, `IS TRUE`, or on a small table the planner may take the GIN index).
    newest = (
        filtered.order_by("-meeting_date")
        .annotate(tid=RawSQL('"meetings_searchentry"."ctid"', []))
        .values("tid")[:PROBE_ROWS]
    )
    sql, params = newest.query.sql_with_params()
    condition, condition_params = topk.matches_sql(matched_by)
    with reading().cursor() as cursor:
        cursor.execute(
            f"WITH p AS MATERIALIZED ({sql}) SELECT count(*) FROM meetings_searchentry s "
            f"WHERE s.ctid = ANY(ARRAY(SELECT tid FROM p)) AND ({condition}) IS TRUE",
            [*params, *condition_params],
        )
        found = cursor.fetchone()[0]
    rows = _rows(filtered)
    share_estimate = round(found / max(min(PROBE_ROWS, rows), 1) * rows)
    return max(share_estimate, 1)


# What finding a window's newest matches costs, per row, in µs (measured at 1M items, docs/benchmarks.md): the
# date walk tests each row it passes against the query; the bitmap visits every match; taking only the rows from
# a date on costs the words' index entries, the dates' and the visits to the matches among those rows.
WALK_TEST_US = 3.9
BITMAP_VISIT_US = 2.6
INDEX_ENTRY_US = 0.36
DATE_ROW_US = 0.3
SINCE_VISIT_US = 7.0
# The rows from a date on are taken so that they hold about this many times the window's matches: the share of
# matches among the newest rows is an estimate, and a range that holds too few is asked again in full.
SINCE_SLACK = 1.5


def _since_rows(matching: int, entries: int, rows: int, window: int, walk: bool) -> int | None:
    """How many of the newest filtered rows to read for a window of matches, when reading only those costs less
    than the date walk (`walk`) or the whole bitmap; else None. `matching`: the matches among the `rows`
    filtered rows; `entries`: the words' entries the GIN index reads for them, which under a filter the index
    does not hold (a year) are the words' entries in the whole archive (`klynge` in 2015 at 1M items: 13,115
    matches, 261,872 entries read in 105 ms, where the date walk took 68 ms in all)."""
    if matching <= 0 or rows <= 0:
        return None
    tested = window * rows / matching  # rows the walk passes to find a window of matches
    needed = math.ceil(SINCE_SLACK * tested)
    if needed >= rows:
        return None
    other = tested * WALK_TEST_US if walk else matching * BITMAP_VISIT_US
    since = max(entries, matching) * INDEX_ENTRY_US + needed * DATE_ROW_US + SINCE_SLACK * window * SINCE_VISIT_US
    return needed if since < other else None


def _index_entries(matching: int, scope: dict | None, text: str, alternatives) -> int:
    """The words' entries the GIN index reads to find the `matching` matches of `text` under the filters of
    `scope` (SearchEntryQuerySet.scope): the matches' own without a filter or under a body, which the index
    holds; else (a year, any other filter) the planner's estimate of the words in the whole archive or body."""
    if scope is not None and "year" not in scope:
        return matching
    body = (scope or {}).get("body")
    whole = SearchEntry.objects.in_body(body) if body is not None else SearchEntry.objects.all()
    return _estimate(matches(whole, text, alternatives))


def _window_since(filtered: QuerySet, needed: int | None) -> object:
    """The meeting date of the `needed`-th newest filtered row (_since_rows), from which on a window's newest
    matches are read; None when `needed` is None. (At 1M items `signaturaftaler/projekter`, 69,202 matches: the
    bitmap visited every one in 183 ms, the walk tested 29,388 rows in 114 ms, and the rows since the date
    holding 1.5 windows were found and read in 57 ms.)"""
    if needed is None:
        return None
    dates = filtered.order_by("-meeting_date").values_list("meeting_date", flat=True)
    return next(iter(dates[needed - 1 : needed]), None)


def search(text: str, filtered: QuerySet, *, sort: str = "relevans", page: int = 1) -> SearchResults:
    """Run a search. `filtered` is a SearchEntry queryset with the user's filters already applied.

    When the words typed find nothing, search.relax tries what the person probably meant, step by step; the
    first relaxed query that finds something is shown, and `relaxed` says what was searched instead.
    """
    typed = clean_query(text)
    results = _search(typed, filtered, sort=sort, page=page, spelling=False)
    if typed and results.count == 0:
        for relaxation in relaxations(typed):
            relaxed = _search(relaxation.query, filtered, sort=sort, page=page, spelling=False)
            if relaxed.count:
                relaxed.query, relaxed.relaxed = typed, relaxation
                return relaxed
        results.suggestion = suggest(typed, filtered)
    return results


def _search(text: str, filtered: QuerySet, *, sort: str, page: int, spelling: bool) -> SearchResults:
    text = clean_query(text)
    if sort not in {"relevans", "dato", "dato-stigende"} or (sort == "relevans" and not text):
        sort = "dato" if not text else "relevans"
    page = max(1, min(int(page), MAX_PAGE))
    results = SearchResults(query=text, sort=sort, page=page)
    # compile_query applies fulltext itself; no text means no query to rank by.
    alternatives = alternatives_for(text) if text else None
    matching_rows = matches(filtered, text, alternatives) if text else filtered
    ranked_by = compile_query(positive_part(text), alternatives) if text else ""
    typed_words = compile_query(positive_part(text)) if text else ""
    matched_by = compile_query(text, alternatives) if text else ""
    # The query's lexemes with their term lists and counts in the filters' scope: read once, for the count and
    # the ranking.
    scope = getattr(filtered, "scope", None)  # the filters the term lists can count in (SearchEntryQuerySet)
    lexemes = lexemes_of(ranked_text(ranked_by), scope) if ranked_text(ranked_by) else []

    exact: list[tuple[AgendaItem, str]] = []
    if text:
        exact, results.case_number = exact_items(text)
        results.members = matching_members(text)

    offset = (page - 1) * PAGE_SIZE
    ranked = sort == "relevans"
    window = PHRASE_WINDOW if is_phrase(text) else WINDOW  # phrases are rechecked row by row
    matches_known: int | None = None
    known: int | None = None
    empty = False
    rank_all = None
    early: Ranked | None = None  # the page from the term lists alone, found before the matches are counted

    def ranked_best(**how) -> Ranked | None:
        return best(
            filtered,
            matching_rows,
            matched_by=matched_by,
            ranked_by=ranked_by,
            typed=typed_words,
            lexemes=lexemes,
            rank_of=lambda alias: rank_expression(alias, ranked_by, typed_words),
            offset=offset,
            limit=PAGE_SIZE,
            **how,
        )

    try:
        if ranked and text and ranked_text(ranked_by):
            # Names and questions (several words that must all occur): the first steps of the term lists often
            # prove their page; when they do not, the page's items are rarely near the top of each word's list,
            # and every match is ranked where it is counted, in the same visit to its row. Few matches of any
            # other query are ranked in full where they are counted too.
            every = "|" not in ranked_by and len(lexemes) > 1
            if every:
                early = ranked_best(matches=EARLY_ENTRIES, lists_only=True)
            if early is None:
                rank_all = _RankAll(
                    ranked_by,
                    typed_words,
                    limit=AND_RANK_ALL_LIMIT if every else RANK_ALL_LIMIT,
                    need=page * PAGE_SIZE,
                    inline=every,
                )
        outcome = None
        known = single_lexeme_count(matched_by, ranked_by, lexemes)
        if known is not None and scope == {}:
            # One word in the whole archive: its count and facets are in its term list, so no match is read
            # but the page's.
            outcome = _Outcome(known, known, None, facet_counts.from_term_list(lexemes[0].name))
            estimate = known
        else:
            estimate = _estimate(matching_rows)
            if known is not None:  # one word in a year or a body: its count is in the term lists
                estimate = known
            elif estimate <= SCAN_LIMIT and text:
                estimate = _checked_estimate(estimate, matched_by, filtered)
        if outcome is None and estimate <= EXACT_LIMIT:
            # Checked, not trusted: the planner can be far off (names that always occur together are estimated
            # at 1 and match 22,000 items at 1M), so the matches are counted, up to SCAN_LIMIT.
            outcome = _counted(matching_rows, window, rank_all)
            matches_known = outcome.matches
            if matches_known is not None and matches_known > SCAN_LIMIT:
                outcome = None
        if outcome is None:
            # Too many to rank all: rank the newest `window`. Building the full match bitmap of a common word
            # is what costs seconds. Walking the date index tests about window / share rows; the bitmap
            # visits every match: take the cheaper.
            matching = max(estimate, matches_known or 0)
            # Up to COUNT_LIMIT matches the bitmap is read whole, for an exact count (at 1M items 20,000
            # matches cost about as much as the walk would test); beyond it, the cheaper of the two.
            filtered_rows = _rows(filtered)  # the planner's estimate: asked once
            walk = (matching > COUNT_LIMIT or known is not None) and window * filtered_rows / matching < matching
            if not walk and matches_known is None:
                # The bitmap visits every match anyway: count them in the same pass (up to SCAN_LIMIT), so the
                # count is exact where the planner's estimate was not (a phrase: 1,234 matches shown as 5,190).
                outcome = _counted(matching_rows, window, rank_all)
                if outcome.matches is not None and outcome.matches > SCAN_LIMIT:
                    matches_known, outcome = outcome.matches, None
            since = None
            # Costed first with the fewest index entries it can read, so the whole archive's estimate is asked
            # only when reading the rows since a date could be cheaper at all.
            if outcome is None and not is_phrase(text) and _since_rows(matching, 0, filtered_rows, window, walk):
                entries = _index_entries(matching, scope, text, alternatives)
                since = _window_since(filtered, _since_rows(matching, entries, filtered_rows, window, walk))
            if since is not None:
                # Only the rows from `since` on: the bitmaps of the words and of those dates intersected, so
                # only the matches among the newest rows are visited (the planner may still choose otherwise).
                since_rows = matching_rows.filter(meeting_date__gte=since)
                outcome = _count_and_facets(_candidates(since_rows, window=window, counted=False))
                if outcome.count < window:  # fewer matches since then than the window holds: it reaches further
                    outcome = None
            if outcome is None:
                newest = _candidates(matching_rows, window=window, counted=False, walk_dates=walk)
                outcome = _count_and_facets(newest)
            if (walk or since is not None) and outcome.count >= window and outcome.oldest is not None:
                # The walk (or the rows from `since` on) tested every row from the window's oldest date on and
                # found `window` matches there: that share of all the filtered rows estimates the count better
                # than the planner, which has no statistics for most words (its default was 29 % off for
                # `rekruttering`).
                walked = filtered.filter(meeting_date__gte=outcome.oldest).count()
                share = outcome.count / max(walked, 1)
                estimate = max(round(share * max(filtered_rows, walked)), outcome.count)
    except EmptyResultSet:
        outcome = _Outcome(0, 0, None, facet_counts.empty())
        estimate, empty = 0, True
    count = outcome.count
    results.facets = outcome.facets
    if outcome.matches is not None:  # counted
        results.count = outcome.matches
    elif count < window:  # the whole result fitted in the window: its count is exact
        results.count = count
    else:
        results.count = max(estimate, matches_known or 0)
        results.count_is_estimate = True
        results.count_is_lower_bound = estimate < (matches_known or 0)

    rows: list[tuple[int, float | None]] = []
    if ranked and text and not empty and outcome.ranked is not None:
        rows = outcome.ranked[offset:]
    elif ranked and text and not empty:
        found = early or ranked_best(matches=results.count or None, counted=outcome.matches)
        rows = list(found.rows)
        if found.complete:  # every match was ranked: their number is exact
            results.count, results.count_is_estimate, results.count_is_lower_bound = (
                found.matched,
                False,
                False,
            )
        elif known is not None:
            results.count, results.count_is_estimate, results.count_is_lower_bound = known, False, False
    if results.count > count:  # the facets count the newest `count` matches only
        results.window_count = count
        results.window_start = outcome.oldest

    if not ranked:
        direction = "meeting_date" if sort == "dato-stigende" else "-meeting_date"
        ids = matching_rows.order_by(direction, "item_id").values_list("item_id", flat=True)[
            offset : offset + PAGE_SIZE
        ]
        rows = [(pk, None) for pk in ids]
    items = AgendaItem.objects.select_related("meeting__body", "decision").in_bulk([pk for pk, _ in rows])
    hits = [Hit(item=items[pk], rank=rank) for pk, rank in rows if pk in items]

    if page == 1 and exact:
        shown = {hit.item.pk for hit in hits}
        hits = [Hit(item=item, rank=None, exact=why) for item, why in exact] + [
            hit for hit in hits if hit.item.pk not in {item.pk for item, _ in exact}
        ]
        results.count += len({item.pk for item, _ in exact} - shown)
    results.hits = hits
    add_snippets(hits, positive_part(text) if text else text, ranked_by)
    if spelling and text and results.count == 0:
        results.suggestion = suggest(text, filtered)
    return results
