"""Which database the search's own SQL reads from.

The search runs raw SQL (ranking, snippets, suggestions, exact lookups, relaxations); `django.db.connection` would
always be the primary. Asking Django's router for the search table gives what the ORM would: a replica while the
request may read from one (kkrarchive.replicas), else the primary.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from meetings.models import SearchEntry


def reading() -> BaseDatabaseWrapper:
    return connections[router.db_for_read(SearchEntry)]
