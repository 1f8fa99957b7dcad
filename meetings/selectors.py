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
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear

from danish.bodies import body_slug
from danish.slugs import danish_slugify
from danish.text import SEARCH_CONFIG, VOCABULARY_WORD
from meetings.minutes_changes import MinutesChanges
from meetings.minutes_changes import compare as compare_minutes
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
    MeetingKind,
    Person,
    Position,
    SearchEntry,
    SearchWord,
    SourceDocument,
    Topic,
    authority_short,
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
            "id",
            "meeting",
            "file_name",
            "format",
            "kind",
            "ingested_at",
            "size",
            "sha256",
            "original",
            "version",
            "superseded_by",
            "changes",
        )
        .annotate(
            warning_count=Func(F("warnings"), function="jsonb_array_length", output_field=IntegerField()),
            # Read out of the parse in SQL, so the meeting page can say where its attendance came from.
            attendance_count=Coalesce(
                RawSQL("jsonb_array_length(parsed -> 'attendance')", [], output_field=IntegerField()), 0
            ),
            attendance_complete=RawSQL(
                "coalesce((parsed ->> 'attendance_complete')::boolean, false)",
                [],
                output_field=BooleanField(),
            ),
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
        .annotate(
            has_corrections=Exists(Correction.objects.active().filter(meeting=OuterRef("pk"), item=None)),
            has_item_corrections=Exists(Correction.objects.active().filter(meeting=OuterRef("pk"), item__isnull=False)),
        )
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


# Provenance: which document each fact came from -------------------------------------------------------------

# The item fields whose document is named on the item page, with the Danish word for each.
PROVENANCE_FIELDS = {"title": "titel", "decision": "beslutning", "recommendation": "indstilling"}


def document_name(document: SourceDocument) -> str:
    """What the public reads instead of an internal file name: `Referat (PDF)`, `Dagsorden (webside)`."""
    return f"{document.get_kind_display()} ({document.get_format_display().lower()})".replace(
        "(pdf)", "(PDF)"
    )


def document_link(document: SourceDocument, page: int | None = None) -> str | None:
    """The original file's URL, at the page for a PDF (`#page=N`); None when the original was not kept."""
    if not document.original:
        return None
    url = document.get_absolute_url()
    if page and document.format == SourceDocument.Format.PDF:
        url += f"#page={page}"
    return url


@dataclass
class Source:
    """One document an item was read from: its public name, the page, and the fields it supplied."""

    document: SourceDocument
    page: int | None
    fields: list[str] = field(default_factory=list)  # of PROVENANCE_FIELDS: ["title", "decision"]

    @property
    def name(self) -> str:
        return document_name(self.document)

    @property
    def url(self) -> str | None:
        return document_link(self.document, self.page)

    @property
    def field_words(self) -> str:
        """`titel, beslutning`: the fields this document supplied, as the page names them."""
        return ", ".join(PROVENANCE_FIELDS[name] for name in self.fields)


def _has(parsed_item: dict, name: str) -> bool:
    value = parsed_item.get(name)
    if name == "decision":
        return bool(value and (value.get("text") or "").strip())
    return bool(value)


def item_sources(item: AgendaItem) -> list[Source]:
    """The documents the item was read from, best first (the order ingest recorded in `item.sources`).

    A field came from the first of them that has it: the merge's rule (ingest.merge takes each field from
    the best-ranked document that has it), applied to each document's own parse of this item, which one
    query reads out of the stored parses without loading them whole.
    """
    wanted = [source.get("sha256", "") for source in item.sources]
    if not wanted:
        return []
    parse_of_item = RawSQL(
        "jsonb_path_query_first(parsed, '$.items[*] ? (@.number == $n)', jsonb_build_object('n', %s::text))",
        [item.number],
        output_field=JSONField(),
    )
    documents = {
        document.sha256: document
        for document in SourceDocument.objects.filter(sha256__in=wanted)
        .only("id", "sha256", "file_name", "format", "kind", "original", "ingested_at")
        .annotate(parse_of_item=parse_of_item)
    }
    sources: list[Source] = []
    for entry in item.sources:
        document = documents.get(entry.get("sha256", ""))
        if document is not None:
            sources.append(Source(document=document, page=entry.get("page")))
    for name in PROVENANCE_FIELDS:
        supplier = next((s for s in sources if _has(s.document.parse_of_item or {}, name)), None)
        if supplier is not None:
            supplier.fields.append(name)
    return sources


def attendance_source(documents: list[SourceDocument]) -> SourceDocument | None:
    """The document the meeting's attendance list came from: the merge's rule (ingest.merge, a complete list
    first, then the longest), over documents annotated by `_documents_queryset`; None without a list."""
    with_list = [d for d in documents if d.attendance_count]
    if not with_list:
        return None
    return max(with_list, key=lambda d: (bool(d.attendance_complete), d.attendance_count))


def minutes_changes(meeting: Meeting) -> MinutesChanges | None:
    """What the minutes changed against the agenda, when the meeting has both (None otherwise).

    Compares the newest agenda and the newest minutes among the meeting's (prefetched) documents; their stored
    parses are read only then, in one query.
    """
    documents = list(meeting.documents.all())
    newest = {}
    for document in sorted(documents, key=lambda d: (d.ingested_at, d.pk)):
        newest[document.kind] = document.pk
    if set(newest) != {MeetingKind.AGENDA, MeetingKind.MINUTES}:
        return None
    parsed = dict(SourceDocument.objects.filter(pk__in=newest.values()).values_list("pk", "parsed"))
    return compare_minutes(parsed[newest[MeetingKind.AGENDA]], parsed[newest[MeetingKind.MINUTES]])


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
        .prefetch_related(Prefetch("case_steps", queryset=CaseStep.objects.order_by("order")))
        .order_by("meeting__date", "meeting_id", "sort_key")
    )


