"""`manage.py reparse`: parse every stored document again and re-merge its meeting (after a parser fix).

Permalinks are kept: items are matched by number and updated in place, never deleted. Only the current versions of
documents are parsed and merged; an item only a superseded version had is withdrawn (docs/trust.md).
"""

from django.core.management.base import BaseCommand

from ingest.parser import parse_document
from ingest.services import reparse_meeting
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Re-parse the stored text of every source document and re-merge the meetings."

    def handle(self, *args, verbosity: int, **options):
        updated = 0
        failed = []
        for meeting in Meeting.objects.select_related("body").order_by("date"):
            try:
                result = reparse_meeting(meeting=meeting, parse=parse_document)
            except ValueError as exc:
                failed.append(str(exc))
                continue
            updated += result.items_updated + result.decisions_updated + result.decisions_created
            updated += result.items_withdrawn  # items only a superseded version had (docs/trust.md)
        for message in failed:
            self.stderr.write(f"NOT REPARSED {message}")
        if verbosity:
            self.stdout.write(
                f"Re-parsed {Meeting.objects.count() - len(failed)} meetings; {updated} rows changed."
            )
