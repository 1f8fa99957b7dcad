"""Municipal and regional web pages of agendas and minutes (the text of the page, as ingest.html_text or a
crawler gives it): byråd, kommunalbestyrelse, udvalg, regionsråd and the regions' committees.

The systems differ (Acadre, SBSYS, eDagsorden, Sitecore and home-made pages) but print the same things:

- a header: "Byrådet - Referat", "Referat - Kommunalbestyrelsen den 28. oktober 2014", "Mødefakta", "Udvalg:",
  "Dato:", "Mødedato:", "Lokale:", "Mødested:", "Sted:", "STARTTIDSPUNKT", "Tid:", attendance lists and
  sentences (ingest.parser.attendance), often a list of the items (a table of contents, "Punkter på
  dagsordenen");
- items "1. Title", "1 (Åben) Title 4", "1.Title", "38Godkendelse af dagsorden", running numbers ("159.",
  "49."), "Pkt. 42 Title", "Nr.178 - Title", a title followed by "Sag nr. 129", closed items ("(Lukket)",
  "LUKKET PUNKT - ...", "Lukket punkt.") that show their title only;
- under each item headed texts (ingest.parser.sections): Resume, Sagsfremstilling, Indstilling, Beslutning and
  the forms that name the body and date ("Beslutning i Kommunalbestyrelsen den 28-10-2014",
  "Regionsrådets beslutning den 11. marts 2025:", "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42").

The meeting's body, date, time and place come from the page's head (before the first item); where the head
names no body or date, from the items' decision headings, then from "<body> den <date>" in the text ("ØU den
22. oktober 2018"), each time with a warning. Body names are kept as printed in one form per body
(sections.normalise_body): "Byrådet", "Kommunalbestyrelsen", "Regionsrådet", "Teknik- og Miljøudvalget",
"Udvalget for Ældre og Sundhed" (capitalised, one-word names definite, the election period "(2018-2021)"
dropped). The municipality is the official name the text prints (danish.bodies.find_municipality, also in the
genitive "Hvidovre Kommunes ...", "Ballerup Kommunalbestyrelse", "Egebjerg Kommune" heading the page), else None
with a warning (parse_document then refuses the page: a council is never guessed). A body is a region's when it
is the Regionsråd, when the page's head names a region (the region's own site), or when the text names a region
and speaks of "regionen"/"regionsrådet" more than of a municipality's council; then region is set and
municipality None. A KKR named as the body is left to the kkr family.

An item is known by the number it prints. Where no item prints one, nor a title (Aabenraa's and Ishøj's pages
put both in markup the text lost, and print only "Sagsid.: 15/240" and the headed texts), the items are read in
the order printed and numbered 1, 2, ... with a warning, and only when the page is clearly minutes: its head
names the body and date and its items record decisions (`in_order`); such a page without decisions (an agenda, a
text cut off early) is still refused. A page that shows no item text at all but the meeting's facts and
attendance is read as a meeting with no items. Flattened PDF transcripts (docplayer's "Transkript", whose digits
are partly lost) are not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from danish.bodies import MUNICIPALITIES, REGIONS, find_municipality
from danish.case_numbers import ANYWHERE, LABELLED, find_labelled
from danish.dates import find_dates, parse_date, plausible
from danish.item_numbers import item_sort_key
from danish.outcomes import classify_outcomes
from ingest.parser.attendance import (
    ABSENT,
    Found,
    ItemAbsence,
    Reading,
    merge_attendees,
    read_attendance,
    statements,
)
from ingest.parser.detection import Detection
from ingest.parser.document import (
    COMMITTEE,
    COUNCIL,
    DAGSORDEN,
    REFERAT,
    REGIONAL_COMMITTEE,
    REGIONAL_COUNCIL,
    NotMinutesError,
    ParsedAttendee,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
)
from ingest.parser.positions import positions_in
from ingest.parser.sections import (
    ATTACHMENTS,
    BODY_WORD,
    DECISION,
    body_key,
    clean_lines,
    decision_heading,
    heading_kind,
    is_own,
    normalise_body,
    split_sections,
    unbullet,
)

NAME = "municipal"

COUNCILS = frozenset({"Byrådet", "Kommunalbestyrelsen", "Borgerrepræsentationen"})

# --- items -----------------------------------------------------------------------------------------------

_TITLE_START = r"(?:[A-ZÆØÅÉÜÖ\"“”'(«]|\d{1,2}\.\s)"
_ITEM_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Dagsordenspunkt 1: Godkendelse af dagsorden" (eDoc, inside the item)
    ("dagsordenspunkt", re.compile(r"^Dagsordenspunkt\s+(?P<n>\d{1,3})\s*:\s*(?P<t>.+)$", re.IGNORECASE)),
    # "Pkt. 42 Beslutninger om dagsordenen", "Pkt. 42"
    ("pkt", re.compile(r"^Pkt\.\s*(?P<n>\d{1,3})\.?(?:\s+(?P<t>\S.*))?$")),
    # "Punkt 135 Budget 2007 og overslagsårene"
    ("punkt", re.compile(r"^Punkt\s+(?P<n>\d{1,3})\s*[.:]?(?:\s+(?P<t>[A-ZÆØÅ].*))?$")),
    # "Nr.178 - Godkendelse af dagsordenen"
    ("nr", re.compile(r"^Nr\.\s*(?P<n>\d{1,3})\s*[-–]\s*(?P<t>\S.*)$")),
    # "Sag nr. 129" under its title (Rødovre)
    ("sag", re.compile(r"^Sag\s+nr\.?\s*(?P<n>\d{1,3})$", re.IGNORECASE)),
    # "1 (Åben) Godkendelse af dagsorden 4" (Region Sjælland's table of contents)
    (
        "status",
        re.compile(r"^(?P<n>\d{1,3})\s+\((?P<status>Åben|Lukket)\)\s+(?P<t>.+?)(?:\s+\d{1,3})?$", re.I),
    ),
    # "1. Godkendelse af dagsorden", "1.Temamøde - Diger (B)", "1.      3. økonomi og aktivitetsrapportering"
    ("dot", re.compile(rf"^(?P<n>\d{{1,3}}(?:\.\d{{1,2}})?)\.\s*(?P<t>{_TITLE_START}.*)$")),
    # "38Godkendelse af dagsorden" (number glued to the title)
    ("glued", re.compile(r"^(?P<n>\d{1,3})(?P<t>[A-ZÆØÅ][a-zæøå].*)$")),
    # "38 Likviditet og resultater" (no dot)
    ("bare", re.compile(r"^(?P<n>\d{1,3})\s+(?P<t>[A-ZÆØÅ][a-zæøå].*)$")),
)
_CLOSED_MARK = re.compile(
    r"^(?:LUKKET\s+PUNKT|Lukket\s+punkt|Lukket\s+sag|Lukket)\s*[-–:.]\s*|\s*\((?:Lukket|Lukket\s+punkt)\)\s*$",
    re.IGNORECASE,
)
_CLOSED_ALONE = re.compile(r"^(?:lukket\s+punkt|lukket\s+sag|lukket)\.?$", re.IGNORECASE)
_TOC_TRAIL = re.compile(r"\s*(?:\.{2,}|…)\s*[ivxlcdm\d]*\s*$", re.IGNORECASE)
# A title that runs on into sentences is an enumerated paragraph: "1. Afbud. Der var afbud fra A og B."
_SENTENCE_TITLE = re.compile(r"[a-zæøå]{2,}\.\s+[A-ZÆØÅ]\S*(?:\s+\S+){6,}")
_NAMES_ONLY = re.compile(
    r"^[A-ZÆØÅ][\w.'’-]+(?:\s+[A-ZÆØÅa-zæøå][\w.'’-]+){1,4}\s+\([A-ZÆØÅ]{1,3}\)"
    r"(?:\s*(?:,|og)\s*[A-ZÆØÅ][\w.'’-]+(?:\s+[A-ZÆØÅa-zæøå][\w.'’-]+){1,4}\s+\([A-ZÆØÅ]{1,3}\))*\.?$"
)
_METADATA = re.compile(
    r"^(?:åben(?:t|\s+sag)?(?:\s+punkt)?|lukket(?:\s+punkt)?|brevid:.*|.*\bbrevid:\s*\d+|dok\.?\s*nr\..*)$",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    index: int
    number: str
    title: str
    form: str
    closed: bool = False
    first_line: int = -1  # where the heading starts: the title's line for "Title / Sag nr. 129"

    def __post_init__(self) -> None:
        if self.first_line < 0:
            self.first_line = self.index


@dataclass
class Span:
    number: str
    title: str
    start: int  # the heading's line
    end: int  # exclusive
    closed: bool = False
    case_line: int | None = None  # a case number printed on the line before the heading
    printed: bool = True  # False: the page prints no number, the item is numbered in the order printed


@dataclass
class Layout:
    items: list[Span] = field(default_factory=list)
    toc: dict[str, str] = field(default_factory=dict)  # number -> title of the items listed before the items
    toc_closed: set[str] = field(default_factory=set)  # the numbers the list marks closed
    toc_lines: set[int] = field(default_factory=set)
    body_start: int = 0  # the first content item's line: the header is everything before it
    headings: int = 0  # section and decision headings anywhere in the page
    unnumbered: int = 0  # blocks of item text with no item heading printed (left out)
    ends_inside: str | None = None  # the number of an item the text stops in right after its heading
    in_order: bool = False  # no item prints a number: the items are numbered in the order printed


def candidate(lines: Sequence[str], index: int) -> Candidate | None:
    """Read line `index` as an item heading, or None."""
    text = unbullet(lines[index])
    if not text or not (text[0].isdigit() or text[0] in "PpNnSsDd"):
        return None
    for form, pattern in _ITEM_FORMS:
        m = pattern.match(text)
        if not m:
            continue
        title = (m.groupdict().get("t") or "").strip()
        if form == "sag":  # the title is the line before
            title = _previous_text(lines, index)
            if not title or heading_kind(title) or title[:1].isdigit():
                return None
        if form in {"dot", "glued", "bare"} and not _plausible_title(title):
            return None
        if form == "bare" and len(title) > 160:
            return None
        closed = bool(m.groupdict().get("status") and m["status"].lower() == "lukket")
        title = _TOC_TRAIL.sub("", title).strip()
        if _CLOSED_MARK.search(title) or _CLOSED_ALONE.match(title):
            closed = True
            stripped = _CLOSED_MARK.sub("", title).strip()
            title = stripped or title.rstrip(".")
        first_line = _previous_index(lines, index) if form == "sag" else index
        return Candidate(index, m["n"], title.rstrip(" :"), form, closed, first_line)
    return None


def _previous_index(lines: Sequence[str], index: int) -> int:
    for back in range(index - 1, max(-1, index - 4), -1):
        if lines[back].strip():
            return back
    return index


def _previous_text(lines: Sequence[str], index: int) -> str:
    for back in range(index - 1, max(-1, index - 4), -1):
        if lines[back].strip():
            return unbullet(lines[back])
    return ""


def _plausible_title(title: str) -> bool:
    if not title or len(title) > 300 or _SENTENCE_TITLE.search(title):
        return False
    if re.match(r"^\d{1,2}\.\s", title):
        return True
    if title[:1].islower():
        return False
    # a date ("1. oktober 2018") or an amount is no title
    return not re.match(r"^(?:\d|[a-zæøå]+\s+\d{4})", title)


def _is_case_line(line: str) -> bool:
    text = unbullet(line)
    if len(text) > 120:
        return False
    if ANYWHERE.fullmatch(text):
        return True
    m = LABELLED.match(text)
    return bool(m and m.start() == 0)


def read_layout(lines: Sequence[str]) -> Layout:
    """Where the items are: their headings, the table of contents before them, the header."""
    layout = Layout()
    cands = [c for i in range(len(lines)) if (c := candidate(lines, i))]
    body_lines: list[bool] = [False] * len(lines)  # a heading or a case number: the text of an item
    first_candidate = cands[0].index if cands else len(lines)
    for i, line in enumerate(lines):
        if line:
            if line.lower() == "referat":  # eDoc prints an item's minutes under "Referat"
                body_lines[i] = True
                if i > first_candidate:
                    layout.headings += 1
                continue
            found = heading_kind(line)
            if found:
                layout.headings += 1
                body_lines[i] = True
            elif _is_case_line(line):
                body_lines[i] = True
    # runs of adjacent candidates (only blank lines between them), numbers increasing: lists of items
    runs: list[list[Candidate]] = []
    for cand in cands:
        if runs:
            last = runs[-1][-1]
            between = lines[last.index + 1 : cand.index]
            if not any(x.strip() for x in between) and _after(cand.number, last.number):
                runs[-1].append(cand)
                continue
        runs.append([cand])
    last_index = {c.number: c.index for c in cands}  # where each number is printed last
    accepted: list[Candidate] = []
    current: Candidate | None = None
    for run in runs:
        for position, cand in enumerate(run):
            nxt = _next_other(cands, cand)
            limit = nxt.index if nxt else len(lines)
            before = _line_before(lines, nxt.index) if nxt is not None else None
            if before is not None and before > cand.index and _is_case_line(lines[before]):
                limit = before  # "Sagsnr. 16/34038" above the next heading belongs to the next item
            has_body = any(body_lines[cand.index + 1 : limit])
            reappears = last_index[cand.number] > cand.index
            listed = len(run) > 1 and (position < len(run) - 1 or not has_body or reappears)
            if current is None and listed:
                layout.toc.setdefault(cand.number, cand.title)
                layout.toc_lines.add(cand.index)
                if cand.closed:
                    layout.toc_closed.add(cand.number)
                continue
            if current is not None and cand.number == current.number:
                if _same_title(cand.title, current.title) or not cand.title:
                    layout.toc_lines.add(cand.index)  # the heading printed twice
                continue
            if current is not None and not _after(cand.number, current.number):
                continue  # an enumeration inside the item ("1. at ...", "2. Lars Weiss (A)")
            if not (has_body or cand.closed):
                rest = [x for x in lines[cand.index + 1 :] if x.strip()]
                if len(rest) > 2 or not _plausible_title(cand.title) or (current is not None and listed):
                    continue
                layout.ends_inside = cand.number
            if current is not None and listed and not cand.closed and not has_body:
                continue
            accepted.append(cand)
            current = cand
    if accepted:
        layout.body_start = accepted[0].first_line
    else:
        layout.body_start = len(lines)
    for position, cand in enumerate(accepted):
        end = accepted[position + 1].first_line if position + 1 < len(accepted) else len(lines)
        case_line = None
        if position + 1 < len(accepted):
            before = _line_before(lines, accepted[position + 1].first_line)
            if before is not None and _is_case_line(lines[before]):
                end = before
        own_before = _line_before(lines, cand.index)
        if own_before is not None and _is_case_line(lines[own_before]):
            case_line = own_before
        title = cand.title or _next_title(lines, cand.index)
        listed_title = layout.toc.get(cand.number, "")
        if not title or (
            len(listed_title) > len(title) and _title_key(listed_title).startswith(_title_key(title))
        ):
            title = (
                listed_title or title
            )  # the list before the items has the whole title of a cut-off heading
        layout.items.append(Span(cand.number, title, cand.index, end, cand.closed, case_line))
    for number, title in layout.toc.items():
        if not any(span.number == number for span in layout.items):
            layout.items.append(Span(number, title, -1, -1, number in layout.toc_closed))
    layout.items.sort(key=lambda span: item_sort_key(span.number))
    layout.unnumbered = _unnumbered_blocks(lines, layout)
    return layout


def _after(number: str, previous: str) -> bool:
    try:
        return item_sort_key(number) > item_sort_key(previous)
    except ValueError:
        return False


def _next_other(cands: Sequence[Candidate], cand: Candidate) -> Candidate | None:
    for other in cands:
        if other.index > cand.index and other.number != cand.number:
            return other
    return None


def _same_title(a: str, b: str) -> bool:
    a, b = _title_key(a), _title_key(b)
    return bool(a and b and (a.startswith(b) or b.startswith(a)))


def _title_key(title: str) -> str:
    return re.sub(r"[^a-zæøå0-9]", "", title.lower())


def _line_before(lines: Sequence[str], index: int) -> int | None:
    for back in range(index - 1, max(-1, index - 4), -1):
        if lines[back].strip():
            return back
    return None


def _next_title(lines: Sequence[str], index: int) -> str:
    for nxt in range(index + 1, min(len(lines), index + 4)):
        text = unbullet(lines[nxt])
        if text:
            return "" if heading_kind(text) or _is_case_line(text) else text
    return ""


def _unnumbered_blocks(lines: Sequence[str], layout: Layout) -> int:
    """How many items the page shows without a heading: decision headings outside any numbered item."""
    inside = [(s.start, s.end) for s in layout.items if s.start >= 0]
    count = 0
    for index, line in enumerate(lines):
        outside = not any(a <= index < b for a, b in inside)
        if line and outside and (index >= layout.body_start or not inside) and decision_heading(line):
            count += 1
    return count


# Headings that open an item's texts in the systems that print no item heading (Ishøj: "Resume" or
# "Sagsfremstilling" first; Aabenraa: "Sagsid.: 15/240, Sagsinitialer: jne" above them).
_OPENING_HEADINGS = frozenset({"resume", "resumé", "sagsfremstilling", "sagens kerne", "beskrivelse af sagen"})


def item_blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The items of a page whose items print no number or title, as (first line, end) in the order printed.

    An item starts at a case-number line ("Sagsid.: 15/240, ...") when the item before has a heading, or at an
    opening heading (Resume, Sagsfremstilling) that the item before already has or that follows its decision
    or attachments: every item prints its texts in the same order, so a second "Sagsfremstilling" or one after
    "Beslutning" is the next item's. The lines before the first item are the page's head."""
    starts: list[int] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if not line:
            continue
        if _is_case_line(line):
            if not starts or seen:
                starts.append(index)
                seen = set()
            continue
        found = heading_kind(line)
        if found is None:
            continue
        kind, heading, _ = found
        opening = heading.lower() in _OPENING_HEADINGS
        if not starts or (opening and (kind in seen or seen & {DECISION, ATTACHMENTS})):
            starts.append(index)
            seen = set()
        seen.add(kind)
    return [(start, starts[n + 1] if n + 1 < len(starts) else len(lines)) for n, start in enumerate(starts)]