# A body that files a whole meeting under one number (KKR: SAG-2022-01250 for all 14 items of 21 June 2022):
# a number on at least this many items of one meeting, or on at least half of them, names the meeting.
MEETING_LEVEL_MIN_ITEMS = 3


def meeting_level_meetings(case_number: str) -> set[int]:
    """The ids of the meetings in which `case_number` is a meeting-level number, not one case (one query)."""
    total = (
        AgendaItem.objects.current()
        .filter(meeting=OuterRef("meeting"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        AgendaItem.objects.current()
        .filter(case_number=case_number)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"), total=Subquery(total, output_field=IntegerField()))
    )
    return {
        row["meeting"]
        for row in rows
        if row["n"] >= MEETING_LEVEL_MIN_ITEMS or (row["total"] > 1 and 2 * row["n"] >= row["total"])
    }


@dataclass
class Step:
    """One treatment of a case: an archived item, or a step of an item's "Sagsforløb" (linked when archived)."""

    date: dt.date | None
    body_name: str
    number: str = ""
    title: str = ""
    text: str = ""
    item: AgendaItem | None = None  # the archived item of this step
    meeting: Meeting | None = None  # the archived meeting, when the step names no item we can find
    from_route: bool = False  # read from another item's "Sagsforløb"

    @property
    def url(self) -> str | None:
        if self.item is not None:
            return self.item.get_absolute_url()
        return self.meeting.get_absolute_url() if self.meeting is not None else None


def _step_slugs(step: CaseStep, body: Body) -> list[str]:
    """The slugs the body a step names may have: "Magistraten" of Aarhus Kommune is `aarhus-magistraten`, and
    "Aarhus Byråd", named with its town, is `aarhus-byraad` too."""
    name = " ".join(step.body_name.split())
    names = [name]
    town = authority_short(body.authority) if body.authority else ""
    if town and name.lower().startswith(town.lower() + " "):
        names.append(name[len(town) + 1 :])
    slugs_found = []
    for candidate in names:
        slugs_found.append(
            body_slug(candidate, municipality=body.municipality or None, region=body.region or None)
        )
        slugs_found.append(danish_slugify(candidate))
    return list(dict.fromkeys(slugs_found))


def route_targets(items: list[AgendaItem]) -> dict[int, tuple[Meeting | None, AgendaItem | None]]:
    """For each case step of `items` (prefetched), the archived meeting and item it names, by step id.

    A step names a body, a date and sometimes an item number; without a number, the item of that meeting with
    the same case number or the same title is the step. Two queries however many steps there are.
    """
    wanted: dict[int, tuple[list[str], dt.date, CaseStep, AgendaItem]] = {}
    for item in items:
        for step in item.case_steps.all():
            if step.date is not None:
                wanted[step.pk] = (_step_slugs(step, item.meeting.body), step.date, step, item)
    if not wanted:
        return {}
    all_slugs = {slug for slugs_, _, _, _ in wanted.values() for slug in slugs_}
    dates = {date for _, date, _, _ in wanted.values()}
    meetings = {
        (m.body.slug, m.date): m
        for m in Meeting.objects.filter(body__slug__in=all_slugs, date__in=dates)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.current()
                .only("id", "meeting", "number", "title", "case_number")
                .order_by("sort_key"),
            )
        )
    }
    targets: dict[int, tuple[Meeting | None, AgendaItem | None]] = {}
    for step_id, (slugs_, date, step, source) in wanted.items():
        meeting = next((meetings[(s, date)] for s in slugs_ if (s, date) in meetings), None)
        if meeting is None:
            continue
        found = None
        for candidate in meeting.items.all():
            candidate.meeting = meeting
            if step.number and candidate.number == step.number:
                found = candidate
            elif not step.number and (
                (source.case_number and candidate.case_number == source.case_number)
                or " ".join(candidate.title.split()).lower() == " ".join(source.title.split()).lower()
            ):
                found = found or candidate
        targets[step_id] = (meeting, found)
    return targets


