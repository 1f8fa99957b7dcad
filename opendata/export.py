"""Export: the whole archive as NDJSON, open data for others and a backup that survives schema changes.

Every line after the header is one meeting with all it holds: items with their decisions, mentions and
topics, attendance, and the source documents with their text, parse and the meetings they announce. Each
line names everyone it refers to, so a line can be read on its own.

Export streams: meetings are read in chunks of 100 with seven queries per chunk (plain rows, no model instances),
inside one read-only REPEATABLE READ transaction so the file is a consistent snapshot while ingests go on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    AnnouncedMeeting,
    Attendance,
    Correction,
    Meeting,
    SourceDocument,
    Topic,
)
from opendata.format import FORMAT, VERSION

EXPORT_CHUNK = 100  # meetings per prefetch round; bounds memory (a meeting with its documents is ~0.1-1 MB)

logger = logging.getLogger("kkrarchive.archive")


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
    "url",
    "version",
    "changes",
]
CORRECTION_FIELDS = [
    "field",
    "parsed_value",
    "value",
    "latest_parsed_value",
    "conflict",
    "reason",
    "created_by",
    "withdrawn_by",
    "withdrawal_reason",
]


def _chunk_records(meetings: list[dict]) -> Iterator[dict[str, Any]]:
    """The records of a chunk of meetings (rows from `Meeting.values`), with seven queries for all of them.

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
            "withdrawn_by__sha256",
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
        record["withdrawn_by"] = row["withdrawn_by__sha256"]  # the document version that withdrew it, or None
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
        .values("id", "meeting_id", *DOCUMENT_FIELDS, "superseded_by__sha256", "text", "parsed")
    )
    for row in rows:
        record = {name: row[name] for name in DOCUMENT_FIELDS}
        record["ingested_at"] = _iso(row["ingested_at"])
        record["announced_meetings"] = []
        record["superseded_by"] = row["superseded_by__sha256"]
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

    corrections: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Correction.objects.filter(meeting_id__in=ids)
        .order_by("created_at", "pk")
        .values("meeting_id", *CORRECTION_FIELDS, "item__number", "person__slug", "person__name", "created_at",
                "withdrawn_at")
    )
    for row in rows:
        record = {name: row[name] for name in CORRECTION_FIELDS}
        record["item"], record["person"] = row["item__number"], row["person__slug"]
        record["created_at"], record["withdrawn_at"] = _iso(row["created_at"]), _iso(row["withdrawn_at"])
        if row["person__slug"]:
            people[row["meeting_id"]][row["person__slug"]] = {"name": row["person__name"], "slug": row["person__slug"]}
        corrections[row["meeting_id"]].append(record)

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
            "corrections": corrections[pk],
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