def in_order(lines: Sequence[str], layout: Layout) -> Layout | None:
    """The layout of a page that prints no item number or title, its items numbered 1, 2, ... in the order
    printed, when the page is clearly minutes: two headed texts at least and a decision among them; else None.

    A page whose "numbered items" all come after a decision and print no headed text of their own is such a
    page too: its numbers are enumerations inside the items ("2. Der er mellem regeringen ... indgået aftale").
    A numbered item with headed texts after a decision is a real one (a page cut off at its start)."""
    numbered = [span for span in layout.items if span.start >= 0]
    if layout.headings < 2:
        return None
    if numbered and not any(decision_heading(line) for line in lines[: numbered[0].start] if line):
        return None
    if any(heading_kind(line) for span in numbered for line in lines[span.start + 1 : span.end] if line):
        return None
    blocks = item_blocks(lines)
    if not blocks or not any(decision_heading(line) for line in lines[blocks[0][0] :] if line):
        return None
    spans = [Span(str(n), "", start - 1, end, printed=False) for n, (start, end) in enumerate(blocks, start=1)]
    return Layout(items=spans, body_start=blocks[0][0], headings=layout.headings, in_order=True)


# --- the header ----------------------------------------------------------------------------------------------

_FIELD = re.compile(
    r"^(?:[-•]\s*)?(?P<label>[A-ZÆØÅa-zæøå][\wæøå ]{1,30}?)\s*(?::|\|)\s*\|?\s*(?P<value>.*?)\s*\|?$"
)
_DATE_LABELS = ("mødedato", "dato", "starttidspunkt", "mødestart", "tidspunkt for møde")
_TIME_LABELS = ("mødetidspunkt", "tidspunkt", "tid", "starttidspunkt", "mødestart", "kl")
_PLACE_LABELS = ("mødested", "sted", "lokale", "mødelokale", "adresse", "mødelokation")
_BODY_LABELS = ("udvalg", "organ", "forum", "råd")
_TIME = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?!\d)")
_ROOM = re.compile(
    r"^(?:Mødelokale|Lokale|Udvalgsværelse|Byrådssalen|Rådssalen|Regionsrådssalen|Mødesalen|KB-salen|Rådhuset"
    r"|Kommunalbestyrelsessalen)\b",
    re.IGNORECASE,
)
_PLACE_AFTER_TIME = re.compile(r"\bkl\.?\s*\d{1,2}[:.]\d{2}\s+(?:i|på)\s+(?P<place>[A-ZÆØÅ].{2,200})$")
_PLACE_ON_DATE_LINE = re.compile(r"\d{4}\s+(?:på|i)\s+(?P<place>[A-ZÆØÅ][^,]{2,80}(?:,[^,]{2,60}){0,3})$")


