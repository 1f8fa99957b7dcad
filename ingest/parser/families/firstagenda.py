"""FirstAgenda Publication (dagsordener.<kommune>.dk): the meeting pages of Aarhus and other municipalities,
as ingest.html_text turns them into text, and Aarhus's older aarhus.dk meeting pages of the same cases.

A FirstAgenda meeting page reads

    Referat 1. oktober 2025 kl. 15.45               (or "Dagsorden …": the kind)
    Teknisk Udvalg - Udvalgsværelse 398
    Udvalg: | Teknisk Udvalg
    Mødedato: | onsdag den 1. oktober 2025 kl. 15.45
    Mødested: | Udvalgsværelse 398
    Mødedeltagere:                                  (members, often empty)
    Punkt | Titel
    2                                               the item's number, alone on a line
    Udviklingsplan Aarhus Ø - endelig vedtagelse    its title
    EMN-2025-009242                                 its case number
    Beslutninger                                    minutes only: the decision, then the untitled summary
    Resume / Beslutningspunkter / Borgmesterens Afdelings påtegning / Sagsforløb / Bilag
    30                                              the number of attachments (the row's paperclip badge)

"Sagsforløb" is the route of the case: steps of "Udvalg: Magistraten", "Dato: 02-09-2025", "Punktnummer: 12"
and what that body said. Bilag are bullets "• PDF<title>". A closed item ("Lukket punkt: …") keeps its title
only. Positions and absences are read from the decision (ingest.parser.positions); those in the Sagsforløb
belong to the other meetings and stay in the steps' text.

The page prints the summary that follows a decision without a heading (an empty <h3>), so in the text the
two run together. It is split off as the agendas print it: after a line "." (no summary), at a line in
capitals ("BESLUTNINGSFORSLAG FRA …"), or else, when the item has headings after it, as the decision's last
paragraph (the warnings say so). It goes to other_texts under the heading "".

The body is named as the page prints it, except that a council loses the municipality in front of it (the
municipality is a field of its own): "Udvalg: | Aarhus Byråd" is the body "Byråd" of Aarhus Kommune (slug
`aarhus-byraad`), "Teknisk Udvalg" and "Magistraten" stay (`aarhus-teknisk-udvalg`, `aarhus-magistraten`). The
municipality is the one the page names: in front of the body, as "<municipality> Byråd" anywhere (the
Sagsforløb names the council), or as "<name> Kommune" (danish.bodies.find_municipality); never guessed: when
the page names none it is left empty and a warning says so. A listing of meetings (the front page,
"powered by FirstAgenda Publication") is refused as not minutes.

The older aarhus.dk pages ("Referat Aarhus Byråd 11-09-2019", then each item's title, "Beslutning",
"Resumé", "Indstilling", "Sagens forløb" with steps "19-08-2019 Magistraten") print no item numbers: their
items are numbered 1, 2, … in page order, and the warnings say so.
"""

from __future__ import annotations

import re

from danish import case_numbers
from danish.bodies import MUNICIPALITIES, find_municipality
from danish.dates import parse_date, plausible
from danish.outcomes import classify_outcomes
from ingest.parser.detection import Detection
from ingest.parser.document import (
    ABSENT,
    COMMITTEE,
    COUNCIL,
    DAGSORDEN,
    PRESENT,
    REFERAT,
    NotMinutesError,
    ParsedAttendee,
    ParsedCaseStep,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
)
from ingest.parser.positions import absent_in, members_in_list, positions_in

NAME = "firstagenda"
PRIORITY = 20  # asked first: FirstAgenda's header decides at once

# --- the page's furniture ---------------------------------------------------------------------------------

