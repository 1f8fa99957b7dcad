"""Danish month names and the written forms of dates people and documents use."""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_NAMES: dict[int, str] = {number: name for name, number in MONTHS.items()}
MONTH_PATTERN = "|".join(MONTHS)

# The forms of a date inside free text (a search query, a sentence): ISO, day-month-year with . / or -,
# and "21. juni 2022".
_TEXT_DATE_FORMS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b"), ("d", "m", "y")),
    (
        re.compile(r"\b(\d{1,2})\.?\s+(" + MONTH_PATTERN + r")\s+(\d{4})\b", re.IGNORECASE),
        ("d", "mon", "y"),
    ),
)


def find_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first valid date written in `text` and where it stands: `("punkt 3.4 21. juni 2022")` →
    `(date(2022, 6, 21), (10, 22))`. An impossible date (`31-02-2022`) is skipped; None when there is none."""
    for pattern, order in _TEXT_DATE_FORMS:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = MONTHS[parts["mon"].lower()] if "mon" in parts else int(parts["m"])
            try:
                return dt.date(int(parts["y"]), month, int(parts["d"])), match.span()
            except ValueError:
                continue
    return None


def long_date(date: dt.date) -> str:
    """`21. juni 2022`, the way Danish documents write a date."""
    return f"{date.day}. {MONTH_NAMES[date.month]} {date.year}"