def header_field(lines: Sequence[str], labels: Sequence[str]) -> tuple[str, int] | None:
    """The value printed after one of `labels` ("Dato: 29. januar 2020", "STED" then the place on the next
    line, "Mødested: | Byrådssalen |"), with its line."""
    for index, raw in enumerate(lines):
        line = unbullet(raw).strip().strip("|").strip()
        if not line:
            continue
        lowered = line.lower().rstrip(":").strip()
        if lowered in labels:
            for nxt in range(index + 1, min(len(lines), index + 4)):
                value = unbullet(lines[nxt]).strip().strip("|").strip()
                if value:
                    if value.lower().rstrip(":") in labels or (_FIELD.match(value) and ":" in value[:20]):
                        break
                    return value, nxt
            continue
        m = _FIELD.match(line)
        if m and m["label"].strip().lower() in labels and m["value"]:
            return m["value"].strip().strip("|").strip(), index
    return None


@dataclass
class Header:
    date: dt.date | None = None
    time: dt.time | None = None
    location: str | None = None
    body: str | None = None
    body_source: str = ""
    kind_marker: str | None = None


_TITLE_BODY_FORMS = (
    # "Referat - Kommunalbestyrelsen den 28. oktober 2014", "Referat af møde i Klima- og Planudvalget",
    # "Referat til mødet i Udvalget for Teknik og Miljø den 22. juni 2020 ...", "Møde i regionsrådet den ..."
    re.compile(
        r"^(?:(?:Referat|Dagsorden|Beslutningsprotokol)\s*(?:[-–]\s*|\s+(?:af|fra|til|for)\s+)?)?"
        r"(?:(?:det\s+)?(?:ekstraordinære|ordinære)\s+)?(?:Ekstraordinært\s+|Ordinært\s+)?(?:møde[t]?\s+i\s+)?"
        r"(?P<body>[^\d–|]{3,100}?)(?:s\s+(?:ordinære|ekstraordinære)\s+møde)?\s+(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s+)?"
        r"(?:den|d\.)\s+\d",
        re.IGNORECASE,
    ),
    # "Byrådet - Referat", "Sundhedsudvalget - Referat - 25. oktober 2016", "Forretningsudvalget - referat 05-12-2007",
    # "Forebyggelses- og Seniorudvalget (2018-2021) – Referat – 12. januar 2021", "X - Dagsordener og referater"
    re.compile(
        r"^(?P<body>[^|]{3,100}?)\s+[-–]\s+(?:Referat|Dagsorden|Beslutningsprotokol|mødesager|Dagsordener og referater)"
        r"\b",
        re.IGNORECASE,
    ),
    # "Referat - Regionsrådet 2018-2021", "Referat Kommunalbestyrelsen mandag den 24. april 2017"
    re.compile(
        r"^(?:Referat|Dagsorden)\s*[-–]?\s+(?P<body>[^\d|]{3,100}?)(?:\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})?"
        r"(?:\s+(?:(?:man|tirs|ons|tors|fre|lør|søn)dag|den)\b.*)?$",
        re.IGNORECASE,
    ),
    # "Regionsrådet 31. maj 2017 (Referat)", "Erhvervs- og Beskæftigelsesudvalget onsdag den 17. september 2025"
    re.compile(
        r"^(?P<body>[^\d|]{3,100}?)\s+(?:(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s+)?(?:den\s+)?\d{1,2}\.)",
        re.IGNORECASE,
    ),
    # "Møde i Udvalget for det nære sundhedsvæsen", "Referat af møde i Klima- og Planudvalget"
    re.compile(
        r"^(?:Referat\s+(?:af|fra)\s+)?(?:møde[t]?\s+i|mødet\s+i)\s+(?P<body>[^\d|]{3,100})$", re.IGNORECASE
    ),
    # "Kommunalbestyrelsen", "Regionsrådet" alone
    re.compile(r"^(?P<body>[^\d|:]{3,80})$"),
)
_NOT_BODY = re.compile(
    r"^(?:referat|dagsorden|indhold|indholdsfortegnelse|mødefakta|medlemmer|deltagere|punkter|sager|bemærkninger"
    r"|fraværende|afbud|dagsordenpunkter|dagsordenspunkter|dagsordener|byrådsmøderne|her |se |vælg |udvalg$"
    r"|lukkede punkter|åbne dagsordenspunkter|møde$)",
    re.IGNORECASE,
)
_KIND_MARKER = re.compile(r"(?:^|[\s(–-])(?P<kind>referat|beslutningsprotokol|dagsorden)(?:$|[\s)–:-])", re.I)


