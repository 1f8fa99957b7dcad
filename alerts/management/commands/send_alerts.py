"""`manage.py send_alerts`: mail each due subscriber what is new, and delete what was never confirmed.

The same service as the periodic task (alerts.tasks). Exit 0 when the run finished (mails the server refused
for one address are retried next run and reported), 1 when the mail server could not be reached (the mails
already accepted are recorded; the rest go next run).
"""

from __future__ import annotations

import smtplib

from django.core.management.base import BaseCommand, CommandError

from alerts.services import delete_stale, send_digests


class Command(BaseCommand):
    help = "Mail every confirmed subscriber the new items they follow (daily, or weekly by choice)."

    def handle(self, *args, **options) -> None:
        deleted = delete_stale()
        try:
            report = send_digests()
        except (smtplib.SMTPException, OSError) as exc:
            raise CommandError(f"mail server unavailable: {type(exc).__name__}") from None
        if report.locked:
            self.stdout.write("Another send_alerts run is in progress; nothing done.")
            return
        self.stdout.write(
            f"{report.sent} digests sent, {report.nothing_new} subscribers with nothing new, "
            f"{report.refused} refused by the mail server (retried next run); {report.new_items} new items; "
            f"{deleted} unconfirmed alerts deleted."
        )
