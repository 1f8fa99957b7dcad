"""Turn the paths people type (files, folders, globs) into the list of documents to ingest."""

from __future__ import annotations

import glob
from pathlib import Path

SUFFIXES = {".txt", ".pdf"}


def expand_paths(arguments: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Return (files in a stable order without duplicates, (argument, why it gave no file) pairs)."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
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
    seen: set[Path] = set()
    unique = []
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique, missing
