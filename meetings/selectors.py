"""Read queries for the public pages, the JSON API and the feeds: one place, so they all show the same data.

Every function returns model instances with what its page needs already loaded (select_related/prefetch),
so a page costs a small, constant number of queries however many attendees or items a meeting has.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from danish.text import SEARCH_CONFIG, VOCABULARY_WORD
from meetings.models import (
    AgendaItem,
    AnnouncedMeeting,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    CaseStep,
    Correction,
    Decision,
    ItemAbsence,
    Meeting,
    Person,
    Position,
    SearchEntry,
    SearchWord,
    SourceDocument,
    Topic,
)

RELATED_LIMIT = 5
LATEST_MEETINGS = 20
RELATED_CANDIDATES = 200
RARE_WORDS = 3
TITLE_WORD = re.compile(r"\w{3,}")


def parse_iso_date(value: str) -> dt.date | None:
    """`2022-06-21` → date; anything else (also `2022-13-45`) → None."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def parse_year(value: str) -> int | None:
    """`2022` → 2022; anything but four digits → None."""
    return int(value) if re.fullmatch(r"[0-9]{4}", value or "") else None


# Meetings --------------------------------------------------------------------------------------------------


def item_count() -> Coalesce:
    """The number of a meeting's items as a correlated subquery.

    Unlike a GROUP BY over the join, PostgreSQL evaluates it only for the rows
    that survive ORDER BY ... LIMIT, so "the newest 20 meetings" does not count the items of every meeting.
    """
    counts = (
        AgendaItem.objects.current()
        .filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def meetings_list(*, year: int | None = None, body: str | None = None) -> QuerySet[Meeting]:
    """Meetings newest first, with their body and number of items (`item_count`)."""
    queryset = Meeting.objects.select_related("body").annotate(item_count=item_count()).newest_first()
    if year is not None:
        queryset = queryset.filter(date__year=year)
    if body is not None:
        queryset = queryset.filter(body__slug=body)
    return queryset


@dataclass
class BodyGroup:
    authority: str  # "Aarhus Kommune", "Region Syddanmark", or "KKR" for the KKRs
    bodies: list[Body]


_KIND_ORDER = {kind: n for n, kind in enumerate(BodyKind.values)}


def bodies_by_authority() -> list[BodyGroup]:
    """Every body with `meeting_count` and `last_meeting`, grouped by municipality or region (the KKRs first),
    councils before committees."""
    bodies = Body.objects.annotate(meeting_count=Count("meetings"), last_meeting=Max("meetings__date"))
    groups: dict[str, list[Body]] = {}
    for body in bodies:
        key = "KKR" if body.kind == BodyKind.KKR else (body.authority or "Uden kommune eller region")
        groups.setdefault(key, []).append(body)
    ordered = sorted(
        groups.items(), key=lambda pair: (pair[0] != "KKR", pair[0].startswith("Region "), pair[0])
    )
    return [
        BodyGroup(key, sorted(members, key=lambda b: (_KIND_ORDER.get(b.kind, 9), b.name)))
        for key, members in ordered
    ]


def meeting_years() -> list[dict]:
    """[{"year": 2022, "count": 3}, ...], newest year first."""
    return list(
        Meeting.objects.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )


def upcoming_meetings(*, today: dt.date | None = None) -> QuerySet[AnnouncedMeeting]:
    """Announced meetings from today on that are not (yet) in the archive."""
    today = today or dt.date.today()
    held = Meeting.objects.filter(body=OuterRef("body"), date=OuterRef("date"))
    return (
        AnnouncedMeeting.objects.filter(date__gte=today)
        .exclude(Exists(held))
        .select_related("body")
        .order_by("date", "body__name")
    )


def _documents_queryset() -> QuerySet[SourceDocument]:
    # The extracted text and its parse can be megabytes: never load them for a page.
    return (
        SourceDocument.objects.only(
            "id", "meeting", "file_name", "format", "kind", "ingested_at", "size", "sha256", "original",
            "version", "superseded_by", "changes",
        )
        .annotate(
            warning_count=Func(F("warnings"), function="jsonb_array_length", output_field=IntegerField())
        )
        .order_by("ingested_at")
    )


def _attendance_queryset() -> QuerySet[Attendance]:
    return Attendance.objects.select_related("person", "substitute_for").order_by(
        # present before absent, then by name
        Case(When(status=AttendanceStatus.PRESENT, then=Value(0)), default=Value(1)),
        "person__name",
    )


def meeting_detail(*, body: str, date: dt.date) -> Meeting:
    """One meeting with items (and decisions), attendance (with people) and source documents prefetched.

    Raises Meeting.DoesNotExist.
    """
    return (
        Meeting.objects.select_related("body")
        # Whether staff corrected the attendance: the corrections are read only then.
        .annotate(has_corrections=Exists(Correction.objects.active().filter(meeting=OuterRef("pk"), item=None)))
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.select_related("decision").order_by("sort_key")),
            Prefetch("attendance", queryset=_attendance_queryset()),
            Prefetch("documents", queryset=_documents_queryset()),
        )
        .get(body__slug=body, date=date)
    )


