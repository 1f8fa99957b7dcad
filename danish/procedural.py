"""Procedural agenda items: the points every meeting has whatever it is about. No Django.

"Siden sidst", "Punkter til næste møde", "Meddelelser", "Eventuelt", "Godkendelse af dagsorden" and their
kin report on many things at once or on none; a topic is theirs only when their title names it
(search.indexing). `DATABASE_REGEX` is the same test for PostgreSQL's case-insensitive `~*`.
"""

from __future__ import annotations

import re

# Titles as the real minutes print them (tests/fixtures/real, data/samples); matched at the start of the title.
_TITLES = (
    r"siden sidst",
    r"punkter til (?:næste|kommende) møde",
    r"næste møde",
    r"møde i kkr",
    r"meddelelse(?:r)?",
    r"forskellige cirkulærer",
    r"generel orientering",
    r"eventuelt",
    r"godkendelse af (?:dagsorden|referat|protokol)",
    r"beslutninger om dagsordenen",
    r"bemærkninger(?:/ændringer)? til dagsordenen",
    r"underskriftsark",
    r"mødeplan",
    r"fraværende",
    r"lukket punkt",
)
#: Anchored at the start of the title, ASCII-only syntax that Python's re and PostgreSQL's ARE read alike.
DATABASE_REGEX = r"^\s*(?:" + "|".join(_TITLES) + r")"
_PATTERN = re.compile(DATABASE_REGEX, re.IGNORECASE)


def is_procedural(title: str) -> bool:
    """`Siden sidst` → True; `Godkendelse af praksisplan for fysioterapi` → False."""
    return bool(_PATTERN.match(title or ""))
