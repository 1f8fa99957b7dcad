"""Every match ranked, fast: a page's best items taken from the term lists and proven exact.

The rank (search.scoring) is the average of the query's lexemes' ranks in an item, and each common lexeme's
items are listed best first (search.termlists), so this is Fagin's threshold algorithm:

* candidates: the first `depth` items of each listed lexeme's list, every item that has an unlisted (rare)
  lexeme of the query (through the GIN index: such a lexeme has few items), and every item written since the
  lists were built (search.models.TermChange);
* each candidate is checked against the query and the filters and ranked with the rank function itself;
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

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from danish.text import SEARCH_CONFIG
from search.db import reading
from search.scoring import lexemes_sql, query_rank_sql, ranked_text

DEPTHS = (64, 512, 4_096)  # then the whole stored lists, then every match
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


def candidates_sql(
    listed: list[Lexeme], unlisted: list[Lexeme], lexemes: list[str], start: int, stop: int, first: bool
) -> tuple[str, list]:
    """SQL (and parameters) of the item ids of the lists' entries start+1..stop and, the first time, of the
    rare lexemes' items and the changes that rerank: read in the database, never sent back and forth."""
    parts = ["SELECT x::bigint FROM search_termlist t, unnest(t.item_ids[%s:%s]) x WHERE t.lexeme = ANY(%s)"]
    params: list = [start + 1, stop, [lexeme.name for lexeme in listed]]
    if first:
        parts.append("SELECT c.item_id FROM search_termchange c WHERE c.sign > 0 AND c.reranks AND c.lexemes && %s")
        params.append(lexemes)
        if unlisted:
            parts.append(
                "SELECT r.item_id FROM meetings_searchentry r WHERE r.document @@ "
                "(SELECT string_agg(quote_literal(l), ' | ')::tsquery FROM unnest(%s::text[]) l)"
            )
            params.append([lexeme.name for lexeme in unlisted])
    return " UNION ALL ".join(parts), params


