"""Background work of the harvester (procrastinate; `manage.py procrastinate worker` runs it).

Every minute the scheduler task queues a harvest of each source whose interval has passed; each harvest is a job
of its own, so several workers on several machines share the sources (a source's lock keeps two workers off one
source). A worker that dies mid-harvest stops sending heartbeats; `retry_stalled_jobs` queues its job again.
Nothing is lost by a crash: each document is ingested in its own transaction, and the URLs not yet recorded are
simply fetched again (their hash tells the archive what it already has).
"""

from __future__ import annotations

import logging

from django.utils import timezone
from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from harvest.models import Source
from harvest.services import harvest_source

logger = logging.getLogger("kkrarchive.harvest")
STALLED_AFTER_SECONDS = 120  # heartbeats come every 10 s; a worker silent this long is gone


@app.task(
    name="harvest.harvest_source",
    queue="harvest",
    pass_context=False,
    # A run that raises (the database went away, say) is tried again; a site's faults never raise.
    retry=RetryStrategy(max_attempts=3, exponential_wait=60),
)
def harvest_source_job(source_id: int) -> dict:
    source = Source.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {"skipped": "disabled or deleted"}
    run = harvest_source(source=source)
    return {
        "run": run.pk,
        "status": str(run.status),
        "new": run.new,
        "changed": run.changed,
        "failed": run.failed,
    }


def queue_harvest(source: Source) -> bool:
    """Queue one harvest of `source`; False when one is already waiting.

    The source is no longer due once queued (its next run moves an interval on; the run sets it again when it
    ends), so the scheduler does not queue it again while a worker is still harvesting it."""
    try:
        harvest_source_job.configure(
            queueing_lock=f"harvest-source-{source.pk}", lock=f"harvest-source-{source.pk}"
        ).defer(source_id=source.pk)
    except AlreadyEnqueued:
        return False
    Source.objects.filter(pk=source.pk).update(next_run_at=timezone.now() + source.interval)
    return True


@app.periodic(cron="* * * * *", periodic_id="schedule_harvests")
@app.task(
    name="harvest.schedule_harvests", queue="schedule", queueing_lock="harvest.schedule", pass_context=False
)
def schedule_harvests(timestamp: int) -> int:
    """Queue a harvest of every enabled source that is due; returns how many were queued."""
    queued = sum(queue_harvest(source) for source in Source.objects.due())
    if queued:
        logger.info("queued harvests=%d", queued)
    return queued


@app.periodic(cron="*/5 * * * *", periodic_id="retry_stalled_jobs")
@app.task(
    name="harvest.retry_stalled_jobs",
    queue="schedule",
    queueing_lock="harvest.retry_stalled",
    pass_context=True,
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """Queue again the jobs of workers that stopped sending heartbeats (killed, or their machine gone)."""
    manager = context.app.job_manager  # the worker's own connection, not Django's
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    count = 0
    for job in stalled:
        await manager.retry_job(job)
        count += 1
    if count:
        logger.warning("retried stalled jobs=%d", count)
    return count
