"""`manage.py harvest [URL] [--kind links|firstagenda|kl] [--body SLUG]`: fetch new and changed agendas and
minutes from a publisher's site and ingest them.

With a URL, that listing page is harvested now (and remembered as a source, not scheduled); without one, every
enabled source in the admin is. Exit status as `ingest`: 0 when every document was ingested or unchanged, 1 when
any was refused or failed (each printed with its URL and reason), 2 on bad usage (a malformed URL, say).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser

from danish.slugs import is_slug
from harvest.links import UrlError, check_url
from harvest.models import HarvestRun, Source, SourceKind
from harvest.services import Limits, harvest_source
from ingest.pipeline import printable


class Command(BaseCommand):
    help = "Harvest agendas and minutes from a listing page (URL) or from every enabled source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", nargs="?", help="a listing page of agendas and minutes")
        parser.add_argument(
            "--kind", choices=SourceKind.values, help="what publishes the page (default links)"
        )
        parser.add_argument(
            "--body", metavar="SLUG", help="whose meetings the pages are, when they do not say"
        )
        parser.add_argument("--max-documents", type=int, metavar="N", help="documents per source and run")
        parser.add_argument("--max-pages", type=int, metavar="N", help="listing pages per source and run")
        parser.add_argument("--max-bytes", type=int, metavar="N", help="bytes downloaded per source and run")
        parser.add_argument("--max-seconds", type=float, metavar="S", help="seconds per source and run")

    def handle(self, *args, url: str | None, kind: str | None, body: str | None, verbosity: int, **options):
        if body is not None and not is_slug(body):
            self.stderr.write(f"--body: not a body slug (e.g. aarhus-byraad): {printable(body)!r}")
            sys.exit(2)
        limits = Limits.from_settings(
            documents=options["max_documents"],
            pages=options["max_pages"],
            bytes=options["max_bytes"],
            seconds=options["max_seconds"],
        )
        if url is not None:
            try:
                check_url(url)
            except UrlError as exc:
                self.stderr.write(printable(str(exc)))
                sys.exit(2)
            sources = [self._source_for(url, kind=kind, body=body)]
        else:
            if kind or body:
                self.stderr.write("--kind and --body go with a URL; sources are configured in the admin")
                sys.exit(2)
            sources = list(Source.objects.filter(enabled=True))
            if not sources:
                self.stdout.write("No enabled sources (add them in the admin, or give a URL).")
                return
        problems = 0
        for source in sources:
            run = harvest_source(source=source, limits=limits)
            problems += self._report(run, verbosity)
        if problems:
            sys.exit(1)

    @staticmethod
    def _source_for(url: str, *, kind: str | None, body: str | None) -> Source:
        source, created = Source.objects.get_or_create(
            url=url,
            defaults={
                "kind": kind or SourceKind.LINKS,
                "body": body or "",
                "enabled": False,
                "added_from_command_line": True,
            },
        )
        given = {name: value for name, value in (("kind", kind), ("body", body)) if value is not None}
        changed = [name for name, value in given.items() if getattr(source, name) != value]
        for name in changed:
            setattr(source, name, given[name])
        if changed and not created:
            source.save(update_fields=changed)
        return source

    def _report(self, run: HarvestRun, verbosity: int) -> int:
        if run.status == HarvestRun.Status.FAILED:
            self.stderr.write(f"FAILED {printable(run.source.url)}: {printable(run.error.splitlines()[0])}")
            return 1
        for problem in run.problems:
            self.stderr.write(
                f"{problem['outcome'].upper()} {printable(problem['url'])}: {printable(problem['reason'])}"
            )
        if verbosity:
            seconds = (run.finished_at - run.started_at).total_seconds()
            self.stdout.write(
                f"{run.source.url}: {run.found} documents found, {run.new} new, {run.changed} changed, "
                f"{run.unchanged} unchanged, {run.refused} refused, {run.failed} failed"
                f"{f', {run.skipped} waiting to be retried' if run.skipped else ''}"
                f"{f' (stopped by the {run.stopped_by} limit)' if run.stopped_by else ''}. "
                f"Requests: {run.requests} ({run.not_modified} not modified), {run.bytes} bytes, {seconds:.1f}s."
            )
        return int(bool(run.failed or run.refused))
