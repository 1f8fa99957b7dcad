"""Build the term lists (search.models.TermList): each common lexeme's best items in rank order.

`build()` reads the whole search table in one REPEATABLE READ snapshot:

1. every lexeme's exact number of items (ts_stat); the lexemes of at least MIN_DOCUMENTS items get a list;
2. from a SAMPLE_PERCENT sample of the items, each such lexeme's cut: the rank on it that about
   max(LIST_LENGTH, DEPTH_SHARE x its items) items reach (the `m`-th best of the sample, m = that length x
   the sample's share x 1.5; a lexeme the sample holds fewer than m times keeps every item, its list is
   complete);
3. one pass over every item's lexemes (in parallel where the server allows) keeps the items that reach
   their lexeme's cut, with their rank on it (search.scoring.lexeme_rank_sql: the rank function itself);
4. one more pass counts each listed lexeme's items per meeting year, body, topic and outcome (exact counts for
   a word searched in one year or one body, and the facets of a word searched in the whole archive);
5. the lists replace the old ones, and the TermChange rows the snapshot saw (changes the new lists include)
   are removed, in the same transaction: a change committed during the build stays for the next one.

The cut is the list's `floor`: an item not in the list ranks below it on that lexeme, which is all
search.topk needs to prove a page exact. Run by `manage.py build_term_lists` and nightly by the worker.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.db import connection, transaction

from search.scoring import lexeme_rank_sql

TERM_CHANGE_TRIGGER = "search_term_change"  # created by migration search.0004
MIN_DOCUMENTS = 2_000
LIST_LENGTH = 2_000
# A very common lexeme's list is longer: a query of two or three such words is proven only deep in their lists.
# At 1M items `sundhed OR klima` missed its proof by 1.3 % at 1/64 (its page's 20th rank 0.0760 against the
# lists' bound 0.0770) and was ranked in full, 707,000 matches; at 1/32 the lists prove it (docs/benchmarks.md).
# The lists grow by about a quarter (69.7 to 84.7 MB at 1M items).
DEPTH_SHARE = 1 / 32
SAMPLE_PERCENT = 2.0
# Scratch tables are ordinary (unlogged) ones: PostgreSQL's parallel workers cannot read temporary tables.
_SCRATCH = ("search_build_df", "search_build_cut", "search_build_post", "search_build_counts")


@dataclass
class BuildReport:
    lexemes: int  # lexemes with a list
    complete: int  # of which every item is in the list
    entries: int  # items in all lists together
    changes_absorbed: int  # TermChange rows the build included and removed
    seconds: float
    bytes: int  # the lists' table with its TOAST data and indexes

    def __str__(self) -> str:
        return (
            f"{self.lexemes:,} lexemes ({self.complete:,} complete), {self.entries:,} entries, "
            f"{self.bytes / 1e6:,.1f} MB, {self.changes_absorbed:,} changes absorbed, {self.seconds:.1f} s"
        )


def build(
    *, min_documents: int = MIN_DOCUMENTS, length: int = LIST_LENGTH, sample_percent: float = SAMPLE_PERCENT
) -> BuildReport:
    started = time.monotonic()
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if not outer:
            # The transaction's first statement: one snapshot for every read and for the removal of the
            # changes it saw. (Inside an outer transaction, as in tests, nothing else writes meanwhile.)
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # A pass over the whole archive: minutes at national scale, not a request's seconds.
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL work_mem = '256MB'")  # the per-year and per-body counts' hash tables
        for table in _SCRATCH:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            "CREATE UNLOGGED TABLE search_build_df AS SELECT word AS lexeme, ndoc AS documents "
            "FROM ts_stat('SELECT document FROM meetings_searchentry') WHERE ndoc >= %s",
            [min_documents],
        )
        share = min(1.0, sample_percent / 100)
        sampled = max(1, math.ceil(length * share * 1.5))
        # The sample's m-th best rank per lexeme; 0 (keep all) when the sample has it fewer times.
        cursor.execute(
            f"""
                CREATE UNLOGGED TABLE search_build_cut AS
                SELECT d.lexeme, d.documents, coalesce(x.cut, 0)::float8 AS cut
                FROM search_build_df d LEFT JOIN (
                    SELECT lexeme, min(r) AS cut FROM (
                        SELECT l AS lexeme, r, row_number() OVER (PARTITION BY l ORDER BY r DESC) AS n FROM (
                            SELECT l, {lexeme_rank_sql("s", "l")} AS r
                            FROM (SELECT document, document_length FROM meetings_searchentry TABLESAMPLE BERNOULLI (%s)
                                  REPEATABLE (1)) s,
                                 unnest(tsvector_to_array(s.document)) l
                            WHERE l IN (SELECT lexeme FROM search_build_df)
                        ) ranked
                    ) numbered JOIN search_build_df USING (lexeme)
                    WHERE n <= greatest(%s, ceil(documents * %s * %s * 1.5))
                    GROUP BY lexeme, documents
                    HAVING count(*) >= greatest(%s, ceil(documents * %s * %s * 1.5))
                ) x ON x.lexeme = d.lexeme
                """,
            [share * 100, sampled, DEPTH_SHARE, share, sampled, DEPTH_SHARE, share],
        )
        cursor.execute("ANALYZE search_build_cut")
        cursor.execute(
            f"""
                CREATE UNLOGGED TABLE search_build_post AS
                SELECT c.lexeme, s.item_id, s.meeting_date, {lexeme_rank_sql("s", "c.lexeme")} AS r
                FROM meetings_searchentry s, unnest(tsvector_to_array(s.document)) l
                JOIN search_build_cut c ON c.lexeme = l
                WHERE {lexeme_rank_sql("s", "c.lexeme")} >= c.cut
                """
        )
        # Each listed lexeme's items per meeting year, body, topic and outcome: one pass, each item's lexemes
        # crossed with its tags ("y2024", "b12", "t3", "ovedtaget").
        cursor.execute(
            """
            CREATE UNLOGGED TABLE search_build_counts AS
            SELECT l AS lexeme, g AS tag, count(*) AS n
            FROM meetings_searchentry s, unnest(tsvector_to_array(s.document)) l,
                 unnest(ARRAY['y' || extract(year FROM s.meeting_date)::int, 'b' || s.body_id]
                        || ARRAY(SELECT 't' || t FROM unnest(s.topic_ids) t)
                        || ARRAY(SELECT 'o' || o FROM unnest(s.outcomes) o)) g
            WHERE l IN (SELECT lexeme FROM search_build_df)
            GROUP BY l, g
            """
        )
        # The new lists go into a table of their own that replaces the old at commit: the old lists' space is
        # given back instead of left behind as dead rows, and searches read the old lists until then.
        cursor.execute("CREATE TABLE search_termlist_next (LIKE search_termlist INCLUDING ALL)")
        cursor.execute(
            """
            INSERT INTO search_termlist_next
                (lexeme, documents, floor, complete, item_ids, impacts, years, bodies, topics, outcomes)
            SELECT a.*, coalesce(n.years, '{}'), coalesce(n.bodies, '{}'), coalesce(n.topics, '{}'),
                   coalesce(n.outcomes, '{}')
            FROM (
                SELECT p.lexeme, c.documents, c.cut, count(*) = c.documents,
                       array_agg(p.item_id ORDER BY p.r DESC, p.meeting_date DESC, p.item_id),
                       array_agg(p.r ORDER BY p.r DESC, p.meeting_date DESC, p.item_id)
                FROM search_build_post p JOIN search_build_cut c ON c.lexeme = p.lexeme
                GROUP BY p.lexeme, c.documents, c.cut
            ) a LEFT JOIN (
                SELECT lexeme,
                       jsonb_object_agg(substr(tag, 2), n) FILTER (WHERE left(tag, 1) = 'y') AS years,
                       jsonb_object_agg(substr(tag, 2), n) FILTER (WHERE left(tag, 1) = 'b') AS bodies,
                       jsonb_object_agg(substr(tag, 2), n) FILTER (WHERE left(tag, 1) = 't') AS topics,
                       jsonb_object_agg(substr(tag, 2), n) FILTER (WHERE left(tag, 1) = 'o') AS outcomes
                FROM search_build_counts GROUP BY lexeme
            ) n ON n.lexeme = a.lexeme
            """
        )
        cursor.execute("DROP TABLE search_termlist")
        cursor.execute("ALTER TABLE search_termlist_next RENAME TO search_termlist")
        cursor.execute("ALTER INDEX search_termlist_next_pkey RENAME TO search_termlist_pkey")
        cursor.execute("DELETE FROM search_termchange")
        absorbed = cursor.rowcount
        for table in _SCRATCH:
            cursor.execute(f"DROP TABLE {table}")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE complete), coalesce(sum(cardinality(item_ids)), 0) "
            "FROM search_termlist"
        )
        lexemes, complete, entries = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_termlist')")
        size = cursor.fetchone()[0]
    return BuildReport(lexemes, complete, int(entries), absorbed, time.monotonic() - started, size)