@dataclass
class Section:
    number: str
    title: str
    items: list[AgendaItem] = field(default_factory=list)


def group_by_section(items: list[AgendaItem]) -> list[Section]:
    """Consecutive items with the same section number form one section (items are in agenda order)."""
    sections: list[Section] = []
    for item in items:
        number = item.section_number or item.number.split(".")[0]
        if not sections or sections[-1].number != number:
            sections.append(Section(number=number, title=item.section_title or item.title))
        sections[-1].items.append(item)
    return sections


def decision_of(item: AgendaItem) -> Decision | None:
    """The item's decision, or None (the reverse one-to-one raises when there is none)."""
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None


# Agenda items ----------------------------------------------------------------------------------------------


def item_detail(*, body: str, date: dt.date, number: str) -> AgendaItem:
    """One item with its meeting, body, decision, topics and the members it mentions. Raises DoesNotExist."""
    return (
        AgendaItem.objects.select_related("meeting__body", "decision", "withdrawn_by")
        .annotate(has_corrections=Exists(Correction.objects.active().filter(item=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
            Prefetch("mentioned_people", queryset=Person.objects.order_by("name")),
            Prefetch("positions", queryset=Position.objects.select_related("person").order_by("order")),
            Prefetch("case_steps", queryset=CaseStep.objects.order_by("order")),
            Prefetch(
                "absences", queryset=ItemAbsence.objects.select_related("person").order_by("person__name")
            ),
        )
        .get(meeting__body__slug=body, meeting__date=date, number=number)
    )


def item_neighbours(item: AgendaItem) -> tuple[AgendaItem | None, AgendaItem | None]:
    """The previous and the next item of the same meeting, in agenda order (one query)."""
    siblings = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id)
        .filter(Q(withdrawn_by__isnull=True) | Q(pk=item.pk))  # a withdrawn item is nobody's neighbour
        .only("id", "number", "title")
        .order_by("sort_key")
    )
    for sibling in siblings:
        sibling.meeting = item.meeting  # for get_absolute_url without another query
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


def title_query(title: str) -> SearchQuery | None:
    """The words of a title OR-ed into a Danish tsquery; only word characters reach websearch syntax."""
    words = list(OrderedDict.fromkeys(w for w in TITLE_WORD.findall(title.lower()) if w != "or"))[:16]
    if not words:
        return None
    return SearchQuery(" or ".join(words), search_type="websearch", config=SEARCH_CONFIG)


def rare_title_words(title: str, *, count: int = RARE_WORDS) -> list[str]:
    """The title's `count` rarest words by the search vocabulary's document counts (one small indexed query)."""
    words = list(dict.fromkeys(VOCABULARY_WORD.findall(title.lower())))
    if not words:
        return []
    return list(
        SearchWord.objects.filter(word__in=words)
        .order_by("documents", "word")
        .values_list("word", flat=True)[:count]
    )


