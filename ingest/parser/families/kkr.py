"""KL's KKR template: the minutes and agendas of the five KKRs (Hovedstaden, Sjælland, Syddanmark,
Midtjylland, Nordjylland), as KL publishes them (PDF or its text).

Recognised by numbered items ("3.4. Title"), KL's case numbers at the start of a line ("SAG-2022-01250 ssan")
or its headings (Baggrund, Indstilling, Sagsfremstilling, Beslutning), and a KKR named in a page footer
("KKR HOVEDSTADEN | 21-06-2022") or in the text. The reading itself is ingest.parser.parse.
"""

from __future__ import annotations

import re

from ingest.parser.detection import Detection
from ingest.parser.document import KKR, ParsedMeeting
from ingest.parser.normalise import CASE_RE, FIELD_RE, ITEM_RE, find_footers
from ingest.parser.parse import parse_minutes

NAME = "kkr"
PRIORITY = 10  # asked first: KL's page footer decides at once, and most of the archive is KKR minutes
REGIONS = {
    "hovedstaden": "Region Hovedstaden",
    "sjælland": "Region Sjælland",
    "syddanmark": "Region Syddanmark",
    "midtjylland": "Region Midtjylland",
    "nordjylland": "Region Nordjylland",
}
_KKR_NAMED = re.compile(r"\bKKR\s+(" + "|".join(REGIONS) + r")", re.IGNORECASE)
_ITEM_LINE = re.compile(ITEM_RE.pattern, re.MULTILINE)
_FIELD_LINE = re.compile(FIELD_RE.pattern.replace("^", "^\\s*", 1), re.MULTILINE | FIELD_RE.flags)
_CASE_LINE = re.compile(CASE_RE.pattern, re.MULTILINE)


def detect(text: str) -> Detection | None:
    items = len(_ITEM_LINE.findall(text))
    if not items:
        return None
    if not (_CASE_LINE.search(text) or _FIELD_LINE.search(text)):  # whether there are any, not how many
        return None
    footers = find_footers(text)
    if footers and any("KKR" in body.upper() for body, _ in footers):
        body = footers[0][0]
        return Detection(NAME, 95, f"KL's KKR page footer ({body!r}) and {items} numbered items like '1.1.'")
    named = _KKR_NAMED.search(text)
    if named:
        return Detection(NAME, 80, f"names {named.group(0)!r}, with {items} numbered items like '1.1.'")
    # Numbered items with KL's case numbers or headings, but no KKR named: the template read without a
    # name; the parse says so (its body comes from the text, or it is refused).
    return Detection(NAME, 40, f"{items} numbered items like '1.1.' with KL's headings or SAG- case numbers")


def parse(text: str) -> ParsedMeeting:
    meeting = parse_minutes(text)
    meeting.body_kind = KKR
    region = _KKR_NAMED.match(meeting.body_name)
    meeting.region = REGIONS[region.group(1).lower()] if region else None
    return meeting
