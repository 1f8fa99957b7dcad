"""Turn the paths people type (files, folders, globs) into the list of documents to ingest.

Only regular files are ever listed: a device (`/dev/zero`), a FIFO or a socket named on the command line is
reported with its reason instead (reading one would never end), and folders and globs skip them.
"""

from __future__ import annotations

import glob
import os
import stat
from pathlib import Path

from danish.cpr import mask_cpr

SUFFIXES = {".txt", ".pdf"}


def expand_paths(arguments: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Return (files in a stable order without duplicates, (argument, why it gave no file) pairs).

    The arguments of the pairs are printed and logged: CPR numbers in them are masked."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.exists() and not path.is_file():
            missing.append((argument, f"not a regular file ({_kind(path)}): only regular files are read"))
            continue
        elif path.exists():
            found = [path]  # an explicit file is always tried: a wrong type gets a clear refusal
        elif glob.has_magic(argument):
            found = sorted(
                Path(p)
                for p in glob.glob(argument, recursive=True)
                if Path(p).is_file() and Path(p).suffix.lower() in SUFFIXES
            )
        else:
            found = []
        if not found:
            if path.is_dir():
                missing.append((argument, "folder contains no .txt or .pdf files"))
            elif glob.has_magic(argument):
                missing.append((argument, "no .txt or .pdf file matches this pattern"))
            else:
                missing.append((argument, "no such file or folder"))
        files.extend(found)
    missing = [(mask_cpr(argument)[0], reason) for argument, reason in missing]
    seen: set[Path] = set()
    unique = []
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique, missing


def _kind(path: Path) -> str:
    """What a path that exists but is neither a folder nor a regular file is."""
    mode = os.stat(path).st_mode
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