def related_items_queryset(item: AgendaItem, *, limit: int = RELATED_LIMIT) -> QuerySet[AgendaItem] | None:
    """The query behind `related_items` (None when the item has neither a case number nor known title words).

    Candidates: the other items under the same case number, and the newest RELATED_CANDIDATES items that
    contain one of the title's rarest words (so a title of common words such as "Godkendelse af referat"
    never makes the database rank half the archive). Candidates are ranked by ts_rank against all the
    title's words; same-case items first.
    """
    query = title_query(item.title)
    rare = rare_title_words(item.title)
    candidate_sets = []
    if rare:
        rare_query = SearchQuery(" or ".join(rare), search_type="websearch", config=SEARCH_CONFIG)
        candidate_sets.append(
            SearchEntry.objects.filter(document=rare_query)
            .order_by("-meeting_date")
            .values("item_id")[:RELATED_CANDIDATES]
        )
    if item.case_number:
        candidate_sets.append(AgendaItem.objects.filter(case_number=item.case_number).values("id"))
    if not candidate_sets:
        return None
    candidates = candidate_sets[0] if len(candidate_sets) == 1 else candidate_sets[0].union(candidate_sets[1])
    same_case = (
        Case(When(case_number=item.case_number, then=Value(1)), default=Value(0), output_field=IntegerField())
        if item.case_number
        else Value(0, output_field=IntegerField())
    )
    rank = SearchRank(F("search_entry__document"), query) if query is not None else Value(0.0)
    return (
        AgendaItem.objects.current()
        .filter(pk__in=candidates)
        .exclude(meeting_id=item.meeting_id)
        .select_related("meeting__body", "decision")
        .annotate(same_case_rank=same_case, similarity=rank)
        .order_by("-same_case_rank", F("similarity").desc(nulls_last=True), "-meeting__date", "sort_key")[
            :limit
        ]
    )


def related_items(item: AgendaItem, *, limit: int = RELATED_LIMIT) -> list[AgendaItem]:
    """Items of other meetings: first those under the same case number, then the most similar by title.

    Two small queries (the title's rare words, then the ranked candidates; see related_items_queryset).
    Each result has `same_case` (bool) set.
    """
    queryset = related_items_queryset(item, limit=limit)
    results = list(queryset) if queryset is not None else []
    for result in results:
        result.same_case = bool(result.same_case_rank)
    return results


def case_items(case_number: str) -> list[AgendaItem]:
    """Every item filed under one case number, oldest meeting first, in agenda order."""
    return list(
        AgendaItem.objects.current()
        .filter(case_number=case_number)
        .select_related("meeting__body", "decision")
        .order_by("meeting__date", "meeting_id", "sort_key")
    )


# Members ---------------------------------------------------------------------------------------------------


def _latest_attendance(field_name: str) -> Subquery:
    return Subquery(
        Attendance.objects.filter(person=OuterRef("pk"))
        .exclude(**{field_name: ""})
        .order_by("-meeting__date")
        .values(field_name)[:1]
    )


def members_list() -> QuerySet[Person]:
    """Every person with attendance counts and their latest party and municipality (as annotations)."""
    return Person.objects.annotate(
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        absent=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT)),
        latest_party=_latest_attendance("party"),
        latest_municipality=_latest_attendance("municipality"),
    ).order_by("name")


def attendance_rate(present: int, absent: int) -> float | None:
    total = present + absent
    return present / total if total else None


def member_parties() -> list[str]:
    return sorted(set(Attendance.objects.exclude(party="").values_list("party", flat=True).distinct()))


def member_municipalities() -> list[str]:
    return sorted(
        set(Attendance.objects.exclude(municipality="").values_list("municipality", flat=True).distinct())
    )


@dataclass
class Affiliation:
    """A stretch of consecutive meetings in which a member sat for the same party and municipality."""

    party: str
    municipality: str
    first: dt.date
    last: dt.date
    meetings: int = 1


@dataclass
class MemberRecord:
    person: Person
    attendance: list[Attendance]
    substituted_by: list[Attendance]
    mentions: list[AgendaItem]
    affiliations: list[Affiliation]
    positions: list[Position] = field(default_factory=list)  # where the member stood, newest first
    item_absences: list[ItemAbsence] = field(default_factory=list)  # items of attended meetings they missed

    @property
    def present(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status == AttendanceStatus.PRESENT]

    @property
    def absent(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status == AttendanceStatus.ABSENT]

    @property
    def substitutions(self) -> list[Attendance]:
        """Meetings at which this member stood in for someone else."""
        return [a for a in self.attendance if a.substitute_for_id]

    @property
    def rate(self) -> float | None:
        return attendance_rate(len(self.present), len(self.absent))

    @property
    def latest(self) -> Affiliation | None:
        return self.affiliations[-1] if self.affiliations else None


