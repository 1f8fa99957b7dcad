"""Parse the extracted text of KKR minutes (referat) or agendas (dagsorden) into dataclasses. No Django.

    meeting = parse_minutes(text)   # ParsedMeeting, or NotMinutesError with a one-line reason

The text is first normalised into logical lines (ingest.parser.normalise). Then:

1. Structure: numbered sections ("3. Regionalpolitiske sager") and items ("3.4. Title (10.55-11.15)").
   Numbered lists inside an item look like sections, so a section heading only counts when it
   continues the numbering and is followed by its own items (or closes the document, like Eventuelt).
   A heading that reads like an item (a time slot, or a case number right under it) is never lost in the
   text before it: a three-level number ("3.10.2.") under its item is a sub-item, an item number printed
   out of order is an item where it stands, and a number printed twice keeps the second item's text in
   the first, under its own heading; each says so in a warning.
2. Meeting facts from the lines before the first section: "Dato:", "Sted:", body heading, attendance.
3. Items: title, time slot, case number, and the texts under Baggrund, Indstilling, Sagsfremstilling,
   Bilag and Beslutning. A section with text but no items becomes an item numbered like the section.

Every rule that had to guess appends a sentence to ParsedMeeting.warnings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from danish import case_numbers
from danish.dates import MONTH_PATTERN, MONTHS, plausible
from danish.outcomes import classify_outcomes
from ingest.parser.document import (
    ABSENT,
    DAGSORDEN,
    PRESENT,
    REFERAT,
    NotMinutesError,
    ParsedAttendee,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
)
from ingest.parser.names import parse_attendee_line
from ingest.parser.normalise import (
    CASE_RE,
    FIELD_RE,
    ITEM_RE,
    SECTION_RE,
    SUBITEM_RE,
    find_footers,
    normalise,
)

_MONTH = "(?P<month>" + MONTH_PATTERN + ")"
_DATE_WORDS = r"(?P<day>\d{1,2})\.\s*" + _MONTH + r"(?:\s+(?P<year>\d{4}))?"
_DAY_MONTH_YEAR = re.compile(r"(?P<day>\d{1,2})[-./](?P<mon>\d{1,2})[-./](?P<year>\d{4})")

_DATO_RE = re.compile(
    r"^(?:Dato|Mødedato)\s*:\s*(?:\w+dag\s+)?(?:den\s+)?(?P<date>.+?)"
    r"(?:,?\s+(?:kl\.?\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?\s*$",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"^(?:Tid|Tidspunkt|Mødetid)\s*:\s*(?:kl\.?\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\b", re.IGNORECASE
)
_STED_RE = re.compile(r"^(?:Sted|Mødested)\s*:\s*(?P<place>.+)$", re.IGNORECASE)
_KIND_RE = re.compile(r"^(?P<kind>REFERAT|DAGSORDEN|Referat|Dagsorden)\b(?!\s+(?:af|fra|for|til)\b)")
_BODY_HEADING_RE = re.compile(r"^(?P<body>KKR\s+[A-ZÆØÅa-zæøå\-]+|Kommunekontaktråd\s+[A-ZÆØÅa-zæøå\-]+)$")
_BODY_MENTION_RE = re.compile(r"\bKKR\s+(?P<region>[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\b")
_PRESENT_HEADING_RE = re.compile(r"^(?:Deltagere|Til stede|Tilstede|Fremmødte)\s*:?$", re.IGNORECASE)
_ABSENT_HEADING_RE = re.compile(r"^(?:Afbud|Fraværende|Afbud fra)\s*:?$", re.IGNORECASE)
_ATTENDANCE_TITLE_RE = re.compile(r"^Deltagerfortegnelse\s*:?$", re.IGNORECASE)

# "godkender dagsorden(en) for møde ... den 3. september 2021": the date of this meeting. The text in
# between may not contain "referat", so "godkender dagsorden og referat fra mødet den ..." (the
# previous meeting) is never taken.
_AGENDA_APPROVAL_RE = re.compile(
    r"\bgodkend\w*\s+(?:af\s+)?dagsorden(?:en)?\b(?P<between>[^.]{0,150}?)\b(?:den|d\.)\s+" + _DATE_WORDS,
    re.IGNORECASE,
)
# Future meetings: "Næste møde i KKR Hovedstaden planlægges afholdt den 25. august 2022",
# "Møde i KKR Hovedstaden den 15. oktober 2021", "næste møde i KKR den 15. oktober 2021".
_ANNOUNCED_RES = (  # each with a substring it needs, so the regex only runs on lines that have it
    ("i KKR", re.compile(r"\b[Mm]ødet?\s+i\s+KKR\b[^.]{0,60}?\b(?:den|d\.)\s+" + _DATE_WORDS)),
    (
        "KKR-møde",
        re.compile(r"\b(?:[Nn]æste|[Kk]ommende)\s+KKR-møde\b[^.]{0,60}?\b(?:den|d\.)\s+" + _DATE_WORDS),
    ),
    (
        "Næste møde",
        re.compile(
            r"(?:^|(?<=[.!?] ))Næste\s+møde\s+(?:afholdes|planlægges|finder|er)\b[^.]{0,60}?\b(?:den|d\.)\s+"
            + _DATE_WORDS
        ),
    ),
)

_SLOT_RE = re.compile(
    r"\s*\(\s*(?:kl\.?\s*)?(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*[-–]\s*(?P<h2>\d{1,2})(?P<sep>[.:\-–])\s*(?P<m2>\d{2})\s*\)\s*$"
)
_SLOT_ONLY_RE = re.compile(r"^\(\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:\-–]\s*\d{2}\s*\)$")
_CASE_PARTS_RE = re.compile(rf"^(?P<case>{case_numbers.PATTERN})\b\s*(?P<rest>.*)$")
_INITIALS_RE = re.compile(r"^[a-zæøå]{2,8}$")

_FIELD_NAMES = {
    "baggrund": "background",
    "indstilling": "recommendation",
    "indstillinger": "recommendation",
    "sagsfremstilling": "case_text",
    "bilag": "attachments",
    "beslutning": "decision",
}
_KNOWN_SECTIONS = frozenset(
    {
        "godkendelse af dagsorden og referat",
        "godkendelse af referat og dagsorden",
        "godkendelse af dagsorden",
        "godkendelse af referat",
        "siden sidst",
        "meddelelser",
        "gensidig orientering",
        "orientering",
        "orienteringssager",
        "regionalpolitiske sager",
        "sager til beslutning",
        "sager til drøftelse",
        "beslutningssager",
        "drøftelsessager",
        "temadrøftelse",
        "udpegninger",
        "kkr",
        "punkter til næste møde",
        "eventuelt",
    }
)
_MAX_CLOSING_SECTION_WORDS = 8


@dataclass
class _Heading:
    index: int  # position in the logical lines
    section: int
    minor: int | None  # None for a section heading
    title: str
    sub: int | None = None  # the third part of a three-level number ("3.10.2.")
    item_like: bool = False  # text under it, and a time slot in the title or a case number right under it
    duplicate: bool = False  # a number already taken: its text is kept in the first item of that number

    @property
    def number(self) -> str:
        parts = [self.section, self.minor, self.sub]
        return ".".join(str(p) for p in parts if p is not None)


@dataclass
class _Facts:
    kind_marker: str | None = None
    body_heading: str | None = None
    dato: dt.date | None = None
    start_time: dt.time | None = None
    location: str | None = None
    attendance: list[ParsedAttendee] = field(default_factory=list)
    attendance_complete: bool = True


def parse_minutes(text: str) -> ParsedMeeting:
    """Parse minutes or an agenda; raise NotMinutesError (one line, why) when the text is neither."""
    if not text or not text.strip():
        raise NotMinutesError("empty text")
    norm = normalise(text)
    lines = norm.lines
    warnings: list[str] = []
    headings = _accept_headings(_candidates(lines), warnings)
    if not any(h.minor is not None for h in headings):
        raise NotMinutesError("no numbered agenda items (like '1.1. Godkendelse af dagsorden') found")
    if not any(FIELD_RE.match(line) or CASE_RE.match(line) for line in lines[headings[0].index :]):
        raise NotMinutesError("no Baggrund/Indstilling/Beslutning headings or SAG- case numbers found")

    facts = _preamble_facts(lines[: headings[0].index], warnings)
    footers = find_footers(text)
    date = _meeting_date(footers, lines, facts, warnings)
    body = _body_name(footers, lines, facts, warnings)
    items = _build_items(lines, headings, warnings)
    has_decisions = any(item.decision is not None for item in items)
    kind = REFERAT if facts.kind_marker == REFERAT or has_decisions else DAGSORDEN
    if facts.kind_marker == DAGSORDEN and has_decisions:
        warnings.append("Document calls itself DAGSORDEN but records decisions; read as referat.")
    return ParsedMeeting(
        body_name=body,
        date=date,
        kind=kind,
        start_time=facts.start_time,
        location=facts.location,
        attendance=facts.attendance,
        attendance_complete=facts.attendance_complete,
        items=items,
        announced_meetings=_announced_meetings(lines, date),
        warnings=warnings,
        rejoined_hyphenations=norm.rejoined,
    )


# --- structure ----------------------------------------------------------------------------------------


def _candidates(lines: list[str]) -> list[_Heading]:
    out = []
    for i, line in enumerate(lines):
        if not line[0].isdigit():
            continue
        m = ITEM_RE.match(line)
        if m:
            out.append(_Heading(i, int(m["section"]), int(m["minor"]), m["title"].strip()))
            continue
        m = SUBITEM_RE.match(line)
        if m:
            out.append(_Heading(i, int(m["section"]), int(m["minor"]), m["title"].strip(), sub=int(m["sub"])))
            continue
        m = SECTION_RE.match(line)
        if m:
            out.append(_Heading(i, int(m["number"]), None, m["title"].strip()))
    out = _drop_contents_listing(out)
    for k, c in enumerate(out):
        end = out[k + 1].index if k + 1 < len(out) else len(lines)
        under = lines[c.index + 1 : min(end, c.index + 3)]
        # A bare heading (another follows at once) is a listing of titles, not an item with text of its own.
        c.item_like = bool(under) and (bool(_SLOT_RE.search(c.title)) or any(CASE_RE.match(x) for x in under))
    return out


def _drop_contents_listing(cands: list[_Heading]) -> list[_Heading]:
    """A table of contents the normaliser did not recognise repeats the headings with nothing between
    them; drop a heading that comes back later and has no text of its own."""

    def key(c: _Heading) -> tuple[int, int | None, int | None, str]:
        return c.section, c.minor, c.sub, " ".join(c.title.lower().split()[:3])

    later = Counter(key(c) for c in cands)
    out = []
    for k, c in enumerate(cands):
        later[key(c)] -= 1
        bare = k + 1 < len(cands) and cands[k + 1].index == c.index + 1
        if later[key(c)] > 0 and bare:
            continue
        out.append(c)
    return out


def _accept_headings(cands: list[_Heading], warnings: list[str]) -> list[_Heading]:
    """Keep the real section and item headings; numbered lists and stray numbers stay text.

    Item numbers strictly follow section numbers. A section heading "N. Title" needs N = previous
    section + 1 and must be followed by item N.1 (possibly through further empty sections N+1, N+2...)
    or close the document with short titles, like "7. Eventuelt". A numbered list inside an item
    fails both: it restarts at 1, and its "4." is followed by the next item of section 3.

    A heading that reads like an item (`_Heading.item_like`) is kept even out of order: a number already taken
    becomes a duplicate (its text stays with the first item of that number), a lower number an item where it
    stands, and a three-level number under the current item a sub-item; each with a warning naming the number.
    """
    accepted: list[_Heading] = []
    taken: set[str] = set()
    section = 0
    minor = 0
    sub = 0
    current = ""  # the number of the last item accepted

    def accept(c: _Heading) -> None:
        nonlocal current
        accepted.append(c)
        taken.add(c.number)
        current = c.number

    for k, c in enumerate(cands):
        if c.minor is None:
            if (c.section == section + 1 or not accepted) and _section_chain_ok(cands, k):
                if not accepted and c.section != 1:
                    warnings.append(f"Document starts at section {c.section}; earlier sections are missing.")
                accepted.append(c)
                section, minor, sub = c.section, 0, 0
            continue
        if c.number in taken:
            if c.item_like:
                warnings.append(
                    f"Item number {c.number} appears twice: the second item {c.number} ({c.title[:60]!r}) is "
                    f"kept in the text of the first under its own heading."
                )
                c.duplicate = True
                accepted.append(c)
            elif c.sub is not None:
                _three_level_kept_as_text(c, current, warnings)
            continue
        if c.sub is not None:
            under_current = c.section == section and (c.minor > minor or (c.minor == minor and c.sub > sub))
            if under_current and c.item_like:
                if c.minor != minor:
                    warnings.append(f"Item {c.number} has no item heading '{c.section}.{c.minor}. ...'.")
                elif c.sub != sub + 1:
                    warnings.append(f"Item numbers jump from {current} to {c.number}.")
                accept(c)
                minor, sub = c.minor, c.sub
            elif c.section == section:
                _three_level_kept_as_text(c, current, warnings)
            continue
        if c.section == section and c.minor > minor:
            if c.minor != minor + 1:
                warnings.append(f"Item numbers jump from {section}.{minor} to {c.section}.{c.minor}.")
            accept(c)
            minor, sub = c.minor, 0
        elif c.section > section and _item_jump_ok(cands, k):
            warnings.append(f"Item {c.section}.{c.minor} has no section heading '{c.section}. ...'.")
            accept(c)
            section, minor, sub = c.section, c.minor, 0
        elif c.item_like and accepted:
            warnings.append(f"Item {c.number} comes after item {current}; kept as an item where it stands.")
            accept(c)
    return accepted


def _three_level_kept_as_text(c: _Heading, current: str, warnings: list[str]) -> None:
    where = f"item {current}" if current else "the text before the first item"
    warnings.append(
        f"The line '{c.number}. {c.title[:60]}' reads like a three-level item number; kept as text of {where}."
    )


def _section_chain_ok(cands: list[_Heading], k: int) -> bool:
    expect = cands[k].section
    titles = [cands[k].title]
    for c in cands[k + 1 :]:
        if c.minor is None:
            if c.section == expect + 1:
                expect += 1
                titles.append(c.title)
            continue
        return c.section == expect
    # No item follows: only closing sections such as "7. Eventuelt" qualify, not a numbered list.
    return all(len(t.split()) <= _MAX_CLOSING_SECTION_WORDS and not t.endswith((",", ":")) for t in titles)


def _item_jump_ok(cands: list[_Heading], k: int) -> bool:
    for c in cands[k + 1 :]:
        if c.minor is not None:
            return c.section >= cands[k].section
    return True


# --- meeting facts ------------------------------------------------------------------------------------


def _preamble_facts(preamble: list[str], warnings: list[str]) -> _Facts:
    facts = _Facts()
    status: str | None = None
    headless: list[str] = []
    for line in preamble:
        if m := _DATO_RE.match(line):
            facts.dato = _parse_any_date(m["date"])
            if m["hour"] and int(m["hour"]) < 24 and int(m["minute"]) < 60:
                facts.start_time = dt.time(int(m["hour"]), int(m["minute"]))
        elif m := _TIME_RE.match(line):
            if facts.start_time is None and int(m["hour"]) < 24 and int(m["minute"]) < 60:
                facts.start_time = dt.time(int(m["hour"]), int(m["minute"]))
        elif m := _STED_RE.match(line):
            facts.location = m["place"].strip()
        elif m := _KIND_RE.match(line):
            facts.kind_marker = REFERAT if m["kind"].lower() == "referat" else DAGSORDEN
        elif _ATTENDANCE_TITLE_RE.match(line):
            continue
        elif _PRESENT_HEADING_RE.match(line):
            status = PRESENT
        elif _ABSENT_HEADING_RE.match(line):
            status = ABSENT
        elif attendee := parse_attendee_line(line):
            if status is None:
                headless.append(attendee.name)
            facts.attendance.append(
                ParsedAttendee(
                    name=attendee.name,
                    status=status or PRESENT,
                    party=attendee.party,
                    municipality=attendee.municipality,
                    substitute_for=attendee.substitute_for,
                    substitute_kind=attendee.substitute_kind,
                )
            )
        elif m := _BODY_HEADING_RE.match(line):
            facts.body_heading = m["body"]
        elif status is not None:
            warnings.append(f"Attendance line not understood: {line[:80]!r}.")
    if headless:
        facts.attendance_complete = False
        warnings.append(
            f"Attendance list is cut off at the start of the document: kept {len(headless)} name(s) "
            "without a 'Deltagere' heading and assumed them present."
        )
    return facts


def _parse_any_date(text: str) -> dt.date | None:
    m = _DAY_MONTH_YEAR.search(text)
    if m:
        return _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    m = re.search(_DATE_WORDS, text.lower())
    if m and m["year"]:
        return _safe_date(int(m["year"]), MONTHS[m["month"]], int(m["day"]))
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _meeting_date(
    footers: list[tuple[str, str]], lines: list[str], facts: _Facts, warnings: list[str]
) -> dt.date:
    """Dato: line > majority of page footers > approval of the agenda; disagreement is a warning."""
    footer_dates = Counter(d for d in (_parse_any_date(date) for _, date in footers) if d)
    footer = footer_dates.most_common(1)[0][0] if footer_dates else None
    if len(footer_dates) > 1:
        listing = ", ".join(d.isoformat() for d in sorted(footer_dates))
        warnings.append(f"Page footers carry different dates ({listing}); took the most frequent.")
    approval = _agenda_approval_date(lines)
    sources = [("Dato: line", facts.dato), ("page footers", footer), ("agenda approval", approval)]
    found = [(name, d) for name, d in sources if d]
    if not found:
        raise NotMinutesError("no meeting date found (no 'Dato:' line, dated page footer or agenda approval)")
    # A date no meeting can have (year 9999, year 1) is a misreading: another source that is plausible wins.
    # With none, the implausible date is returned and ingest.parser.parse_document refuses the document.
    found.sort(key=lambda source: not plausible(source[1]))
    chosen_name, chosen = found[0]
    for name, d in found[1:]:
        if d != chosen:
            warnings.append(
                f"Meeting date sources disagree: {chosen_name} says {chosen.isoformat()}, "
                f"{name} says {d.isoformat()}; used the {chosen_name}."
            )
    return chosen


def _agenda_approval_date(lines: list[str]) -> dt.date | None:
    for line in lines:
        if "dagsorden" not in line.lower():
            continue
        for m in _AGENDA_APPROVAL_RE.finditer(line):
            if "referat" in m["between"].lower() or not m["year"]:
                continue
            d = _safe_date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
            if d:
                return d
    return None


def _body_name(footers: list[tuple[str, str]], lines: list[str], facts: _Facts, warnings: list[str]) -> str:
    """Page footers > heading in the preamble > the council most often named in the text (a guess)."""
    bodies = Counter(_normalise_body(body) for body, _ in footers)
    if bodies:
        return bodies.most_common(1)[0][0]
    if facts.body_heading:
        return _normalise_body(facts.body_heading)
    mentions = Counter(m["region"] for line in lines for m in _BODY_MENTION_RE.finditer(line))
    for region in [r for r in mentions if r.endswith("s") and r[:-1] in mentions]:
        mentions[region[:-1]] += mentions.pop(region)  # "KKR Hovedstadens" is KKR Hovedstaden's
    if not mentions:
        raise NotMinutesError("no council name found (no page footer, heading or 'KKR <region>' in the text)")
    body = f"KKR {mentions.most_common(1)[0][0]}"
    warnings.append(f"Body name guessed from the text as {body!r} (no page footer or heading names it).")
    return body


_ACRONYMS = {"KKR", "KL", "KKU"}


def _normalise_body(name: str) -> str:
    """ "KKR HOVEDSTADEN" -> "KKR Hovedstaden"; words in capitals are title-cased, acronyms kept."""
    words = name.split()
    out = []
    for word in words:
        if word.upper() in _ACRONYMS:
            out.append(word.upper())
        elif word.isupper() and len(word) > 1:
            out.append("-".join(part.capitalize() for part in word.split("-")))
        else:
            out.append(word)
    return " ".join(out)


def _announced_meetings(lines: list[str], date: dt.date) -> list[dt.date]:
    """Future meetings named in the text, after this meeting's date; a missing year is inferred."""
    found: set[dt.date] = set()
    for line in lines:
        for needle, pattern in _ANNOUNCED_RES:
            if needle not in line:
                continue
            for m in pattern.finditer(line):
                day, month = int(m["day"]), MONTHS[m["month"].lower()]
                year = int(m["year"]) if m["year"] else date.year
                announced = _safe_date(year, month, day)
                if announced and not m["year"] and announced < date:
                    announced = _safe_date(year + 1, month, day)  # "den 15. oktober" after a December meeting
                if announced and announced > date:
                    found.add(announced)
    return sorted(found)


