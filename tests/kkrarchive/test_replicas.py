"""Who reads where (kkrarchive.replicas), with a second alias for the test database: which requests may read
from a replica, and that a copy which is not a standby is never used. The real standby is tests/test_replicas.py."""

from __future__ import annotations

import time

import pytest
from django.db import connections

from kkrarchive import replicas
from kkrarchive.replicas import PRIMARY, ReplicaRouter, ReplicaState, health, replica_databases
from meetings.models import Meeting, SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica():
    """A replica alias (the test database under another name) that the health check calls usable."""
    original = connections.settings
    connections.settings = connections.configure_settings(
        {**original, "replica_0": {**original["default"]}}
    )
    health._states["replica_0"] = ReplicaState("replica_0", usable=True, status="ok", checked_at=time.monotonic())
    yield "replica_0"
    health._states.clear()
    connections["replica_0"].close()
    del connections["replica_0"]
    connections.settings = original


def read_alias(model=SearchEntry) -> str:
    return ReplicaRouter().db_for_read(model)


def test_replica_urls_become_databases_configured_as_the_primary():
    primary = {"ENGINE": "django.db.backends.postgresql", "NAME": "arkiv", "HOST": "db", "PORT": 5432,
               "CONN_MAX_AGE": 60, "OPTIONS": {"connect_timeout": 3}}  # fmt: skip
    found = replica_databases(
        {"DATABASE_REPLICA_URLS": "postgres://u:p@r1:5433/arkiv, postgres://u:p@r2/arkiv"}, primary
    )
    assert list(found) == ["replica_0", "replica_1"]
    assert (found["replica_0"]["HOST"], found["replica_0"]["PORT"]) == ("r1", 5433)
    assert found["replica_1"]["OPTIONS"] == {"connect_timeout": 3} and found["replica_1"]["CONN_MAX_AGE"] == 60
    assert replica_databases({}, primary) == {}


def test_outside_a_request_everything_reads_from_the_primary(replica):
    assert read_alias() == PRIMARY  # commands, the worker, the shell


def test_a_public_get_reads_from_the_replica_and_a_write_pins_the_rest_of_it_to_the_primary(replica):
    token = replicas._reads_from_replicas.set(True)
    try:
        assert read_alias() == replica
        assert read_alias(Meeting) == replica
        ReplicaRouter().db_for_write(Meeting)
        assert read_alias() == PRIMARY  # read-your-writes within the request
    finally:
        replicas._reads_from_replicas.reset(token)


def test_staff_subscriptions_and_sessions_always_read_from_the_primary(replica):
    from django.contrib.sessions.models import Session

    from alerts.models import Subscriber

    token = replicas._reads_from_replicas.set(True)
    try:
        assert read_alias(Session) == PRIMARY
        assert read_alias(Subscriber) == PRIMARY
    finally:
        replicas._reads_from_replicas.reset(token)


def test_a_replica_that_is_down_or_behind_is_skipped(replica, settings):
    token = replicas._reads_from_replicas.set(True)
    try:
        health.mark_down(replica, "connection refused")
        assert read_alias() == PRIMARY
        health._states[replica] = ReplicaState(replica, usable=False, status="lagging", checked_at=time.monotonic())
        assert read_alias() == PRIMARY
    finally:
        replicas._reads_from_replicas.reset(token)


def test_a_copy_that_is_not_a_standby_is_never_used(replica):
    state = health.state(replica, refresh=True)  # really checked: the test database is a primary
    assert (state.usable, state.status) == (False, "not a standby")


def test_the_middleware_lets_public_gets_read_from_replicas_but_not_the_admin_or_a_client_that_wrote(replica):
    from django.http import HttpResponse
    from django.test import RequestFactory

    seen = []

    def view(request):
        seen.append(replicas._reads_from_replicas.get())
        return HttpResponse("ok")

    def reads_from_replica(request) -> bool:
        replicas.ReplicaReadsMiddleware(view)(request)
        return seen.pop()

    factory = RequestFactory()
    assert reads_from_replica(factory.get("/soeg/?q=botilbud"))
    assert reads_from_replica(factory.head("/api/meetings/"))
    assert not reads_from_replica(factory.post("/soeg/"))
    assert not reads_from_replica(factory.get("/admin/meetings/meeting/"))
    assert not reads_from_replica(factory.get("/abonnement/bekraeft/abc/"))
    pinned = factory.get("/moeder/")
    pinned.COOKIES[replicas.PIN_COOKIE] = str(int(time.time()) + 30)
    assert not reads_from_replica(pinned)
    expired = factory.get("/moeder/")
    expired.COOKIES[replicas.PIN_COOKIE] = str(int(time.time()) - 1)
    assert reads_from_replica(expired)
    assert not replicas._reads_from_replicas.get()  # and after the request, the primary again


def test_a_request_that_wrote_pins_its_client_to_the_primary_for_as_long_as_a_replica_may_lag(replica, settings):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 30

    def writes(request):
        from django.http import HttpResponse

        ReplicaRouter().db_for_write(Meeting)
        return HttpResponse("ok")

    from django.test import RequestFactory

    response = replicas.ReplicaReadsMiddleware(writes)(RequestFactory().post("/abonnement/"))
    cookie = response.cookies[replicas.PIN_COOKIE]
    assert cookie["max-age"] == 31 and cookie["httponly"]


def test_status_shows_each_replica_and_its_lag(replica, client):
    # Behind, so this page itself reads from the primary (the test database has no replica to read from).
    health._states[replica] = ReplicaState(
        replica, usable=False, status="lagging", lag_seconds=45.24, checked_at=time.monotonic()
    )
    response = client.get("/status/")
    page = response.content.decode()
    assert "Databasens kopier" in page and "replica_0: springes over (bagud), 45,2 sekunder bagud" in page


def test_status_says_nothing_of_replicas_when_there_are_none(client):
    assert "Databasens kopier" not in client.get("/status/").content.decode()
