"""The whole archive as NDJSON, and back: open data for others, and a backup that survives schema changes.

Format `kkrarchive-ndjson`, version 1 (documented in README, "Open data and backups"): UTF-8, one JSON object
per line. The first line is a header (format, version, export time, the counts, the topic definitions); every
other line is one meeting with all it holds: items with their decisions, mentions and topics, attendance,
and the source documents with their text, parse and the meetings they announce. Each line names everyone it
refers to, so a line can be read on its own.

Export streams: meetings are read in chunks of 100 with six queries per chunk (plain rows, no model instances),
inside one read-only REPEATABLE READ transaction so the file is a consistent snapshot while ingests go on. Import rebuilds
an empty archive in one transaction (all or nothing), writing each batch of meetings with bulk inserts and
re-indexing its items for search, and checks the header's counts so a truncated file is refused.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from meetings.indexing import index_items, sync_topic_ids
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
from meetings.slugs import item_sort_key

FORMAT = "kkrarchive-ndjson"
VERSION = 1
EXPORT_CHUNK = 100  # meetings per prefetch round; bounds memory (a meeting with its documents is ~0.1-1 MB)
IMPORT_BATCH = 100
GZIP_MAGIC = b"\x1f\x8b"

logger = logging.getLogger("kkrarchive.archive")


class ArchiveError(Exception):
    """The file cannot be imported (or the archive cannot take it); the message says why, and where."""


# Reading and writing files ---------------------------------------------------------------------------------


def open_for_writing(path: str, *, gzipped: bool | None = None) -> IO[str]:
    """A text stream to `path`, gzip-compressed when the name ends in .gz (or `gzipped` says so)."""
    if path.endswith(".gz") if gzipped is None else gzipped:
        return gzip.open(path, "wt", compresslevel=3, encoding="utf-8", newline="\n")
    return open(path, "w", encoding="utf-8", newline="\n")


def open_for_reading(path: str, stdin: IO[bytes] | None = None) -> IO[str]:
    """A text stream of `path` ("-": `stdin`); gzip is recognised by its magic bytes, whatever the name."""
    if path == "-" and stdin is not None:
        buffered = stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin)
        if buffered.peek(2)[:2] == GZIP_MAGIC:
            return io.TextIOWrapper(gzip.GzipFile(fileobj=buffered), encoding="utf-8")
        return io.TextIOWrapper(buffered, encoding="utf-8")
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _dump(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# Export ----------------------------------------------------------------------------------------------------


def _iso(value: dt.date | dt.time | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


ITEM_FIELDS = [
    "number",
    "order",
    "section_number",
    "section_title",
    "title",
    "time_start",
    "time_end",
    "case_number",
    "case_officers",
    "background",
    "recommendation",
    "case_text",
    "attachments",
]
DOCUMENT_FIELDS = [
    "file_name",
    "sha256",
    "size",
    "format",
    "kind",
    "ingested_at",
    "warnings",
    "rejoined_hyphenations",
]


def _chunk_records(meetings: list[dict]) -> Iterator[dict[str, Any]]:
    """The records of a chunk of meetings (rows from `Meeting.values`), with six queries for all of them.

    Plain rows (values/values_list) rather than model instances with prefetches: the same number of queries,
    but ten times less Python per item, which is what an export of a million items spends its time on.
    """
    ids = [m["id"] for m in meetings]
    items: dict[int, list[dict]] = defaultdict(list)
    item_rows = (
        AgendaItem.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "sort_key")
        .values(
            "id",
            "meeting_id",
            *ITEM_FIELDS,
            "decision__id",
            "decision__text",
            "decision__outcome",
            "decision__outcomes",
        )
    )
    by_item: dict[int, dict] = {}
    meeting_of_item: dict[int, int] = {}
    for row in item_rows:
        record = {name: row[name] for name in ITEM_FIELDS}
        record["time_start"], record["time_end"] = _iso(row["time_start"]), _iso(row["time_end"])
        record["decision"] = (
            {
                "text": row["decision__text"],
                "outcome": row["decision__outcome"],
                "outcomes": row["decision__outcomes"],
            }
            if row["decision__id"] is not None
            else None
        )
        record["mentioned_people"], record["topics"] = [], []
        items[row["meeting_id"]].append(record)
        by_item[row["id"]] = record
        meeting_of_item[row["id"]] = row["meeting_id"]
    people: dict[int, dict[str, dict[str, str]]] = defaultdict(dict)
    mentions = (
        AgendaItem.mentioned_people.through.objects.filter(agendaitem__meeting_id__in=ids)
        .order_by("person__slug")
        .values_list("agendaitem_id", "person__slug", "person__name")
    )
    for item_id, slug, name in mentions:
        by_item[item_id]["mentioned_people"].append(slug)
        people[meeting_of_item[item_id]][slug] = {"name": name, "slug": slug}
    topics = (
        Topic.items.through.objects.filter(agendaitem__meeting_id__in=ids)
        .order_by("topic__slug")
        .values_list("agendaitem_id", "topic__slug")
    )
    for item_id, slug in topics:
        by_item[item_id]["topics"].append(slug)

    attendance: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Attendance.objects.filter(meeting_id__in=ids)
        .order_by("person__slug")
        .values_list(
            "meeting_id",
            "person__name",
            "person__slug",
            "status",
            "party",
            "municipality",
            "substitute_for__name",
            "substitute_for__slug",
        )
    )
    for meeting_id, name, slug, status, party, municipality, substitute_name, substitute_slug in rows:
        person = {"name": name, "slug": slug}
        people[meeting_id][slug] = person
        if substitute_slug:
            people[meeting_id][substitute_slug] = {"name": substitute_name, "slug": substitute_slug}
        attendance[meeting_id].append(
            {
                "person": person,
                "status": status,
                "party": party,
                "municipality": municipality,
                "substitute_for": substitute_slug,
            }
        )

    documents: dict[int, list[dict]] = defaultdict(list)
    by_document: dict[int, dict] = {}
    rows = (
        SourceDocument.objects.filter(meeting_id__in=ids)
        .order_by("ingested_at", "sha256")
        .values("id", "meeting_id", *DOCUMENT_FIELDS, "text", "parsed")
    )
    for row in rows:
        record = {name: row[name] for name in DOCUMENT_FIELDS}
        record["ingested_at"] = _iso(row["ingested_at"])
        record["announced_meetings"] = []
        record["text"], record["parsed"] = row["text"], row["parsed"]
        documents[row["meeting_id"]].append(record)
        by_document[row["id"]] = record
    if by_document:
        announced = (
            AnnouncedMeeting.objects.filter(source_id__in=by_document)
            .order_by("date")
            .values_list("source_id", "date")
        )
        for source_id, date in announced:
            by_document[source_id]["announced_meetings"].append(_iso(date))

    for meeting in meetings:
        pk = meeting["id"]
        yield {
            "body": {"name": meeting["body__name"], "slug": meeting["body__slug"]},
            "date": _iso(meeting["date"]),
            "start_time": _iso(meeting["start_time"]),
            "location": meeting["location"],
            "kind": meeting["kind"],
            "created_at": _iso(meeting["created_at"]),
            "updated_at": _iso(meeting["updated_at"]),
            "people": [people[pk][slug] for slug in sorted(people[pk])],
            "items": items[pk],
            "attendance": attendance[pk],
            "documents": documents[pk],
        }


def meeting_records(chunk_size: int = EXPORT_CHUNK) -> Iterator[dict[str, Any]]:
    """Every meeting as a JSON-ready dict, oldest first, read `chunk_size` meetings at a time."""
    meetings = (
        Meeting.objects.order_by("date", "body__slug")
        .values(
            "id",
            "body__name",
            "body__slug",
            "date",
            "start_time",
            "location",
            "kind",
            "created_at",
            "updated_at",
        )
        .iterator(chunk_size=chunk_size)
    )
    for chunk in itertools.batched(meetings, chunk_size):
        yield from _chunk_records(list(chunk))


def header_record() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {Meeting._meta.db_table}), "
            f"(SELECT count(*) FROM {AgendaItem._meta.db_table}), "
            f"(SELECT count(*) FROM {SourceDocument._meta.db_table})"
        )
        meetings, items, documents = cursor.fetchone()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(timezone.now()),
        "counts": {"meetings": meetings, "items": items, "documents": documents},
        "topics": [
            {"name": t.name, "slug": t.slug, "description": t.description, "query": t.query}
            for t in Topic.objects.order_by("slug")
        ],
    }


def export_lines(chunk_size: int = EXPORT_CHUNK) -> Iterator[str]:
    """The header, then one line per meeting (oldest first). Call inside `snapshot()` for a consistent file."""
    yield _dump(header_record())
    for record in meeting_records(chunk_size):
        yield _dump(record)


@dataclass
class ExportResult:
    meetings: int = 0
    items: int = 0
    documents: int = 0


def write_archive(out: IO[str], chunk_size: int = EXPORT_CHUNK) -> ExportResult:
    """Write the whole archive to `out`, as one consistent snapshot, even while ingests run."""
    result = ExportResult()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # (inside a caller's transaction, e.g. a test's, its snapshot rules)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        lines = export_lines(chunk_size)
        header = next(lines)
        counts = json.loads(header)["counts"]
        out.write(header + "\n")
        for line in lines:
            out.write(line + "\n")
            result.meetings += 1
        result.items, result.documents = counts["items"], counts["documents"]
    logger.info("exported meetings=%d items=%d documents=%d", result.meetings, result.items, result.documents)
    return result


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
