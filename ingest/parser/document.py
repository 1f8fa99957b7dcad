"""The parser's output: plain dataclasses, no Django.

`ingest.parser.parse.parse_minutes(text)` returns a `ParsedMeeting`; `ingest.services` writes it to
the database. Keeping this contract free of Django lets the parser be tested in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PRESENT = "present"
ABSENT = "absent"

REFERAT = "referat"
DAGSORDEN = "dagsorden"


@dataclass
class ParsedAttendee:
    name: str
    status: str  # PRESENT or ABSENT
    party: str | None = None  # party letter as printed, e.g. "A", "Ø"
    municipality: str | None = None  # normalised, e.g. "Bornholms Regionskommune"
    substitute_for: str | None = None  # full name of the member this person stood in for
    substitute_kind: str | None = None  # "stedfortræder" or "suppleant"


@dataclass
class ParsedDecision:
    text: str
    outcomes: list[str] = field(default_factory=list)  # fixed Danish vocabulary, first is primary


@dataclass
class ParsedItem:
    number: str  # as printed, without trailing dot: "3.4", or "5" for a section without sub-items
    section_number: str  # "3"
    section_title: str  # "Regionalpolitiske sager"
    title: str  # full title, lines and hyphenation joined, time slot removed
    time_start: dt.time | None = None
    time_end: dt.time | None = None
    case_number: str | None = None  # "SAG-2022-01250"
    case_officers: list[str] = field(default_factory=list)  # initials: ["jjc", "asfp", "emmj"]
    background: str = ""  # Baggrund
    recommendation: str = ""  # Indstilling
    case_text: str = ""  # Sagsfremstilling
    attachments: str = ""  # Bilag
    decision: ParsedDecision | None = None  # None when the document has no Beslutning for the item
    order: int = 0  # position in the document, 0-based


@dataclass
class ParsedMeeting:
    body_name: str  # "KKR Hovedstaden"
    date: dt.date
    kind: str  # REFERAT or DAGSORDEN
    start_time: dt.time | None = None
    location: str | None = None
    attendance: list[ParsedAttendee] = field(default_factory=list)
    attendance_complete: bool = True  # False when the list is cut off at the start of the document
    items: list[ParsedItem] = field(default_factory=list)
    announced_meetings: list[dt.date] = field(default_factory=list)  # future meetings named in the text
    warnings: list[str] = field(default_factory=list)  # every rule that had to guess says so here
    rejoined_hyphenations: int = 0  # how many line-end hyphenations were rejoined


class NotMinutesError(ValueError):
    """The text cannot be read as council minutes or an agenda; the message says why, in one line."""
