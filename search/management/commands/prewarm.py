"""`manage.py prewarm`: load what a search reads into PostgreSQL's buffers, before the archive takes requests."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections

from search.prewarm import SHARE, NotInstalled, prewarm


class Command(BaseCommand):
    help = (
        "Load the term lists, the search table's indexes and the table into PostgreSQL's shared buffers (up to "
        "a share of them; the rest into the operating system's cache), on the primary and every replica."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--share", type=float, default=SHARE, help=f"share of the shared buffers to fill (default {SHARE})"
        )
        parser.add_argument("--database", action="append", help="only this database alias (repeatable)")

    def handle(self, *args, share: float, database: list[str] | None, verbosity: int, **options):
        if not 0 < share <= 1:
            raise CommandError("--share must be above 0 and at most 1")
        for alias in database or list(settings.DATABASES):
            try:
                loaded = prewarm(connections[alias], share)
            except (DatabaseError, NotInstalled) as error:
                message = f"{alias}: could not prewarm ({error})"
                if alias == "default" or database:
                    raise CommandError(message) from error
                # A replica that is down must not keep the archive from starting: it serves none of its reads.
                self.stderr.write(message)
                continue
            if verbosity:
                seconds = sum(item.seconds for item in loaded)
                buffered = sum(item.bytes for item in loaded if item.mode == "buffer") / 2**20
                read = sum(item.bytes for item in loaded if item.mode == "read") / 2**20
                self.stdout.write(
                    f"{alias}: {buffered:,.1f} MiB into the shared buffers, {read:,.1f} MiB into the operating "
                    f"system's cache, in {seconds:.1f} s."
                )
            if verbosity > 1:
                for item in loaded:
                    self.stdout.write(f"  {item.relation}: {item.blocks} blocks, {item.mode}, {item.seconds:.2f} s")
