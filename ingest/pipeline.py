"""One file, from disk to the database: the unchanged-file check, read, parse, load. Shared by `manage.py ingest`
and the harvester, so a downloaded document is ingested exactly as a file given on the command line is."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from django.db import DatabaseError, DataError, IntegrityError, connection

from danish.cpr import mask_cpr
from ingest.parser import parse_document
from ingest.parser.document import NotMinutesError
from ingest.reader import DEFAULT_MAX_BYTES, RefusedDocument, read_document, sha256_of
from ingest.services import LoadResult, ingest_document
from meetings.models import SourceDocument

logger = logging.getLogger("kkrarchive.ingest")


def ingest_file(
    path: Path, *, municipality: str | None = None, region: str | None = None, **load: str
) -> LoadResult:
    """Ingest the file at `path`; `municipality`/`region` say whose body it is when the document does not.

    `load` is passed on to ingest_document (e.g. the URL a harvested document came from). Raises what the
    reader, the parser, the checks or the database raise; `refusal_reason` turns that into one line.
    """
    # The unchanged-file check needs only the file's hash: no decoding, no parsing. A file over the size
    # limit is not hashed (that would read all of it): read_document refuses it from its size alone.
    try:
        digest = sha256_of(path) if path.stat().st_size <= DEFAULT_MAX_BYTES else None
    except OSError as exc:
        raise RefusedDocument(f"cannot read file ({exc.strerror})") from exc
    if digest and SourceDocument.objects.filter(sha256=digest).exists():
        logger.info("unchanged file=%s sha256=%s", printable(path.name), digest[:12])
        return LoadResult(status="unchanged")
    source = read_document(path)
    owner = {"municipality": municipality, "region": region}
    parsed = parse_document(source.text, **{key: value for key, value in owner.items() if value})
    result = ingest_document(source=source, parsed=parsed, **load)
    if result.status == "unchanged":  # an identical file was ingested concurrently
        logger.info("unchanged file=%s sha256=%s", printable(path.name), source.sha256[:12])
    return result


def printable(text: str) -> str:
    """`text` for one line of output: control and other unprintable characters (newline, ESC, RTL override)
    and the backslash escaped as repr() escapes them, so a file name cannot forge lines or terminal codes."""
    return "".join(char if char.isprintable() and char != "\\" else repr(char)[1:-1] for char in text)


def refusal_reason(name: str, exc: Exception) -> tuple[str, str]:
    """(name, one-line reason) for an error of one file; CPR numbers masked in both (they are printed and logged).

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
            mask_cpr(name)[0],
            mask_cpr("".join(traceback.format_exception(exc)))[0],
        )
    return mask_cpr(name)[0], mask_cpr(reason or type(exc).__name__)[0]


def _drop_broken_connection() -> None:
    """Close the database connection when it is broken, so the next file opens a new one. Not inside a transaction
    someone else holds (a test's): closing it there would end their transaction."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
