"""`manage.py import_archive FILE`: rebuild an empty archive from an `export` file (NDJSON, optionally gzip).

All or nothing, in one transaction; refused (exit 1) when the archive already holds meetings or documents,
when the file is not a kkrarchive-ndjson export, or when it ends before the meetings its header announces.
Permalinks, document hashes (so a later ingest of the same files reports them unchanged), topics and their
assignments come back as they were; the search index and vocabulary are rebuilt from the imported items.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from opendata.format import ArchiveError, open_for_reading
from opendata.importer import IMPORT_BATCH, import_archive


class Command(BaseCommand):
    help = "Restore an export (NDJSON, .gz allowed, '-' for standard input) into an empty archive."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="a file written by `manage.py export`, or -")
        parser.add_argument(
            "--batch-size", type=int, default=IMPORT_BATCH, help="meetings written per round of inserts"
        )

    def handle(self, *args, file: str, batch_size: int, verbosity: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            with open_for_reading(file, stdin=sys.stdin.buffer) as lines:
                result = import_archive(lines, batch_size=batch_size)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        except (ArchiveError, UnicodeDecodeError, EOFError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        if verbosity:
            self.stdout.write(
                f"Imported {result.meetings} meetings, {result.items} items, {result.decisions} decisions, "
                f"{result.documents} documents, {result.people} people, {result.topics} topics."
            )
