"""`manage.py prepare`: everything `make run` needs before it serves, in one process.

The steps of `make samples static`, in the same order: migrate, ingest data/samples, load_topics,
collectstatic. One process instead of four saves three Django start-ups (about half a second each on a
2-core machine). Every step is as idempotent as the command it calls, so a second run changes no data:
migrate is skipped when no migration is unapplied, ingest skips the files it already has (by SHA-256),
load_topics keeps the topics it finds, and collectstatic copies only files newer than the collected ones.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

LISTED_MIGRATIONS = 3  # name the applied migrations when there are this few (a new one after a pull)
INDENT = 14


class Command(BaseCommand):
    help = "Migrate, ingest the samples, load the topics and collect the static files, in one process."

    def add_arguments(self, parser):
        parser.add_argument(
            "--samples",
            default=str(Path(settings.BASE_DIR) / "data" / "samples"),
            help="files or folder to ingest (default: data/samples)",
        )

    def handle(self, *args, samples: str, verbosity: int, **options):
        started = time.monotonic()
        self.verbosity = verbosity
        self._migrate()
        with _without_unchanged_file_lines(active=verbosity < 2):
            self._run("ingest", samples)
        self._run("load_topics")
        self._run("collectstatic", interactive=False)
        if verbosity:
            self.stdout.write(f"prepared in {time.monotonic() - started:.1f}s")

    def _migrate(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        # Conflicting migrations are left to migrate itself, which refuses them with its own message.
        if not plan and not executor.loader.detect_conflicts():
            self._report("migrate", "skipped: no unapplied migrations")
            return
        started = time.monotonic()
        # migrate's own list of "Applying ... OK" lines only from verbosity 2; the summary names a few.
        output = self._run("migrate", interactive=False, verbosity=max(self.verbosity - 1, 0), report=False)
        names = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
        listed = f": {', '.join(names)}" if len(names) <= LISTED_MIGRATIONS else ""
        summary = f"applied {len(names)} migration{'' if len(names) == 1 else 's'}{listed}"
        self._report("migrate", f"{summary} ({time.monotonic() - started:.1f}s)\n{output}")

    def _run(self, command: str, *args: str, report: bool = True, **options) -> str:
        """Call a command with its output captured, then show it indented under the command's name."""
        options.setdefault("verbosity", self.verbosity)
        out = io.StringIO()
        try:
            call_command(command, *args, stdout=out, **options)
        except BaseException:
            self._report(command, out.getvalue())  # what a failing step (ingest exits 1 on a refusal) printed
            raise
        if report:
            self._report(command, out.getvalue())
        return out.getvalue()

    def _report(self, step: str, text: str) -> None:
        lines = [line for line in text.splitlines() if line.strip()]
        if not self.verbosity or not lines:
            return
        self.stdout.write(f"{step:<{INDENT}}{lines[0]}")
        for line in lines[1:]:
            self.stdout.write(f"{'':<{INDENT}}{line}")


class _DropUnchangedFileLines(logging.Filter):
    # ingest logs one INFO line for each file it already has; its summary counts them ("5 unchanged").
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and str(record.msg).startswith("unchanged "))


@contextlib.contextmanager
def _without_unchanged_file_lines(*, active: bool) -> Iterator[None]:
    logger = logging.getLogger("kkrarchive.ingest")
    drop = _DropUnchangedFileLines()
    if active:
        logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)
