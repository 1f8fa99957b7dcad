"""Keep the original file of every ingested document, content-addressed, through Django's storage API."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.text import get_valid_filename


def original_name(*, sha256: str, file_name: str) -> str:
    """`ab/ab12…/referat.pdf`: the hash decides where; the file's own name is kept for downloads."""
    safe = get_valid_filename(file_name.rsplit("/", 1)[-1]) or "dokument"
    return f"{sha256[:2]}/{sha256}/{safe[:150]}"


def keep_original(*, sha256: str, file_name: str, data: bytes) -> str:
    """Store `data` under its hash unless it is there already; returns its name in the storage."""
    storage = storages["originals"]
    name = original_name(sha256=sha256, file_name=file_name)
    if not storage.exists(name):
        # A rolled-back ingest may leave the file behind: harmless, the same bytes always get the same name.
        name = storage.save(name, ContentFile(data))
    return name