_LABEL_RE = re.compile(
    r"^(?P<label>Udvalg|Mødedato|Mødested|Mødedeltagere|Deltagere|Fraværende|Afbud)\s*:\s*(?:\|\s*)?(?P<value>.*)$",
    re.IGNORECASE,
)
_LABEL_LINE_RE = re.compile(r"^(?:Udvalg|Mødedato|Mødested)\s*:\s*(?:\|\s*)?\S", re.IGNORECASE | re.MULTILINE)
_KIND_RE = re.compile(r"^(?P<kind>Referat|Dagsorden)\s+(?P<rest>.*\d{4}.*)$", re.IGNORECASE)
_TABLE_HEAD_RE = re.compile(r"^Punkt\s*\|\s*Titel$", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\d{1,4}$")
_DIALOG_LINES = frozenset({"×"})  # the page's "Kopier link" and "Info" dialogs follow the last item
_BULLET_RE = re.compile(r"^[•·▪◦-]\s*")
_FILE_LABEL_RE = re.compile(r"^(?:PDF|DOCX?|XLSX?|PPTX?|ZIP|MP3|MP4)(?=[A-ZÆØÅ0-9\"'“(«])")
_CAPITALS_RE = re.compile(r"^[A-ZÆØÅ0-9][A-ZÆØÅ0-9 ,.§&()'’\-–]{8,}$")
_STEP_BODY_RE = re.compile(r"^Udvalg\s*:\s*(?P<body>.+)$", re.IGNORECASE)
_STEP_DATE_RE = re.compile(r"^Dato\s*:\s*(?P<date>.+)$", re.IGNORECASE)
_STEP_NUMBER_RE = re.compile(r"^Punktnummer\s*:\s*(?P<number>\d{1,4}(?:\.\d{1,3})*)\.?$", re.IGNORECASE)
_CLOSED_PREFIX_RE = re.compile(
    r"^(?:lukket\s+(?:punkt|sag)\b\s*(?:[:.\-–]\s*)?|lukket\s*[:\-–]\s*)(?P<rest>.*)$", re.IGNORECASE
)
_CLOSED_SUFFIX_RE = re.compile(r"^(?P<rest>.+?)\s*[(\[]\s*lukket(?:\s+punkt)?\s*[)\]]$", re.IGNORECASE)
_CLOSED_LINE_RE = re.compile(
    r"^(?:lukket(?:\s+punkt)?|punktet\s+er\s+lukket\.?|lukket\s+dagsordenspunkt)$", re.I
)
_LISTING_ROW_RE = re.compile(
    r"^(?P<date>\d{1,2}/\d{1,2}-\d{4})\n(?P<body>[^\n]{2,80})\n(?P<kind>Dagsorden|Referat)$", re.MULTILINE
)
_POWERED_RE = re.compile(r"powered by FirstAgenda(?: Publication)?", re.IGNORECASE)

# The headings of an item, and where their text goes.
_HEADINGS = {
    "beslutninger": "decision",
    "beslutning": "decision",
    "resume": "resume",
    "resumé": "resume",
    "beslutningspunkter": "recommendation",
    "indstilling": "recommendation",
    "indstillinger": "recommendation",
    "sagsfremstilling": "case_text",
    "baggrund": "background",
    "sagsforløb": "route",
    "sagens forløb": "route",
    "bilag": "attachments",
}
# Other headings FirstAgenda prints, kept under their own name in other_texts.
_OTHER_HEADING_RE = re.compile(
    r"^(?:(?:[A-ZÆØÅ][\wæøå]*\s+){1,4}påtegning|Økonomi(?:ske konsekvenser)?|Høring|Kommunikation|Lovgrundlag"
    r"|Beslutningskompetence|Bemærkninger|Tidsplan|Konsekvenser)$",
    re.IGNORECASE,
)
# A line that belongs to the decision, never to the summary after it.
_DECISION_LINE_RE = re.compile(
    r"^(?:Sagen|Punktet|Forslaget|Indstillingen|Udvalget|Byrådet|Magistraten|Kommunalbestyrelsen|Økonomiudvalget)"
    r"\s+(?:blev|er|var|kunne|besluttede|godkendte|tiltrådte|drøftede|tog|anbefaler|anbefalede)\b"
    r"|behandlet\s+sammen\s+med|^(?:Godkendt|Tiltrådt|Vedtaget|Anbefalet|Udsat|Taget til efterretning|Intet)\b",
)
_MOTION_HEADING_RE = re.compile(r"^Beslutningsforslag\s+fra\s+[^.]{1,80}$")  # aarhus.dk: the member's motion

_COUNCIL_WORDS_RE = re.compile(
    r"\b(?:byråd\w*|kommunalbestyrelse\w*|borgerrepræsentation\w*)\b", re.IGNORECASE
)
_SHORT_NAMES = sorted(MUNICIPALITIES, key=len, reverse=True)
# "Aarhus Byråd", "Københavns Borgerrepræsentation": the council's word, then the word before it (every
# municipality's short name is one word).
_COUNCIL_WORD_RE = re.compile(r"Byråd|Kommunalbestyrelse|Borgerrepræsentation")
_BODY_PREFIX_RE = re.compile(
    r"^(?P<short>" + "|".join(re.escape(s) for s in _SHORT_NAMES) + r")s?\s+(?P<rest>\S.*)$"
)

# The older aarhus.dk page: "Referat Aarhus Byråd 11-09-2019".
_OLD_TITLE_RE = re.compile(
    r"^(?P<kind>Referat|Dagsorden)\s+(?P<body>[A-ZÆØÅ][^\n]{1,80}?)\s+(?P<date>\d{1,2}-\d{1,2}-\d{4})$"
)
_OLD_DECISION_RE = re.compile(r"^Beslutning(?:\s+(?P<rest>[A-ZÆØÅ].*))?$")
_OLD_STEP_RE = re.compile(r"^(?P<date>\d{1,2}-\d{1,2}-\d{4})\s+(?P<body>[A-ZÆØÅ].{1,80})$")
_OLD_CHROME = frozenset({"vælg", "tilbage", "udskriv"})
_TERMINAL_RE = re.compile(r"[.!?:;)\]\"”']$")


# White space that needs collapsing; web pages come without it (ingest.html_text collapses it). Substring
# tests, because a regular expression over a long page costs more than the whole parse.
_SPACES = ("  ", "\t", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3000")


def _lines(text: str) -> list[str]:
    """The text's non-empty lines, stripped, with runs of white space as one space."""
    if any(space in text for space in _SPACES):
        return [" ".join(raw.split()) for raw in text.splitlines() if raw and not raw.isspace()]
    return [line for raw in text.splitlines() if (line := raw.strip())]


def _header(text: str) -> tuple[str, dict[str, str]]:
    """The page's header (before the item table) and its labels' values."""
    head_end = len(text)
    if m := re.search(r"^Punkt\s*\|\s*Titel\s*$", text, re.IGNORECASE | re.MULTILINE):
        head_end = m.start()
    head = text[: min(head_end, 6000)]
    values: dict[str, str] = {}
    lines = _lines(head)
    for i, line in enumerate(lines):
        m = _LABEL_RE.match(line)
        if not m:
            continue
        label, value = m["label"].lower(), m["value"].strip()
        # "Udvalg:" with its value on the next line
        follows = lines[i + 1] if i + 1 < len(lines) else ""
        if not value and label in {"udvalg", "mødedato", "mødested"} and follows:
            value = "" if _LABEL_RE.match(follows) or _TABLE_HEAD_RE.match(follows) else follows
        values.setdefault(label, value)
    return head, values


_MEETING, _AARHUS_DK, _LISTING = "meeting", "aarhus.dk", "listing"
_TABLE_HEAD_ANYWHERE_RE = re.compile(r"^Punkt\s*\|\s*Titel\s*$", re.IGNORECASE | re.MULTILINE)
_PIPED_DATE_RE = re.compile(r"^Mødedato\s*:\s*\|", re.IGNORECASE | re.MULTILINE)
# At the start of a line (a page never starts with them); faster than ^ with MULTILINE on a long page.
_STEP_LINE_RE = re.compile(r"\n[ \t]*Punktnummer\s*:")
_EMN_LINE_RE = re.compile(rf"\n[ \t]*{case_numbers.EMN}[ \t]*$", re.MULTILINE)
_OLD_HEADING_RES = tuple(
    (h, re.compile(rf"^\s*{h}\s*$", re.MULTILINE)) for h in ("Resumé", "Indstilling", "Sagens forløb")
)
_OLD_MOTION_RE = re.compile(r"^\s*(Beslutningsforslag fra \S+)", re.MULTILINE)
_OLD_DECISION_ANYWHERE_RE = re.compile(r"^\s*Beslutning\b", re.MULTILINE)
_AARHUS_RE = re.compile(r"\bAarhus\b")


def _shape(text: str) -> tuple[str, Detection] | None:
    """Which of the family's pages `text` is (a meeting page, an aarhus.dk page, a listing), and why."""
    head, values = _header(text)
    if "udvalg" in values and "mødedato" in values and _LABEL_LINE_RE.search(head):
        markers = []
        if _TABLE_HEAD_ANYWHERE_RE.search(text):
            markers.append("the item table 'Punkt | Titel'")
        if steps := len(_STEP_LINE_RE.findall(text)):
            markers.append(f"{steps} Sagsforløb steps 'Punktnummer:'")
        if emn := len(_EMN_LINE_RE.findall(text)):
            markers.append(f"{emn} case numbers like 'EMN-2025-…' alone on a line")
        piped = bool(_PIPED_DATE_RE.search(head))
        # Other systems print "Udvalg:" and "Mødedato:" too (Vejen); the markers and the "|" are FirstAgenda's.
        if markers or piped:
            sep = " |" if piped else ""
            reason = (
                f"FirstAgenda meeting page: 'Udvalg:{sep} {values['udvalg'][:60]}', "
                f"'Mødedato:{sep} {values['mødedato'][:60]}'" + (f", {', '.join(markers)}" if markers else "")
            )
            return _MEETING, Detection(NAME, 95 if markers else 60, reason)
    if old := _old_title(text):
        headings = [h for h, pattern in _OLD_HEADING_RES if pattern.search(text)]
        if motion := _OLD_MOTION_RE.search(text):
            headings.append(motion[1])
        # The layout is aarhus.dk's own: other councils print "Referat <body> <date>" and "Beslutning" too.
        if headings and _OLD_DECISION_ANYWHERE_RE.search(text) and _AARHUS_RE.search(text):
            reason = (
                f"aarhus.dk meeting page: {old.group(0)!r} with 'Beslutning' and {headings[0]!r} headings"
            )
            return _AARHUS_DK, Detection(NAME, 70, reason)
    rows = _LISTING_ROW_RE.findall(text)
    powered = _POWERED_RE.search(text)
    if powered or len(rows) >= 3:
        first = f", meetings listed like {' '.join(rows[0])!r}" if rows else ""
        said = f"{powered.group(0)!r}" if powered else "no meeting header"
        return _LISTING, Detection(NAME, 60, f"FirstAgenda listing page: {said}, {len(rows)} meetings{first}")
    return None


def detect(text: str) -> Detection | None:
    shape = _shape(text)
    return shape[1] if shape else None


def _old_title(text: str) -> re.Match[str] | None:
    for line in _lines(text[:1500])[:6]:
        if m := _OLD_TITLE_RE.match(line):
            return m
    return None


def parse(text: str) -> ParsedMeeting:
    shape = _shape(text)
    if shape and shape[0] == _MEETING:
        return _parse_firstagenda(text, _header(text)[1])
    if shape and shape[0] == _AARHUS_DK:
        return _parse_aarhus_dk(text)
    rows = _LISTING_ROW_RE.findall(text)
    if shape:  # a listing
        shown = "; ".join(" ".join(row) for row in rows[:2])
        raise NotMinutesError(
            f"not minutes: a FirstAgenda listing of {len(rows)} meetings"
            + (f" ({shown}, …)" if shown else "")
            + ", not the agenda or minutes of one meeting"
        )
    raise NotMinutesError("not minutes: no FirstAgenda meeting header ('Udvalg: |', 'Mødedato: |') found")


# --- the meeting ------------------------------------------------------------------------------------------


def _municipality(text: str, printed_body: str) -> str | None:
    """The municipality the page names: in front of its body, with its council, or as "<name> Kommune"."""
    if m := _BODY_PREFIX_RE.match(printed_body):
        return MUNICIPALITIES[m["short"]]
    counts: dict[str, int] = {}
    for m in _COUNCIL_WORD_RE.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if not before.endswith(" "):
            continue
        words = before.split()
        word = words[-1] if words else ""
        short = word if word in MUNICIPALITIES else word[:-1] if word.endswith("s") else ""
        if short in MUNICIPALITIES:
            counts[short] = counts.get(short, 0) + 1
    if counts:
        return MUNICIPALITIES[max(counts, key=lambda short: counts[short])]
    return find_municipality(text)


def _body_name(printed: str, municipality: str | None) -> str:
    """The printed name without the municipality in front ("Aarhus Byråd" → "Byråd"); others as printed."""
    m = _BODY_PREFIX_RE.match(printed)
    council = m and _COUNCIL_WORD_RE.fullmatch(m["rest"])  # "Aarhus Byråd"; not "Aarhus Kommunes Ældreråd"
    if council and municipality and MUNICIPALITIES[m["short"]] == municipality:
        return m["rest"]
    return printed


def _body_kind(name: str) -> str:
    return COUNCIL if _COUNCIL_WORDS_RE.search(name) else COMMITTEE


def _meeting(printed_body: str, date_text: str, fallback_date: str, text: str, kind: str) -> ParsedMeeting:
    warnings: list[str] = []
    found = parse_date(date_text) or parse_date(fallback_date)
    if not found or not plausible(found[0]):
        raise NotMinutesError(
            f"no meeting date: the meeting's date line {date_text or fallback_date!r} names none"
        )
    date, time = found
    municipality = _municipality(text, printed_body)
    if municipality is None:
        warnings.append(
            f"The page does not name the municipality of {printed_body!r}; municipality left empty."
        )
    name = _body_name(printed_body, municipality)
    return ParsedMeeting(
        body_name=name,
        date=date,
        kind=kind,
        start_time=time,
        warnings=warnings,
        body_kind=_body_kind(name),
        municipality=municipality,
    )


def _parse_firstagenda(text: str, values: dict[str, str]) -> ParsedMeeting:
    lines = _lines(text)
    kind_line = next((line for line in lines[:8] if _KIND_RE.match(line)), "")
    meeting = _meeting(values["udvalg"], values.get("mødedato", ""), kind_line, text, REFERAT)
    if (m := _KIND_RE.match(kind_line)) is not None:
        meeting.kind = REFERAT if m["kind"].lower() == "referat" else DAGSORDEN
    meeting.location = values.get("mødested") or _place_from_title(lines, values["udvalg"]) or None
    start, end = _item_region(lines)
    meeting.attendance = _attendance(lines[:start])
    meeting.items = _items(lines[start:end], meeting.warnings)
    if not meeting.items:
        raise NotMinutesError("no numbered items: the page has a meeting header but no item table")
    if not kind_line:
        decided = any(item.decision for item in meeting.items)
        meeting.kind = REFERAT if decided else DAGSORDEN
        meeting.warnings.append(
            f"The page does not say 'Referat' or 'Dagsorden'; read as {'minutes' if decided else 'an agenda'}."
        )
    return meeting


def _place_from_title(lines: list[str], body: str) -> str:
    """ "Teknisk Udvalg - Udvalgsværelse 398" under the kind line: the place after the body's name."""
    for line in lines[:8]:
        if line.startswith(f"{body} - "):
            return line[len(body) + 3 :].strip()
    return ""


def _item_region(lines: list[str]) -> tuple[int, int]:
    start = next((i + 1 for i, line in enumerate(lines) if _TABLE_HEAD_RE.match(line)), None)
    if start is None:  # no table head: the items start at the first number after the header's labels
        labels = [i for i, line in enumerate(lines[:60]) if _LABEL_RE.match(line)]
        after = labels[-1] + 1 if labels else 0
        start = next((i for i in range(after, len(lines)) if _NUMBER_RE.match(lines[i])), after)
    end = next((i for i in range(start, len(lines)) if lines[i] in _DIALOG_LINES), len(lines))
    return start, end


_ATTENDANCE_LABELS = {"mødedeltagere": PRESENT, "deltagere": PRESENT, "fraværende": ABSENT, "afbud": ABSENT}


def _attendance(preamble: list[str]) -> list[ParsedAttendee]:
    """Members under "Mødedeltagere:" (present) and "Fraværende:"/"Afbud:" (absent), as far as printed."""
    attendees: list[ParsedAttendee] = []
    status = None
    for line in preamble:
        m = _LABEL_RE.match(line)
        if m:
            label = m["label"].lower()
            status = _ATTENDANCE_LABELS.get(label)
            line = m["value"].strip()
            if not line:
                continue
        if status is None:
            continue
        for name, party in members_in_list(line.rstrip(".")) or []:
            if name:
                attendees.append(ParsedAttendee(name=name, status=status, party=party))
    return attendees


# --- items ------------------------------------------------------------------------------------------------


def _heading(line: str) -> tuple[str, str] | None:
    if len(line) > 60 or not line[0].isupper():
        return None
    printed = line.rstrip(":").strip()
    where = _HEADINGS.get(printed.lower())
    if where:
        return where, printed
    if _OTHER_HEADING_RE.match(printed):
        return "other", printed
    return None


def _is_case_line(line: str) -> bool:
    return bool(case_numbers.ANYWHERE.fullmatch(line))


def _stops_title(line: str) -> bool:
    return bool(_NUMBER_RE.match(line) or _is_case_line(line) or _heading(line) or line == ".")


def _title_end(lines: list[str], j: int, end: int) -> int | None:
    """Where the title that starts at j ends (exclusive), or None when lines[j] is no title."""
    first = lines[j]
    if _stops_title(first) or _BULLET_RE.match(first):
        return None
    for k in range(j + 1, min(j + 4, end) + 1):
        if k == end or _stops_title(lines[k]):
            return k
    return None


def _items(lines: list[str], warnings: list[str]) -> list[ParsedItem]:
    starts: list[tuple[int, int, int]] = []  # (number line, title end, number)
    previous: int | None = None
    i = 0
    while i < len(lines) - 1:
        if _NUMBER_RE.match(lines[i]):
            number = int(lines[i])
            if previous is None or previous < number <= previous + 3:
                title_end = _title_end(lines, i + 1, len(lines))
                next_in_line = number == previous + 1 if previous is not None else i == 0
                if title_end is None and next_in_line and not _stops_title(lines[i + 1]):
                    title_end = i + 2  # a one-line title followed straight by text
                if title_end is not None:
                    if previous is not None and number != previous + 1:
                        warnings.append(
                            f"Item {number} follows item {previous}: numbers are missing between."
                        )
                    starts.append((i, title_end, number))
                    previous = number
                    i = title_end
                    continue
        i += 1
    items: list[ParsedItem] = []
    guessed: list[str] = []
    for pos, (at, title_end, number) in enumerate(starts):
        body_end = starts[pos + 1][0] if pos + 1 < len(starts) else len(lines)
        body = lines[title_end:body_end]
        if body and _NUMBER_RE.match(body[-1]) and len(body) > 1 and _BULLET_RE.match(body[-2]):
            body = body[:-1]  # the attachments' count badge
        title = " ".join(lines[at + 1 : title_end])
        item = _item(str(number), title, body, guessed)
        item.order = len(items)
        items.append(item)
    if guessed:
        warnings.append(_SUMMARY_GUESSED.format(", ".join(guessed)))
    return items


_SUMMARY_GUESSED = "The summary printed after a decision has no heading; taken to be the decision's last paragraph in items {}."


def _closed(title: str, body: list[str]) -> tuple[bool, str]:
    if m := _CLOSED_PREFIX_RE.match(title):
        return True, m["rest"].strip() or title
    if m := _CLOSED_SUFFIX_RE.match(title):
        return True, m["rest"].strip()
    if any(_CLOSED_LINE_RE.match(line) for line in body[:2]):
        return True, title
    return False, title


def _item(number: str, title: str, body: list[str], guessed: list[str]) -> ParsedItem:
    item = ParsedItem(number=number, section_number=number, section_title="", title=title)
    closed, item.title = _closed(title, body)
    if closed:
        item.closed = True
        return item
    sections: list[tuple[str, str, list[str]]] = [("intro", "", [])]
    for line in body:
        if item.case_number is None and len(sections) == 1 and not sections[0][2] and _is_case_line(line):
            item.case_number = line
            continue
        heading = _heading(line)
        # The decision comes first, right under the case number; "Beslutning:" further down is the text of
        # a member's motion ("Svar på forslag fra RV …").
        if heading and (heading[0] != "decision" or (len(sections) == 1 and not sections[0][2])):
            sections.append((heading[0], heading[1], []))
            continue
        sections[-1][2].append(line)
    _fill(item, sections, guessed)
    return item


def _split_decision(lines: list[str], later_headings: bool) -> tuple[list[str], list[str], bool]:
    """The decision's lines and the untitled summary after them, and whether the split was a guess."""
    for k, line in enumerate(lines):
        if line == "." and k:
            return lines[:k], lines[k + 1 :], False
        if k and _CAPITALS_RE.match(line) and len(line.split()) >= 2:
            return lines[:k], lines[k:], False
    if later_headings and len(lines) >= 2:
        last = lines[-1]
        if not _DECISION_LINE_RE.search(last) and not positions_in(last) and not absent_in(last):
            return lines[:-1], lines[-1:], True
    return lines, [], False


def _fill(item: ParsedItem, sections: list[tuple[str, str, list[str]]], guessed: list[str]) -> None:
    texts: dict[str, list[str]] = {}
    others: list[tuple[str, str]] = []
    intro: list[str] = []
    for pos, (where, printed, lines) in enumerate(sections):
        if where == "intro":
            intro.extend(line for line in lines if line != ".")
        elif where == "decision" and "decision" not in texts:
            later = any(w not in {"attachments", "decision"} for w, _, _ in sections[pos + 1 :])
            decision, summary, guess = _split_decision(lines, later)
            texts["decision"] = [line for line in decision if line != "."]
            intro.extend(line for line in summary if line != ".")
            if guess and summary:
                guessed.append(item.number)
        elif where == "route":
            item.case_route.extend(_route(lines))
        elif where == "attachments":
            texts.setdefault("attachments", []).extend(_attachment(line) for line in lines)
        elif where == "other":
            others.append((printed, "\n".join(lines)))
        else:
            texts.setdefault(where, []).extend(lines)
    item.resume = "\n".join(texts.get("resume", []))
    item.recommendation = "\n".join(texts.get("recommendation", []))
    item.case_text = "\n".join(texts.get("case_text", []))
    item.background = "\n".join(texts.get("background", []))
    item.attachments = "\n".join(texts.get("attachments", []))
    item.other_texts = ([("", "\n".join(intro))] if intro else []) + others
    decision = "\n".join(texts.get("decision", [])).strip()
    if decision:
        item.decision = ParsedDecision(text=decision, outcomes=classify_outcomes(decision))
        item.positions = positions_in(decision)
        item.absent = absent_in(decision)


def _attachment(line: str) -> str:
    line = _BULLET_RE.sub("", line, count=1)
    return _FILE_LABEL_RE.sub("", line, count=1).strip()


def _route(lines: list[str]) -> list[ParsedCaseStep]:
    """ "Udvalg: Magistraten / Dato: 02-09-2025 / Punktnummer: 12 / <text>" steps, or aarhus.dk's
    "19-08-2019 Magistraten / <text>"."""
    steps: list[ParsedCaseStep] = []
    texts: list[list[str]] = []
    for line in lines:
        if m := _STEP_BODY_RE.match(line):
            steps.append(ParsedCaseStep(body_name=m["body"].strip()))
            texts.append([])
        elif m := _OLD_STEP_RE.match(line):
            found = parse_date(m["date"])
            body = re.sub(r"\s+påtegning$", "", m["body"].strip())
            steps.append(ParsedCaseStep(body_name=body, date=found[0] if found else None))
            texts.append([])
        elif steps and not texts[-1] and steps[-1].date is None and (m := _STEP_DATE_RE.match(line)):
            found = parse_date(m["date"])
            steps[-1].date = found[0] if found else None
        elif steps and not texts[-1] and steps[-1].number is None and (m := _STEP_NUMBER_RE.match(line)):
            steps[-1].number = m["number"]
        elif steps:
            texts[-1].append(line)
        else:  # text before the first step: keep it as a step of no named body
            steps.append(ParsedCaseStep(body_name=""))
            texts.append([line])
    for step, lines_of_step in zip(steps, texts, strict=True):
        step.text = "\n".join(lines_of_step)
    return steps


# --- the older aarhus.dk page -----------------------------------------------------------------------------


def _parse_aarhus_dk(text: str) -> ParsedMeeting:
    lines = [line for line in _lines(text) if line.lower() not in _OLD_CHROME]
    at, title = next((i, m) for i, line in enumerate(lines[:6]) if (m := _OLD_TITLE_RE.match(line)))
    kind = REFERAT if title["kind"].lower() == "referat" else DAGSORDEN
    meeting = _meeting(title["body"], title["date"], "", text, kind)
    lines = lines[at + 1 :]
    starts = [i for i in range(len(lines) - 1) if _old_item_starts(lines, i, kind)]
    if not starts:
        raise NotMinutesError("no items: the aarhus.dk page has a title line but no item with a 'Beslutning'")
    guessed: list[str] = []
    for pos, start in enumerate(starts):
        end = starts[pos + 1] if pos + 1 < len(starts) else len(lines)
        item = ParsedItem(
            number=str(pos + 1), section_number=str(pos + 1), section_title="", title=lines[start]
        )
        sections: list[tuple[str, str, list[str]]] = [("intro", "", [])]
        for line in lines[start + 1 : end]:
            if m := _OLD_DECISION_RE.match(line):
                sections.append(("decision", "Beslutning", [m["rest"]] if m["rest"] else []))
            elif _MOTION_HEADING_RE.match(line):
                sections.append(("other", line, []))
            elif heading := _heading(line):
                sections.append((heading[0], heading[1], []))
            else:
                sections[-1][2].append(line)
        _fill(item, sections, guessed)
        item.order = pos
        meeting.items.append(item)
    meeting.warnings.append(
        f"The aarhus.dk page prints no item numbers: its {len(starts)} items are numbered 1-{len(starts)} "
        "in page order."
    )
    if lines and not _TERMINAL_RE.search(lines[-1]):
        meeting.warnings.append(
            f"The text stops mid-sentence ({lines[-1][-40:]!r}): the page may be cut off."
        )
    if guessed:
        meeting.warnings.append(_SUMMARY_GUESSED.format(", ".join(guessed)))
    return meeting


def _old_item_starts(lines: list[str], i: int, kind: str) -> bool:
    """An item title is the line right before its "Beslutning" (or, in an agenda, its "Resumé")."""
    line, following = lines[i], lines[i + 1]
    if (
        _heading(line)
        or _OLD_DECISION_RE.match(line)
        or _OLD_STEP_RE.match(line)
        or _MOTION_HEADING_RE.match(line)
    ):
        return False
    if _OLD_DECISION_RE.match(following):
        return True
    return kind == DAGSORDEN and (_heading(following) or ("", ""))[0] in {"resume", "recommendation"}
