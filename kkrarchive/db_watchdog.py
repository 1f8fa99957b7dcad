"""A hung PostgreSQL cannot hold a management command forever.

A PostgreSQL that is hung rather than down (SIGSTOP, a frozen VM, a stuck disk) still has its kernel accept
connections and acknowledge every packet, so neither its own statement_timeout nor TCP keepalives ever
fire: a query, a COMMIT or a fetch of `manage.py ingest` would wait until the server resumes. The web has a
deadline per query (meetings.middleware); a command cannot, because its statements may rightly run for
minutes (an index build in a migration, a reindex).

So the watchdog asks the server, not the clock: while one of the command's connections has a call in progress
(libpq's transaction status ACTIVE: a query, a COMMIT, a fetch), a daemon thread opens a fresh connection
every INTERVAL_S seconds (the connect timeout bounds it); an idle command costs the server nothing. A server that is merely busy
answers that at once; one that fails MISSES probes in a row by timing out (not by refusing: a server that
is down breaks the command's connection by itself) is hung, and the watchdog shuts down the socket of each
of the command's connections. The blocked call then raises OperationalError at once: `ingest` refuses
that file in one line and goes on, every other command ends with manage.py's one-line error.

`install()` is called by manage.py only, so gunicorn and the tests' in-process commands never run it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

import psycopg
from django.db.backends.signals import connection_created
from psycopg import pq

logger = logging.getLogger("kkrarchive.db")

INTERVAL_S = 3.0
MISSES = 2  # one slow connect on a loaded machine is not yet a hung server
DISPATCH_UID = "kkrarchive.db_watchdog"


class HungServerWatchdog:
    """Probe the server while a command holds a connection; cut the command's connections when it hangs."""

    def __init__(self, interval: float = INTERVAL_S, misses: int = MISSES) -> None:
        self.interval, self.misses = interval, misses
        self._connections: list = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.cuts = 0

    def register(self, sender, connection, **kwargs) -> None:
        """connection_created receiver: watch this connection (the thread's own Django wrapper)."""
        with self._lock:
            if connection not in self._connections:
                self._connections.append(connection)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="db-watchdog", daemon=True)
                self._thread.start()

    def _busy(self) -> list:
        """The watched connections with a call in progress."""
        with self._lock:
            return [c for c in self._connections if _in_a_call(c)]

    def _watch(self) -> None:
        missed = 0
        while True:
            time.sleep(self.interval)
            open_now = self._busy()
            if not open_now:
                missed = 0
                continue
            missed = missed + 1 if probe_times_out(open_now[0].settings_dict) else 0
            if missed >= self.misses:
                logger.error(
                    "database hung: %d connection attempts in a row got no answer; cutting the command's connections",
                    missed,
                )
                for connection in open_now:
                    cut(connection)
                self.cuts += 1
                missed = 0


def _in_a_call(connection) -> bool:
    raw = getattr(connection, "connection", None)
    try:
        return raw is not None and raw.pgconn.transaction_status == pq.TransactionStatus.ACTIVE
    except Exception:  # closed meanwhile
        return False


def probe_times_out(settings_dict: dict) -> bool:
    """True when a new connection to the server gets no answer within the connect timeout."""
    options = settings_dict.get("OPTIONS", {})
    timeout = int(options.get("connect_timeout", 3))
    started = time.monotonic()
    try:
        with psycopg.connect(
            host=settings_dict.get("HOST") or None,
            port=settings_dict.get("PORT") or None,
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
            dbname=settings_dict.get("NAME") or None,
            connect_timeout=timeout,
            application_name="kkrarchive-watchdog",
        ):
            return False
    except psycopg.Error as exc:
        # Refused or failed at once: the server is down or refuses us, which the command sees by itself.
        return "timeout" in str(exc) or time.monotonic() - started >= max(timeout, 2) * 0.9


def cut(connection) -> None:
    """Shut down the socket under a Django connection: the call blocked on it fails at once."""
    raw = getattr(connection, "connection", None)
    try:
        fd = raw.pgconn.socket
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # closed meanwhile, or never open: nothing to cut
        return


watchdog = HungServerWatchdog()


def install() -> None:
    """Watch every connection this process makes (manage.py calls it before running a command)."""
    connection_created.connect(watchdog.register, dispatch_uid=DISPATCH_UID)