def _score(
    filtered: QuerySet, ids: tuple[str, list], conditions: list[tuple[str, list]], rank: str, rank_params: list
) -> list[tuple]:
    """(item id, rank, meeting date) of the candidates (`ids`: SQL of their ids, with its parameters) that pass
    the filters and the SQL `conditions` (on `s`, with their parameters).

    The candidates are found by id, as one sorted array that the primary key's index walks in one pass (the
    filters on their rows), and only then tested against the query by row address, so no plan builds the
    query's whole match bitmap."""
    ids_sql, ids_params = ids
    rows = (
        filtered.filter(
            RawSQL(f'"meetings_searchentry"."item_id" = ANY(ARRAY({ids_sql}))', ids_params, output_field=BooleanField())
        )
        .annotate(tid=RawSQL('"meetings_searchentry"."ctid"', []))
        .values("tid")
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    where = " AND ".join(condition for condition, _ in conditions)
    with reading().cursor() as cursor:
        cursor.execute(
            f"WITH f AS MATERIALIZED ({sql}) SELECT s.item_id, {rank}, s.meeting_date FROM meetings_searchentry s "
            f"WHERE s.ctid = ANY(ARRAY(SELECT tid FROM f)) AND {where}",
            [*params, *rank_params, *(p for _, ps in conditions for p in ps)],
        )
        return cursor.fetchall()


def _order(row: tuple) -> tuple:
    return (-row[1], -row[2].toordinal(), row[0])


def matches_sql(expression: str, negate: bool = False) -> tuple[str, list]:
    """SQL (on rows `s`) and parameters of whether a row matches a search.query expression (or not)."""
    return (f"{'NOT ' if negate else ''}(s.document @@ to_tsquery('{SEARCH_CONFIG}', %s))", [expression])


@dataclass
class _Run:
    found: list[tuple]  # (item id, rank, date) of every candidate that qualified, best first
    proven: bool  # found[:need] is exact
    exhausted: bool  # every qualifying item was a candidate: `found` is all of them
    depth: int


def _threshold(
    filtered: QuerySet,
    lexemes: list[Lexeme],
    conditions: list[tuple[str, list]],
    rank: str,
    rank_params: list,
    need: int,
    tier: float = 0.0,
    matches: int | None = None,
) -> _Run | None:
    """One threshold run over the lists of `lexemes` (None: nothing to rank by). `rank` is `tier` plus the rank
    function of their text. `matches` (about how many items match): the run gives up, unproven, before it would
    rank more candidates than that, as ranking every match is then cheaper."""
    if not lexemes:
        return None
    names = [lexeme.name for lexeme in lexemes]
    listed = [lexeme for lexeme in lexemes if lexeme.length]
    unlisted = [lexeme for lexeme in lexemes if not lexeme.length]
    scored: dict[int, tuple] = {}
    longest = max((lexeme.length for lexeme in listed), default=0)
    start = 0
    read = 0  # list entries read so far: about how many candidates were ranked
    found: list[tuple] = []
    stops = [*[d for d in DEPTHS if d < longest], longest]
    bounds_at = _bounds(listed, stops) if listed else {}
    for stop in stops:
        read += sum(min(stop, lexeme.length) - min(start, lexeme.length) for lexeme in listed)
        if matches is not None and read > matches:
            return _Run(found, False, False, start)
        bounds = bounds_at.get(stop, {})
        ids = candidates_sql(listed, unlisted, names, start, stop, first=start == 0)
        # An item in several lists is ranked again when another list reaches it: the same row, the same rank.
        for row in _score(filtered, ids, conditions, rank, rank_params):
            scored[row[0]] = row
        found = sorted(scored.values(), key=_order)
        exhausted = all(stop >= lexeme.length and lexeme.complete for lexeme in listed)
        threshold = tier + sum(bounds.values()) / len(lexemes)
        if exhausted or (len(found) >= need and found[need - 1][1] > threshold * (1 + MARGIN) + MARGIN):
            return _Run(found, True, exhausted, stop)
        start = stop
    return _Run(found, False, False, start)


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
) -> Ranked:
    """Rows offset+1..offset+limit of every match of `matching` (= `filtered` matching `matched_by`) ranked by
    `rank_of(alias)` (SQL and parameters of search.ranking.rank_expression of `ranked_by` and `typed`);
    `lexemes` are those of `ranked_by` (lexemes_of).

    Matches few enough to rank in full are ranked where they are counted (search.ranking.RANK_ALL_LIMIT).
    `matches`: about how many there are (exact or estimated), to stop reading the lists when ranking every
    match costs less; `counted`: how many there are, when they were counted."""
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
        rank, rank_params = rank_of("s")
        run = _threshold(filtered, lexemes, [matches_sql(matched_by)], rank, rank_params, need, matches=matches)
        if run is None:  # only stop words: the query matches nothing either
            return Ranked([], True, 0, 0)
        if run.proven:
            page = run.found[offset:need]
            return Ranked([(r[0], float(r[1])) for r in page], run.exhausted, len(run.found), run.depth)
    else:
        # Tier 1: the words as typed, ranked by themselves (plus 1); tier 2: what only the alternatives find.
        first_rank, first_params = query_rank_sql("s", typed, tier=True)
        first = _threshold(
            filtered,
            lexemes_of(ranked_text(typed)),
            [matches_sql(matched_by), matches_sql(typed)],
            first_rank,
            first_params,
            need,
            tier=1.0,
            matches=matches,
        )
        if first is not None and first.proven and (len(first.found) >= need or first.exhausted):
            rows = first.found[:need]
            second = None
            if len(rows) < need:
                second_rank, second_params = query_rank_sql("s", ranked_by)
                second = _threshold(
                    filtered,
                    lexemes,
                    [matches_sql(matched_by), matches_sql(typed, negate=True)],
                    second_rank,
                    second_params,
                    need - len(rows),
                    matches=matches,
                )
            if second is None or second.proven:
                rows += second.found[: need - len(rows)] if second else []
                page = rows[offset:need]
                # Every match known only when the second tier was read to its end too (when the first filled the
                # page, what the alternatives find was never counted).
                complete = first.exhausted and second is not None and second.exhausted
                matched = len(first.found) + (len(second.found) if second else 0)
                return Ranked([(r[0], float(r[1])) for r in page], complete, matched, first.depth)
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
