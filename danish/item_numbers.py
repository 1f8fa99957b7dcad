"""Agenda item numbers exactly as printed: `3`, `3.4`, `3.10`; they order numerically, part by part."""

from __future__ import annotations

import re

#: An item number in a URL or a document: dot-separated whole numbers.
PATTERN = r"[0-9]+(?:\.[0-9]+)*"
#: The whole value, anchored: PostgreSQL's `~` and Python's re read it the same way.
DATABASE_REGEX = rf"^{PATTERN}$"
_EXACT = re.compile(DATABASE_REGEX)


def is_item_number(value: str) -> bool:
    return bool(_EXACT.match(value))


def item_sort_key(number: str) -> list[int]:
    """`"3.10"` → `[3, 10]` so 3.10 sorts after 3.9 (as a string it would sort before)."""
    if not _EXACT.match(number):
        raise ValueError(f"not an item number: {number!r}")
    return [int(part) for part in number.split(".")]
