"""Logs with one line per event, and a warning for every slow database query.

`OneLineFormatter` (used by settings.LOGGING) prints "time level logger message" and folds what would spill
over several lines (a message with newlines, a traceback) into that one line, with a literal `\\n` where the
line breaks were, so `grep` and log shippers see one record per line.

`install_slow_query_logging()` (called from the meetings app's ready()) wraps every query Django runs and
logs one WARNING line on the `kkrarchive.db` logger when a statement takes longer than SLOW_QUERY_MS
milliseconds (environment, default 500; 0 logs every statement): "slow query 612 ms: SELECT ...", with the
SQL's whitespace collapsed and cut to 300 characters. Parameters are never logged (they may hold personal
data). The embedded PostgreSQL logs the same statements in .data/postgres.log (log_min_duration_statement).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.db.backends.signals import connection_created

SLOW_QUERY_MS_DEFAULT = 500.0
SQL_PREVIEW_CHARS = 300
DISPATCH_UID = "kkrarchive.logging.slow_queries"

slow_query_logger = logging.getLogger("kkrarchive.db")


class OneLineFormatter(logging.Formatter):
    """A logging.Formatter whose output never spans lines: line breaks become a literal `\\n`."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


def one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def slow_query_ms() -> float:
    """The threshold from SLOW_QUERY_MS (an environment lookup per query costs well under a microsecond)."""
    try:
        return float(os.environ.get("SLOW_QUERY_MS", SLOW_QUERY_MS_DEFAULT))
    except ValueError:
        return SLOW_QUERY_MS_DEFAULT


def sql_preview(sql: Any, limit: int = SQL_PREVIEW_CHARS) -> str:
    """The statement on one line (all whitespace runs collapsed), at most `limit` characters."""
    text = " ".join(str(sql).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def log_slow_queries(execute, sql, params, many, context):
    """A connection execute wrapper: run the statement, and log it when it took longer than the threshold."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        # Also when the statement failed: one cancelled by statement_timeout is the slowest of all.
        elapsed_ms = (time.perf_counter() - started) * 1000
        if elapsed_ms > slow_query_ms():
            slow_query_logger.warning("slow query %d ms: %s", round(elapsed_ms), sql_preview(sql))


def _install(connection) -> None:
    if log_slow_queries not in connection.execute_wrappers:
        connection.execute_wrappers.append(log_slow_queries)


def _on_connection_created(sender, connection, **kwargs) -> None:
    _install(connection)


def install_slow_query_logging() -> None:
    """Wrap every database connection, those open now and those made later. Safe to call more than once."""
    from django.db import connections

    connection_created.connect(_on_connection_created, dispatch_uid=DISPATCH_UID)
    for connection in connections.all(initialized_only=True):
        _install(connection)