def _body_of(text: str) -> str | None:
    text = unbullet(text).strip().strip("|").strip()
    if not text or len(text) > 160:
        return None
    for form in _TITLE_BODY_FORMS:
        m = form.match(text)
        if not m:
            continue
        body = re.sub(r"\s*\((?:Referat|Dagsorden)\)\s*$", "", m["body"]).strip(" -–,.")
        body = re.sub(
            r"^(?:(?:referat\s+)?(?:af|fra|til)\s+)?(?:det\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde[t]?\s+i\s+",
            "",
            body,
            flags=re.I,
        ).strip()
        if not body or _NOT_BODY.match(body) or not BODY_WORD.search(body):
            continue
        if len(body.split()) > 12 or re.search(r"[.!?]\s", body):
            continue
        return normalise_body(body)
    return None


def read_header(lines: Sequence[str], layout: Layout) -> Header:
    header = Header()
    head = ["" if i in layout.toc_lines else line for i, line in enumerate(lines[: layout.body_start])]
    if labelled := header_field(head, _DATE_LABELS):
        value, _ = labelled
        if (found := parse_date(value)) and plausible(found[0]):
            header.date, header.time = found
    if header.date is None:
        for line in head:
            if line and (dates := [d for d in find_dates(line) if plausible(d[0])]):
                header.date, header.time = dates[0][0], dates[0][1]
                break
    if (labelled := header_field(head, _TIME_LABELS)) and (m := _TIME.search(labelled[0])):
        header.time = dt.time(int(m["h"]), int(m["m"]))
    if labelled := header_field(head, _PLACE_LABELS):
        place = labelled[0].strip(" .")
        if place and not find_dates(place):
            header.location = place
    if header.location is None:
        header.location = _place_in_text(head)
    labelled = header_field(head, _BODY_LABELS)
    if labelled and (BODY_WORD.search(labelled[0]) or labelled[0].lower() in {"byrådet", "regionsrådet"}):
        header.body, header.body_source = normalise_body(labelled[0]), f"'Udvalg: {labelled[0]}'"
    if header.body is None:
        for line in head:
            if line and (body := _body_of(line)):
                header.body, header.body_source = body, f"{line[:60]!r}"
                break
    markers = set()
    for line in head:
        if line and not re.search(r"dagsordener og referater", line, re.I):
            markers.update(m["kind"].lower() for m in _KIND_MARKER.finditer(line))
    if markers & {"referat", "beslutningsprotokol"}:
        header.kind_marker = REFERAT
    elif "dagsorden" in markers:
        header.kind_marker = DAGSORDEN
    return header


