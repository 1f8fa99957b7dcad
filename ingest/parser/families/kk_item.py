"""Københavns Kommune's agenda pages (eDoc, kk.dk): one agenda item per page.

    Mødedato: 12.12.2019, kl. 17:30
    Mødested: Borgerrepræsentationens mødesal
    Godkendelse af dagsordenen            (or "1. Godkendelse af dagsorden")
    Se alle bilag
    <resume>
    Indstilling / Problemstilling / Løsning / ...
    Beslutning
    Borgerrepræsentationens beslutning i mødet den 12. december 2019
    Fraværende med afbud: ... / Tilstede var: ... / Afbud fra: ... / Fremmøde og inhabilitet: ...

Each page is parsed as a meeting with its one item; the loader merges the pages of one meeting (same body and
date) by item number, so the number must be the one the page prints: "1. Godkendelse af dagsorden",
"Dagsordenspunkt 1: ...", or where the page prints only the title, a reference in its own text to that title
with its number ("efter den udsendte dagsordens punkt 1, ”Godkendelse af dagsorden”"). A page that prints no
number keeps its meeting facts and attendance but no item (the parse says so); with no attendance either it is
refused. The meeting's attendance sits in an item's decision (usually "Godkendelse af dagsorden"): it is
the meeting's, and "ankom kl. 17.32 under behandlingen af punkt 3" marks the member absent from items 1-3.

The date is the page's "Mødedato:" or its decision heading ("Økonomiudvalgets beslutning i mødet den 31. marts
2020"); eDoc puts it in the page's address otherwise, and an address is never read: such a page is refused.
The body is the decision heading's or the one the recommendation is addressed to ("Økonomiforvaltningen
indstiller, at Økonomiudvalget ...", "Formanden indstiller til Kgs. Enghave Lokaludvalg"); the municipality is
Københavns Kommune when the page names it, its Borgerrepræsentation or its Overborgmester.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from danish.bodies import find_municipality
from danish.case_numbers import find_labelled
from danish.dates import parse_date
from danish.outcomes import classify_outcomes
from ingest.parser.attendance import ABSENT, merge_attendees, read_attendance, statements
from ingest.parser.detection import Detection
from ingest.parser.document import (
    COMMITTEE,
    COUNCIL,
    DAGSORDEN,
    REFERAT,
    NotMinutesError,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
)
from ingest.parser.families.municipal import COUNCILS, header_field
from ingest.parser.positions import positions_in
from ingest.parser.sections import (
    BODY_WORD,
    clean_lines,
    decision_heading,
    heading_kind,
    normalise_body,
    split_sections,
    unbullet,
)

NAME = "kk_item"
COPENHAGEN = "Københavns Kommune"

_EDOC_DATE = re.compile(r"^Mødedato:\s*\d{1,2}\.\d{1,2}\.\d{4},?\s*kl\.?\s*\d", re.MULTILINE)
_IN_MEETING = re.compile(
    r"^\s*(?P<body>[A-ZÆØÅ][^\n]{2,80}?)s\s+beslutning\s+i\s+mødet\s+den\s+(?P<date>[^\n]+?\d{4})\s*$",
    re.MULTILINE | re.IGNORECASE,
)
# What every _IN_MEETING match contains, found without trying a body at every line: the lazy body makes that
# search cost ~3 ms on a 100-page text that has no such line (most documents).
_IN_MEETING_WORDS = re.compile(r"s\s+beslutning\s+i\s+mødet\s+den\s", re.IGNORECASE)
_MARKERS = re.compile(
    r"^(?:Tilstede var:|Afbud fra:|Fremmøde og inhabilitet:|Fraværende med afbud:|Fraværende uden afbud:"
    r"|FRAVÆRENDE (?:MED|UDEN) AFBUD:|Dagsordenspunkt \d+:|Se alle bilag|Indstilling og beslutning)\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_ITEM = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<t>[A-ZÆØÅ\"”“].*?)(?:\s*\(\s*\))?\s*$")
_POINT_LABEL = re.compile(r"^Dagsordenspunkt\s+(?P<n>\d{1,3})\s*:\s*(?P<t>.+)$", re.IGNORECASE)
_REFERENCE = re.compile(r"\bpunkt\s+(?P<n>\d{1,3}),?\s*[”\"“](?P<t>[^”\"“]{3,200})[”\"“]", re.IGNORECASE)
_COPENHAGEN = re.compile(
    r"\bBorgerrepræsentation\w*|\bOverborgmester\w*|\bKøbenhavns Kommune\w*", re.IGNORECASE
)
_ADDRESSED = (
    # "Økonomiforvaltningen indstiller, at Økonomiudvalget over for ...", "Indstilling om, 1. at Borgerrepræsentationen"
    re.compile(
        r"(?i:indstiller|indstilling\s+om),?\s+(?:\d\.\s+)?at\s+(?P<body>Borgerrepræsentationen|[A-ZÆØÅ][\wæøå-]*udvalget"
        r"|[A-ZÆØÅ][\wæøå.-]*(?:\s+[A-ZÆØÅ][\wæøå.-]*)*\s+Lokaludvalg)\b"
    ),
    # "Formanden indstiller til Kgs. Enghave Lokaludvalg"
    re.compile(r"indstiller\s+til\s+(?P<body>[A-ZÆØÅ][\wæøå.-]*(?:\s+[A-ZÆØÅ][\wæøå.-]*)*\s+Lokaludvalg)\b"),
)
_META_LINE = re.compile(r"^(?:Mødedato|Mødested|Møde|Udvalg)\s*:", re.IGNORECASE)
_BANNER = re.compile(r"^(?:Gå ikke glip af|Digital Post)\b", re.IGNORECASE)
_STARTED = re.compile(r"\bMødet\s+startede\s+kl\.?\s*(?P<h>\d{1,2})[.:](?P<m>\d{2})", re.IGNORECASE)


def detect(text: str) -> Detection | None:
    if not text:
        return None
    head = "\n".join(line for line in text.splitlines()[:12])
    edoc = _EDOC_DATE.search(head)
    in_meeting = _IN_MEETING.search(text) if _IN_MEETING_WORDS.search(text) else None
    if edoc or in_meeting:
        found = edoc or in_meeting
        source = head if edoc else text
        begin = found.start() if edoc else found.start("body")
        line_end = source.find("\n", begin)
        quote = source[begin : line_end if line_end >= 0 else None].strip()
        return Detection(NAME, 85, f"Copenhagen eDoc item page: {quote[:70]!r}")
    markers = _MARKERS.findall(text)
    if not markers:
        return None
    lines = [unbullet(line) for line in clean_lines("\n".join(text.splitlines()[:40])) if line]
    one_item = lines and _ITEM.match(lines[0])
    if one_item and not any(_ITEM.match(line) and _looks_like_item(line) for line in lines[1:6]):
        return Detection(
            NAME, 72, f"one item per page ({lines[0][:50]!r}) with eDoc attendance {markers[0].strip()!r}"
        )
    return None


def _looks_like_item(line: str) -> bool:
    return bool(heading_kind(line) is None and not re.match(r"^\d+\.\s+at\b", line))


def parse(text: str) -> ParsedMeeting:
    lines = clean_lines(text)
    warnings: list[str] = []
    start = _first_content(lines)
    if start is None:
        raise NotMinutesError("the page has no item")
    heading = unbullet(lines[start])
    number, title = None, heading
    if m := _ITEM.match(heading):
        number, title = m["n"], m["t"].strip()
    title = re.sub(r"\s*\(\s*\)\s*$", "", title).strip()
    rest = list(lines[start + 1 :])
    for index, line in enumerate(rest):
        if m := _POINT_LABEL.match(unbullet(line)):
            number = number or m["n"]
            rest[index] = ""  # "Dagsordenspunkt 1: Godkendelse af dagsorden" repeats the heading
    body, date, time, location = _meeting_facts(lines, text)
    if date is None:
        raise NotMinutesError(
            "no meeting date printed on the page (no 'Mødedato:' and no '... beslutning i mødet den <dato>'; "
            "eDoc prints it in the page's address only)"
        )
    if body is None:
        raise NotMinutesError("no body named on the page (no decision heading or recommendation names one)")
    reference = None
    if number is None:
        reference = _number_from_reference(text, title)
        if reference:
            number = reference[0]
            warnings.append(f"Item number {number} read from the page's reference to it ({reference[1]!r}).")
    reading = read_attendance(rest, free_sentences=False)
    cleaned = ["" if index in reading.listed else line for index, line in enumerate(rest)]
    parts = split_sections(cleaned, body=body, date=date)
    items: list[ParsedItem] = []
    decision_text = _decision_text(parts.decision or "")
    found = statements(parts.decision or "")
    attendees = reading.attendees + [f.attendee for f in found if f.meeting and not f.this_item]
    attendance = merge_attendees(attendees)
    if number is not None:
        item = ParsedItem(number=number, section_number=number, section_title="", title=title, order=0)
        item.resume = parts.resume or "\n".join(
            line for line in parts.preamble if not _same(line, title) and not _META_LINE.match(line)
        )
        item.case_text = parts.case_text
        item.recommendation = parts.recommendation
        item.background = parts.background
        item.attachments = parts.attachments
        item.other_texts = parts.other_texts
        item.case_route = parts.case_route
        item.case_number = find_labelled("\n".join(parts.preamble)) if parts.preamble else None
        if decision_text:
            item.decision = ParsedDecision(decision_text, classify_outcomes(decision_text))
            item.positions = positions_in(decision_text)
        absent: list[str] = []
        for absence in reading.absences + [a for f in found for a in f.absences]:
            if absence.covers(number) and absence.name not in absent:
                absent.append(absence.name)
        for f in found:
            if (
                f.this_item
                and f.attendee.name not in absent
                and (f.attendee.status == ABSENT or not f.meeting)
            ):
                absent.append(f.attendee.name)
        item.absent = absent
        items.append(item)
    elif attendance:
        warnings.append(
            f"The page prints no item number for {title!r}: its item is left out (an item is known by its "
            "number); the meeting's facts and attendance are kept."
        )
    else:
        raise NotMinutesError(
            f"the page prints no item number for {title[:60]!r} (eDoc shows it in the address)"
        )
    municipality = find_municipality(text)
    if municipality is None and _COPENHAGEN.search(text):
        municipality = COPENHAGEN
    if municipality is None:
        warnings.append("No municipality named on the page.")
    if time is None and (m := _STARTED.search(text)):
        time = dt.time(int(m["h"]), int(m["m"]))
    return ParsedMeeting(
        body_name=body,
        date=date,
        kind=REFERAT if any(item.decision for item in items) or parts.decision is not None else DAGSORDEN,
        start_time=time,
        location=location,
        attendance=attendance,
        attendance_complete=not reading.cut,
        items=items,
        warnings=warnings,
        body_kind=COUNCIL if body in COUNCILS else COMMITTEE,
        municipality=municipality,
        region=None,
    )


def _first_content(lines: Sequence[str]) -> int | None:
    """The page's item heading: the first line that is not the meeting's facts or a banner."""
    for index, line in enumerate(lines):
        text = unbullet(line)
        if not text or _META_LINE.match(text) or _BANNER.match(text):
            continue
        return index
    return None


def _meeting_facts(lines: Sequence[str], text: str):
    body = date = time = location = None
    if (found := header_field(lines[:8], ("mødedato",))) and (parsed := parse_date(found[0])):
        date, time = parsed
    if found := header_field(lines[:8], ("mødested",)):
        location = found[0].strip(" .") or None
    if m := _IN_MEETING.search(text):
        body = normalise_body(m["body"])
        if date is None and (parsed := parse_date(m["date"])):
            date = parsed[0]
    else:
        for line in lines:
            heading = decision_heading(line) if line else None
            if heading and heading.body:
                body = heading.body
                date = date or heading.date
                break
    if body is None:
        for form in _ADDRESSED:
            if m := form.search(text):
                candidate = normalise_body(m["body"])
                if candidate.lower() != "lokaludvalget" and BODY_WORD.search(candidate):
                    body = candidate
                    break
    return body, date, time, location


def _number_from_reference(text: str, title: str) -> tuple[str, str] | None:
    key = _key(title)
    for m in _REFERENCE.finditer(text):
        cited = _key(m["t"])
        if key and cited and (key.startswith(cited) or cited.startswith(key)) and len(cited) >= 10:
            return m["n"], m.group(0)
    return None


def _key(text: str) -> str:
    return re.sub(r"[^a-zæøå0-9]", "", text.lower())


def _same(line: str, title: str) -> bool:
    return bool(_key(line)) and _key(line) == _key(title)


def _decision_text(text: str) -> str:
    kept = [
        line
        for line in text.splitlines()
        if line.strip() and not _IN_MEETING.match(line) and not _POINT_LABEL.match(line.strip())
    ]
    return "\n".join(kept).strip()
