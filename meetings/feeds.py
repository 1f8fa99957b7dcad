"""RSS and Atom feeds (django.contrib.syndication) and the iCalendar feed of meeting dates.

Feed readers treat an RSS description as HTML, so document text is HTML-escaped here before the feed
generator XML-escapes it again: a `<script>` in a minute shows as text in every reader. Characters XML 1.0
and iCalendar cannot carry (Ctrl-Z from DOS files, ESC, vertical tabs from PDF extraction) are dropped, so
one such document cannot make a feed fail.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator

from meetings import selectors
from meetings.models import AgendaItem, AnnouncedMeeting, Meeting, Person, Topic

FEED_LENGTH = 50
SUMMARY_WORDS = 80

# Everything outside XML 1.0's Char production: C0 controls but tab, LF and CR, lone surrogates, U+FFFE/U+FFFF.
NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value):
    """`value` without the characters XML 1.0 cannot carry (strings, also inside lists and tuples)."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(v) for v in value)
    return value


class _XmlSafeFeed:
    """A feed generator that drops characters XML cannot carry instead of failing the whole feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})


class XmlSafeRssFeed(_XmlSafeFeed, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(_XmlSafeFeed, Atom1Feed):
    pass


def _danish_date(date: dt.date) -> str:
    return f"{date:%d.%m.%Y}"


def _item_title(item: AgendaItem) -> str:
    meeting = item.meeting
    return f"{item.number}. {item.title} ({meeting.body.name}, {_danish_date(meeting.date)})"


def _item_description(item: AgendaItem) -> str:
    decision = selectors.decision_of(item)
    if decision and decision.text:
        label, text = "Beslutning", decision.text
    elif item.recommendation:
        label, text = "Indstilling", item.recommendation
    else:
        label, text = "Baggrund", item.background
    text = Truncator(text).words(SUMMARY_WORDS)
    return f"<p><strong>{label}:</strong></p>{linebreaks(escape(text))}" if text else ""


class _ItemFeedMixin:
    def item_title(self, item: AgendaItem) -> str:
        return _item_title(item)

    def item_description(self, item: AgendaItem) -> str:
        return _item_description(item)

    def item_link(self, item: AgendaItem) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: AgendaItem) -> dt.datetime:
        return item.meeting.created_at

    def item_updateddate(self, item: AgendaItem) -> dt.datetime:
        return item.meeting.updated_at


# Meetings --------------------------------------------------------------------------------------------------


class MeetingsFeed(Feed):
    feed_type = XmlSafeRssFeed
    title = "KKR-arkivet: nye møder"
    description = "Nye dagsordener og referater i KKR-arkivet."
    description_template = None
    language = "da"

    def link(self) -> str:
        return reverse("meetings:meeting_list")

    def feed_url(self) -> str:
        return reverse("meetings:feed_meetings")

    def items(self):
        return selectors.meetings_list().prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.current().only("id", "meeting", "number", "title").order_by("sort_key"),
            )
        )[:FEED_LENGTH]

    def item_title(self, meeting: Meeting) -> str:
        return f"{meeting.body.name}, {meeting.get_kind_display().lower()} {_danish_date(meeting.date)}"

    def item_description(self, meeting: Meeting) -> str:
        items = "".join(
            f"<li>{escape(item.number)}. {escape(item.title)}</li>" for item in meeting.items.all()
        )
        return f"<p>{meeting.item_count} punkter</p><ul>{items}</ul>"

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting: Meeting) -> dt.datetime:
        return meeting.created_at

    def item_updateddate(self, meeting: Meeting) -> dt.datetime:
        return meeting.updated_at


class MeetingsAtomFeed(MeetingsFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = MeetingsFeed.description

    def feed_url(self) -> str:
        return reverse("meetings:feed_meetings_atom")


# Topics ----------------------------------------------------------------------------------------------------


class TopicFeed(_ItemFeedMixin, Feed):
    feed_type = XmlSafeRssFeed
    language = "da"

    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        try:
            return Topic.objects.get(slug=slug)
        except Topic.DoesNotExist as exc:
            raise Http404("Emnet findes ikke") from exc

    def title(self, topic: Topic) -> str:
        return f"KKR-arkivet: {topic.name}"

    def description(self, topic: Topic) -> str:
        return topic.description or f"Nye punkter om {topic.name}."

    def link(self, topic: Topic) -> str:
        return topic.get_absolute_url()

    def feed_url(self, topic: Topic) -> str:
        return reverse("meetings:topic_feed", kwargs={"slug": topic.slug})

    def items(self, topic: Topic):
        return selectors.topic_items(topic, stop=FEED_LENGTH)


class TopicAtomFeed(TopicFeed):
    feed_type = XmlSafeAtomFeed

    def subtitle(self, topic: Topic) -> str:
        return self.description(topic)

    def feed_url(self, topic: Topic) -> str:
        return reverse("meetings:topic_feed_atom", kwargs={"slug": topic.slug})


# Members ---------------------------------------------------------------------------------------------------


class MemberFeed(_ItemFeedMixin, Feed):
    feed_type = XmlSafeRssFeed
    language = "da"

    def get_object(self, request: HttpRequest, slug: str) -> Person:
        try:
            return Person.objects.get(slug=slug)
        except Person.DoesNotExist as exc:
            raise Http404("Medlemmet findes ikke") from exc

    def title(self, person: Person) -> str:
        return f"KKR-arkivet: punkter der nævner {person.name}"

    def description(self, person: Person) -> str:
        return f"Nye dagsordenspunkter, der nævner {person.name}."

    def link(self, person: Person) -> str:
        return person.get_absolute_url()

    def feed_url(self, person: Person) -> str:
        return reverse("meetings:member_feed", kwargs={"slug": person.slug})

    def items(self, person: Person):
        return selectors.member_mentions_feed(person, limit=FEED_LENGTH)


class MemberAtomFeed(MemberFeed):
    feed_type = XmlSafeAtomFeed

    def subtitle(self, person: Person) -> str:
        return self.description(person)

    def feed_url(self, person: Person) -> str:
        return reverse("meetings:member_feed_atom", kwargs={"slug": person.slug})


# iCalendar (RFC 5545) --------------------------------------------------------------------------------------

CRLF = "\r\n"
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")  # the time documents print is Danish local time
FOLD_AT = 75  # octets per line, excluding the CRLF


ICAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # RFC 5545 TEXT allows no CONTROL but HTAB


def ical_escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines; drop other control characters."""
    return (
        ICAL_CONTROL.sub("", text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    chunks: list[str] = []
    current, size, limit = "", 0, FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, FOLD_AT - 1  # continuation lines start with one space
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def _stamp(moment: dt.datetime | None) -> str:
    moment = moment or timezone.now()
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(date: dt.date, start: dt.time | None) -> list[str]:
    """An all-day event when the start time is unknown; else the start in UTC (no VTIMEZONE needed) and no end,
    because documents give when a meeting begins, not when it ends (RFC 5545: it then ends as it starts)."""
    if start is None:
        return [f"DTSTART;VALUE=DATE:{date:%Y%m%d}", f"DTEND;VALUE=DATE:{date + dt.timedelta(days=1):%Y%m%d}"]
    local = dt.datetime.combine(date, start, tzinfo=COPENHAGEN)
    return [f"DTSTART:{_stamp(local)}"]


def _event(
    *,
    uid: str,
    stamp: dt.datetime | None,
    date: dt.date,
    summary: str,
    url: str = "",
    location: str = "",
    start: dt.time | None = None,
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_stamp(stamp)}",
        *_when(date, start),
        f"SUMMARY:{ical_escape(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{ical_escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def _uid(body_slug: str, date: dt.date) -> str:
    # The same UID for an announced date and the meeting later archived on it: calendars update the event.
    return f"{body_slug}-{date:%Y%m%d}@kkr-arkivet"


def calendar_text(
    *, meetings: Iterable[Meeting], announced: Iterable[AnnouncedMeeting], base_url: str
) -> str:
    """The VCALENDAR of every archived meeting and every announced date not archived yet."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KKR-arkivet//Mødekalender//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:KKR-møder",
        "X-WR-TIMEZONE:Europe/Copenhagen",
    ]
    for meeting in meetings:
        lines += _event(
            uid=_uid(meeting.body.slug, meeting.date),
            stamp=meeting.updated_at,
            date=meeting.date,
            summary=f"{meeting.body.name}: møde ({meeting.get_kind_display().lower()})",
            url=base_url + meeting.get_absolute_url(),
            location=meeting.location,
            start=meeting.start_time,
        )
    for announcement in announced:
        lines += _event(
            uid=_uid(announcement.body.slug, announcement.date),
            stamp=announcement.source.ingested_at if announcement.source else announcement.announced_at,
            date=announcement.date,
            summary=f"{announcement.body.name}: møde (annonceret)",
            start=announcement.start_time,
            url=announcement.announced_by,
        )
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
