"""Background work of alerts (procrastinate): the digest every morning, the same service as `send_alerts`.

Daily at 06:00 UTC; weekly subscribers get theirs on the run a week after their last (alerts.services).
A run that finds another in progress does nothing (an advisory lock), and the queueing lock keeps a second
job from queueing while one waits.
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from alerts.services import delete_stale, send_digests


@app.periodic(cron="0 6 * * *")
@app.task(queueing_lock="alerts.send_digests", pass_context=False)
def send_daily_digests(timestamp: int) -> dict:
    deleted = delete_stale()
    report = send_digests()
    return {
        "sent": report.sent,
        "nothing_new": report.nothing_new,
        "refused": report.refused,
        "deleted": deleted,
    }
