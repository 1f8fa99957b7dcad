"""The parser: text in, `ParsedMeeting` out (ingest.parser.document). Pure Python, no Django.

    meeting = parse_document(text)   # or NotMinutesError: "not minutes: ...", "no date found: ...",
                                     # "unknown layout: ...", "no body found: ..."

The layout family is picked from the document itself (ingest.parser.families); the parse records which and why.
"""

from __future__ import annotations

import re

from danish.dates import find_dates
from ingest.parser.detection import Detection
from ingest.parser.document import (
    COMMITTEE,
    COUNCIL,
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


def detect(text: str) -> Detection | None:
    """The family that reads `text` best, or None."""
    found = [d for family in registered() if (d := family.detect(text))]
    return max(found, key=lambda d: d.score) if found else None  # max keeps the first of equal scores


def parse_document(text: str) -> ParsedMeeting:
    """Read an agenda or minutes of any known layout; NotMinutesError with the true reason otherwise."""
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
    if meeting.body_kind in _OWNED_BY_A_MUNICIPALITY and not meeting.municipality:
        # "Byrådet" alone names a council of any of 98 municipalities: never guess whose.
        raise NotMinutesError(
            f"no body found: the document names {meeting.body_name!r} but not its municipality"
        )
    if meeting.body_kind in _OWNED_BY_A_REGION and not meeting.region:
        raise NotMinutesError(f"no body found: the document names {meeting.body_name!r} but not its region")
    assign_pages(meeting, text)
    return meeting


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