def affiliations(attendance: list[Attendance]) -> list[Affiliation]:
    """Party and municipality over time, oldest first, from attendance rows in any order."""
    result: list[Affiliation] = []
    for row in sorted(attendance, key=lambda a: a.meeting.date):
        if result and (result[-1].party, result[-1].municipality) == (row.party, row.municipality):
            result[-1].last = row.meeting.date
            result[-1].meetings += 1
        else:
            result.append(Affiliation(row.party, row.municipality, row.meeting.date, row.meeting.date))
    return result


def member_record(slug: str) -> MemberRecord:
    """Everything the member page and API show about one person (four queries). Raises Person.DoesNotExist."""
    person = Person.objects.get(slug=slug)
    attendance = list(
        person.attendance.select_related("meeting__body", "substitute_for").order_by("-meeting__date")
    )
    substituted_by = list(
        Attendance.objects.filter(substitute_for=person)
        .select_related("meeting__body", "person")
        .order_by("-meeting__date")
    )
    mentions = list(
        person.mentions.current()
        .select_related("meeting__body", "decision")
        .order_by("-meeting__date", "sort_key")
    )
    positions = list(
        person.positions.filter(item__withdrawn_by__isnull=True)
        .select_related("item__meeting__body")
        .order_by(
            "-item__meeting__date", "item__sort_key"
        )
    )
    item_absences = list(
        person.item_absences.filter(item__withdrawn_by__isnull=True)
        .select_related("item__meeting__body")
        .order_by(
            "-item__meeting__date", "item__sort_key"
        )
    )
    return MemberRecord(
        person=person,
        attendance=attendance,
        substituted_by=substituted_by,
        mentions=mentions,
        affiliations=affiliations(attendance),
        positions=positions,
        item_absences=item_absences,
    )


def member_mentions_feed(person: Person, *, limit: int = 50) -> QuerySet[AgendaItem]:
    return newest_items(SearchEntry.objects.filter(item__mentioned_people=person), stop=limit)


# Topics ----------------------------------------------------------------------------------------------------


TopicItem = Topic.items.through


def topics_list() -> QuerySet[Topic]:
    """Every topic with `item_count`, counted per topic on the (topic, item) index, not by a GROUP BY join."""
    counts = TopicItem.objects.filter(topic=OuterRef("pk")).order_by().values("topic").annotate(n=Count("*"))
    return Topic.objects.annotate(
        item_count=Coalesce(Subquery(counts.values("n"), output_field=IntegerField()), 0)
    ).order_by("name")


NEWEST_FIRST = ("-meeting_date", "item_id")  # SearchEntry order: newest meeting first, then agenda order


def newest_items(entries: QuerySet[SearchEntry], *, start: int = 0, stop: int) -> QuerySet[AgendaItem]:
    """The items of `entries[start:stop]` newest first, fully loaded for a list or a feed.

    A deferred join: the page's item ids come from the narrow, date-indexed SearchEntry (so the database walks
    the newest entries and stops after one page), and only those items are then loaded with their meeting,
    body and decision. Ordering the wide item table itself would sort every matching item first.
    """
    ids = entries.order_by(*NEWEST_FIRST).values("item_id")[start:stop]
    return (
        AgendaItem.objects.filter(pk__in=Subquery(ids))
        .select_related("meeting__body", "decision")
        .order_by("-search_entry__meeting_date", "id")
    )


def topic_entries(topic: Topic, *, year: int | None = None) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.filter(item__topics=topic)
    if year is not None:
        entries = entries.filter(
            meeting_date__gte=dt.date(year, 1, 1), meeting_date__lt=dt.date(year + 1, 1, 1)
        )
    return entries


def topic_items(
    topic: Topic, *, year: int | None = None, start: int = 0, stop: int = 50
) -> QuerySet[AgendaItem]:
    return newest_items(topic_entries(topic, year=year), start=start, stop=stop)