def _place_in_text(head: Sequence[str]) -> str | None:
    for index, line in enumerate(head):
        if not line:
            continue
        if m := _PLACE_AFTER_TIME.search(line):
            return m["place"].strip(" .")
        if find_dates(line):
            if m := _PLACE_ON_DATE_LINE.search(line):
                return m["place"].strip(" .")
            for nxt in head[index + 1 : index + 4]:
                if not nxt:
                    continue
                if nxt.startswith("i ") and len(nxt) < 150:
                    return nxt[2:].strip(" .")
                if _ROOM.match(nxt):
                    return nxt.strip(" .")
                break
    return None


# --- the municipality and the region ---------------------------------------------------------------------

_OFFICIAL = re.compile(
    r"\b(?P<name>"
    + "|".join(re.escape(o) for o in sorted(MUNICIPALITIES.values(), key=len, reverse=True))
    + r")s?\b",
    re.IGNORECASE,
)
_SHORT_COUNCIL = re.compile(
    r"\b(?P<short>" + "|".join(re.escape(s) for s in sorted(MUNICIPALITIES, key=len, reverse=True)) + r")s?"
    r"\s+(?:Byråd|Kommunalbestyrelse)\w*",
    re.IGNORECASE,
)
_PRINTED_KOMMUNE = re.compile(r"^(?P<name>[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\s+Kommune\b")
# "Region Syddanmark", "Region Sjællands", and the logo text glued to the next word ("Region SyddanmarkTil forsiden")
_REGION_NAMED = re.compile(
    r"\bRegion\s+(?P<name>" + "|".join(REGIONS) + r")(?:s\b|\b|(?=[A-ZÆØÅ]))", re.IGNORECASE
)
_REGIONAL_WORDS = re.compile(
    r"\bregions?råd\w*|\bregionen\b|\bregionens\b|\bregionshus\w*|\bregionsgården\b|\bDanske Regioner\b",
    re.IGNORECASE,
)
_MUNICIPAL_WORDS = re.compile(
    r"\bkommunalbestyrelse\w*|\bbyråd\w*|\bborgmester\w*|\bkommunen\b|\bkommunens\b|\bbyrådssal\w*|\brådhus\w*"
    r"|\bmagistrat\w*|\bborgerrepræsentation\w*",
    re.IGNORECASE,
)


