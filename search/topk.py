"""Every match ranked, fast: a page's best items taken from the term lists and proven exact.

The rank (search.scoring) is the average of the query's lexemes' ranks in an item, and each common lexeme's
items are listed best first (search.termlists), so this is Fagin's threshold algorithm:

* candidates: the first `depth` items of each listed lexeme's list, every item that has an unlisted (rare)
  lexeme of the query (through the GIN index: such a lexeme has few items), and every item written since the
  lists were built (search.models.TermChange);
* a list entry holds its item's rank on that lexeme, so a candidate's best reachable rank is known without
  reading its row: its ranks in the entries read, and each other list's bound for the rest. Only a candidate
  that can still reach the page's last item is read, tested against the query and the filters and ranked with
  the rank function itself; the others are settled. Past the first steps, a query of several listed words
  reads its whole lists in one statement: an item then has its exact rank on every list that holds it and is
  below the floor of each that does not, which settles most of the entries deep in one common word's list;
* an item that is not a candidate has none of the rare lexemes and was not rewritten since the build, so on
  each listed lexeme it ranks at most that list's rank at `depth` (or its floor, past its end): its rank is at
  most the average of those bounds. When the page's last item ranks above that, no unseen item can enter the
  page and the page is exact; otherwise the depth grows, and past the whole lists every match is ranked the
  slow way (`exhaustive`), never guessed.

A query expanded with alternatives (compound parts, synonyms) ranks in two tiers (search.ranking.
rank_expression): the items that match the words as typed first, by the typed words' rank, then the items only
the alternatives find, by the expanded query's rank. Each tier is its own threshold run: the second only when
the first holds fewer items than the page needs (and then all of them are known).

Ties are ordered as everywhere (rank, then newest meeting, then item id), so the page equals the first page of
ranking every match (bench/exactness.py measures it at 1M items).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from danish.text import SEARCH_CONFIG
from search.db import reading
from search.scoring import lexemes_sql, query_rank_sql, ranked_text

# Each step reads the next entries of every list, and each list's end is a step too; then every match. Several
# lists go over to reading their whole lists once a step is longer than WHOLE_FROM entries; the deep steps are
# for one word under filters, whose page can lie deep in its list.
DEPTHS = (64, 512, 4_096, 8_192, 16_384)
# A bound is a sum of float4 ranks that PostgreSQL adds in float4: a margin keeps rounding from proving
# a page that an unseen item could still enter.
MARGIN = 1e-6


RankOf = Callable[[str], tuple[str, list]]  # table alias -> SQL of a row's rank and its parameters


@dataclass
class Ranked:
    rows: list[tuple[int, float]]  # (item id, rank) of the page, best first
    complete: bool  # every match was a candidate: `matched` is the exact count
    matched: int  # candidates that matched (the count when `complete`)
    depth: int | None  # how deep the lists were read; None: ranked every match


@dataclass
class Lexeme:
    name: str
    length: int  # stored entries; 0 when unlisted
    floor: float
    complete: bool
    documents: int | None  # exact count (lists' count plus changes), None when unlisted


def lexemes_of(text: str, scope: dict | None = None) -> list[Lexeme]:
    """The lexemes of the ranked text with their lists, and (listed ones) their exact number of items in the
    `scope` (search.models.SearchEntryQuerySet.scope: all items, one year or one body; None: not counted)."""
    sql, params = lexemes_sql(text)
    if scope == {}:
        base, change, scoped = "t.documents", "", []
    elif scope and scope.keys() == {"year"}:
        base, change, scoped = "coalesce((t.years ->> %s)::int, 0)", "AND c.year = %s", [str(scope["year"])]
        scoped.append(scope["year"])
    elif scope and scope.keys() == {"body"}:
        base, change, scoped = "coalesce((t.bodies ->> %s)::int, 0)", "AND c.body_id = %s", [str(scope["body"])]
        scoped.append(scope["body"])
    else:
        base, change, scoped = "NULL::int", "AND false", []
    with reading().cursor() as cursor:
        cursor.execute(
            f"""
            SELECT l, coalesce(cardinality(t.item_ids), 0), coalesce(t.floor, 0), coalesce(t.complete, false),
                   {base} + (SELECT coalesce(sum(c.sign), 0) FROM search_termchange c
                             WHERE c.lexemes @> ARRAY[l] {change})
            FROM unnest(({sql})) l LEFT JOIN search_termlist t ON t.lexeme = l ORDER BY l
            """,
            [*scoped, *params],
        )
        return [
            Lexeme(name, length, floor, complete, documents)
            for name, length, floor, complete, documents in cursor.fetchall()
        ]


def _bounds(listed: list[Lexeme], stops: list[int]) -> dict[int, dict[str, float]]:
    """Per depth in `stops`, each listed lexeme's rank at that depth (its floor past its end, 0 when complete):
    what an item not among its first `stop` entries can reach on it. One statement for the whole run."""
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, ARRAY(SELECT impacts[d] FROM unnest(%s::int[]) WITH ORDINALITY u(d, o) ORDER BY o) "
            "FROM search_termlist WHERE lexeme = ANY(%s)",
            [stops, [lexeme.name for lexeme in listed]],
        )
        at = dict(cursor.fetchall())
    return {
        stop: {
            lexeme.name: at[lexeme.name][n]
            if stop < lexeme.length and lexeme.name in at and at[lexeme.name][n] is not None
            else (0.0 if lexeme.complete else lexeme.floor)
            for lexeme in listed
        }
        for n, stop in enumerate(stops)
    }


def extra_candidates_sql(unlisted: list[Lexeme], lexemes: list[str]) -> tuple[str, list]:
    """SQL (and parameters) of the item ids that are candidates whatever the lists say: the items written
    since the build whose ranks changed (their list entries may be stale) and every item with a rare, unlisted
    lexeme of the query. Read in the database, never sent back and forth."""
    parts = ["SELECT c.item_id FROM search_termchange c WHERE c.sign > 0 AND c.reranks AND c.lexemes && %s"]
    params: list = [lexemes]
    if unlisted:
        parts.append(
            "SELECT r.item_id FROM meetings_searchentry r WHERE r.document @@ "
            "(SELECT string_agg(quote_literal(l), ' | ')::tsquery FROM unnest(%s::text[]) l)"
        )
        params.append([lexeme.name for lexeme in unlisted])
    return " UNION ALL ".join(parts), params


# A step of more entries than this over several lists is the last: the whole lists are read at once instead.
WHOLE_FROM = 1_024
# The whole lists prove a page by reading the candidates that can still reach it. When those are more than this
# share of the matches, the lists' floors are too high to prove it, and ranking every match (exact too) costs
# little more than reading them: at 1M items the pages proven so read 184 and 5,063 rows for 254,870 and 676,721
# matches, while `sundhed ældre borgere` read 68,953 of its 276,280 matches (300 ms) and still failed.
WHOLE_READ_SHARE = 1 / 8


def _reach_sql(source: str) -> str:
    """SQL of each item's best reachable rank from its entries `e` (id, lexeme, r) and the bounds `b` (lexeme,
    b) of the lexemes whose entries do not hold it (parameters: tier, the bounds' sum, the number of lexemes,
    the source's, the bounds' names and values, then the HAVING's tier, sum, number and least rank)."""
    reach = "%s + (sum(e.r) + %s - sum(b.b)) / %s"
    return f"""
        SELECT e.id, {reach} AS reach FROM {source}
        JOIN unnest(%s::text[], %s::float8[]) b(lexeme, b) USING (lexeme)
        GROUP BY e.id HAVING {reach} >= %s ORDER BY reach DESC
        """


def _entries(
    listed: list[Lexeme], start: int, stop: int, bounds: dict[str, float], tier: float, size: int, above: float
) -> list[tuple[int, float]]:
    """(item id, best rank it can reach) of the items in the lists' entries start+1..stop that can reach at
    least `above`, best first.

    An entry holds the item's rank on its lexeme, so no row is read: an item's rank is at most `tier` plus the
    average over the query's `size` lexemes of its ranks in these entries and, for a listed lexeme whose
    entries here do not hold it, that lexeme's bound at `stop` (valid for items not met before this step; the
    caller skips the others)."""
    names, values = list(bounds), [float(bounds[name]) for name in bounds]
    total = sum(values)
    source = """(SELECT x.id, t.lexeme, x.r::float8 AS r
                 FROM search_termlist t, unnest(t.item_ids[%s:%s], t.impacts[%s:%s]) x(id, r)
                 WHERE t.lexeme = ANY(%s)) e"""
    params = [tier, total, size, start + 1, stop, start + 1, stop, names, names, values, tier, total, size, above]
    with reading().cursor() as cursor:
        cursor.execute(_reach_sql(source), params)
        return cursor.fetchall()


def _whole(tier: float, size: int, names: list[str], above: float) -> list[tuple[int, float]]:
    """(item id, best rank it can reach) of every item in the whole lists of the lexemes `names` that can reach
    at least `above`, best first: its exact rank on each lexeme whose list holds it, below the floor (0 for a
    complete list) on the others. One statement over the whole lists settles most items deep in one common
    word's list that the other words' lists do not hold, without reading their rows."""
    # Each entry adds its rank and takes back its list's bound (its floor) from the sum of all the bounds.
    reach = (
        "%s + ((SELECT sum(CASE WHEN complete THEN 0 ELSE floor END) FROM search_termlist WHERE lexeme = ANY(%s))"
        " + sum(e.r)) / %s"
    )
    with reading().cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.id, {reach} AS reach
            FROM (SELECT x.id, x.r::float8 - CASE WHEN t.complete THEN 0 ELSE t.floor END AS r
                  FROM search_termlist t, unnest(t.item_ids, t.impacts) x(id, r) WHERE t.lexeme = ANY(%s)) e
            GROUP BY e.id HAVING {reach} >= %s ORDER BY reach DESC
            """,
            [tier, names, size, names, tier, names, size, above],
        )
        return cursor.fetchall()


# The table as Django's querysets name it: the candidates' ranks and tests are computed in the filtered queryset.
TABLE = '"meetings_searchentry"'


def _score(
    filtered: QuerySet, ids: tuple[str, list], conditions: list[tuple[str, list]], rank: str, rank_params: list
) -> list[tuple]:
    """(item id, rank, meeting date) of the candidates (`ids`: SQL of their ids, with its parameters) that pass
    the filters and the SQL `conditions` (on the table `TABLE`, with their parameters).

    The candidates are found by id, as one array that the primary key's index walks in one pass, and each row
    is tested against the filters, the query and ranked as it is visited. The test is in the select list (a
    CASE), never in the WHERE clause, so no plan can take the GIN index and build the query's whole match
    bitmap; the OFFSET 0 keeps PostgreSQL from copying the CASE into a filter and ranking each row twice."""
    ids_sql, ids_params = ids
    where = " AND ".join(condition for condition, _ in conditions)
    ranked = RawSQL(
        f"CASE WHEN {where} THEN {rank} END",
        [*(p for _, ps in conditions for p in ps), *rank_params],
        output_field=FloatField(),
    )
    rows = (
        filtered.filter(
            RawSQL(f'{TABLE}."item_id" = ANY(ARRAY({ids_sql}))', ids_params, output_field=BooleanField())
        )
        .annotate(r=ranked)
        .values_list("item_id", "r", "meeting_date")
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    with reading().cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql} OFFSET 0) x WHERE x.r IS NOT NULL", params)
        return cursor.fetchall()


def _order(row: tuple) -> tuple:
    return (-row[1], -row[2].toordinal(), row[0])


def matches_sql(expression: str, negate: bool = False, alias: str = "s") -> tuple[str, list]:
    """SQL (on rows `alias`) and parameters of whether a row matches a search.query expression (or not)."""
    return (f"{'NOT ' if negate else ''}({alias}.document @@ to_tsquery('{SEARCH_CONFIG}', %s))", [expression])


@dataclass
class _Run:
    found: list[tuple]  # (item id, rank, date) of the candidates that qualified and could reach the page, best first
    proven: bool  # found[:need] is exact
    exhausted: bool  # every qualifying item was a candidate and ranked: `found` is all of them
    depth: int


def _ids_sql(ids: list[int]) -> tuple[str, list]:
    return "SELECT unnest(%s::bigint[])", [ids]


def _slice_sql(lexeme: Lexeme, start: int, stop: int, least: float) -> tuple[str, list]:
    """SQL of the item ids of one list's entries start+1..stop that rank at least `least` on it."""
    return (
        "SELECT x.id::bigint FROM search_termlist t, unnest(t.item_ids[%s:%s], t.impacts[%s:%s]) x(id, r) "
        "WHERE t.lexeme = %s AND x.r >= %s",
        [start + 1, stop, start + 1, stop, lexeme.name, least],
    )


def _threshold(
    filtered: QuerySet,
    lexemes: list[Lexeme],
    conditions: list[tuple[str, list]],
    rank: str,
    rank_params: list,
    need: int,
    tier: float = 0.0,
    matches: int | None = None,
    whole_lists: bool = True,
) -> _Run | None:
    """One threshold run over the lists of `lexemes` (None: nothing to rank by). `rank` is `tier` plus the rank
    function of their text. `matches` (about how many items match): the run gives up, unproven, before it would
    read more list entries than that, as ranking every match is then cheaper.

    A candidate's row is read (tested against the query and the filters, and ranked) only when the ranks its
    entries hold, with the lists' bounds for the rest, let it reach the page's last item so far: most entries
    deep in the lists of common words are settled without reading a row. Without `whole_lists` the run gives
    up where it would read its whole lists at once (a first, cheap try before the matches are counted)."""
    if not lexemes:
        return None
    names = [lexeme.name for lexeme in lexemes]
    listed = [lexeme for lexeme in lexemes if lexeme.length]
    unlisted = [lexeme for lexeme in lexemes if not lexeme.length]
    scored: dict[int, tuple] = {}  # the candidates that qualified, ranked
    met: set[int] = set()  # every candidate met so far: ranked, or unable to reach the page
    longest = max((lexeme.length for lexeme in listed), default=0)
    start = 0
    read = 0  # list entries read so far
    # A list that ends is a step of its own: past its end its bound falls to its floor.
    stops = sorted({*[d for d in DEPTHS if d < longest], *[lexeme.length for lexeme in listed]}) or [0]
    # When every list holds all its lexeme's items, every candidate is ranked: the run then knows every match.
    prune = not all(lexeme.complete for lexeme in listed)
    bounds_at = _bounds(listed, stops) if listed else {}

    def rank_rows(ids: tuple[str, list]) -> None:
        for row in _score(filtered, ids, conditions, rank, rank_params):
            scored[row[0]] = row

    def last() -> float | None:
        """The rank of the page's last item so far (None while fewer qualified than the page needs)."""
        if len(scored) < need:
            return None
        return heapq.nsmallest(need, scored.values(), key=_order)[-1][1]

    extra_sql, extra_params = extra_candidates_sql(unlisted, names)
    with reading().cursor() as cursor:
        cursor.execute(extra_sql, extra_params)
        extras = [row[0] for row in cursor.fetchall()]
    if extras:
        rank_rows(_ids_sql(extras))
        met.update(extras)
    for stop in stops:
        step = sum(min(stop, lexeme.length) - min(start, lexeme.length) for lexeme in listed)
        whole = prune and len(listed) > 1 and step > WHOLE_FROM
        if whole and not whole_lists:
            return _Run([], False, False, start)
        read += step
        # A step reads about one row per entry, so past `matches` entries ranking every match is cheaper. The
        # whole lists are read without their rows: there only the rows still to read count (below).
        if matches is not None and read > matches and not whole:
            return _Run([], False, False, start)
        bounds = bounds_at.get(stop, {})
        exhausted = all(stop >= lexeme.length and lexeme.complete for lexeme in listed)
        threshold = tier + sum(bounds.values()) / len(lexemes)
        proof = threshold * (1 + MARGIN) + MARGIN  # what the page's last item must beat
        if whole:
            # The rest at once. Only items that can beat the lists' floors can prove the page, and only those
            # that can still reach it are read: the likeliest first, then the rest that can still reach it.
            stop = longest  # past every list's end: each bound is its floor (0 for a complete list)
            threshold = tier + sum(bounds_at[stop].values()) / len(lexemes)
            proof = threshold * (1 + MARGIN) + MARGIN
            # Only what can beat the floors and the page's last item so far is sent back.
            least = max(proof, last() or proof)
            rows = _whole(tier, len(lexemes), [x.name for x in listed], _below(least))
            reach = [(pk, best) for pk, best in rows if pk not in met]
            if matches is not None and len(reach) > matches * WHOLE_READ_SHARE:
                return _Run([], False, False, start)
            rank_rows(_ids_sql([pk for pk, _ in reach[: 2 * need]]))
            floor = max(last() or proof, proof)
            rest = [pk for pk, best in reach[2 * need :] if best >= _below(floor)]
            if rest:
                rank_rows(_ids_sql(rest))
        elif len(listed) == 1:
            # One list: an entry's rank is its item's rank, so the entries that can still reach the page are
            # read in the statement that ranks them, never sent back and forth.
            floor = last() if prune else None
            rank_rows(_slice_sql(listed[0], start, stop, float("-inf") if floor is None else _below(floor)))
        elif listed:
            # Only the items that can still reach the page are ranked, the likeliest first, in two statements:
            # the best few set the page's last rank, which then settles most of the rest.
            floor = last() if prune else None
            least = float("-inf") if floor is None else _below(floor)
            reach = _entries(listed, start, stop, bounds, tier, len(lexemes), least)
            fresh = [(pk, best) for pk, best in reach if pk not in met]
            met.update(pk for pk, _ in fresh)
            if floor is None and prune and len(fresh) > 2 * need:
                rank_rows(_ids_sql([pk for pk, _ in fresh[: 2 * need]]))
                fresh = fresh[2 * need :]
                floor = last()
            rest = [pk for pk, best in fresh if floor is None or best >= _below(floor)]
            if rest:
                rank_rows(_ids_sql(rest))
        page = heapq.nsmallest(need, scored.values(), key=_order)
        if exhausted or (len(page) >= need and page[need - 1][1] > proof):
            return _Run(sorted(scored.values(), key=_order), True, exhausted, stop)
        if stop == longest:
            break
        start = stop
    return _Run([], False, False, start)


def _below(rank: float) -> float:
    """A rank a little under `rank`: what a candidate must be able to reach to be read. The reach is a sum of
    float4 ranks added in float8 and the row's rank is computed by ts_rank in float4, so they may differ in
    the last bits; the margin keeps that from settling a candidate that ties with the page's last item."""
    return rank * (1 - MARGIN) - MARGIN


def exhaustive(matching: QuerySet, rank_of: RankOf, need: int) -> list[tuple]:
    """The first `need` of every match ranked (what the lists could not prove; slow for common words)."""
    ranked = (
        matching.annotate(r=RawSQL(*rank_of('"meetings_searchentry"')))
        .order_by("-r", "-meeting_date", "item_id")
        .values_list("item_id", "r", "meeting_date")
    )
    return list(ranked[:need])


def best(
    filtered: QuerySet,
    matching: QuerySet,
    *,
    matched_by: str,
    ranked_by: str,
    typed: str,
    lexemes: list[Lexeme],
    rank_of: RankOf,
    offset: int,
    limit: int,
    matches: int | None = None,
    counted: int | None = None,
    lists_only: bool = False,
) -> Ranked | None:
    """Rows offset+1..offset+limit of every match of `matching` (= `filtered` matching `matched_by`) ranked by
    `rank_of(alias)` (SQL and parameters of search.ranking.rank_expression of `ranked_by` and `typed`);
    `lexemes` are those of `ranked_by` (lexemes_of).

    Matches few enough to rank in full are ranked where they are counted (search.ranking.RANK_ALL_LIMIT).
    `matches`: about how many there are (exact or estimated), to stop reading the lists when ranking every
    match costs less; `counted`: how many there are, when they were counted. `lists_only`: a first try that
    reads at most `matches` list entries and never the whole lists, and gives None when that proves no page
    (the caller then ranks every match where it counts them)."""
    need = offset + limit
    if not ranked_text(ranked_by):  # nothing positive to rank by (only exclusions): all rank 0, newest first
        rows = list(
            matching.order_by("-meeting_date", "item_id").values_list("item_id", "meeting_date")[offset:need]
        )
        return Ranked([(pk, 0.0) for pk, _ in rows], False, len(rows), None)
    if counted is not None and "|" not in ranked_by and len(lexemes) > 1:
        # Several words that must all occur (a name, a question): the page's items are often not near the top of
        # every word's list, and the proof then needs deep lists. Past a quarter of the counted matches, ranking
        # them all is cheaper than reading on.
        matches = min(matches or counted, counted // 4)
    tiered = bool(typed) and typed != ranked_by
    if not tiered:
        rank, rank_params = rank_of(TABLE)
        run = _threshold(
            filtered,
            lexemes,
            [matches_sql(matched_by, alias=TABLE)],
            rank,
            rank_params,
            need,
            matches=matches,
            whole_lists=not lists_only,
        )
        if run is None:  # only stop words: the query matches nothing either
            return Ranked([], True, 0, 0)
        if run.proven:
            page = run.found[offset:need]
            return Ranked([(r[0], float(r[1])) for r in page], run.exhausted, len(run.found), run.depth)
    else:
        # Tier 1: the words as typed, ranked by themselves (plus 1); tier 2: what only the alternatives find.
        first_rank, first_params = query_rank_sql(TABLE, typed, tier=True)
        first = _threshold(
            filtered,
            lexemes_of(ranked_text(typed)),
            [matches_sql(matched_by, alias=TABLE), matches_sql(typed, alias=TABLE)],
            first_rank,
            first_params,
            need,
            tier=1.0,
            matches=matches,
            whole_lists=not lists_only,
        )
        if first is not None and first.proven and (len(first.found) >= need or first.exhausted):
            rows = first.found[:need]
            second = None
            if len(rows) < need:
                second_rank, second_params = query_rank_sql(TABLE, ranked_by)
                second = _threshold(
                    filtered,
                    lexemes,
                    [matches_sql(matched_by, alias=TABLE), matches_sql(typed, negate=True, alias=TABLE)],
                    second_rank,
                    second_params,
                    need - len(rows),
                    matches=matches,
                    whole_lists=not lists_only,
                )
            if second is None or second.proven:
                rows += second.found[: need - len(rows)] if second else []
                page = rows[offset:need]
                # Every match known only when the second tier was read to its end too (when the first filled the
                # page, what the alternatives find was never counted).
                complete = first.exhausted and second is not None and second.exhausted
                matched = len(first.found) + (len(second.found) if second else 0)
                return Ranked([(r[0], float(r[1])) for r in page], complete, matched, first.depth)
    if lists_only:
        return None
    rows = exhaustive(matching, rank_of, need)[offset:need]
    return Ranked([(pk, float(r)) for pk, r, _ in rows], False, 0, None)


def required_upper_bound(expression: str) -> int | None:
    """At most how many items match a query expression of words and phrases that must all occur (no OR, no
    alternatives), from the term lists: the fewest items any of its lexemes has. None when not known so (an
    OR, or a lexeme without a list)."""
    if "|" in expression:
        return None
    lexemes = lexemes_of(ranked_text(expression), {})
    if not lexemes or any(lexeme.documents is None for lexeme in lexemes):
        return None
    return min(lexeme.documents for lexeme in lexemes)


def single_lexeme_count(matched_by: str, ranked_by: str, lexemes: list[Lexeme]) -> int | None:
    """The exact number of matches of a query that is one word without alternatives, in the scope its
    `lexemes` were counted in (lexemes_of), from the term lists; None when not known so."""
    if not matched_by or matched_by != ranked_by or len(lexemes) != 1:
        return None
    return lexemes[0].documents