def topic_years(topic: Topic) -> list[dict]:
    """[{"year": 2022, "count": 12}, ...] newest first: the topic's timeline."""
    return list(
        TopicItem.objects.filter(topic=topic)
        .annotate(year=ExtractYear("agendaitem__search_entry__meeting_date"))
        .values("year")
        .annotate(count=Count("*"))
        .order_by("-year")
    )


def by_year(items: list[AgendaItem]) -> list[tuple[int, list[AgendaItem]]]:
    """[(2022, [items...]), (2021, [...])] keeping the given order (newest first)."""
    years: OrderedDict[int, list[AgendaItem]] = OrderedDict()
    for item in items:
        years.setdefault(item.meeting.date.year, []).append(item)
    return list(years.items())


# The archive as a whole ------------------------------------------------------------------------------------


@dataclass
class ArchiveStats:
    meetings: int
    items: int
    decisions: int
    first_date: dt.date | None
    last_date: dt.date | None
    last_ingest: dt.datetime | None
    bodies: int

    @property
    def years(self) -> int:
        if not self.first_date or not self.last_date:
            return 0
        return self.last_date.year - self.first_date.year + 1


def archive_stats() -> ArchiveStats:
    """Counts of what the archive holds, in one query."""
    tables = {
        "meeting": Meeting._meta.db_table,
        "item": AgendaItem._meta.db_table,
        "decision": Decision._meta.db_table,
        "document": SourceDocument._meta.db_table,
        "body": Body._meta.db_table,
    }
    sql = (
        f"SELECT (SELECT count(*) FROM {tables['meeting']}), (SELECT count(*) FROM {tables['item']}), "
        f"(SELECT count(*) FROM {tables['decision']}), (SELECT min(date) FROM {tables['meeting']}), "
        f"(SELECT max(date) FROM {tables['meeting']}), (SELECT max(ingested_at) FROM {tables['document']}), "
        f"(SELECT count(*) FROM {tables['body']})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return ArchiveStats(*row)


# Calendar --------------------------------------------------------------------------------------------------


CALENDAR_MEETINGS = 1000


def calendar_meetings(*, body: str | None = None, limit: int = CALENDAR_MEETINGS) -> list[Meeting]:
    """The newest `limit` meetings (of one body, if given), oldest first."""
    queryset = Meeting.objects.select_related("body").only(
        "date", "start_time", "location", "kind", "updated_at", "body__name", "body__slug"
    )
    if body is not None:
        queryset = queryset.filter(body__slug=body)
    return sorted(queryset.order_by("-date", "body__name")[:limit], key=lambda m: (m.date, m.body.name))


def calendar_announcements(
    *, body: str | None = None, since: dt.date | None = None
) -> QuerySet[AnnouncedMeeting]:
    """Announced dates (from `since` on) not (yet) in the archive as meetings."""
    held = Meeting.objects.filter(body=OuterRef("body"), date=OuterRef("date"))
    queryset = (
        AnnouncedMeeting.objects.exclude(Exists(held))
        .select_related("body", "source")
        .only("id", "date", "body", "source", "body__name", "body__slug", "source__ingested_at")
        .order_by("date", "body__name")
    )
    if body is not None:
        queryset = queryset.filter(body__slug=body)
    if since is not None:
        queryset = queryset.filter(date__gte=since)
    return queryset

# Versions and corrections ------------------------------------------------------------------------------------


def meeting_updates(documents: list[SourceDocument]) -> list[SourceDocument]:
    """The new versions among a meeting's documents (version 2 and up), newest first, with their change logs."""
    return sorted((d for d in documents if d.version > 1), key=lambda d: (d.ingested_at, d.pk), reverse=True)


def public_corrections(*, meeting: Meeting, item: AgendaItem | None = None) -> list[Correction]:
    """The corrections in force of one item (or of the meeting's attendance), oldest first, for "Rettet"; no query
    when `meeting_detail`/`item_detail` found none (`has_corrections`)."""
    if not getattr(item if item is not None else meeting, "has_corrections", True):
        return []
    corrections = Correction.objects.active().filter(meeting=meeting).select_related("person")
    target = {"item": item} if item is not None else {"item__isnull": True}
    return list(corrections.filter(**target).order_by("created_at", "pk"))
