"""The site's own middleware: read-only methods on public pages, and a clean, bounded 503 when the database
is unreachable or hangs.

- `ReadOnlyMethodsMiddleware`: every public page (everything outside the admin) answers GET and HEAD; OPTIONS
  gets an Allow header and no body; POST, PUT, PATCH, DELETE get 405. It runs before the CSRF check, so a
  POST to a page is a 405 rather than a confusing 403. A view that takes form posts says so with
  `@accepts_form_posts`: it gets POST too, and the rest are answered the same way.
- `DatabaseUnavailableMiddleware`: a database error becomes a 503 with Retry-After (JSON under /api/), and no
  database call of a request may outlive its deadline: a PostgreSQL that is hung (SIGSTOP, a frozen VM, a
  stuck disk) still ACKs every packet in the kernel, so neither its own statement_timeout nor TCP keepalives
  ever fire. A watchdog thread shuts down the socket of a call past its deadline; psycopg then raises
  OperationalError at once and the request gets its 503 instead of waiting for gunicorn to kill the worker.
- `client_ip`: the client's address for django-axes, from the reverse proxy's header only when
  CLIENT_IP_HEADER says which header that is.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.template import loader

logger = logging.getLogger("kkrarchive.web")

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(SAFE_METHODS)
FORM_ALLOW = ", ".join((*SAFE_METHODS, "POST"))


# Methods -------------------------------------------------------------------------------------------------


def accepts_form_posts(view):
    """Mark a public view that takes POST (a form): ReadOnlyMethodsMiddleware lets its requests through."""
    view.accepts_form_posts = True
    return view


class ReadOnlyMethodsMiddleware:
    """GET and HEAD only on every public page; OPTIONS answered with Allow and no body; the rest 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.method in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match and "admin" in match.namespaces:
            return None
        # A form's page takes POST as well, and nothing else (a PUT is a 405 there too, not a CSRF 403).
        form = getattr(view_func, "accepts_form_posts", False)
        if form and request.method == "POST":
            return None
        allow = FORM_ALLOW if form else ALLOW
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = allow
            response["Content-Length"] = "0"
            return response
        response = HttpResponseNotAllowed(allow.split(", "))
        response["Allow"] = allow
        return response


# Deadlines of database calls -----------------------------------------------------------------------------


class CallDeadlines:
    """A watchdog that cuts the connection of a database call that outlives its deadline.

    `guard(connection, seconds)` around a call registers it (a dict entry under a lock: no thread, no timer
    per call); one daemon thread per process sleeps until the earliest deadline and shuts down the socket of
    each call still registered past it. The thread is started on first use in each process, so a forking
    server (gunicorn) gets one per worker: a forked child starts afresh (the parent's thread and lock state
    do not carry over).
    """

    def __init__(self) -> None:
        self._tokens = itertools.count()
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Condition()
        self._calls: dict[int, tuple[float, float, object]] = {}
        self._wake_at = float("inf")
        self._watching = False

    @contextmanager
    def guard(self, connection, seconds: float) -> Iterator[None]:
        # django.db.connection is a proxy that each thread resolves to its own: resolve it in this thread.
        connection = connections[connection.alias]
        token = next(self._tokens)
        deadline = time.monotonic() + seconds
        with self._lock:
            if not self._watching:
                self._watching = True
                threading.Thread(target=self._watch, name="db-deadlines", daemon=True).start()
            self._calls[token] = (deadline, seconds, connection)
            if deadline < self._wake_at:
                self._lock.notify()
        try:
            yield
        finally:
            with self._lock:
                self._calls.pop(token, None)

    def _watch(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for token, (deadline, seconds, connection) in list(self._calls.items()):
                    if deadline <= now:
                        self._calls.pop(token, None)
                        _cut(connection, seconds)
                self._wake_at = min(
                    (deadline for deadline, _, _ in self._calls.values()), default=float("inf")
                )
                self._lock.wait(None if self._wake_at == float("inf") else self._wake_at - now)


def _cut(connection, seconds: float) -> None:
    """Shut down the socket under a Django connection: the call blocked on it fails at once."""
    raw = getattr(connection, "connection", None)
    try:
        fd = raw.pgconn.socket
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # closed meanwhile, or never open: nothing to cut
        return
    logger.warning("database call still waiting after %.1fs: connection cut", seconds)


deadlines = CallDeadlines()
os.register_at_fork(after_in_child=deadlines._reset)


# The database away: 503 ---------------------------------------------------------------------------------


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/ (the API's error shape), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": "database unavailable"}, status=503)
        response["Access-Control-Allow-Origin"] = "*"
    else:
        # A template without database access: the database is what is missing.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """A restarted, unreachable or hung PostgreSQL makes requests fail fast and cleanly; they heal by
    themselves once it is back, because CONN_HEALTH_CHECKS replaces the broken persistent connection.

    Every query of a request runs under DB_CLIENT_TIMEOUT_S (a little over the server's statement_timeout,
    below gunicorn's worker timeout), and the check of a kept connection under DB_CHECK_TIMEOUT_S.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection = connections[DEFAULT_DB_ALIAS]
        # Django checks a kept connection (SELECT 1 straight through psycopg, past every execute wrapper)
        # on its first use in a request; done here, the check has a deadline too.
        with deadlines.guard(connection, settings.DB_CHECK_TIMEOUT_S):
            connection.close_if_health_check_failed()
        # Every database the request may read from (the primary and any read replica) under the deadline.
        with contextlib.ExitStack() as stack:
            for alias in settings.DATABASES:
                stack.enter_context(connections[alias].execute_wrapper(self._with_deadline))
            return self.get_response(request)

    @staticmethod
    def _with_deadline(execute, sql, params, many, context):
        with deadlines.guard(context["connection"], settings.DB_CLIENT_TIMEOUT_S):
            return execute(sql, params, many, context)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable path=%s error=%s", request.path, str(exception).splitlines()[0][:200]
        )
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        return unavailable_response(request)


# The client's address ------------------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: the reverse proxy's header (CLIENT_IP_HEADER, e.g. X-Real-IP) when
    configured, else the address of the TCP peer. Only configure the header when every request comes
    through that proxy, which overwrites it: a client reaching gunicorn directly could forge it."""
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
