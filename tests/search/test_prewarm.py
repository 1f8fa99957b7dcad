"""`manage.py prewarm`: the search's relations in PostgreSQL's shared buffers before the archive takes requests."""

import datetime as dt
import io
import os
import socket
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ingest.services import ingest_document
from search import termlists
from search.prewarm import budget, prewarm
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db


def archive() -> None:
    for n in range(12):
        items = [item(f"{k}.1", f"Budget for skolerne {n}-{k}", case_text="Klima og trafik. " * 40) for k in range(4)]
        ingest_document(source=source(f"møde {n}"), parsed=meeting(items=items, date=dt.date(2020, 1, 7 + n)))
    termlists.build(min_documents=2, length=4, sample_percent=100)


def blocks(relation: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [relation])
        return cursor.fetchone()[0]


# The shared buffers that hold a block of the main fork of the relation %s in this database.
_BUFFERS_OF = (
    "FROM pg_buffercache WHERE relforknumber = 0 AND relfilenode = pg_relation_filenode(%s::regclass) "
    "AND reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def resident(relation: str) -> int:
    """How many of the relation's blocks are in the shared buffers now."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {_BUFFERS_OF}", [relation])
        return cursor.fetchone()[0]


def evict(relation: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # no buffer of the archive just written is left dirty
        cursor.execute(f"SELECT pg_buffercache_evict(bufferid) {_BUFFERS_OF}", [relation])


@pytest.fixture
def buffercache():
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_buffercache")


def test_prewarm_loads_the_search_table_and_its_indexes_into_the_shared_buffers(buffercache):
    archive()
    relations = ["meetings_searchentry", "search_body_document_gin", "search_termlist"]
    if connection.pg_version >= 170000:  # PostgreSQL 17 can evict a buffer: start from empty buffers
        for relation in relations:
            evict(relation)
        assert resident("meetings_searchentry") < blocks("meetings_searchentry")
    out = io.StringIO()
    call_command("prewarm", database=["default"], stdout=out)
    for relation in relations:
        assert blocks(relation) > 0
        assert resident(relation) == blocks(relation)
    assert "into the shared buffers" in out.getvalue()


def test_what_no_longer_fits_the_share_of_the_buffers_is_read_into_the_operating_systems_cache():
    archive()
    table = blocks("meetings_searchentry")
    others = sum(item.blocks for item in prewarm(connection) if item.relation != "meetings_searchentry")
    share = (others + table / 2) / budget(connection, 1.0)  # room for everything but the table
    loaded = {item.relation: item.mode for item in prewarm(connection, share)}
    assert loaded.pop("meetings_searchentry") == "read"
    assert set(loaded.values()) == {"buffer"}


def test_a_share_outside_0_to_1_is_refused():
    with pytest.raises(CommandError, match="--share"):
        call_command("prewarm", share=1.5)


def test_a_replica_that_is_down_is_reported_and_the_primary_is_still_prewarmed():
    """As the service starts (docker-compose.yml): a replica that is down must not keep the archive from starting."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DATABASE_REPLICA_URLS": f"postgres://{db['USER']}@127.0.0.1:{port}/{db['NAME']}",
    }
    started = subprocess.run(
        [sys.executable, "manage.py", "prewarm"], env=env, capture_output=True, text=True, timeout=120
    )
    assert started.returncode == 0, started.stderr
    assert "default:" in started.stdout and "into the shared buffers" in started.stdout
    assert "could not prewarm" in started.stderr
    named = subprocess.run(  # asked for by name, a replica that is down is an error
        [sys.executable, "manage.py", "prewarm", "--database", "replica_0"], env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert named.returncode != 0 and "replica_0: could not prewarm" in named.stderr


def test_the_budget_is_the_share_of_the_shared_buffers_in_blocks():
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")  # as the server prints it: 512MB, 128MB, 6GB
        shown = cursor.fetchone()[0]
        cursor.execute("SHOW block_size")
        block = int(cursor.fetchone()[0])
    number, unit = int(shown.rstrip("kMGTB")), shown.lstrip("0123456789")
    size = number * {"kB": 2**10, "MB": 2**20, "GB": 2**30, "TB": 2**40}[unit]
    assert budget(connection, 1.0) == size // block
    assert budget(connection, 0.5) == size // block // 2


def test_without_pg_prewarm_the_command_says_what_is_missing():
    # Only a superuser can create the extension; the migration that tries lets a database without it migrate.
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_prewarm")
    with pytest.raises(CommandError, match="CREATE EXTENSION pg_prewarm"):
        call_command("prewarm", database=["default"])


def test_a_database_owner_who_is_no_superuser_still_migrates():
    import importlib

    migration = importlib.import_module("search.migrations.0008_pg_prewarm")
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_prewarm")
        cursor.execute("CREATE ROLE kkrarchive_test_owner NOSUPERUSER")
        cursor.execute("SET ROLE kkrarchive_test_owner")
        try:
            cursor.execute(migration.CREATE)  # CREATE EXTENSION refused: a notice, not an error
        finally:
            cursor.execute("RESET ROLE")
        cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_prewarm'")
        assert cursor.fetchone()[0] == 0


def test_the_prewarm_is_not_cut_short_by_the_web_statement_timeout():
    # Was: at 1M items, after a restart with the table no longer in the operating system's cache, reading it took
    # longer than the web's 30 s statement_timeout and `manage.py prewarm` failed.
    archive()
    timeouts = []

    def wrapper(execute, sql, params, many, context):
        if "pg_prewarm(" in sql:
            with context["connection"].connection.cursor() as raw:  # the driver's cursor: around the wrappers
                raw.execute("SHOW statement_timeout")
                timeouts.append(raw.fetchone()[0])
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '30s'")
    try:
        with connection.execute_wrapper(wrapper):
            loaded = prewarm(connection)
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            after = cursor.fetchone()[0]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert loaded and len(timeouts) == len(loaded)
    assert set(timeouts) == {"0"}
    assert after == "30s"  # the connection's own limit is back for what it runs next
