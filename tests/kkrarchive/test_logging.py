"""Logs: one line per event, one line per ingest result, and a WARNING line for every slow query."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.utils.module_loading import import_string

from kkrarchive.logging import (
    SQL_PREVIEW_CHARS,
    OneLineFormatter,
    install_slow_query_logging,
    log_slow_queries,
    sql_preview,
)
from meetings.models import Body, Meeting, Person, SearchWord, Topic

SAMPLE_001 = Path(__file__).resolve().parents[2] / "data" / "samples" / "001_1990fcc251a9d399.txt"
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ [\w.]+ .+$")


# One line per event ----------------------------------------------------------------------------------------


def _configured_formatter() -> logging.Formatter:
    config = settings.LOGGING["formatters"]["line"]
    return import_string(config["class"])(config["format"])


def test_settings_format_records_as_time_level_logger_message():
    record = logging.LogRecord(
        "kkrarchive.ingest", logging.INFO, __file__, 1, "ingested file=%s", ("a.txt",), None
    )
    assert LINE.match(_configured_formatter().format(record))
    assert _configured_formatter().format(record).endswith(" INFO kkrarchive.ingest ingested file=a.txt")


def test_a_multi_line_message_and_its_traceback_stay_on_one_line():
    try:
        raise ValueError("first\nsecond")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error:\n/soeg/", (), sys.exc_info()
        )
    text = _configured_formatter().format(record)
    assert "\n" not in text and "\r" not in text
    assert LINE.match(text)
    assert "Internal Server Error:\\n/soeg/\\nTraceback (most recent call last):" in text
    assert text.endswith("ValueError: first\\nsecond")


def test_the_root_handler_uses_the_one_line_formatter():
    handlers = logging.getLogger().handlers
    assert any(isinstance(h.formatter, OneLineFormatter) for h in handlers)


# Slow queries ----------------------------------------------------------------------------------------------


@pytest.fixture
def slow_query_logging(db, monkeypatch, caplog):
    install_slow_query_logging()
    monkeypatch.setenv("SLOW_QUERY_MS", "20")
    caplog.set_level(logging.WARNING, logger="kkrarchive.db")
    return caplog


def _slow_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "kkrarchive.db"]


def test_a_query_over_the_threshold_logs_one_warning_with_its_duration_and_sql(slow_query_logging):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.05)")
    (record,) = _slow_records(slow_query_logging)
    assert record.levelno == logging.WARNING
    match = re.fullmatch(r"slow query (\d+) ms: SELECT pg_sleep\(0\.05\)", record.getMessage())
    assert match and int(match.group(1)) >= 50


def test_a_query_under_the_threshold_is_not_logged(slow_query_logging, monkeypatch):
    monkeypatch.setenv("SLOW_QUERY_MS", "5000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.05)")
    assert _slow_records(slow_query_logging) == []


def test_the_threshold_defaults_to_500_ms(slow_query_logging, monkeypatch):
    monkeypatch.delenv("SLOW_QUERY_MS")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.05)")
    assert _slow_records(slow_query_logging) == []


def test_orm_queries_are_timed_too(slow_query_logging, monkeypatch):
    monkeypatch.setenv("SLOW_QUERY_MS", "0")
    list(Meeting.objects.all()[:1])
    (record,) = _slow_records(slow_query_logging)
    assert record.getMessage().startswith("slow query ") and 'FROM "meetings_meeting"' in record.getMessage()


def test_slow_query_sql_is_collapsed_to_one_line_and_cut_to_300_characters(slow_query_logging):
    padding = ",\n    ".join(f"{n} AS column_{n}" for n in range(100))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_sleep(0.05),\n    {padding}")
    (record,) = _slow_records(slow_query_logging)
    sql = record.getMessage().split(" ms: ", 1)[1]
    assert "\n" not in sql and "  " not in sql
    assert len(sql) == SQL_PREVIEW_CHARS and sql.endswith("…")
    assert sql.startswith("SELECT pg_sleep(0.05), 0 AS column_0, 1 AS column_1")


def test_sql_preview_keeps_short_statements_whole():
    assert sql_preview("SELECT 1\n  FROM\tx") == "SELECT 1 FROM x"


def test_a_statement_cancelled_by_the_timeout_is_logged_as_well(slow_query_logging):
    timeout = pytest.raises(OperationalError, match="statement timeout")
    with timeout, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '30ms'")
        cursor.execute("SELECT pg_sleep(5)")
    (record,) = _slow_records(slow_query_logging)
    assert re.fullmatch(r"slow query \d+ ms: SELECT pg_sleep\(5\)", record.getMessage())


def test_installing_twice_wraps_each_connection_once(db):
    install_slow_query_logging()
    install_slow_query_logging()
    assert connection.execute_wrappers.count(log_slow_queries) == 1


def test_connections_made_after_installing_are_wrapped_when_they_connect(db):
    install_slow_query_logging()
    new = connections.create_connection("default")
    try:
        assert log_slow_queries not in new.execute_wrappers
        new.ensure_connection()  # sends connection_created
        assert new.execute_wrappers == [log_slow_queries]
    finally:
        new.close()


# One line per ingest result --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_ingest_result_logs_exactly_one_line(tmp_path, caplog):
    Meeting.objects.all().delete()
    for model in (Topic, Person, Body, SearchWord):
        model.objects.all().delete()
    not_minutes = tmp_path / "indkoebsliste.txt"
    not_minutes.write_text("Mælk\nBrød\n", encoding="utf-8")
    caplog.set_level(logging.INFO, logger="kkrarchive.ingest")

    def ingest_lines(path) -> list[str]:
        caplog.clear()
        with contextlib.suppress(SystemExit):  # exit 1 when the file is refused
            call_command("ingest", str(path), verbosity=0, stderr=io.StringIO())
        return [r.getMessage() for r in caplog.records if r.name == "kkrarchive.ingest"]

    (ingested,) = ingest_lines(SAMPLE_001)
    assert ingested.startswith("ingested file=001_1990fcc251a9d399.txt ")
    (unchanged,) = ingest_lines(SAMPLE_001)
    assert unchanged.startswith("unchanged file=001_1990fcc251a9d399.txt ")
    (refused,) = ingest_lines(not_minutes)
    assert refused.startswith("refused file=") and "indkoebsliste.txt" in refused and "reason=" in refused
    (missing,) = ingest_lines(tmp_path / "findes-ikke.txt")
    assert missing.startswith("refused file=") and "findes-ikke.txt" in missing
