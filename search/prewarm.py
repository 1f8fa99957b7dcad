"""What a search reads, loaded into PostgreSQL's shared buffers before the archive takes requests.

After a restart the buffers are empty, and the first searches copy every page they touch from the operating
system's cache, or from the disk: at 1M items the first `rekruttering` took 1.4 s against 60 ms warm
(docs/benchmarks.md). `manage.py prewarm` reads the search's relations with pg_prewarm, in the order a search
needs them (the term lists, the search table's indexes, then the table), synchronously and before gunicorn
starts (docker-compose.yml), so no search competes with it. pg_prewarm's autoprewarm reloads the buffers in the
background after a start instead, and at 1M items it slowed the first searches from 0.2 to 7 s.

A relation that no longer fits in SHARE of the shared buffers is read into the operating system's cache instead
(pg_prewarm's 'read' mode): the buffers keep what is already loaded, and the rest is at least not read from disk.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

# Of the shared buffers, the share prewarmed: the rest stays free for what the pages and the writes read.
SHARE = 0.75

# The relations a search reads, in the order it needs them: the term lists (and their out-of-line arrays), every
# index of the search table, then the table itself.
_RELATIONS_SQL = """
    SELECT c.oid::regclass::text, c.oid, pg_relation_size(c.oid),
           pg_relation_size(c.oid) / current_setting('block_size')::bigint
    FROM (
        SELECT 1 AS step, 'search_termlist'::regclass::oid AS oid
        UNION ALL SELECT 2, reltoastrelid FROM pg_class WHERE oid = 'search_termlist'::regclass AND reltoastrelid <> 0
        UNION ALL SELECT 3, indexrelid FROM pg_index WHERE indrelid = 'search_termlist'::regclass
        UNION ALL SELECT 4, indexrelid FROM pg_index WHERE indrelid = 'meetings_searchentry'::regclass
        UNION ALL SELECT 5, 'meetings_searchentry'::regclass::oid
    ) r JOIN pg_class c ON c.oid = r.oid
    ORDER BY r.step, c.relname
"""


@dataclass(frozen=True)
class Loaded:
    relation: str
    bytes: int
    blocks: int
    mode: str  # "buffer": in the shared buffers; "read": in the operating system's cache only
    seconds: float


def budget(connection: BaseDatabaseWrapper, share: float = SHARE) -> int:
    """How many blocks of the shared buffers may be prewarmed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_bytes(current_setting('shared_buffers')) / current_setting('block_size')::bigint"
        )
        return int(cursor.fetchone()[0] * share)


class NotInstalled(Exception):
    """pg_prewarm is not in the database: only a superuser can create it (search.0008_pg_prewarm tries)."""


def prewarm(connection: BaseDatabaseWrapper, share: float = SHARE) -> list[Loaded]:
    """Load the search's relations (see the module) on `connection`'s server; what each took, in order."""
    left = budget(connection, share)
    with connection.cursor() as cursor:
        # Reading a table of gigabytes from the disk after a restart can take longer than the web's
        # statement_timeout (it did at 1M items): the prewarm has no limit, and the connection's is restored after.
        cursor.execute("SELECT current_setting('statement_timeout'), set_config('statement_timeout', '0', false)")
        limit = cursor.fetchone()[0]
        try:
            loaded = _load(cursor, left)
        finally:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [limit])
    return loaded


def _load(cursor, left: int) -> list[Loaded]:
    """pg_prewarm each relation of _RELATIONS_SQL into the buffers while `left` blocks of them remain."""
    loaded = []
    cursor.execute("SELECT to_regproc('pg_prewarm') IS NOT NULL")
    if not cursor.fetchone()[0]:
        raise NotInstalled("pg_prewarm is not installed: a superuser can run CREATE EXTENSION pg_prewarm")
    cursor.execute(_RELATIONS_SQL)
    for name, oid, size, blocks in cursor.fetchall():
        mode = "buffer" if blocks <= left else "read"
        left -= blocks if mode == "buffer" else 0
        started = time.perf_counter()
        cursor.execute("SELECT pg_prewarm(%s::oid::regclass, %s)", [oid, mode])
        loaded.append(Loaded(name, int(size), int(blocks), mode, time.perf_counter() - started))
    return loaded
