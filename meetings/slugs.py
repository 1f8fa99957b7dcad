"""Slugs as the contract promises: lower-case ASCII with Danish letters transliterated."""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def danish_slugify(value: str) -> str:
    """`Øjvind Vilsholm` → `oejvind-vilsholm`; `KKR Sjælland` → `kkr-sjaelland`.

    Django's slugify drops ø and æ (they have no ASCII decomposition), which would merge names.
    """
    value = value.translate(_DANISH)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s_]+", "-", value).strip("-")


def item_sort_key(number: str) -> list[int]:
    """`"3.10"` → `[3, 10]` so 3.10 sorts after 3.9 (as a string it would sort before)."""
    if not re.fullmatch(r"\d+(\.\d+)*", number):
        raise ValueError(f"not an item number: {number!r}")
    return [int(part) for part in number.split(".")]
