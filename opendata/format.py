"""The open-data file format `kkrarchive-ndjson`: its name and version, and opening its files.

Version 2 (documented in README, "Open data and backups"; version 1 files are still read): UTF-8, one JSON
object per line. The first line is a header (format, version, export time, the counts, the topic definitions);
every other line is one meeting with all it holds. `opendata.export` writes it, `opendata.importer` reads it.
"""

from __future__ import annotations

import gzip
import io
from typing import IO

FORMAT = "kkrarchive-ndjson"
# 2: document versions (url, version, superseded_by, changes), withdrawn items and staff corrections, which a
# reader of version 1 would silently lose or misread (a superseded version read as current).
VERSION = 2
READABLE_VERSIONS = (1, 2)  # a version 1 file has none of them: every document current, nothing corrected
GZIP_MAGIC = b"\x1f\x8b"


class ArchiveError(Exception):
    """The file cannot be imported (or the archive cannot take it); the message says why, and where."""


def open_for_writing(path: str, *, gzipped: bool | None = None) -> IO[str]:
    """A text stream to `path`, gzip-compressed when the name ends in .gz (or `gzipped` says so)."""
    if path.endswith(".gz") if gzipped is None else gzipped:
        return gzip.open(path, "wt", compresslevel=3, encoding="utf-8", newline="\n")
    return open(path, "w", encoding="utf-8", newline="\n")


def open_for_reading(path: str, stdin: IO[bytes] | None = None) -> IO[str]:
    """A text stream of `path` ("-": `stdin`); gzip is recognised by its magic bytes, whatever the name."""
    if path == "-" and stdin is not None:
        buffered = stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin)
        if buffered.peek(2)[:2] == GZIP_MAGIC:
            return io.TextIOWrapper(gzip.GzipFile(fileobj=buffered), encoding="utf-8")
        return io.TextIOWrapper(buffered, encoding="utf-8")
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")
