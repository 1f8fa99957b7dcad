"""Import: rebuild an empty archive from an `opendata.export` file.

Import works in one transaction (all or nothing), writing each batch of meetings with bulk inserts and
re-indexing its items for search, and checks the header's counts so a truncated file is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction

from danish.item_numbers import item_sort_key
from meetings.models import (
    AgendaItem,
    AnnouncedMeeting,
    Attendance,
    Body,
    Decision,
    Meeting,
    Person,
    SearchEntry,
    SearchWord,
    SourceDocument,
    Topic,
)
from opendata.format import FORMAT, VERSION, ArchiveError
from search.indexing import index_items, sync_topic_ids

IMPORT_BATCH = 100

logger = logging.getLogger("kkrarchive.archive")


# Import ----------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    meetings: int = 0
    items: int = 0
    decisions: int = 0
    documents: int = 0
    people: int = 0
    topics: int = 0


@dataclass
class _Batch:
    """Meetings parsed from the file and not yet written: (line number, record) pairs."""

    records: list[tuple[int, dict]] = field(default_factory=list)

    @property
    def lines(self) -> str:
        first, last = self.records[0][0], self.records[-1][0]
        return f"line {first}" if first == last else f"lines {first}-{last}"


def _records(lines: Iterable[str]) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ArchiveError(f"line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise ArchiveError(f"line {number}: expected a JSON object")
        yield number, record


def _check_header(number: int, record: dict) -> dict:
    if record.get("format") != FORMAT:
        raise ArchiveError(f"line {number}: not a {FORMAT} file (the first line must be its header)")
    if record.get("version") != VERSION:
        raise ArchiveError(
            f"line {number}: format version {record.get('version')!r}; this code reads {VERSION}"
        )
    return record


def import_archive(lines: Iterable[str], batch_size: int = IMPORT_BATCH) -> ImportResult:
    """Rebuild an empty archive from the lines of an export, in one transaction: all of it or nothing."""
    records = _records(lines)
    first = next(records, None)
    if first is None:
        raise ArchiveError("the file is empty")
    header = _check_header(*first)
    result = ImportResult()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Ingests wait until the import commits instead of interleaving with it; readers are not blocked.
            cursor.execute(
                f"LOCK TABLE {Meeting._meta.db_table}, {SourceDocument._meta.db_table} IN EXCLUSIVE MODE"
            )
        if Meeting.objects.exists() or SourceDocument.objects.exists():
            raise ArchiveError(
                "the archive is not empty: import_archive only restores into an empty database "
                "(e.g. a new one after `manage.py migrate`)"
            )
        # Orphan words of a deleted archive would skew "did you mean"; the import rebuilds the vocabulary.
        SearchWord.objects.all().delete()
        writer = _Writer(result)
        writer.topics(first[0], header.get("topics", []))
        batch = _Batch()
        for number, record in records:
            batch.records.append((number, record))
            if len(batch.records) >= batch_size:
                writer.write(batch)
                batch = _Batch()
        if batch.records:
            writer.write(batch)
        expected = (header.get("counts") or {}).get("meetings")
        if expected is not None and expected != result.meetings:
            raise ArchiveError(
                f"the header announces {expected} meetings but the file holds {result.meetings}: "
                "is it truncated? Nothing was imported."
            )
    if not connection.in_atomic_block:  # fresh planner statistics, so the first searches are planned well
        models = (Meeting, AgendaItem, Decision, Attendance, SourceDocument, SearchEntry, SearchWord)
        tables = [model._meta.db_table for model in (*models, Topic.items.through)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    logger.info(
        "imported meetings=%d items=%d decisions=%d documents=%d people=%d topics=%d",
        result.meetings,
        result.items,
        result.decisions,
        result.documents,
        result.people,
        result.topics,
    )
    return result


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class _Writer:
    """Writes batches of meeting records with bulk inserts, remembering bodies, people and topics by slug."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.bodies: dict[str, Body] = {}
        self.people: dict[str, int] = {}
        self.topic_ids: dict[str, int] = {}

    def topics(self, line: int, definitions: list[dict]) -> None:
        try:
            for entry in definitions:
                topic, _ = Topic.objects.update_or_create(
                    slug=entry["slug"],
                    defaults={
                        "name": entry["name"],
                        "description": entry.get("description", ""),
                        "query": entry.get("query", ""),
                    },
                )
                self.topic_ids[topic.slug] = topic.pk
        except (KeyError, TypeError, AttributeError) as exc:
            raise ArchiveError(f"line {line}: malformed topic definition ({exc!r})") from exc
        except DatabaseError as exc:
            raise ArchiveError(f"line {line}: topics rejected by the database: {_first_line(exc)}") from exc
        self.result.topics = len(self.topic_ids)

    def write(self, batch: _Batch) -> None:
        try:
            with transaction.atomic():  # a savepoint, so a database error leaves the connection usable
                self._write(batch)
        except ArchiveError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ArchiveError(f"{batch.lines}: malformed meeting ({exc!r})") from exc
        except DatabaseError as exc:
            raise ArchiveError(f"{batch.lines}: rejected by the database: {_first_line(exc)}") from exc

    def _body(self, data: dict) -> Body:
        slug = data["slug"]
        if slug not in self.bodies:
            self.bodies[slug], _ = Body.objects.get_or_create(slug=slug, defaults={"name": data["name"]})
        return self.bodies[slug]

    def _ensure_people(self, records: list[tuple[int, dict]]) -> None:
        wanted: dict[str, str] = {}
        for _, record in records:
            for person in record.get("people", []):
                wanted.setdefault(person["slug"], person["name"])
            for row in record.get("attendance", []):
                wanted.setdefault(row["person"]["slug"], row["person"]["name"])
        missing = [slug for slug in wanted if slug not in self.people]
        if not missing:
            return
        self.people.update(Person.objects.filter(slug__in=missing).values_list("slug", "pk"))
        new = [Person(slug=slug, name=wanted[slug]) for slug in missing if slug not in self.people]
        Person.objects.bulk_create(new)
        self.people.update((p.slug, p.pk) for p in new)
        self.result.people += len(new)

    def _person_id(self, line: int, slug: str) -> int:
        try:
            return self.people[slug]
        except KeyError:
            raise ArchiveError(f"line {line}: person {slug!r} is not among the line's people") from None

    def _topic_id(self, line: int, slug: str) -> int:
        try:
            return self.topic_ids[slug]
        except KeyError:
            raise ArchiveError(f"line {line}: topic {slug!r} is not defined in the header") from None

    def _write(self, batch: _Batch) -> None:
        self._ensure_people(batch.records)
        meetings = [
            Meeting(
                body=self._body(record["body"]),
                date=_date(record["date"]),
                start_time=_time(record.get("start_time")),
                location=record.get("location", ""),
                kind=record["kind"],
            )
            for _, record in batch.records
        ]
        Meeting.objects.bulk_create(meetings)
        # bulk_create stamps auto_now(_add) fields with the present; the archive keeps its own history.
        for meeting, (_, record) in zip(meetings, batch.records, strict=True):
            meeting.created_at = _datetime(record.get("created_at")) or meeting.created_at
            meeting.updated_at = _datetime(record.get("updated_at")) or meeting.updated_at
        Meeting.objects.bulk_update(meetings, ["created_at", "updated_at"])

        items: list[AgendaItem] = []
        item_records: list[tuple[int, AgendaItem, dict]] = []
        for meeting, (line, record) in zip(meetings, batch.records, strict=True):
            for data in record.get("items", []):
                item = AgendaItem(
                    meeting=meeting,
                    number=data["number"],
                    sort_key=item_sort_key(data["number"]),
                    order=data.get("order", 0),
                    section_number=data.get("section_number", ""),
                    section_title=data.get("section_title", ""),
                    title=data["title"],
                    time_start=_time(data.get("time_start")),
                    time_end=_time(data.get("time_end")),
                    case_number=data.get("case_number", ""),
                    case_officers=data.get("case_officers", ""),
                    background=data.get("background", ""),
                    recommendation=data.get("recommendation", ""),
                    case_text=data.get("case_text", ""),
                    attachments=data.get("attachments", ""),
                )
                items.append(item)
                item_records.append((line, item, data))
        AgendaItem.objects.bulk_create(items)

        decisions, mentions, topic_rows = [], [], []
        mention_model = AgendaItem.mentioned_people.through
        topic_model = Topic.items.through
        for line, item, data in item_records:
            if data.get("decision"):
                decision = data["decision"]
                decisions.append(
                    Decision(
                        item=item,
                        text=decision["text"],
                        outcome=decision.get("outcome", ""),
                        outcomes=list(decision.get("outcomes", [])),
                    )
                )
            mentions += [
                mention_model(agendaitem_id=item.pk, person_id=self._person_id(line, slug))
                for slug in data.get("mentioned_people", [])
            ]
            topic_rows += [
                topic_model(agendaitem_id=item.pk, topic_id=self._topic_id(line, slug))
                for slug in data.get("topics", [])
            ]
        Decision.objects.bulk_create(decisions)
        mention_model.objects.bulk_create(mentions)
        topic_model.objects.bulk_create(topic_rows)

        attendance, documents, announced = [], [], []
        for meeting, (line, record) in zip(meetings, batch.records, strict=True):
            for row in record.get("attendance", []):
                substitute = row.get("substitute_for")
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person_id=self._person_id(line, row["person"]["slug"]),
                        status=row["status"],
                        party=row.get("party", ""),
                        municipality=row.get("municipality", ""),
                        substitute_for_id=self._person_id(line, substitute) if substitute else None,
                    )
                )
            for data in record.get("documents", []):
                document = SourceDocument(
                    meeting=meeting,
                    file_name=data["file_name"],
                    sha256=data["sha256"],
                    size=data["size"],
                    format=data["format"],
                    kind=data["kind"],
                    warnings=list(data.get("warnings", [])),
                    rejoined_hyphenations=data.get("rejoined_hyphenations", 0),
                    text=data.get("text", ""),
                    parsed=data.get("parsed", {}),
                )
                documents.append((document, _datetime(data.get("ingested_at"))))
                announced += [
                    AnnouncedMeeting(body=meeting.body, date=_date(date), source=document)
                    for date in data.get("announced_meetings", [])
                ]
        Attendance.objects.bulk_create(attendance)
        SourceDocument.objects.bulk_create([document for document, _ in documents])
        stamped = []
        for document, ingested_at in documents:
            if ingested_at is not None:
                document.ingested_at = ingested_at
                stamped.append(document)
        SourceDocument.objects.bulk_update(stamped, ["ingested_at"])
        AnnouncedMeeting.objects.bulk_create(announced)

        # The search rows and vocabulary, from the items as stored (meeting and decision in two joins).
        index_items(
            AgendaItem.objects.filter(meeting__in=meetings)
            .select_related("meeting", "decision")
            .order_by("pk")
        )
        # The archive's topic assignments win over today's topic queries (they may have been edited since).
        sync_topic_ids([item.pk for item in items])
        self.result.meetings += len(meetings)
        self.result.items += len(items)
        self.result.decisions += len(decisions)
        self.result.documents += len(documents)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