# --- items --------------------------------------------------------------------------------------------


def _build_items(lines: list[str], headings: list[_Heading], warnings: list[str]) -> list[ParsedItem]:
    items: list[ParsedItem] = []
    section_titles: dict[int, str] = {}
    for pos, heading in enumerate(headings):
        end = headings[pos + 1].index if pos + 1 < len(headings) else len(lines)
        body = lines[heading.index + 1 : end]
        if heading.minor is None:
            section_titles[heading.section] = heading.title
            if heading.title.lower().rstrip(".:") not in _KNOWN_SECTIONS:
                warnings.append(f"Unknown section heading '{heading.section}. {heading.title}'.")
            next_is_item = pos + 1 < len(headings) and headings[pos + 1].minor is not None
            if not body:
                continue  # an empty section ("4. Udpegninger" with nothing under it) is no item
            if next_is_item:
                warnings.append(f"Text under section {heading.section} before its first item was ignored.")
                continue
            # A section with text but no items ("7. Eventuelt") becomes an item numbered like the section.
            item = _parse_item(str(heading.section), heading.title, body, warnings, is_section=True)
        elif heading.duplicate:
            first = next(item for item in items if item.number == heading.number)
            first.other_texts.append((f"{heading.number}. {heading.title}", "\n".join(body)))
            continue
        else:
            item = _parse_item(heading.number, heading.title, body, warnings)
        item.section_number = str(heading.section)
        item.section_title = section_titles.get(heading.section, "")
        item.order = len(items)
        items.append(item)
    return items


