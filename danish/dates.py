"""Danish month names and the written forms of dates and times that people and documents use."""

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

# Every spelling of a month that documents print: full names, three-letter abbreviations with or without a dot
# ("30. aug. 2022"), and the English names some publishing systems use ("April 3, 2019").
_MONTH_SPELLINGS: dict[str, int] = {
    **MONTHS,
    **{name[:3]: number for name, number in MONTHS.items()},
    "sept": 9,
    **{
        name: number
        for number, name in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            start=1,
        )
    },
    "mar": 3,
    "oct": 10,
    "dec": 12,
    "may": 5,
    "jun": 6,
    "jul": 7,
}
_ANY_MONTH = "|".join(sorted(_MONTH_SPELLINGS, key=len, reverse=True))

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


# --- a meeting's date and time, in every form documents print them ---------------------------------------

_WEEKDAY = (
    r"(?:(?:man|tirs|ons|tors|fre|lør|søn)dag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
# Forms of one date, each with named groups; tried in this order at every position.
_DATE_FORMS: tuple[re.Pattern[str], ...] = (
    # 2022-06-21
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    # 21-06-2022, 21.06.2022, 21/6/2022, 21.06.22 is not accepted (a two-digit year is ambiguous)
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\s?[./-]\s?(?P<m>\d{1,2})\s?[./-]\s?(?P<y>\d{4})(?!\d)"),
    # 15-maj-2002, 21. juni 2022, d. 10 februar 2022, 30. aug. 2022, 27.august 2025
    re.compile(
        r"(?<!\d)(?P<d>\d{1,2})\s*[.-]?\s*(?P<mon>" + _ANY_MONTH + r")\.?\s*[-,]?\s*(?P<y>\d{4})(?!\d)",
        re.IGNORECASE,
    ),
    # April 3, 2019
    re.compile(r"\b(?P<mon>" + _ANY_MONTH + r")\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE),
)
# A time after a date: "kl. 16:00", "kl 15.45", "Kl. 15:00-16:10", "09:00:00", "- 18:00", "klokken 9".
_TIME_AFTER = re.compile(
    r"^[\s,]*(?:-\s*)?(?:(?:kl\.?|klokken)\s*)?(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))(?::[0-5]\d)?(?!\d)",
    re.IGNORECASE,
)
_TIME_WORD_AFTER = re.compile(r"^[\s,]*(?:kl\.?|klokken)\s*(?P<h>[01]?\d|2[0-3])(?![\d:.])", re.IGNORECASE)

#: The archive keeps meetings from this year on; earlier dates in a document are misreadings.
FIRST_YEAR = 1970
#: How far ahead an agenda may announce a meeting.
MAX_YEARS_AHEAD = 2


def plausible(date: dt.date, *, today: dt.date | None = None) -> bool:
    """A date a council meeting can have: from 1970 to two years from today."""
    today = today or dt.date.today()
    return date.year >= FIRST_YEAR and date <= today.replace(year=today.year + MAX_YEARS_AHEAD)


def _month(match: re.Match[str]) -> int:
    if match.groupdict().get("mon"):
        return _MONTH_SPELLINGS[match["mon"].lower()]
    return int(match["m"])


def find_dates(text: str) -> list[tuple[dt.date, dt.time | None, tuple[int, int]]]:
    """Every valid date written in `text`, in order, with the time printed right after it (or None).

    Accepts the forms documents use: `Onsdag d. 27. august 2025 kl. 16:00`, `Den 09.01.2020 kl. 13:00`,
    `onsdag den 1. oktober 2025 kl. 15.45`, `Fredag 27. marts 2015`, `15-maj-2002`, `Mødedato: 12.12.2019`,
    `30. aug 2022`, `05-12-2007 Kl. 15:00-16:10`, `04-06-2020 09:00:00`, `April 3, 2019 - 18:00`.
    """
    found: list[tuple[int, int, dt.date, dt.time | None]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            try:
                date = dt.date(int(match["y"]), _month(match), int(match["d"]))
            except (ValueError, KeyError):
                continue
            time = None
            rest = text[end : end + 24]
            if m := _TIME_AFTER.match(rest):
                time = dt.time(int(m["h"]), int(m["min"]))
                end += m.end()
            elif m := _TIME_WORD_AFTER.match(rest):
                time = dt.time(int(m["h"]), 0)
                end += m.end()
            taken.append((start, end))
            found.append((start, end, date, time))
    found.sort()
    return [(date, time, (start, end)) for start, end, date, time in found]


def parse_date(text: str) -> tuple[dt.date, dt.time | None] | None:
    """The first date (and its time) in `text`, e.g. a "Mødedato:" line; None when there is none."""
    dates = find_dates(text)
    return (dates[0][0], dates[0][1]) if dates else None


WEEKDAY_PATTERN = _WEEKDAY
