""" "Mente du ...?": replace words the archive does not know by the closest word it does (pg_trgm)."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from danish.text import QUERY_WORD
from search.db import reading
from search.query import matches

MIN_WORD = 4


def closest_word(word: str) -> str | None:
    """The archive's word closest to `word` by trigrams (pg_trgm), the most used first on a tie; None when no
    word is similar enough (pg_trgm's threshold)."""
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT word FROM meetings_searchword WHERE word %% %s "
            "ORDER BY similarity(word, %s) DESC, documents DESC LIMIT 1",
            [word, word],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] != word else None


def suggest(text: str, base: QuerySet) -> str | None:
    """The query with its unknown words replaced by the closest known ones, if that finds anything."""
    words = QUERY_WORD.findall(text.lower())
    changed = False
    suggested = text
    with reading().cursor() as cursor:
        for word in words:
            if len(word) < MIN_WORD or word.isdigit():
                continue
            cursor.execute("SELECT 1 FROM meetings_searchword WHERE word = %s", [word])
            if cursor.fetchone():
                continue
            closest = closest_word(word)
            if closest:
                suggested = re.sub(rf"(?i)\b{re.escape(word)}\b", closest, suggested)
                changed = True
    if not changed or not matches(base, suggested).exists():
        return None
    return suggested
