"""What each kind of source publishes and how its listing page leads to documents (pure: HTML in, data out).

- `links`: any "Dagsordener og referater" page: every link on the site naming an agenda or minutes.
- `firstagenda`: FirstAgenda Publication (dagsordener.<kommune>.dk), rendered by JavaScript: the front page lists
  meetings as `/vis?<Dagsorden|Referat>-<udvalg>-d.<dd-mm-yyyy>-kl.<hh.mm>&id=<uuid>`; each meeting page is the
  document (read by the parser's firstagenda family once rendered).
- `kl`: KL's KKR pages ("Mødemateriale"): the year's meeting dates under "Mødedatoer", and per meeting links to
  "dagsorden", "referat" and "bilag" (attachments are not minutes and are not fetched).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from danish.dates import MONTHS, find_dates
from harvest.links import Link, find_links, is_document_link, same_site
from ingest.html_text import html_to_text


@dataclass(frozen=True)
class Candidate:
    """A link the harvester will fetch as a meeting's document."""

    url: str
    text: str
    render: bool = False  # the page exists only once JavaScript has run
    wait_for: str | None = None  # CSS selector the rendered page has when it is complete


# FirstAgenda Publication: what a rendered front page and meeting page contain when they are complete.
FIRSTAGENDA_LISTING_READY = "a[href*='/vis?']"
FIRSTAGENDA_MEETING_READY = "#dagsordenDetaljer"
_FIRSTAGENDA_MEETING = re.compile(r"^(?:Dagsorden|Referat)\b", re.IGNORECASE)


def documents(kind: str, html: str | bytes, page_url: str, site_url: str) -> list[Candidate]:
    """The documents a listing page of a source of `kind` links to, in the page's order."""
    links = find_links(html, page_url)
    if kind == "firstagenda":
        return [
            Candidate(url=link.url, text=link.text, render=True, wait_for=FIRSTAGENDA_MEETING_READY)
            for link in links
            if is_firstagenda_meeting(link, site_url)
        ]
    # The listing's own pages (its next page, other sort orders of it: the same path) are not documents, whatever
    # their URL says ("/dagsordener-og-referater?side=2").
    own = urlsplit(page_url).path.rstrip("/")
    return [
        Candidate(url=link.url, text=link.text)
        for link in links
        if is_document_link(link, site_url) and urlsplit(link.url).path.rstrip("/") != own
    ]


def is_firstagenda_meeting(link: Link, site_url: str) -> bool:
    parts = urlsplit(link.url)
    if not same_site(link.url, site_url) or not parts.path.rstrip("/").endswith("/vis"):
        return False
    query = parse_qs(parts.query, keep_blank_values=True)
    named = _FIRSTAGENDA_MEETING.search(parts.query) or re.search(r"dagsorden|referat", link.text, re.I)
    return bool(query.get("id")) and bool(named)


# A listing's link to its next page: rel="next", or the words Danish listings use for it.
_NEXT_PAGE = re.compile(r"^(?:næste(?: side)?|ældre(?: møder)?|flere|[›»>]|næste ›|næste »)$", re.IGNORECASE)


def next_page(html: str | bytes, page_url: str, site_url: str) -> str | None:
    """The URL of the listing's next page on the same site (rel="next", "Næste side", "»"), or None."""
    for link in find_links(html, page_url):
        named = "next" in link.rel.split() or _NEXT_PAGE.match(link.text)
        if named and same_site(link.url, site_url) and link.url != page_url:
            return link.url
    return None


@dataclass(frozen=True)
class Announced:
    """Meetings a body has announced: KL's "Mødedatoer" list, with the start time where the page gives one
    ("KKR Sjælland holder møde den 17. april 2024 kl. 9.30 – 12.30")."""

    body_name: str  # "KKR Sjælland"
    dates: tuple[dt.date, ...]
    times: dict[dt.date, dt.time] = field(default_factory=dict)


_KKR_NAME = re.compile(r"\bKKR\s+(Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland)\b")
_YEAR_LINE = re.compile(r"^(?:19|20)\d\d$")
_DAY_MONTH = re.compile(r"\b(?:den\s+)?(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\b", re.IGNORECASE)


def kl_announced(html: str | bytes) -> Announced | None:
    """The meeting dates on a KL KKR page: under "Mødedatoer", a year on a line of its own and the meetings of
    that year as "Onsdag den 8. februar" (a constituent meeting "Konstituerende møde Tirsdag den 27. januar").
    None when the page has no such list or names no KKR."""
    text = html_to_text(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html)
    name = _KKR_NAME.search(text)
    start = text.find("Mødedatoer")
    if not name or start < 0:
        return None
    end = text.find("Mødemateriale", start + 1)
    dates: list[dt.date] = []
    year: int | None = None
    for line in text[start : end if end > 0 else None].splitlines():
        line = line.strip(" •\t-–")
        if _YEAR_LINE.match(line):
            year = int(line)
            continue
        if year and (match := _DAY_MONTH.search(line)):
            try:
                dates.append(dt.date(year, MONTHS[match[2].lower()], int(match[1])))
            except ValueError:
                continue
    if not dates:
        return None
    times = {date: time for date, time, _ in find_dates(text) if time is not None and date in dates}
    return Announced(body_name=name[0], dates=tuple(dates), times=times)
