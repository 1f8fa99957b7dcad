"""Where the database is: DATABASE_URL when set, else the embedded PostgreSQL under .data/."""

from __future__ import annotations

from collections.abc import Mapping

import dj_database_url


def database_url(environ: Mapping[str, str]) -> str:
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    from kkrarchive.embedded_db import DEFAULT_DATA_DIR, EmbeddedPostgres

    data_dir = environ.get("KKRARCHIVE_DATA_DIR") or DEFAULT_DATA_DIR
    return EmbeddedPostgres(data_dir).ensure_running()


def database_config(environ: Mapping[str, str]) -> dict:
    config = dj_database_url.parse(
        database_url(environ),
        conn_max_age=int(environ.get("DB_CONN_MAX_AGE", "60")),
        # A connection kept across requests is checked before reuse, so a restarted server heals by itself.
        conn_health_checks=True,
    )
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError(
            "kkrarchive needs PostgreSQL (full-text search, pg_trgm); DATABASE_URL must be postgres://"
        )
    config["OPTIONS"] = {
        # Fail fast when the server is down, so requests get a 503 instead of hanging.
        "connect_timeout": int(environ.get("DB_CONNECT_TIMEOUT", "3")),
        "options": f"-c statement_timeout={int(environ.get('DB_STATEMENT_TIMEOUT_MS', '30000'))}",
    }
    # TEST_DATABASE_NAME lets two test runs share one server (e.g. parallel CI jobs) without colliding.
    config["TEST"] = {"NAME": environ.get("TEST_DATABASE_NAME") or f"test_{config['NAME']}"}
    return config
