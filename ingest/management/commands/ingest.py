"""`manage.py ingest PATH [PATH ...]`: read, parse and load council minutes and agendas.

Exit status: 0 when every file was ingested or already present, 1 when any file was refused (each refusal
is printed with the file name and reason; the other files are still ingested), 2 on bad usage. Any error of one
file (a refusal, the database rejecting it or going away, an unexpected exception) refuses that file in one line
and the batch goes on; only bad usage stops the command.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError, DataError, IntegrityError, connection
from tqdm import tqdm

from danish.bodies import official_authority
from danish.cpr import mask_cpr
from ingest.files import expand_paths
from ingest.parser import parse_document
from ingest.parser.codec import to_json
from ingest.parser.document import NotMinutesError
from ingest.reader import DEFAULT_MAX_BYTES, RefusedDocument, read_document, sha256_of
from ingest.services import ingest_document
from meetings.models import SourceDocument

logger = logging.getLogger("kkrarchive.ingest")
PROGRESS_BAR_FROM = 10  # files; fewer finish before a bar would help


class Command(BaseCommand):
    help = "Ingest council minutes and agendas (.txt or .pdf files, folders or globs). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or globs")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and print the result as JSON; write nothing"
        )
        parser.add_argument(
            "--municipality",
            metavar="NAME",
            help="whose body the files are, for pages that never name their municipality or region "
            "(e.g. 'Køge Kommune' or 'Region Syddanmark'); what a document names wins",
        )

    def handle(self, *args, paths: list[str], dry_run: bool, verbosity: int, **options):
        self.owner: dict[str, str | None] = {}
        if options.get("municipality"):
            municipality, region = official_authority(options["municipality"])
            if not (municipality or region):
                self.stderr.write(
                    f"--municipality: not a Danish municipality or region: {options['municipality']!r}"
                )
                sys.exit(2)
            self.owner = {"municipality": municipality, "region": region}
        files, missing = expand_paths(paths)
        refused: list[tuple[str, str]] = list(missing)
        if dry_run:
            return self._dry_run(files, refused)

        started = time.monotonic()
        counts: Counter[str] = Counter()
        bar = tqdm(
            files, unit="fil", disable=len(files) < PROGRESS_BAR_FROM or verbosity == 0, file=sys.stderr
        )
        for path in bar:
            bar.set_postfix_str(printable(path.name[-30:]), refresh=False)
            try:
                self._ingest_one(path, counts)
            except Exception as exc:  # any error of one file refuses that file; the batch goes on
                refused.append(_refusal(path, exc))
        bar.close()

        for name, reason in refused:
            self.stderr.write(f"REFUSED {printable(name)}: {printable(reason)}")
            logger.warning("refused file=%s reason=%s", printable(name), printable(reason))
        if verbosity:
            self.stdout.write(self._summary(counts, len(refused), time.monotonic() - started))
        if refused:
            sys.exit(1)

    def _ingest_one(self, path: Path, counts: Counter[str]) -> None:
        # The unchanged-file check needs only the file's hash: no decoding, no parsing. A file over the size
        # limit is not hashed (that would read all of it): read_document refuses it from its size alone.
        try:
            digest = sha256_of(path) if path.stat().st_size <= DEFAULT_MAX_BYTES else None
        except OSError as exc:
            raise RefusedDocument(f"cannot read file ({exc.strerror})") from exc
        if digest and SourceDocument.objects.filter(sha256=digest).exists():
            logger.info("unchanged file=%s sha256=%s", printable(path.name), digest[:12])
            counts["unchanged"] += 1
            return
        source = read_document(path)
        parsed = parse_document(source.text, **self.owner)
        result = ingest_document(source=source, parsed=parsed)
        if result.status == "unchanged":  # an identical file was ingested concurrently
            logger.info("unchanged file=%s sha256=%s", printable(path.name), source.sha256[:12])
        counts[result.status] += 1
        if result.status == "ingested":
            counts["meetings_created"] += result.meeting_created
            counts["meetings_updated"] += result.meeting_updated
            counts["meetings_unchanged"] += not (result.meeting_created or result.meeting_updated)
            for key in ("items_created", "items_updated", "decisions_created", "decisions_updated"):
                counts[key] += getattr(result, key)

    def _dry_run(self, files: list[Path], refused: list[tuple[str, str]]) -> None:
        # One file asked for: its parse as an object; several (folders, globs): a list, however many parsed.
        single = len(files) == 1 and not refused
        output = []
        for path in files:
            try:
                source = read_document(path)
                parsed = parse_document(source.text, **self.owner)
                output.append(
                    {
                        "file": str(path),
                        "sha256": source.sha256,
                        "family": parsed.family,
                        "family_reason": parsed.family_reason,
                        "parse": to_json(parsed),
                    }
                )
            except Exception as exc:  # as in a real run: refused, and the next file is read
                refused.append(_refusal(path, exc))
        if not single:
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        elif output:
            self.stdout.write(json.dumps(output[0], ensure_ascii=False, indent=2))
        for name, reason in refused:
            self.stderr.write(f"REFUSED {printable(name)}: {printable(reason)}")
        if refused:
            sys.exit(1)

    @staticmethod
    def _summary(counts: Counter[str], refused: int, seconds: float) -> str:
        unchanged = counts["meetings_unchanged"]
        return (
            f"Files: {counts['ingested']} ingested, {counts['unchanged']} unchanged, {refused} refused "
            f"({seconds:.1f}s).\n"
            f"Meetings: {counts['meetings_created']} created, {counts['meetings_updated']} updated"
            f"{f', {unchanged} unchanged' if unchanged else ''}. "
            f"Items: {counts['items_created']} created, {counts['items_updated']} updated. "
            f"Decisions: {counts['decisions_created']} created, {counts['decisions_updated']} updated."
        )


def printable(text: str) -> str:
    """`text` for one line of output: control and other unprintable characters (newline, ESC, RTL override)
    and the backslash escaped as repr() escapes them, so a file name cannot forge lines or terminal codes."""
    return "".join(char if char.isprintable() and char != "\\" else repr(char)[1:-1] for char in text)


def _refusal(path: Path, exc: Exception) -> tuple[str, str]:
    """(file, one-line reason) for an error of one file; CPR numbers masked in both (they are printed and logged).

    Refusals of the reader, the parser and the checks say why in their own words; the database rejecting a
    document rolled back its one transaction; a database that went away refuses this file and the connection is
    dropped, so the next file connects anew (or is refused as quickly); anything unexpected is logged in full.
    """
    if isinstance(exc, (RefusedDocument, NotMinutesError)):
        reason = str(exc)
    elif isinstance(exc, (DataError, IntegrityError)):
        reason = f"rejected by the database: {_first_line(exc)}"
    elif isinstance(exc, DatabaseError):
        reason = f"database error: {_first_line(exc)}"
        _drop_broken_connection()
    else:
        reason = f"unexpected error ({type(exc).__name__}): {_first_line(exc)}"
        logger.error(
            "unexpected error file=%s %s",
            mask_cpr(str(path))[0],
            mask_cpr("".join(traceback.format_exception(exc)))[0],
        )
    return mask_cpr(str(path))[0], mask_cpr(reason or type(exc).__name__)[0]


def _drop_broken_connection() -> None:
    """Close the database connection when it is broken, so the next file opens a new one. Not inside a transaction
    someone else holds (a test's): closing it there would end their transaction."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