def municipality_in(raw: str, header_text: str) -> tuple[str | None, str]:
    """The official name of the municipality and where it was read ('' when none)."""
    for text, where in ((header_text, "the page's head"), (raw, "the text")):
        if not text:
            continue
        if named := find_municipality(text):
            return named, where
        counts = Counter(MUNICIPALITIES[_short_of(m["name"])] for m in _OFFICIAL.finditer(text))
        counts.update(MUNICIPALITIES[_short_key(m["short"])] for m in _SHORT_COUNCIL.finditer(text))
        if counts:
            return counts.most_common(1)[0][0], where
    for line in raw.splitlines()[:12]:
        if m := _PRINTED_KOMMUNE.match(line.strip()):
            return f"{m['name']} Kommune", "the page's head"
    return None, ""


def _short_key(short: str) -> str:
    for key in MUNICIPALITIES:
        if key.lower() == short.lower():
            return key
    return short


def _short_of(official: str) -> str:
    for key, value in MUNICIPALITIES.items():
        if value.lower() == official.lower():
            return key
    return official


def region_in(raw: str) -> str | None:
    counts = Counter(REGIONS[_region_key(m["name"])] for m in _REGION_NAMED.finditer(raw))
    return counts.most_common(1)[0][0] if counts else None


def _region_key(name: str) -> str:
    return next(key for key in REGIONS if key.lower() == name.lower())


def is_regional(body: str, raw: str, raw_head: str, region: str | None) -> bool:
    """A region's body: the Regionsråd, a body of a page whose head names a region (the region's own site), or
    of a text that names a region and speaks of "regionen" and "regionsrådet" more than of a municipality's
    council. A municipal text that mentions a region ("Region Midtjylland har ligeledes finansieret") is not."""
    if body_key(body) == body_key("Regionsrådet"):
        return True
    if not region:
        return False
    if _REGION_NAMED.search(raw_head) and not find_municipality(raw_head):
        return True
    return len(_REGIONAL_WORDS.findall(raw)) > len(_MUNICIPAL_WORDS.findall(raw))


# --- detection -------------------------------------------------------------------------------------------

# The labels of a meeting's facts (a listing of documents or a news item has none of these).
_META = re.compile(
    r"^(?:[-•]\s*)?(?:mødefakta|mødedato|dato|mødested|sted|lokale|starttidspunkt|mødetidspunkt|tidspunkt|tid|udvalg"
    r"|medlemmer|deltagere|fraværende|afbud)\b",
    re.IGNORECASE,
)
_KL_TEMPLATE = re.compile(r"^SAG-\d{4}-\d{3,6}\b", re.MULTILINE)
_DOCPLAYER = re.compile(r"^(?:Transkript|Starte visningen fra side:?)\s*$", re.MULTILINE)


def detect(text: str) -> Detection | None:
    if not text or _DOCPLAYER.search(text):
        return None
    if len(_KL_TEMPLATE.findall(text)) >= 2:
        return None  # KL's KKR template (ingest.parser.families.kkr)
    lines = clean_lines(text)
    if not any(line and find_dates(line) for line in lines):  # line by line: linear in a long page
        return None
    layout = read_layout(lines)
    if ordered := in_order(lines, layout):
        # Headed item texts with decisions under a head that names the body and date: items print no number
        header = read_header(lines, ordered)
        if header.date and header.body:
            return Detection(
                NAME,
                30,
                f"meeting page of {header.body_source} whose {len(ordered.items)} items print no number or "
                f"title, with headings {', '.join(repr(h) for h in _heading_examples(lines))}",
            )
    head = lines[: layout.body_start]
    meta = [line for line in head if line and _META.match(unbullet(line))]
    numbered = [span for span in layout.items if span.start >= 0]
    listed = [span for span in layout.items if span.start < 0]
    quoted = f" and {meta[0][:40]!r}" if meta else ""
    if numbered and (layout.headings or any(s.closed for s in numbered)):
        first = lines[numbered[0].start]
        headings = _heading_examples(lines)
        score = 55 + min(10, 2 * len(numbered)) + (5 if meta else 0)
        return Detection(
            NAME,
            score,
            f"municipal/regional page: {len(numbered)} numbered items like {unbullet(first)[:50]!r} with headings "
            f"{', '.join(repr(h) for h in headings)}{quoted}",
        )
    if len(listed) >= 2 and len(meta) >= 2:
        first_listed = next(line for i, line in enumerate(lines) if i in layout.toc_lines)
        return Detection(
            NAME,
            50,
            f"municipal/regional page listing {len(listed)} items like {unbullet(first_listed)[:50]!r}{quoted}",
        )
    if len(meta) >= 2 and not numbered:
        header = read_header(lines, layout)
        if layout.headings and header.date:
            return Detection(NAME, 30, f"meeting page with item texts but no item numbers{quoted}")
        reading = read_attendance(head, free_sentences=True)
        if reading.attendees and header.body and header.date:
            return Detection(
                NAME,
                45,
                f"meeting page with no items: {header.body_source} and attendance ({meta[0][:40]!r})",
            )
    return None


def _heading_examples(lines: Sequence[str]) -> list[str]:
    seen: list[str] = []
    if not any(line and heading_kind(line) for line in lines):
        return ["Referat"] if any(line.lower() == "referat" for line in lines) else []
    for line in lines:
        if line and (found := heading_kind(line)):
            heading = found[1][:50]
            if heading not in seen:
                seen.append(heading)
            if len(seen) == 2:
                break
    return seen


