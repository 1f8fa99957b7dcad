"""Slugs as the contract promises: lower-case ASCII with Danish letters transliterated."""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})

#: What a slug may be: lower-case ASCII words joined by single hyphens.
PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: The whole value, anchored: PostgreSQL's `~` and Python's re read it the same way (the database constraint).
DATABASE_REGEX = rf"^{PATTERN}$"
_EXACT = re.compile(DATABASE_REGEX)


def danish_slugify(value: str) -> str:
    """`Øjvind Vilsholm` → `oejvind-vilsholm`; `KKR Sjælland` → `kkr-sjaelland`.

    Django's slugify drops ø and æ (they have no ASCII decomposition), which would merge names.
    """
    value = value.translate(_DANISH)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s_]+", "-", value).strip("-")


def is_slug(value: object) -> bool:
    """True for a slug as it may be stored: `kkr-hovedstaden`; not "", `KKR`, `a--b`, `-a` or `æble`."""
    return isinstance(value, str) and bool(_EXACT.fullmatch(value))


def slug_of(name: str) -> str | None:
    """The slug of `name`, or None when the name gives none (`!!!`, `---`, a name of symbols only)."""
    slug = danish_slugify(name)
    return slug if is_slug(slug) else None
