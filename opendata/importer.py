"""Import: rebuild an empty archive from an `opendata.export` file.

Import works in one transaction (all or nothing), writing each batch of meetings with bulk inserts and
re-indexing its items for search, and checks the header's counts so a truncated file is refused.

Every record is checked as ingest would check a document before anything of it is written (`check_record`): slugs,
dates (plausible meeting dates), times, item numbers (valid, distinct), case numbers, kinds, formats, statuses and
outcomes, and every slug a line refers to; a hand-edited export that breaks any of them is refused with the line
number, and nothing is imported. CPR numbers in the texts are masked, as ingest masks them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from danish import case_numbers, item_numbers, slugs
from danish.cpr import mask_cpr
from danish.dates import FIRST_YEAR, MAX_YEARS_AHEAD, plausible
from danish.item_numbers import item_sort_key
from meetings.models import (
    AgendaItem,
    AnnouncedMeeting,
    Attendance,
    AttendanceStatus,
    Body,
    Correction,
    CorrectionField,
    Decision,
    Meeting,
    MeetingKind,
    Outcome,
    Person,
    SearchEntry,
    SearchWord,
    SourceDocument,
    Topic,
)
from opendata.format import FORMAT, READABLE_VERSIONS, ArchiveError
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
    corrections: int = 0


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
    if record.get("version") not in READABLE_VERSIONS:
        raise ArchiveError(
            f"line {number}: format version {record.get('version')!r}; this code reads "
            f"{', '.join(map(str, READABLE_VERSIONS))}"
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
        topics = header.get("topics", [])
        checks = _Checks(first[0], topics)
        writer = _Writer(result)
        writer.topics(first[0], topics)
        batch = _Batch()
        for number, record in records:
            checks.record(number, record)
            batch.records.append((number, record))
            if len(batch.records) >= batch_size:
                writer.write(batch)
                batch = _Batch()
        if batch.records:
            writer.write(batch)
        if checks.masked:
            logger.warning("import masked %d CPR numbers (xxxxxx-xxxx) in the texts", checks.masked)
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


# Checks ----------------------------------------------------------------------------------------------------

_SHA256 = re.compile(r"[0-9a-f]{64}")
# The texts of a record that ingest masks CPR numbers in (never a slug, date or hash: a hash may hold ten digits).
_ITEM_TEXTS = ("title", "section_title", "background", "recommendation", "case_text", "attachments")


class _Checks:
    """What ingest checks of a document, for the records of an export: a record that breaks a rule is refused with
    its line number (ArchiveError), before anything of the line is written; texts are CPR-masked in place."""

    def __init__(self, line: int, topics: Any) -> None:
        if not isinstance(topics, list):
            raise ArchiveError(f"line {line}: the header's topics are not a list")
        self.topics: set[str] = set()
        for topic in topics:
            if not isinstance(topic, dict):
                raise ArchiveError(f"line {line}: a topic definition is not an object")
            self._slug(line, "topic", topic.get("slug"))
            self._text(line, "topic name", topic.get("name"), required=True)
            self.topics.add(topic["slug"])
        self.meetings: set[tuple[str, str]] = set()
        self.documents: set[str] = set()
        self.masked = 0

    def record(self, line: int, record: dict) -> None:
        body = record.get("body")
        if not isinstance(body, dict):
            raise ArchiveError(f"line {line}: the meeting has no body")
        slug = self._slug(line, "body", body.get("slug"))
        self._text(line, "body name", body.get("name"), required=True)
        date = self._date(line, "meeting date", record.get("date"), meeting=True)
        if (slug, date) in self.meetings:
            raise ArchiveError(f"line {line}: a second meeting of {slug} on {date}")
        self.meetings.add((slug, date))
        self._time(line, "start time", record.get("start_time"))
        self._choice(line, "meeting kind", record.get("kind"), MeetingKind.values)
        for key in ("created_at", "updated_at"):
            self._datetime(line, key, record.get(key))
        record["location"] = self._masked(self._text(line, "location", record.get("location", "")))

        people = {
            self._slug(line, "person", person.get("slug")) for person in self._dicts(line, record, "people")
        }
        for person in record.get("people", []):
            self._text(line, "person name", person.get("name"), required=True)
        numbers: set[str] = set()
        for item in self._dicts(line, record, "items"):
            self._item(line, item, numbers, people)
        attending: set[str] = set()
        for row in self._dicts(line, record, "attendance"):
            person = row.get("person")
            if not isinstance(person, dict):
                raise ArchiveError(f"line {line}: an attendance row names no person")
            who = self._slug(line, "person", person.get("slug"))
            self._text(line, "person name", person.get("name"), required=True)
            if who in attending:
                raise ArchiveError(f"line {line}: {who} attends twice")
            attending.add(who)
            self._choice(line, "attendance status", row.get("status"), AttendanceStatus.values)
            substitute = row.get("substitute_for")
            if substitute is not None:
                self._slug(line, "person", substitute)
                if substitute == who:
                    raise ArchiveError(f"line {line}: {who} is their own substitute")
                if substitute not in people:
                    raise ArchiveError(f"line {line}: person {substitute!r} is not among the line's people")
        shas = set()
        for document in self._dicts(line, record, "documents"):
            self._document(line, document)
            shas.add(document["sha256"])
        for document in record.get("documents", []):
            superseded_by = document.get("superseded_by")
            if superseded_by is not None and (superseded_by not in shas or superseded_by == document["sha256"]):
                raise ArchiveError(
                    f"line {line}: document {document['sha256'][:12]}: superseded by {superseded_by!r}, "
                    "which is not another document of the meeting"
                )
        for item in record.get("items", []):
            withdrawn_by = item.get("withdrawn_by")
            if withdrawn_by is not None and withdrawn_by not in shas:
                raise ArchiveError(
                    f"line {line}: item {item['number']} is withdrawn by {withdrawn_by!r}, not a document of the meeting"
                )
        for correction in self._dicts(line, record, "corrections"):
            self._correction(line, correction, numbers, people)

    def _correction(self, line: int, correction: dict, numbers: set[str], people: set[str]) -> None:
        field = correction.get("field")
        self._choice(line, "correction field", field, CorrectionField.values)
        where = f"correction of {field}"
        if field == CorrectionField.ATTENDANCE:
            person = correction.get("person")
            if person not in people or correction.get("item") is not None:
                raise ArchiveError(f"line {line}: {where} names no person among the line's people")
            for key in ("parsed_value", "value", "latest_parsed_value"):
                value = correction.get(key)
                if value is not None:
                    if not isinstance(value, dict):
                        raise ArchiveError(f"line {line}: {where}: {key} is not an attendance row")
                    self._choice(line, f"{where} status", value.get("status"), AttendanceStatus.values)
        else:
            if correction.get("item") not in numbers or correction.get("person") is not None:
                raise ArchiveError(f"line {line}: {where} names no item of the meeting")
            for key in ("parsed_value", "value", "latest_parsed_value"):
                value = correction.get(key)
                if value is not None:
                    correction[key] = self._masked(self._text(line, f"{where} {key}", value))
                if field == CorrectionField.OUTCOME and value:
                    self._choice(line, f"{where} {key}", value, Outcome.values)
        correction["reason"] = self._masked(self._text(line, f"{where} reason", correction.get("reason"), True))
        self._text(line, f"{where} created_by", correction.get("created_by"), True)
        self._text(line, f"{where} withdrawn_by", correction.get("withdrawn_by", ""))
        self._text(line, f"{where} withdrawal_reason", correction.get("withdrawal_reason", ""))
        if not isinstance(correction.get("conflict", False), bool):
            raise ArchiveError(f"line {line}: {where}: conflict is not true or false")
        self._datetime(line, f"{where} created_at", correction.get("created_at"))
        self._datetime(line, f"{where} withdrawn_at", correction.get("withdrawn_at"))

    def _item(self, line: int, item: dict, numbers: set[str], people: set[str]) -> None:
        number = item.get("number")
        if not isinstance(number, str) or not re.fullmatch(item_numbers.DATABASE_REGEX, number):
            raise ArchiveError(f"line {line}: item number {number!r} is not a number like 3 or 3.4")
        if number in numbers:
            raise ArchiveError(f"line {line}: item number {number} appears twice")
        numbers.add(number)
        where = f"item {number}"
        order = item.get("order", 0)
        if not isinstance(order, int) or isinstance(order, bool) or order < 0:
            raise ArchiveError(f"line {line}: {where}: order {order!r} is not a whole number")
        self._text(line, f"{where} title", item.get("title"), required=True)
        for key in _ITEM_TEXTS:
            item[key] = self._masked(self._text(line, f"{where} {key}", item.get(key, "")))
        self._text(line, f"{where} section number", item.get("section_number", ""))
        self._text(line, f"{where} case officers", item.get("case_officers", ""))
        start = self._time(line, f"{where} start time", item.get("time_start"))
        end = self._time(line, f"{where} end time", item.get("time_end"))
        if start and end and end < start:
            raise ArchiveError(f"line {line}: {where} ends ({end}) before it starts ({start})")
        case = self._text(line, f"{where} case number", item.get("case_number", ""))
        if case and not re.fullmatch(case_numbers.DATABASE_REGEX, case):
            raise ArchiveError(f"line {line}: {where}: case number {case!r} is not in a known format")
        decision = item.get("decision")
        if decision is not None:
            if not isinstance(decision, dict):
                raise ArchiveError(f"line {line}: {where}: the decision is not an object")
            decision["text"] = self._masked(self._text(line, f"{where} decision", decision.get("text"), True))
            outcome = decision.get("outcome", "")
            if outcome != "":
                self._choice(line, f"{where} outcome", outcome, Outcome.values)
            outcomes = decision.get("outcomes", [])
            if not isinstance(outcomes, list):
                raise ArchiveError(f"line {line}: {where}: the outcomes are not a list")
            for value in outcomes:
                self._choice(line, f"{where} outcome", value, Outcome.values)
        for slug in self._list(line, item, "mentioned_people"):
            if slug not in people:
                raise ArchiveError(f"line {line}: person {slug!r} is not among the line's people")
        for slug in self._list(line, item, "topics"):
            if slug not in self.topics:
                raise ArchiveError(f"line {line}: topic {slug!r} is not defined in the header")

    def _document(self, line: int, document: dict) -> None:
        sha256 = document.get("sha256")
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ArchiveError(f"line {line}: document hash {sha256!r} is not a SHA-256 in hex")
        if sha256 in self.documents:
            raise ArchiveError(f"line {line}: document {sha256[:12]}... appears twice")
        self.documents.add(sha256)
        where = f"document {sha256[:12]}"
        document["file_name"] = self._masked(
            self._text(line, f"{where} file name", document.get("file_name"), True)
        )
        size = document.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ArchiveError(f"line {line}: {where}: size {size!r} is not a number of bytes")
        self._choice(line, f"{where} format", document.get("format"), SourceDocument.Format.values)
        self._choice(line, f"{where} kind", document.get("kind"), MeetingKind.values)
        self._datetime(line, f"{where} ingested_at", document.get("ingested_at"))
        document["warnings"] = [
            self._masked(self._text(line, f"{where} warning", warning, True))
            for warning in self._list(line, document, "warnings")
        ]
        document["text"] = self._masked(self._text(line, f"{where} text", document.get("text", "")))
        parsed = document.get("parsed", {})
        if not isinstance(parsed, dict):
            raise ArchiveError(f"line {line}: {where}: its parse is not an object")
        document["parsed"] = self._masked(parsed)
        for date in self._list(line, document, "announced_meetings"):
            self._date(line, f"{where} announced meeting", date, meeting=True)
        self._text(line, f"{where} url", document.get("url", ""))
        version = document.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ArchiveError(f"line {line}: {where}: version {version!r} is not a number from 1")
        superseded_by = document.get("superseded_by")
        if superseded_by is not None and not (isinstance(superseded_by, str) and _SHA256.fullmatch(superseded_by)):
            raise ArchiveError(f"line {line}: {where}: superseded_by {superseded_by!r} is not a SHA-256 in hex")
        changes = document.get("changes", {})
        if not isinstance(changes, dict) or not all(
            isinstance(numbers, list) and all(isinstance(n, str) for n in numbers) for numbers in changes.values()
        ):
            raise ArchiveError(f"line {line}: {where}: changes are not lists of item numbers")

    # --- one value --------------------------------------------------------------------------------------------

    @staticmethod
    def _slug(line: int, what: str, value: Any) -> str:
        if not slugs.is_slug(value):
            raise ArchiveError(
                f"line {line}: {what} slug {value!r} is not a slug (lower-case a-z, digits and single hyphens)"
            )
        return value

    @staticmethod
    def _text(line: int, what: str, value: Any, required: bool = False) -> str:
        if not isinstance(value, str):
            raise ArchiveError(f"line {line}: {what} {value!r} is not text")
        if required and not value.strip():
            raise ArchiveError(f"line {line}: {what} is empty")
        if "\x00" in value:
            raise ArchiveError(f"line {line}: {what} holds a NUL character")
        return value

    @staticmethod
    def _choice(line: int, what: str, value: Any, allowed: list[str]) -> None:
        if value not in allowed:
            raise ArchiveError(f"line {line}: {what} {value!r} is not one of {', '.join(allowed)}")

    @staticmethod
    def _date(line: int, what: str, value: Any, *, meeting: bool = False) -> str:
        try:
            date = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ArchiveError(f"line {line}: {what} {value!r} is not a date (YYYY-MM-DD)") from None
        if meeting and not plausible(date):
            raise ArchiveError(
                f"line {line}: {what} {value} is implausible (before {FIRST_YEAR} or more than "
                f"{MAX_YEARS_AHEAD} years ahead)"
            )
        return value

    @staticmethod
    def _time(line: int, what: str, value: Any) -> dt.time | None:
        if value is None:
            return None
        try:
            return dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            raise ArchiveError(f"line {line}: {what} {value!r} is not a time (HH:MM:SS)") from None

    @staticmethod
    def _datetime(line: int, what: str, value: Any) -> None:
        if value is None:
            return
        try:
            dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise ArchiveError(f"line {line}: {what} {value!r} is not a timestamp (ISO 8601)") from None

    @staticmethod
    def _list(line: int, record: dict, key: str) -> list:
        value = record.get(key, [])
        if not isinstance(value, list):
            raise ArchiveError(f"line {line}: {key} is not a list")
        return value

    def _dicts(self, line: int, record: dict, key: str) -> list[dict]:
        values = self._list(line, record, key)
        if not all(isinstance(value, dict) for value in values):
            raise ArchiveError(f"line {line}: {key} holds something that is not an object")
        return values

    def _masked(self, value: Any) -> Any:
        if isinstance(value, str):
            value, count = mask_cpr(value)
            self.masked += count
            return value
        if isinstance(value, list):
            return [self._masked(v) for v in value]
        if isinstance(value, dict):
            return {k: self._masked(v) for k, v in value.items()}
        return value


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

        attendance, documents, announced, versions = [], [], [], []
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
                    url=data.get("url", ""),
                    version=data.get("version", 1),
                    changes=data.get("changes", {}),
                )
                documents.append((document, _datetime(data.get("ingested_at"))))
                versions.append((meeting, document, data.get("superseded_by")))
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
        self._versions(versions, item_records, meetings, batch)

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


    def _versions(self, versions: list, item_records: list, meetings: list[Meeting], batch: _Batch) -> None:
        """Which version superseded which, the items a version withdrew, and the staff corrections."""
        by_sha = {(meeting.pk, document.sha256): document for meeting, document, _ in versions}
        superseded = []
        for meeting, document, newer in versions:
            if newer:
                document.superseded_by = by_sha[(meeting.pk, newer)]
                superseded.append(document)
        SourceDocument.objects.bulk_update(superseded, ["superseded_by"])
        withdrawn = []
        for _, item, data in item_records:
            if data.get("withdrawn_by"):
                item.withdrawn_by = by_sha[(item.meeting.pk, data["withdrawn_by"])]
                withdrawn.append(item)
        AgendaItem.objects.bulk_update(withdrawn, ["withdrawn_by"])
        items = {(item.meeting.pk, item.number): item for _, item, _ in item_records}
        corrections = []
        for meeting, (line, record) in zip(meetings, batch.records, strict=True):
            for data in record.get("corrections", []):
                person = data.get("person")
                corrections.append(
                    Correction(
                        meeting=meeting,
                        item=items[(meeting.pk, data["item"])] if data.get("item") is not None else None,
                        person_id=self._person_id(line, person) if person else None,
                        field=data["field"],
                        parsed_value=data.get("parsed_value"),
                        value=data.get("value"),
                        latest_parsed_value=data.get("latest_parsed_value"),
                        conflict=data.get("conflict", False),
                        reason=data["reason"],
                        created_by=data["created_by"],
                        created_at=_datetime(data.get("created_at")) or timezone.now(),
                        withdrawn_at=_datetime(data.get("withdrawn_at")),
                        withdrawn_by=data.get("withdrawn_by", ""),
                        withdrawal_reason=data.get("withdrawal_reason", ""),
                    )
                )
        Correction.objects.bulk_create(corrections)
        self.result.corrections += len(corrections)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