# --- parse -------------------------------------------------------------------------------------------------


def parse(text: str) -> ParsedMeeting:
    lines = clean_lines(text)
    layout = read_layout(lines)
    return build_meeting(text, lines, in_order(lines, layout) or layout)


def build_meeting(text: str, lines: Sequence[str], layout: Layout) -> ParsedMeeting:
    """Read the meeting of a page whose layout is found (municipal and one-item pages alike)."""
    warnings: list[str] = []
    header = read_header(lines, layout)
    spans = layout.items
    decision_heads = [
        (span, dh)
        for span in spans
        if span.start >= 0
        for line in lines[span.start + 1 : span.end]
        if line and (dh := decision_heading(line))
    ]
    body = header.body
    if body is None:
        body = _body_from_decisions(decision_heads, header.date)
        if body:
            warnings.append(
                f"Body name {body!r} read from the items' decision headings (no heading names it)."
            )
    date, start_time = header.date, header.time
    if date is None:
        date = _date_from_decisions(decision_heads, body)
        if date:
            warnings.append(
                f"Meeting date {date.isoformat()} read from the decision headings (none in the header)."
            )
    if body is None or date is None:
        fallback = _body_and_date_in_text(lines, body, date)
        if fallback:
            if body is None and fallback[0]:
                body = fallback[0]
                warnings.append(f"Body name {body!r} read from the text ('{fallback[2]}').")
            if date is None and fallback[1]:
                date = fallback[1]
                warnings.append(f"Meeting date {date.isoformat()} read from the text ('{fallback[2]}').")
    if date is None:
        raise NotMinutesError("no meeting date in the page's header, its decision headings or its text")
    if body is None:
        raise NotMinutesError(
            "no body named in the page (no heading, 'Udvalg:' or decision heading names one)"
        )
    if body.upper().startswith("KKR"):
        raise NotMinutesError(f"the page names {body!r}: a KKR's minutes are read by the kkr family")

    head = lines[: layout.body_start]
    stop = set(layout.toc_lines) | {s.start for s in spans if s.start >= 0}
    reading = read_attendance(head, stop=stop, free_sentences=True, ends_text=layout.body_start >= len(lines))
    items: list[ParsedItem] = []
    item_found: dict[str, list[Found]] = {}
    for order, span in enumerate(spans):
        item, found = build_item(lines, span, order, body=body, date=date, warnings=warnings)
        items.append(item)
        item_found[item.number] = found
    attendance, attendance_warnings = meeting_attendance(reading, item_found, items)
    warnings.extend(attendance_warnings)
    absences = reading.absences + [a for found in item_found.values() for f in found for a in f.absences]
    for item in items:
        _set_absent(item, absences, item_found.get(item.number, []))

    raw_head = "\n".join(text.splitlines()[: max(layout.body_start, 1)])
    region = region_in(text)
    regional = is_regional(body, text, raw_head, region)
    municipality = None
    if regional:
        kind = REGIONAL_COUNCIL if body_key(body) == body_key("Regionsrådet") else REGIONAL_COMMITTEE
        if region is None:
            warnings.append(f"No region named in the text: the region of {body!r} is unknown.")
    else:
        region = None
        kind = COUNCIL if body in COUNCILS else COMMITTEE
        municipality, where = municipality_in(text, raw_head)
        if municipality is None:
            warnings.append("No municipality named in the text: the body's municipality is unknown.")
        elif where == "the text":
            warnings.append(
                f"Municipality {municipality!r} read from the item texts (the header names none)."
            )
    has_decisions = any(item.decision for item in items)
    meeting_kind = (
        REFERAT if has_decisions or header.kind_marker == REFERAT else (header.kind_marker or DAGSORDEN)
    )
    if header.kind_marker == DAGSORDEN and has_decisions:
        warnings.append("The page calls itself a Dagsorden but records decisions; read as referat.")
    if layout.unnumbered:
        warnings.append(
            f"{layout.unnumbered} item(s) print no number or title (only their texts): left out, an item is "
            "known by its number."
        )
    if layout.ends_inside:
        warnings.append(f"The text ends inside item {layout.ends_inside} (the rest of the page is missing).")
    if layout.in_order:
        if not has_decisions:
            raise NotMinutesError(
                f"no numbered item: the page prints {layout.headings} headed item texts (like "
                f"{', '.join(repr(h) for h in _heading_examples(lines)) or 'none'}) but no item number or title, "
                "and no decision"
            )
        warnings.append(
            f"The page prints no item numbers or titles: its {len(items)} items are numbered 1-{len(items)} in "
            "the order printed, without titles."
        )
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
    if last is not None and last in layout.toc_lines and (cut := candidate(lines, last)):
        warnings.append(f"The text ends at item {cut.number} in the list of items: its title may be cut off.")
    if not items and (layout.headings or not attendance):
        raise NotMinutesError(
            f"no numbered item: the page prints {layout.headings} headed item texts (like "
            f"{', '.join(repr(h) for h in _heading_examples(lines)) or 'none'}) but no item number or title"
        )
    if (
        meeting_kind == DAGSORDEN
        and attendance
        and all(a.status != ABSENT and not a.substitute_for for a in attendance)
    ):
        warnings.append(
            f"The agenda lists {len(attendance)} members, not who attended: no attendance recorded."
        )
        attendance = []
    return ParsedMeeting(
        body_name=body,
        date=date,
        kind=meeting_kind,
        start_time=start_time,
        location=header.location,
        attendance=attendance,
        attendance_complete=not reading.cut,
        items=items,
        warnings=warnings,
        body_kind=kind,
        municipality=municipality,
        region=region,
    )


def _body_from_decisions(decision_heads, date: dt.date | None) -> str | None:
    counts = Counter(
        dh.body for _, dh in decision_heads if dh.body and (date is None or dh.date in (None, date))
    )
    return counts.most_common(1)[0][0] if counts else None


def _date_from_decisions(decision_heads, body: str | None) -> dt.date | None:
    counts = Counter(dh.date for _, dh in decision_heads if dh.date and is_own(dh, body=body, date=None))
    return counts.most_common(1)[0][0] if counts else None


