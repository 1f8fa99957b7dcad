"""gunicorn settings: sync workers sized for the machine's cores, behind a buffering proxy in production.

A sync worker serves one connection at a time, so it must never face slow clients itself: docker-compose.yml
publishes only nginx (deploy/nginx.conf), which hands gunicorn whole requests.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A slow request is cut off rather than holding a worker forever. The database gives up first: the server
# cancels a statement after DB_STATEMENT_TIMEOUT_MS and the client cuts a call 2 s later (kkrarchive/settings.py,
# whose default of 10 s this repeats), so a slow or hung database is a 503 before the worker is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
DB_CLIENT_TIMEOUT_S = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000")) / 1000 + 2
if timeout <= DB_CLIENT_TIMEOUT_S:
    raise ValueError(
        f"GUNICORN_TIMEOUT ({timeout} s) must be above the database's client timeout "
        f"(DB_STATEMENT_TIMEOUT_MS / 1000 + 2 = {DB_CLIENT_TIMEOUT_S:g} s): lower the one or raise the other"
    )
graceful_timeout = 10
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker):
    """Before a new worker accepts its first connection: load what that request would (kkrarchive.warmup)."""
    from kkrarchive.warmup import warm

    loaded = warm()
    worker.log.info("warmed up: %s", ", ".join(f"{value} {name}" for name, value in loaded.items()))
