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
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from danish.bodies import official_authority
from danish.cpr import mask_cpr
from ingest.files import expand_paths
from ingest.parser import parse_document
from ingest.parser.codec import to_json
from ingest.pipeline import ingest_file, printable, refusal_reason
from ingest.reader import read_document
from ingest.services import check_document

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
            # As everywhere the command prints a name: CPR numbers masked (before the name is cut, so no part of
            # one shows) and control characters escaped.
            bar.set_postfix_str(printable(mask_cpr(path.name)[0][-30:]), refresh=False)
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
        result = ingest_file(path, **self.owner)
        counts[result.status] += 1
        if result.status == "ingested":
            counts["meetings_created"] += result.meeting_created
            counts["meetings_updated"] += result.meeting_updated
            counts["meetings_unchanged"] += not (result.meeting_created or result.meeting_updated)
            for key in ("items_created", "items_updated", "items_withdrawn", "decisions_created", "decisions_updated"):
                counts[key] += getattr(result, key)
            counts["new_versions"] += result.version > 1

    def _dry_run(self, files: list[Path], refused: list[tuple[str, str]]) -> None:
        # One file asked for: its parse as an object; several (folders, globs): a list, however many parsed.
        single = len(files) == 1 and not refused
        output = []
        for path in files:
            try:
                source = read_document(path)
                parsed = parse_document(source.text, **self.owner)
                # The loader's checks write nothing: a dry run refuses what a real run would, and prints the
                # parse as it would be stored (warnings and masking of the checks included).
                source, _ = check_document(source, parsed)
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
        unchanged, versions, withdrawn = counts["meetings_unchanged"], counts["new_versions"], counts["items_withdrawn"]
        return (
            f"Files: {counts['ingested']} ingested{f' ({versions} a new version)' if versions else ''}, "
            f"{counts['unchanged']} unchanged, {refused} refused ({seconds:.1f}s).\n"
            f"Meetings: {counts['meetings_created']} created, {counts['meetings_updated']} updated"
            f"{f', {unchanged} unchanged' if unchanged else ''}. "
            f"Items: {counts['items_created']} created, {counts['items_updated']} updated"
            f"{f', {withdrawn} withdrawn' if withdrawn else ''}. "
            f"Decisions: {counts['decisions_created']} created, {counts['decisions_updated']} updated."
        )


def _refusal(path: Path, exc: Exception) -> tuple[str, str]:
    return refusal_reason(str(path), exc)
