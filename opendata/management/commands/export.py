"""`manage.py export [--output FILE]`: the whole archive as NDJSON, one meeting per line (README: "Open data").

Standard output by default; with --output the file is written beside its final name and renamed into place
when complete, so a failed export never leaves a truncated file under the real name. `.gz` compresses.
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from opendata.export import EXPORT_CHUNK, write_archive
from opendata.format import open_for_writing


class Command(BaseCommand):
    help = "Export the whole archive as NDJSON (one meeting per line; gzip when FILE ends in .gz)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
        parser.add_argument(
            "--chunk-size", type=int, default=EXPORT_CHUNK, help="meetings read per round of queries"
        )

    def handle(self, *args, output: str | None, chunk_size: int, verbosity: int, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1")
        if not output or output == "-":
            result = write_archive(self.stdout, chunk_size=chunk_size)
            self.stdout.flush()
            report = self.stderr  # standard output carries the data only
        else:
            partial = f"{output}.partial"
            try:
                with open_for_writing(partial, gzipped=output.endswith(".gz")) as stream:
                    result = write_archive(stream, chunk_size=chunk_size)
                os.replace(partial, output)
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
            finally:
                if os.path.exists(partial):
                    os.unlink(partial)
            report = self.stdout
        if verbosity:
            target = output if output and output != "-" else "standard output"
            report.write(
                f"Exported {result.meetings} meetings, {result.items} items, "
                f"{result.documents} documents to {target}."
            )
