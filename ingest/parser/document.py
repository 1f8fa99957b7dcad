"""The parser's output: plain dataclasses, no Django. Every layout family produces these.

`ingest.parser.parse_document(text)` picks the family (`ingest.parser.families`) and returns a
`ParsedMeeting`; `ingest.services` writes it to the database. Keeping this contract free of Django lets the
parser be tested in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PRESENT = "present"
ABSENT = "absent"

REFERAT = "referat"
DAGSORDEN = "dagsorden"

# What a body is (CONTRACT.md, "Councils, committees and formats").
KKR = "kkr"  # a KKR: the municipalities of one region together
COUNCIL = "council"  # a municipal council: byråd, kommunalbestyrelse, Borgerrepræsentationen
COMMITTEE = "committee"  # a municipal committee (udvalg, Magistrat, lokaludvalg ...)
REGIONAL_COUNCIL = "regional_council"  # a regionsråd
REGIONAL_COMMITTEE = "regional_committee"  # a region's committee (forretningsudvalg, udvalg ...)
BODY_KINDS = (KKR, COUNCIL, COMMITTEE, REGIONAL_COUNCIL, REGIONAL_COMMITTEE)

# A member's position on an item, as minutes record it.
FOR = "for"  # stemte for, kunne tiltræde
AGAINST = "against"  # stemte imod, kunne ikke tiltræde
ABSTAINED = "abstained"  # undlod at stemme
RESERVED = "reserved"  # tog forbehold
NOT_PARTICIPATING = "not_participating"  # deltog ikke i sagens behandling (inhabil, ...)
STANCES = (FOR, AGAINST, ABSTAINED, RESERVED, NOT_PARTICIPATING)


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
class ParsedPosition:
    """Where a member or a party stood on an item, with the sentence of the minutes that says so."""

    stance: str  # one of STANCES
    sentence: str  # the sentence as printed
    name: str | None = None  # a member's full name, when the sentence names one
    party: str | None = None  # a party letter ("V", "Ø") or list, when the sentence names a party


@dataclass
class ParsedCaseStep:
    """One earlier (or later) treatment of the case, from the item's "Sagsforløb"."""

    body_name: str  # "Magistraten", "Teknisk Udvalg"
    date: dt.date | None = None
    number: str | None = None  # the item number at that meeting, as printed
    text: str = ""  # what the step says (its decision, or the line as printed)


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
    closed: bool = False  # a closed item ("Lukket punkt"): only its title is public
    resume: str = ""  # Resume / Resumé: the summary some layouts put first
    other_texts: list[tuple[str, str]] = field(default_factory=list)  # (heading, text) of other headings
    case_route: list[ParsedCaseStep] = field(default_factory=list)  # Sagsforløb
    positions: list[ParsedPosition] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # full names of members who left or did not take part
    page: int | None = None  # the PDF page the item starts on (1-based), None for text and web pages


@dataclass
class ParsedMeeting:
    body_name: str  # "KKR Hovedstaden", "Teknisk Udvalg", "Byrådet"
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
    body_kind: str = KKR  # one of BODY_KINDS
    municipality: str | None = None  # "Aarhus Kommune" for a municipal body, None for KKRs and regions
    region: str | None = None  # "Region Hovedstaden" for a KKR or a regional body
    family: str = ""  # the layout family that read it (ingest.parser.families)
    family_reason: str = ""  # why that family was chosen, in one line


class NotMinutesError(ValueError):
    """The text cannot be read as council minutes or an agenda; the message says why, in one line.

    The message starts with the kind of refusal: "not minutes: ...", "no date found: ..." or
    "unknown layout: ..." (quoting the document's first heading).
    """
