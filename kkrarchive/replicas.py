"""Reads on PostgreSQL streaming replicas (DATABASE_REPLICA_URLS), writes on the primary.

Who reads where:
- Only a web request that reads (GET, HEAD) of a public page, the search or the API may read from a replica
  (`ReplicaReadsMiddleware` says so for the request). Everything else reads from the primary: management
  commands, the background worker, the admin, the subscription pages, sessions and logins, and any request
  that has written (read-your-writes), and for a while after it the same client (a cookie), as long as a
  replica may lag.
- A replica is used only while its last check (at most `CHECK_SECONDS` old) found it up, in recovery (a
  standby, not a promoted copy) and no more than `DATABASE_REPLICA_MAX_LAG_SECONDS` behind; a replica that is
  down or lags is skipped and checked again `RETRY_SECONDS` later. With none usable, the primary serves.
"""

from __future__ import annotations

import contextvars
import itertools
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import dj_database_url
import psycopg
from django.conf import settings  # lazy: this module is imported while the settings themselves load
from django.db import connections  # the databases as Django connects to them (settings.DATABASES)

PRIMARY = "default"
ALIAS_PREFIX = "replica"
# Apps whose tables are read by the people who just wrote them, or that only staff and workers use.
PRIMARY_ONLY_APPS = frozenset(
    {"admin", "auth", "contenttypes", "sessions", "axes", "alerts", "harvest", "procrastinate", "messages"}
)
# Paths whose GETs write or must see what was just written (confirmation links, the admin).
PRIMARY_PATHS = ("/admin/", "/abonnement/")
PIN_COOKIE = "primary_reads"

_reads_from_replicas: contextvars.ContextVar[bool] = contextvars.ContextVar("reads_from_replicas", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)


def replica_databases(environ: Mapping[str, str], primary: dict) -> dict[str, dict]:
    """The DATABASES entries of the replicas in DATABASE_REPLICA_URLS (comma-separated), configured as the
    primary is (timeouts, keepalives, connection age) but for where they are."""
    urls = [url.strip() for url in environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
    databases = {}
    for number, url in enumerate(urls):
        parsed = dj_database_url.parse(url)
        config = {**primary, **{key: parsed[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}}
        config["OPTIONS"] = dict(primary.get("OPTIONS", {}))
        # A replica is the primary's copy: tests use the primary's test database through it.
        config["TEST"] = {"MIRROR": PRIMARY}
        databases[f"{ALIAS_PREFIX}_{number}"] = config
    return databases


@dataclass
class ReplicaState:
    alias: str
    usable: bool = False
    status: str = "unchecked"  # ok, down, lagging, not a standby
    lag_seconds: float | None = None
    error: str = ""
    checked_at: float = 0.0  # time.monotonic()


LAG_QUERY = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


class ReplicaHealth:
    """Each replica's last check, per process; checks are short (1 s to connect) and at most every few seconds."""

    CHECK_SECONDS = 2.0
    RETRY_SECONDS = 5.0
    CONNECT_TIMEOUT = 1

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, ReplicaState] = {}
        self._turn = itertools.count()

    def aliases(self) -> list[str]:
        return sorted(alias for alias in connections.settings if alias.startswith(f"{ALIAS_PREFIX}_"))

    def states(self, *, refresh: bool = False) -> list[ReplicaState]:
        return [self.state(alias, refresh=refresh) for alias in self.aliases()]

    def state(self, alias: str, *, refresh: bool = False) -> ReplicaState:
        with self._lock:
            state = self._states.setdefault(alias, ReplicaState(alias))
            wait = self.CHECK_SECONDS if state.usable else self.RETRY_SECONDS
            if refresh or state.status == "unchecked" or time.monotonic() - state.checked_at >= wait:
                self._check(state)
            return state

    def choose(self) -> str | None:
        """A usable replica (taking turns), or None for the primary."""
        aliases = self.aliases()
        if not aliases:
            return None
        start = next(self._turn)
        for offset in range(len(aliases)):
            alias = aliases[(start + offset) % len(aliases)]
            if self.state(alias).usable:
                return alias
        return None

    def mark_down(self, alias: str, error: str) -> None:
        with self._lock:
            state = self._states.setdefault(alias, ReplicaState(alias))
            state.usable, state.status, state.error, state.checked_at = False, "down", error, time.monotonic()

    def _check(self, state: ReplicaState) -> None:
        config = connections.settings[state.alias]
        state.checked_at = time.monotonic()
        try:
            with psycopg.connect(
                dbname=config["NAME"],
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
                connect_timeout=self.CONNECT_TIMEOUT,
                options="-c statement_timeout=1000",
            ) as conn:
                in_recovery, lag = conn.execute(LAG_QUERY).fetchone()
        except psycopg.Error as exc:
            state.usable, state.status, state.lag_seconds = False, "down", None
            state.error = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return
        state.lag_seconds = float(lag)
        state.error = ""
        if not in_recovery:
            state.usable, state.status = False, "not a standby"
        elif state.lag_seconds > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
            state.usable, state.status = False, "lagging"
        else:
            state.usable, state.status = True, "ok"


health = ReplicaHealth()


class ReplicaRouter:
    """Django's database router: writes to the primary; reads to a replica only when the request allows it."""

    def db_for_read(self, model, **hints) -> str | None:
        if not _reads_from_replicas.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related objects come from where their parent came from
        return health.choose() or PRIMARY

    def db_for_write(self, model, **hints) -> str:
        # Whatever this request reads from now on comes from the primary: it must see its own write.
        _reads_from_replicas.set(False)
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, copied

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY  # a standby is read-only: it gets its tables from the primary's WAL


class ReplicaReadsMiddleware:
    """Lets a request's reads go to a replica: GET and HEAD of public pages, unless this client wrote lately."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not health.aliases():
            return self.get_response(request)
        allowed = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(PRIMARY_PATHS)
            and not _pinned(request)
        )
        reads = _reads_from_replicas.set(allowed)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get():
                # Read-your-writes across requests: this client reads from the primary while a replica may lag.
                pin = int(settings.DATABASE_REPLICA_MAX_LAG_SECONDS) + 1
                response.set_cookie(
                    PIN_COOKIE, str(int(time.time()) + pin), max_age=pin, httponly=True, samesite="Lax"
                )
            return response
        finally:
            _reads_from_replicas.reset(reads)
            _wrote.reset(wrote)


def _pinned(request) -> bool:
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def health_report() -> dict:
    """The replicas' part of /healthz (settings.HEALTHZ_REPORTS): each replica's state, checked now."""
    return {
        "replicas": [
            {"alias": s.alias, "status": s.status, "lag_seconds": s.lag_seconds} for s in health.states(refresh=True)
        ]
    }
