"""The parser: text in, `ParsedMeeting` out (ingest.parser.document). Pure Python, no Django.

    meeting = parse_document(text)   # or NotMinutesError: "not minutes: ...", "no date found: ...",
                                     # "unknown layout: ...", "no body found: ..."

The layout family is picked from the document itself (ingest.parser.families); the parse records which and why.
Whatever the family, a meeting date a council meeting cannot have (before 1970, more than two years ahead) is
refused, and every text of the parse is CPR-masked after parsing (danish.cpr), whatever the parse did to the text.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from danish.cpr import MASK, mask_cpr
from danish.dates import FIRST_YEAR, MAX_YEARS_AHEAD, find_dates, plausible
from danish.outcomes import classify_outcomes
from ingest.parser.detection import Detection
from ingest.parser.document import (
    COMMITTEE,
    COUNCIL,
    KKR,
    REGIONAL_COMMITTEE,
    REGIONAL_COUNCIL,
    NotMinutesError,
    ParsedMeeting,
)
from ingest.parser.families import registered

# Words every agenda or minutes uses somewhere; a text with none of them is something else.
_MEETING_WORDS = re.compile(
    r"\b(?:dagsorden\w*|referat\w*|beslutning\w*|indstilling\w*|sagsfremstilling|mødedato|møde\w*|punkt\w*)\b",
    re.IGNORECASE,
)
_DATE_MISSING = ("no meeting date", "no date")
_OWNED_BY_A_MUNICIPALITY = (COUNCIL, COMMITTEE)
_OWNED_BY_A_REGION = (REGIONAL_COUNCIL, REGIONAL_COMMITTEE)


#: A score this high means a family found its own system's markers (KL's page footer, FirstAgenda's header):
#: no other family can read the document better, so the others are not asked (detection costs time).
DECISIVE = 90


def detect(text: str) -> Detection | None:
    """The family that reads `text` best, or None."""
    found = []
    for family in registered():
        detection = family.detect(text)
        if detection and detection.score >= DECISIVE:
            return detection
        if detection:
            found.append(detection)
    return max(found, key=lambda d: d.score) if found else None  # max keeps the first of equal scores


def parse_document(text: str, *, municipality: str | None = None, region: str | None = None) -> ParsedMeeting:
    """Read an agenda or minutes of any known layout; NotMinutesError with the true reason otherwise.

    `municipality` or `region` is whose body the source publishes for ("Køge Kommune"), for pages that never
    name it themselves; what the document names always wins, and the parse warns when the source's was used.
    """
    if not text or not text.strip():
        raise NotMinutesError("not minutes: the document has no text (empty)")
    detection = detect(text)
    if detection is None:
        raise refusal(text)
    family = next(f for f in registered() if detection.family == f.NAME)
    try:
        meeting = family.parse(text)
    except NotMinutesError as exc:
        reason = str(exc)
        if reason.startswith(("not minutes", "no date found", "unknown layout", "no body found")):
            raise
        if any(marker in reason for marker in _DATE_MISSING):
            raise NotMinutesError(f"no date found: {reason}") from exc
        raise NotMinutesError(f"unknown layout: {detection.family} layout, but {reason}") from exc
    meeting.family, meeting.family_reason = detection.family, detection.reason
    if meeting.body_kind in _OWNED_BY_A_MUNICIPALITY and not meeting.municipality and municipality:
        meeting.municipality = municipality
        meeting.warnings.append(
            f"The document does not name its municipality; {municipality} from the source."
        )
    if meeting.body_kind in _OWNED_BY_A_REGION and not meeting.region and region:
        meeting.region = region
        meeting.warnings.append(f"The document does not name its region; {region} from the source.")
    if meeting.body_kind in _OWNED_BY_A_MUNICIPALITY and not meeting.municipality:
        # "Byrådet" alone names a council of any of 98 municipalities: never guess whose.
        raise NotMinutesError(
            f"no body found: the document names {meeting.body_name!r} but not its municipality"
        )
    if meeting.body_kind in _OWNED_BY_A_REGION and not meeting.region:
        raise NotMinutesError(f"no body found: the document names {meeting.body_name!r} but not its region")
    check_dates(meeting)
    classify_own_decisions(meeting)
    assign_pages(meeting, text)
    masked = mask_parse(meeting)
    if masked:
        meeting.warnings.append(f"{masked} CPR-nummer maskeret ({MASK}) i fortolkningen.")
    return meeting


def classify_own_decisions(meeting: ParsedMeeting) -> None:
    """Outcomes of a municipal or regional body's decisions read with the body as the one speaking.

    The families classify a decision before they know whose minutes they read; "Udvalget godkendte ..." or
    "byrådet ... har vedtaget" state an outcome only once the body is known (KKR minutes are left as they are:
    their "Siden sidst" reports what other bodies decided).
    """
    if meeting.body_kind == KKR:
        return
    for item in meeting.items:
        if item.decision is not None and item.decision.text:
            item.decision.outcomes = classify_outcomes(item.decision.text, council=meeting.body_name)


_IMPLAUSIBLE = f"before {FIRST_YEAR} or more than {MAX_YEARS_AHEAD} years ahead"


def check_dates(meeting: ParsedMeeting) -> None:
    """Refuse a meeting date no council meeting can have; drop other dates of that kind, with a warning.

    A date like 9999-12-31 or 0001-01-01 is a misreading (or a made-up file): stored, it breaks the calendar feed
    and every page that counts years. Announced meetings and case-route steps with such dates are left out.
    """
    if not plausible(meeting.date):
        raise NotMinutesError(
            f"no date found: the meeting date {meeting.date.isoformat()} is implausible ({_IMPLAUSIBLE})"
        )
    announced = [date for date in meeting.announced_meetings if plausible(date)]
    for date in sorted(set(meeting.announced_meetings) - set(announced)):
        meeting.warnings.append(f"Announced meeting on {date.isoformat()} left out: implausible date.")
    meeting.announced_meetings = announced
    for item in meeting.items:
        for step in item.case_route:
            if step.date is not None and not plausible(step.date):
                meeting.warnings.append(
                    f"Item {item.number}: case step {step.body_name!r} dated {step.date.isoformat()}: "
                    "implausible date left out."
                )
                step.date = None


def mask_parse(meeting: ParsedMeeting) -> int:
    """Mask CPR numbers in every text of the parse (titles, texts, decisions, names, warnings ...), in place;
    returns how many were masked. Normalising can make a number out of pieces (a line rejoined, markup
    stripped), so this runs on what the parse holds, not only on the text it was read from."""
    masked = 0

    def clean(value: Any) -> Any:
        nonlocal masked
        if isinstance(value, str):
            value, count = mask_cpr(value)
            masked += count
            return value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, tuple):
            return tuple(clean(v) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                setattr(value, f.name, clean(getattr(value, f.name)))
        return value

    clean(meeting)
    return masked


_WORD = re.compile(r"\w+")
PAGE_BREAK = "\f"  # the PDF reader separates pages with a form feed (ingest.reader.PAGE_BREAK)


def assign_pages(meeting: ParsedMeeting, text: str) -> None:
    """The page each item starts on, for a PDF's text (pages separated by form feeds); items keep a page a
    family set itself. An item is found by the first words of its own texts (a table of contents repeats
    titles, not texts), searched from where the previous item was found; an item not found keeps None."""
    if PAGE_BREAK not in text:
        return
    breaks = [m.start() for m in re.finditer(PAGE_BREAK, text)]
    start = 0
    for item in sorted(meeting.items, key=lambda i: i.order):
        if item.page is not None:
            continue
        texts = [
            item.background,
            item.case_text,
            item.recommendation,
            item.decision.text if item.decision else "",
        ]
        found = next((m for probe in texts if (m := _search(probe, text, start))), None)
        if found is None:
            continue
        at = found.start()
        # The item starts at its heading, which may stand on the page before its first text: the last mention
        # of its title before that text (the table of contents mentions it much earlier).
        heading = _pattern(item.title)
        if heading:
            mentions = [m.start() for m in heading.finditer(text, max(start, at - 4000), at)]
            at = mentions[-1] if mentions else at
        item.page = 1 + sum(1 for b in breaks if b < at)
        start = found.start()


def _pattern(probe: str) -> re.Pattern[str] | None:
    words = _WORD.findall(probe)[:6]
    return re.compile(r"\W+".join(map(re.escape, words))) if len(words) >= 3 else None


def _search(probe: str, text: str, start: int) -> re.Match[str] | None:
    pattern = _pattern(probe)
    return pattern.search(text, start) if pattern else None


def refusal(text: str) -> NotMinutesError:
    """Why no family reads `text`: it is not minutes, it has no date, or its layout is unknown."""
    if not _MEETING_WORDS.search(text):
        return NotMinutesError(
            "not minutes: no agenda or minutes vocabulary (Dagsorden, Referat, Beslutning, Møde, Punkt) found"
        )
    if not find_dates(text):
        return NotMinutesError("no date found: the document names no meeting date")
    return NotMinutesError(
        f"unknown layout: no known layout family reads it (first heading: {first_heading(text)!r})"
    )


def first_heading(text: str) -> str:
    """The first line that reads like a heading, cut to 80 characters."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if len(line) >= 3 and any(ch.isalpha() for ch in line):
            return line[:80]
    return ""