def _parse_item(
    number: str, title: str, body: list[str], warnings: list[str], is_section: bool = False
) -> ParsedItem:
    if not is_section:
        extra, body = _title_continuation(body)
        title = " ".join([title, *extra])
    title, start, end = _split_time_slot(title, number, warnings)
    item = ParsedItem(number=number, section_number="", section_title="", title=title)
    item.time_start, item.time_end = start, end
    texts: dict[str, list[str]] = {}
    current = "case_text"
    has_decision_heading = False
    for line in body:
        if m := FIELD_RE.match(line):
            current = _FIELD_NAMES[m["word"].lower()]
            has_decision_heading |= current == "decision"
            continue
        if item.case_number is None and not texts and (m := _CASE_PARTS_RE.match(line)):
            item.case_number = m["case"]
            item.case_officers = [p for p in re.split(r"[/,;\s]+", m["rest"]) if _INITIALS_RE.match(p)]
            continue
        texts.setdefault(current, []).append(line)
    item.background = "\n".join(texts.get("background", []))
    item.recommendation = "\n".join(texts.get("recommendation", []))
    item.case_text = "\n".join(texts.get("case_text", []))
    item.attachments = "\n".join(texts.get("attachments", []))
    decision = "\n".join(texts.get("decision", [])).strip()
    if decision:
        item.decision = ParsedDecision(text=decision, outcomes=classify_outcomes(decision))
    elif has_decision_heading:
        warnings.append(f"Item {number} has an empty 'Beslutning'; no decision recorded.")
    if item.case_number is None and not is_section:
        warnings.append(f"Item {number} has no case number (SAG-...).")
    return item