@dataclass
class CaseTimeline:
    case_number: str
    steps: list[Step]
    # Meetings that file every item under this number: their items are listed apart, not as one case.
    meeting_level: list[tuple[Meeting, list[AgendaItem]]] = field(default_factory=list)

    @property
    def is_meeting_level_only(self) -> bool:
        return bool(self.meeting_level) and not any(step.item and not step.from_route for step in self.steps)


def case_timeline(case_number: str) -> CaseTimeline | None:
    """One case across bodies and meetings: the items filed under the number and the steps of their case
    routes, oldest first, each linked when archived; a meeting-level number's items listed apart. None when
    no item has the number."""
    items = case_items(case_number)
    if not items:
        return None
    meeting_level_ids = meeting_level_meetings(case_number)
    case = [item for item in items if item.meeting_id not in meeting_level_ids]
    grouped: dict[int, tuple[Meeting, list[AgendaItem]]] = {}
    for item in items:
        if item.meeting_id in meeting_level_ids:
            grouped.setdefault(item.meeting_id, (item.meeting, []))[1].append(item)
    steps = [
        Step(
            date=item.meeting.date,
            body_name=item.meeting.body.full_name,
            number=item.number,
            title=item.title,
            text=(decision_of(item).text if decision_of(item) else ""),
            item=item,
            meeting=item.meeting,
        )
        for item in case
    ]
    seen = {item.pk for item in case}
    targets = route_targets(case)
    for item in case:
        for case_step in item.case_steps.all():
            meeting, target = targets.get(case_step.pk, (None, None))
            if target is not None and target.pk in seen:
                continue  # the step is an item already on the timeline
            if target is not None:
                seen.add(target.pk)
            steps.append(
                Step(
                    date=case_step.date,
                    body_name=case_step.body_name,
                    number=case_step.number or (target.number if target else ""),
                    title=target.title if target else "",
                    text=case_step.text,
                    item=target,
                    meeting=meeting,
                    from_route=True,
                )
            )
    steps.sort(key=lambda step: (step.date is None, step.date or dt.date.min))
    return CaseTimeline(case_number=case_number, steps=steps, meeting_level=list(grouped.values()))


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
        .order_by("-item__meeting__date", "item__sort_key")
    )
    item_absences = list(
        person.item_absences.filter(item__withdrawn_by__isnull=True)
        .select_related("item__meeting__body")
        .order_by("-item__meeting__date", "item__sort_key")
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
        f"SELECT (SELECT count(*) FROM {tables['meeting']}), "
        # Withdrawn items (docs/trust.md) are not what the archive holds now.
        f"(SELECT count(*) FROM {tables['item']} WHERE withdrawn_by_id IS NULL), "
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
        .only(
            "id",
            "date",
            "start_time",
            "announced_at",
            "announced_by",
            "body",
            "source",
            "body__name",
            "body__slug",
            "source__ingested_at",
        )
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


def item_corrections(meeting: Meeting) -> dict[int, list[Correction]]:
    """The corrections in force of each item of a `meeting_detail` meeting, by item id; no query when none."""
    if not getattr(meeting, "has_item_corrections", True):
        return {}
    by_item: dict[int, list[Correction]] = {}
    for correction in Correction.objects.active().filter(meeting=meeting, item__isnull=False).order_by("created_at"):
        by_item.setdefault(correction.item_id, []).append(correction)
    return by_item
