"""Answer 503 (with Retry-After) instead of 500 while the database is unreachable."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger("kkrarchive.web")


class DatabaseUnavailableMiddleware:
    """A restarted or unreachable PostgreSQL makes requests fail fast and cleanly; they heal by themselves
    once it is back, because CONN_HEALTH_CHECKS replaces the broken persistent connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable path=%s error=%s", request.path, str(exception).splitlines()[0][:200]
        )
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        # A template without database access: the database is what is missing.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