def _title_continuation(body: list[str]) -> tuple[list[str], list[str]]:
    """Title lines the paragraph recovery left apart: a time slot on its own line, or a short line
    right before the case number."""
    extra: list[str] = []
    i = 0
    while i < len(body) and i < 2:
        line = body[i]
        if _SLOT_ONLY_RE.match(line):
            extra.append(line)
            i += 1
            continue
        following = body[i + 1] if i + 1 < len(body) else ""
        if len(line) <= 80 and CASE_RE.match(following) and not (FIELD_RE.match(line) or CASE_RE.match(line)):
            extra.append(line)
            i += 1
            continue
        break
    return extra, body[i:]


def _split_time_slot(
    title: str, number: str, warnings: list[str]
) -> tuple[str, dt.time | None, dt.time | None]:
    title = re.sub(r"\s+", " ", title).strip()
    m = _SLOT_RE.search(title)
    if not m:
        return title, None, None
    h1, m1, h2, m2 = int(m["h1"]), int(m["m1"]), int(m["h2"]), int(m["m2"])
    if max(h1, h2) > 23 or max(m1, m2) > 59:
        warnings.append(f"Item {number}: time slot {m.group(0).strip()} is not a valid time; ignored.")
        return title[: m.start()].strip(), None, None
    if m["sep"] not in ".:":
        warnings.append(
            f"Item {number}: time slot typo {m.group(0).strip()} read as {h1:02d}.{m1:02d}-{h2:02d}.{m2:02d}."
        )
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if end < start:
        warnings.append(f"Item {number}: time slot ends before it starts.")
    return title[: m.start()].strip(), start, end