_BODY_ON_DATE = re.compile(
    r"(?:^|[\s(])(?P<body>ØU|KB|(?:[A-ZÆØÅ][\wæøå-]*\s+){0,5}?[\wæøå-]*(?:udvalg(?:et)?|rådet|bestyrelsen|"
    r"repræsentationen))\s+(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s+)?den\s+(?P<date>\d{1,2}\.?\s*[\wæøå.]+\s+\d{4}"
    r"|\d{1,2}[.-]\d{1,2}[.-]\d{4})"
)


def _body_and_date_in_text(lines: Sequence[str], body: str | None, date: dt.date | None):
    """(body, date, quote) from "Kommunalbestyrelsen den 30. august 2022" or "ØU den 22. oktober 2018"."""
    counts: Counter[tuple[str, dt.date]] = Counter()
    quotes: dict[tuple[str, dt.date], str] = {}
    for line in lines:
        for m in _BODY_ON_DATE.finditer(line):
            parsed = parse_date(m["date"])
            if not parsed:
                continue
            name = normalise_body(m["body"].strip())
            if body and body_key(name) != body_key(body):
                continue
            if date and parsed[0] != date:
                continue
            key = (name, parsed[0])
            counts[key] += 1
            quotes.setdefault(key, m.group(0).strip())
    if not counts:
        return None
    (name, found), _ = counts.most_common(1)[0]
    return name, found, quotes[(name, found)]


def build_item(
    lines: Sequence[str], span: Span, order: int, *, body: str, date: dt.date, warnings: list[str]
) -> tuple[ParsedItem, list[Found]]:
    number = span.number
    item = ParsedItem(
        number=number, section_number=number.split(".")[0], section_title="", title=span.title, order=order
    )
    item.closed = span.closed
    if span.start < 0 or span.closed:
        return item, []
    content = [line for line in lines[span.start + 1 : span.end]]
    content = [
        ""
        if span.printed
        and (candidate_line := candidate(lines, span.start + 1 + i))
        and candidate_line.number == number
        else line
        for i, line in enumerate(content)
    ]
    parts = split_sections(content, body=body, date=date)
    preamble = [line for line in parts.preamble if not _same_title(unbullet(line), span.title)]
    case_text = " ".join(([lines[span.case_line]] if span.case_line is not None else []) + preamble[:6])
    item.case_number = find_labelled(case_text) if case_text else None
    leftover = [
        line
        for line in preamble
        if not _METADATA.match(unbullet(line))
        and not _is_case_line(line)
        and not (item.case_number and item.case_number in line.upper() and len(line) < 150)
    ]
    for line in list(leftover):
        if _NAMES_ONLY.match(unbullet(line)):  # "Lars Egedal (V), Hans Nissen (A)": names with no label
            leftover.remove(line)
            warnings.append(
                f"Item {number}: a line of names without a label ({line[:60]!r}) is not read as attendance."
            )
    item.resume = parts.resume or "\n".join(leftover).strip()
    item.case_text = parts.case_text
    item.recommendation = parts.recommendation
    item.background = parts.background
    item.attachments = parts.attachments
    item.other_texts = parts.other_texts
    item.case_route = parts.case_route
    found: list[Found] = []
    if parts.decision is not None:
        decision_text = _decision_text(parts.decision)
        if decision_text:
            item.decision = ParsedDecision(decision_text, classify_outcomes(decision_text))
            item.positions = positions_in(decision_text)
        elif not parts.case_route:
            warnings.append(f"Item {number} has an empty decision; none recorded.")
        found = statements(parts.decision)
    return item, found


def _decision_text(text: str) -> str:
    kept = [
        line for line in text.splitlines() if not re.match(r"^(?:Fraværende|Afbud)\s*:\s*$", line.strip())
    ]
    return "\n".join(kept).strip()


def meeting_attendance(
    reading: Reading, item_found: dict[str, list[Found]], items: Sequence[ParsedItem]
) -> tuple[list[ParsedAttendee], list[str]]:
    """The meeting's attendance: the header's lists and sentences, the meeting-level sentences inside the
    items ("Der er afbud fra ...", "... mødte som stedfortræder"), and, when the page has no list, the members
    every decided item says were away ("Fraværende: X" under each decision)."""
    warnings: list[str] = []
    people: list[ParsedAttendee] = [f.attendee for f in reading.found if f.meeting]
    from_items = [f for found in item_found.values() for f in found if f.meeting and not f.this_item]
    people += [f.attendee for f in from_items]
    # items that print who was away ("Fraværende: X" under each decision): a member away from all of them
    decided = [
        item.number for item in items if item.decision and any(f.this_item for f in item_found[item.number])
    ]
    if decided and not reading.found:
        away: Counter[str] = Counter()
        named: dict[str, ParsedAttendee] = {}
        for number in decided:
            names = dict.fromkeys(
                f.attendee.name
                for f in item_found.get(number, [])
                if f.this_item and f.attendee.status == ABSENT
            )
            for name in names:
                away[name] += 1
                named.setdefault(
                    name, next(f.attendee for f in item_found[number] if f.attendee.name == name)
                )
        for name, count in away.items():
            if count == len(decided):
                people.append(named[name])
        substitutes = [
            f.attendee
            for found in item_found.values()
            for f in found
            if f.attendee.substitute_kind and f.this_item
        ]
        people += substitutes
        if away and any(count == len(decided) for count in away.values()):
            warnings.append("Attendance read from the items' decisions (the page prints no attendance list).")
    return merge_attendees(people), warnings


def _set_absent(item: ParsedItem, absences: Sequence[ItemAbsence], found: Sequence[Found]) -> None:
    names: list[str] = []
    for absence in absences:
        if absence.covers(item.number) and absence.name not in names:
            names.append(absence.name)
    for f in found:
        if f.this_item and f.attendee.name not in names and (f.attendee.status == ABSENT or not f.meeting):
            names.append(f.attendee.name)
    item.absent = names
