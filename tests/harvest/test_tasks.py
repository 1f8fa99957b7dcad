"""The harvester as background work: procrastinate's jobs in the test database, run by a real worker."""

from __future__ import annotations

import asyncio

import pytest
from django.db import connection
from procrastinate.contrib.django import app

from harvest.models import HarvestRun, Source
from harvest.tasks import queue_harvest, schedule_harvests
from meetings.models import Meeting
from tests.harvest.conftest import REGIONH_LISTING

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_queue():
    """procrastinate's tables are not Django models: a test's jobs would outlive it without this. The worker's
    pool threads keep their database connections (CONN_MAX_AGE); they end with the test."""
    tables = "procrastinate_jobs, procrastinate_workers, procrastinate_periodic_defers, procrastinate_events"
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def run_worker() -> None:
    """A worker that runs every queued job, then stops (as `manage.py procrastinate worker` would, once idle)."""
    worker_app = app.with_connector(app.connector.get_worker_connector())
    worker_app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def job_statuses(*names: str) -> list[tuple[str, str]]:
    """The jobs of tasks `names` and their state (the worker also queues its periodic tasks on its own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, status FROM procrastinate_jobs WHERE task_name = ANY(%s) ORDER BY id",
            [list(names or ("harvest.harvest_source",))],
        )
        return cursor.fetchall()


def test_a_due_source_is_queued_once_and_harvested_by_a_worker(regionh):
    source = Source.objects.create(url=regionh.url + REGIONH_LISTING)
    Source.objects.create(url=regionh.url + "/ikke-aktiv", enabled=False)

    assert schedule_harvests(timestamp=0) == 1
    assert schedule_harvests(timestamp=60) == 0  # already waiting: not queued twice
    with connection.cursor() as cursor:  # a worker takes it: still not queued again while it runs
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing'")
    assert schedule_harvests(timestamp=120) == 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'todo'")
    run_worker()

    assert Meeting.objects.count() == 3
    assert job_statuses() == [("harvest.harvest_source", "succeeded")]
    source.refresh_from_db()
    assert not Source.objects.due().filter(pk=source.pk).exists()  # its next run is an interval away
    assert HarvestRun.objects.get().source == source


def test_a_crashed_workers_job_is_queued_again_and_finished(regionh):
    source = Source.objects.create(url=regionh.url + REGIONH_LISTING)
    assert queue_harvest(source)

    async def take_the_job_and_die() -> None:
        worker_app = app.with_connector(app.connector.get_worker_connector())
        async with worker_app.open_async():
            worker = await worker_app.job_manager.register_worker()
            job = await worker_app.job_manager.fetch_job(queues=None, worker_id=worker)
            assert job is not None
        # The worker is gone: no more heartbeats (as after SIGKILL or a lost machine).

    asyncio.run(take_the_job_and_die())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'")
    assert job_statuses() == [("harvest.harvest_source", "doing")]

    from harvest.tasks import retry_stalled_jobs

    retry_stalled_jobs.defer(timestamp=0)
    run_worker()

    statuses = dict(job_statuses("harvest.harvest_source", "harvest.retry_stalled_jobs"))
    assert statuses == {"harvest.harvest_source": "succeeded", "harvest.retry_stalled_jobs": "succeeded"}
    assert Meeting.objects.count() == 3
