"""Write a parsed document into the archive: one transaction per document, idempotent, merge-aware.

The meeting is always the merge of all its source documents' parses (see ingest.merge), applied in place:
items are matched by number and updated, never deleted, so permalinks survive when minutes replace an
agenda or a second extraction of the same meeting arrives.

Before anything is written, a document is checked as the archive needs it (`check_document`): every text CPR-
masked again (the stored text, the file name, every field of the parse, the warnings), the reader's repairs
added to the warnings, the body slug, the meeting date and every item number valid (else the document is refused
with RefusedDocument and a one-line reason), every item small enough for the search index, and people whose
names give no slug left out, and two spellings of one slug read as one person; each with a warning.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import JSONField, Model, QuerySet
from django.db.models.expressions import RawSQL

from danish import case_numbers
from danish.bodies import body_slug
from danish.cpr import MASK, mask_cpr
from danish.item_numbers import is_item_number, item_sort_key
from danish.slugs import danish_slugify, is_slug
from ingest.corrections import apply_corrections
from ingest.merge import completeness, merge
from ingest.originals import keep_original
from ingest.parser import check_dates, mask_parse
from ingest.parser.codec import from_json, to_json
from ingest.parser.document import ParsedAttendee, ParsedItem, ParsedMeeting
from ingest.reader import RefusedDocument, SourceText
from meetings.models import (
    AgendaItem,
    AnnouncedMeeting,
    Attendance,
    Body,
    CaseStep,
    Decision,
    ItemAbsence,
    Meeting,
    Outcome,
    Person,
    Position,
    SourceDocument,
)
from search.indexing import after_meeting_saved, weighted_texts

logger = logging.getLogger("kkrarchive.ingest")


class _MaskCprInLogs(logging.Filter):
    """Every line the ingest logs (file names, reasons, tracebacks) with its CPR numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message, masked = mask_cpr(record.getMessage())
        if masked:
            record.msg, record.args = message, None
        return True


logger.addFilter(_MaskCprInLogs())


@dataclass
class LoadResult:
    status: str  # "ingested", "unchanged" (the file was known) or "reparsed"
    meeting: Meeting | None = None
    meeting_created: bool = False
    meeting_fields_changed: bool = False  # kind, start time or place
    items_created: int = 0
    items_updated: int = 0
    decisions_created: int = 0
    decisions_updated: int = 0
    attendance_changed: int = 0  # rows added, changed or removed
    version: int = 1  # the document's version: 2 and up when it supersedes an earlier one of its identity
    items_withdrawn: int = 0  # items a new version no longer has
    items_restored: int = 0  # withdrawn items a new version has again

    @property
    def meeting_updated(self) -> bool:
        """An existing meeting whose facts changed: its own fields, an item, a decision or the attendance."""
        return not self.meeting_created and bool(
            self.meeting_fields_changed
            or self.items_created
            or self.items_updated
            or self.decisions_created
            or self.decisions_updated
            or self.attendance_changed
            or self.items_withdrawn
            or self.items_restored
        )


def save_changed_fields(instance: Model, values: dict[str, Any], *, also: tuple[str, ...] = ()) -> bool:
    """Set `values` on `instance` and save only the fields whose value differs (plus `also` when any does).

    Returns whether anything was saved. Unchanged rows are not written at all: a re-ingest of a known meeting
    then costs reads only, and updated_at moves only when a fact did.
    """
    changed = apply_changed_fields(instance, values)
    if changed:
        instance.save(update_fields=[*changed, *also])
    return bool(changed)


def apply_changed_fields(instance: Model, values: dict[str, Any]) -> list[str]:
    """Set the `values` that differ on `instance` (without saving) and return their names."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def ingest_document(*, source: SourceText, parsed: ParsedMeeting, url: str = "") -> LoadResult:
    """Store `parsed` (read from `source`, downloaded from `url` if harvested) and re-merge its meeting. Safe to
    run concurrently.

    A document's identity is `url` when given, else its file name: a document of the meeting with the same
    identity and kind but other content is its earlier version, which this one supersedes (see `trust.md`).
    RefusedDocument (nothing written) when the document cannot be stored as it is (`check_document`)."""
    source, slug = check_document(source, parsed)
    try:
        return _ingest_checked(source, parsed, slug, url)
    except DatabaseError as exc:
        if "tsvector" in str(exc):  # the estimate of check_document missed: refused all the same, in one line
            raise RefusedDocument(f"too much text for the search index ({_first_line(exc)})") from exc
        raise


def _ingest_checked(source: SourceText, parsed: ParsedMeeting, slug: str, url: str) -> LoadResult:
    with transaction.atomic():
        # Serialise writers of the same meeting (and of the same file): concurrent ingests of one folder
        # then see each other's work instead of racing to create the same rows.
        _advisory_lock(f"meeting:{slug}:{parsed.date.isoformat()}")
        _advisory_lock(f"document:{source.sha256}")
        known = SourceDocument.objects.filter(sha256=source.sha256).only("pk", "url").first()
        if known is not None:
            if url and not known.url:  # the same file, now known by where it is published
                SourceDocument.objects.filter(pk=known.pk).update(url=url)
            return LoadResult(status="unchanged")

        body = _body(slug, parsed)
        meeting = Meeting.objects.filter(body=body, date=parsed.date).first()
        result = LoadResult(status="ingested", meeting_created=meeting is None)

        # Only current versions are merged: an earlier version of this document's identity drops out.
        current = list(meeting.documents.filter(superseded_by__isnull=True)) if meeting else []
        previous = next((doc for doc in current if _same_document(doc, source, parsed, url)), None)
        documents = [(from_json(doc.parsed), doc.sha256) for doc in current if doc is not previous]
        documents.append((parsed, source.sha256))
        before = _facts(meeting) if meeting else None
        result.version = previous.version + 1 if previous else 1
        meeting, missing = _apply_merge(body, meeting, documents, result, prune=previous is not None)
        original = (
            keep_original(sha256=source.sha256, file_name=source.file_name, data=source.data)
            if source.data
            else ""
        )
        document = SourceDocument.objects.create(
            meeting=meeting,
            original=original,
            file_name=source.file_name,
            sha256=source.sha256,
            size=source.size,
            format=source.kind,
            kind=parsed.kind,
            warnings=list(parsed.warnings),
            rejoined_hyphenations=parsed.rejoined_hyphenations,
            text=source.text,
            parsed=to_json(parsed),
            url=url,
            version=result.version,
        )
        if previous is not None:
            previous.superseded_by = document
            previous.save(update_fields=["superseded_by"])
            # Items no current document has any more are withdrawn by this version; their permalinks stay.
            result.items_withdrawn = missing.update(withdrawn_by=document)
        if before is not None:
            document.changes = _changes(before, _facts(meeting))
            document.save(update_fields=["changes"])
        _save_announcements(body, parsed, document)
        after_meeting_saved(meeting)  # the search index and topics change in the same transaction
    result.meeting = meeting
    logger.info(
        "ingested file=%s sha256=%s meeting=%s/%s kind=%s items_created=%d items_updated=%d warnings=%d",
        source.file_name,
        source.sha256[:12],
        body.slug,
        meeting.date,
        meeting.kind,
        result.items_created,
        result.items_updated,
        len(parsed.warnings),
    )
    return result


def _same_document(document: SourceDocument, source: SourceText, parsed: ParsedMeeting, url: str) -> bool:
    """Whether `document` is an earlier version of the one being ingested: the same identity (the URL it was
    harvested from, else the file name) and the same kind; an agenda and its minutes are two documents."""
    if document.kind != parsed.kind:
        return False
    return document.url == url if url else (not document.url and document.file_name == source.file_name)


# --- what a document must be before anything of it is written --------------------------------------------------

#: PostgreSQL's limit for one tsvector (1 MB): an item whose search row would be larger is refused.
TSVECTOR_LIMIT = 1024 * 1024 - 1
# Share of the limit an estimate may reach: the estimate follows PostgreSQL's layout but not its parser exactly.
_TSVECTOR_MARGIN = 0.85
_INDEX_WORD = re.compile(r"\w+(?:-\w+)*")
_POSITIONS = 16384  # PostgreSQL keeps positions up to 16383: beyond them every word shares the last one
MB = 1024 * 1024
# What one character of text can cost in a tsvector at most: a one-letter word and its space make 9 bytes (1, 6 of
# entry and count, 2 of position), hyphenated letters ("a-b") about 7 a character, compound parts at most as much.
_BYTES_PER_CHAR_AT_MOST = 24


def check_document(source: SourceText, parsed: ParsedMeeting) -> tuple[SourceText, str]:
    """Make `source` and `parsed` what the archive may store, in place for the parse; returns the source (text and
    file name CPR-masked) and the body's slug. RefusedDocument (or NotMinutesError) when a key is invalid."""
    text, in_text = mask_cpr(source.text)
    file_name, in_name = mask_cpr(source.file_name)
    masked = source.cpr_masked + in_text + in_name
    source = dataclasses.replace(source, text=text, file_name=file_name, cpr_masked=masked)
    parsed.warnings.extend(mask_cpr(warning)[0] for warning in source.warnings)
    masked += check_parse(parsed)
    if masked:
        parsed.warnings.append(f"{masked} CPR-nummer maskeret ({MASK}) før lagring.")
    if not any(char.isalpha() for char in parsed.body_name or ""):  # '123' or '!!!' names no council
        raise RefusedDocument(
            f"no body found: the body name {parsed.body_name!r} has no letters (a body is named, and its slug made, by words)"
        )
    slug = body_slug(parsed.body_name, municipality=parsed.municipality, region=parsed.region)
    if not is_slug(slug):
        raise RefusedDocument(
            f"no body found: the body name {parsed.body_name!r} gives no slug (no letters or digits to name it by)"
        )
    return source, slug


def check_parse(parsed: ParsedMeeting) -> int:
    """The checks of a parse (also of one `reparse_meeting` makes): CPR numbers masked in every text, a plausible
    date, valid and distinct item numbers, known case-number formats, items the search index can hold, people
    by slug. Returns how many CPR numbers were masked; raises RefusedDocument or NotMinutesError."""
    masked = mask_parse(parsed)
    check_dates(parsed)  # NotMinutesError: "no date found: ... implausible ..."
    numbers = Counter(item.number for item in parsed.items)
    for number, count in numbers.items():
        if not is_item_number(number):
            raise RefusedDocument(f"item number {number!r} is not a number like 3 or 3.4")
        if count > 1:
            raise RefusedDocument(f"item number {number} appears {count} times")
    for item in parsed.items:
        if item.case_number and not case_numbers.is_case_number(item.case_number):
            parsed.warnings.append(
                f"Item {item.number}: case number {item.case_number!r} is not in a known format; not stored."
            )
            item.case_number = None
        _refuse_oversized(item)
    _check_people(parsed)
    return masked


def _refuse_oversized(item: ParsedItem) -> None:
    """Refuse an item whose search row would pass PostgreSQL's tsvector limit, rather than fail in the database.

    The estimate follows the tsvector's layout: per distinct word its bytes, a 4-byte entry and a 2-byte position
    count, and 2 bytes per position (at most 16,384 positions in all). The compound parts the index adds are
    counted only when the words alone come near the limit: they are what costs time.
    """
    decision = item.decision.text if item.decision else ""
    texts = [item.title, item.recommendation, decision, item.background, item.resume, item.case_text]
    texts += [text for _, text in item.other_texts] + [item.attachments, item.section_title]
    chars = sum(len(text) for text in texts if text)
    if chars * _BYTES_PER_CHAR_AT_MOST < TSVECTOR_LIMIT * _TSVECTOR_MARGIN:
        return  # too little text to come near the limit, however it is made (almost every item)
    words = _index_words(texts)
    size = _tsvector_size(words)
    if size > TSVECTOR_LIMIT * _TSVECTOR_MARGIN / 4:
        words = _index_words(weighted_texts(item, decision).values())
        size = _tsvector_size(words)
    if size > TSVECTOR_LIMIT * _TSVECTOR_MARGIN:
        raise RefusedDocument(
            f"item {item.number} has too much text for the search index: {chars / MB:.1f} MB of text with "
            f"{len(words):,} different words would make a search row of about {size / MB:.1f} MB "
            f"(PostgreSQL's limit is 1 MB)"
        )


def _index_words(texts) -> Counter[str]:
    """The words PostgreSQL's parser makes of `texts`, near enough: words, and hyphenated words whole and in
    their parts."""
    words: Counter[str] = Counter()
    for text in texts:
        for word in _INDEX_WORD.findall(text.lower()) if text else ():
            words[word] += 1
            if "-" in word:
                words.update(word.split("-"))
    return words


def _tsvector_size(words: Counter[str]) -> int:
    positions = min(sum(min(count, 256) for count in words.values()), _POSITIONS + len(words))
    return sum(len(word.encode()) + 6 for word in words) + 2 * positions


def _check_people(parsed: ParsedMeeting) -> None:
    """People are stored by the slug of their name: a name that gives none is left out, and names that give the
    same slug are one person, under the spelling that comes first; each with a warning."""
    spelling: dict[str, str] = {}
    dropped: set[str] = set()

    def person(name: str | None) -> str | None:
        if not name:
            return None
        slug = danish_slugify(name)
        if not is_slug(slug):
            if name not in dropped:
                dropped.add(name)
                parsed.warnings.append(f"Person {name!r} left out: the name gives no slug.")
            return None
        first = spelling.setdefault(slug, name)
        if first != name and (name, first) not in reported:
            reported.add((name, first))
            parsed.warnings.append(
                f"{name!r} and {first!r} are read as one person ({slug}): kept as {first!r}."
            )
        return first

    reported: set[tuple[str, str]] = set()
    attendance: list[ParsedAttendee] = []
    present: set[str] = set()
    for attendee in parsed.attendance:
        name = person(attendee.name)
        if name is None:
            continue
        if name in present:
            if attendee.name == name:  # another spelling was reported by person()
                parsed.warnings.append(f"{name!r} is listed twice in the attendance: kept the first entry.")
            continue
        present.add(name)
        substitute_for = person(attendee.substitute_for)
        attendance.append(dataclasses.replace(attendee, name=name, substitute_for=substitute_for))
    parsed.attendance = attendance
    for item in parsed.items:
        for position in item.positions:
            position.name = person(position.name)
        item.positions = [p for p in item.positions if p.name or p.party]
        absent = [person(name) for name in item.absent]
        item.absent = list(dict.fromkeys(name for name in absent if name))


def _body(slug: str, parsed: ParsedMeeting) -> Body:
    """The body of `slug`, created with what the document says of it (kind, municipality, region)."""
    body, created = Body.objects.get_or_create(
        slug=slug,
        defaults={
            "name": parsed.body_name,
            "kind": parsed.body_kind,
            "municipality": parsed.municipality or "",
            "region": parsed.region or "",
        },
    )
    if not created and not (body.municipality or body.region) and (parsed.municipality or parsed.region):
        save_changed_fields(body, {"municipality": parsed.municipality or "", "region": parsed.region or ""})
    return body


def _apply_merge(
    body: Body,
    meeting: Meeting | None,
    documents: list[tuple[ParsedMeeting, str]],
    result: LoadResult,
    *,
    prune: bool = False,
) -> tuple[Meeting, QuerySet[AgendaItem]]:
    """Merge the (current) documents of one meeting and write the result; items are updated in place, never
    deleted, and staff corrections are laid over the merge (`apply_corrections`).

    Returns the meeting and its items that no document of the merge has (a new version dropped them: the caller
    withdraws them). `prune`: a new version replaced a document, so a decision none of the documents has any
    more is removed too. Withdrawn items that a document has again are restored.
    """
    # Best first; the sha256 breaks ties so the merge does not depend on the order files arrive in.
    documents.sort(key=lambda pair: (completeness(pair[0]), pair[1]), reverse=True)
    merged = merge([doc for doc, _ in documents])
    if meeting is not None:
        apply_corrections(meeting, merged)
    sources: dict[str, list[dict]] = {}
    for doc, sha256 in documents:  # best first: the first source is the one the item's texts came from
        for parsed_item in doc.items:
            sources.setdefault(parsed_item.number, []).append({"sha256": sha256, "page": parsed_item.page})
    meeting, result.meeting_fields_changed = _save_meeting(body, meeting, merged)
    items = _save_items(meeting, merged.items, result, sources, prune=prune)
    result.attendance_changed = _save_attendance(meeting, merged.attendance)
    result.attendance_changed += _save_item_details(items, merged.items, new_meeting=result.meeting_created)
    _save_mentions(items)
    if result.meeting_created:
        return meeting, AgendaItem.objects.none()
    numbers = [parsed.number for parsed in merged.items]
    result.items_restored = meeting.items.withdrawn().filter(number__in=numbers).update(withdrawn_by=None)
    return meeting, meeting.items.current().exclude(number__in=numbers)


def _facts(meeting: Meeting) -> dict[str, tuple]:
    """What a version's change log compares: each item's withdrawal, title, decision text and outcome."""
    rows = meeting.items.values_list("number", "withdrawn_by_id", "title", "decision__text", "decision__outcome")
    return {number: (withdrawn is not None, title, text, outcome) for number, withdrawn, title, text, outcome in rows}


def _changes(before: dict[str, tuple], after: dict[str, tuple]) -> dict[str, list[str]]:
    """The change log of one document: item numbers whose decision or title changed, items added, withdrawn."""
    shown = {number for number, facts in after.items() if not facts[0]}
    was_shown = {number for number, facts in before.items() if not facts[0]}
    changes = {
        "decisions_changed": [n for n in shown & was_shown if before[n][2:] != after[n][2:]],
        "items_changed": [n for n in shown & was_shown if before[n][1] != after[n][1]],
        "items_added": list(shown - was_shown),
        "items_withdrawn": list(was_shown - shown),
    }
    return {key: sorted(numbers, key=item_sort_key) for key, numbers in changes.items() if numbers}


def reparse_meeting(*, meeting: Meeting, parse: Callable[[str], ParsedMeeting]) -> LoadResult:
    """Parse every source document of `meeting` again (after a parser improvement) and re-merge it."""
    result = LoadResult(status="reparsed")
    with transaction.atomic():
        _advisory_lock(f"meeting:{meeting.body.slug}:{meeting.date.isoformat()}")
        documents = []
        # Only current versions: a superseded version keeps the parse it had, as history.
        for document in meeting.documents.filter(superseded_by__isnull=True):
            parsed = parse(document.text)
            check_parse(parsed)
            if parsed.date != meeting.date:
                raise ValueError(f"{document.file_name}: now parses as {parsed.date}, not {meeting.date}")
            document.parsed = to_json(parsed)
            document.warnings = list(parsed.warnings)
            document.kind = parsed.kind
            document.rejoined_hyphenations = parsed.rejoined_hyphenations
            document.save(update_fields=["parsed", "warnings", "kind", "rejoined_hyphenations"])
            documents.append((parsed, document.sha256))
        _, missing = _apply_merge(meeting.body, meeting, documents, result)
        result.items_withdrawn = _withdraw_superseded(meeting, missing)
        after_meeting_saved(meeting)
    result.meeting = meeting
    return result


def _withdraw_superseded(meeting: Meeting, missing: QuerySet[AgendaItem]) -> int:
    """Withdraw the items no current document has that a superseded version had, by the version that replaced it
    (documents superseded by migration 0016, before versions were applied at ingest, or a meeting imported so).

    An item that no document of any version has (a parser change lost it) is left as it is: only a new version
    withdraws."""
    numbers = dict(missing.values_list("number", "pk"))
    if not numbers:
        return 0
    documents = list(
        meeting.documents.annotate(
            numbers=RawSQL("jsonb_path_query_array(parsed, '$.items[*].number')", [], output_field=JSONField())
        ).values_list("pk", "superseded_by_id", "numbers")
    )
    newer = {pk: superseded_by for pk, superseded_by, _ in documents}
    withdrawn = 0
    for _, superseded_by, had in documents:
        if superseded_by is None:
            continue
        current = superseded_by
        while newer.get(current) is not None:  # the version that is current now
            current = newer[current]
        ids = [numbers.pop(number) for number in had or [] if number in numbers]
        withdrawn += AgendaItem.objects.filter(pk__in=ids).update(withdrawn_by_id=current)
    return withdrawn


def _advisory_lock(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _save_meeting(body: Body, meeting: Meeting | None, merged: ParsedMeeting) -> tuple[Meeting, bool]:
    values = {"kind": merged.kind, "start_time": merged.start_time, "location": merged.location or ""}
    if meeting is None:
        return Meeting.objects.create(body=body, date=merged.date, **values), False
    return meeting, save_changed_fields(meeting, values, also=("updated_at",))


def _item_values(parsed: ParsedItem) -> dict:
    return {
        "section_number": parsed.section_number or "",
        "section_title": parsed.section_title or "",
        "title": parsed.title,
        "time_start": parsed.time_start,
        "time_end": parsed.time_end,
        "case_number": parsed.case_number or "",
        "case_officers": "/".join(parsed.case_officers),
        "background": parsed.background or "",
        "recommendation": parsed.recommendation or "",
        "case_text": parsed.case_text or "",
        "attachments": parsed.attachments or "",
        "resume": parsed.resume or "",
        "other_texts": [[heading, text] for heading, text in parsed.other_texts],
        "closed": parsed.closed,
        "page": parsed.page,
        "order": parsed.order,
    }


def _save_items(
    meeting: Meeting,
    parsed_items: list[ParsedItem],
    result: LoadResult,
    sources: dict[str, list[dict]],
    *,
    prune: bool = False,
) -> list[AgendaItem]:
    existing = {item.number: item for item in meeting.items.select_related("decision")}
    new_items = [
        AgendaItem(
            meeting=meeting,
            number=p.number,
            sort_key=item_sort_key(p.number),
            sources=sources.get(p.number, []),
            **_item_values(p),
        )
        for p in parsed_items
        if p.number not in existing
    ]
    for item in AgendaItem.objects.bulk_create(new_items):  # one INSERT for a new meeting's agenda
        item._is_new = True  # no decision to look up yet
        existing[item.number] = item
    result.items_created += len(new_items)
    saved = []
    new_decisions: list[Decision] = []
    for parsed in parsed_items:
        item = existing[parsed.number]
        if not getattr(item, "_is_new", False):
            if save_changed_fields(item, _item_values(parsed)):
                result.items_updated += 1
            # Which documents the item was read from is provenance, not a fact of the meeting: kept, not counted.
            save_changed_fields(item, {"sources": sources.get(parsed.number, [])})
        decision = _save_decision(item, parsed, result, prune=prune)
        if decision is not None:
            new_decisions.append(decision)
        saved.append(item)
    Decision.objects.bulk_create(new_decisions)
    result.decisions_created += len(new_decisions)
    return saved


def _save_decision(item: AgendaItem, parsed: ParsedItem, result: LoadResult, *, prune: bool) -> Decision | None:
    """Update the item's decision in place, or return a new unsaved one for a bulk insert. `prune`: remove a
    stored decision the merge no longer has (a new version replaced the document it came from)."""
    if parsed.decision is None or not parsed.decision.text.strip():
        item._decision_text = ""
        if prune and not getattr(item, "_is_new", False) and Decision.objects.filter(item=item).delete()[0]:
            result.decisions_updated += 1
        return None
    item._decision_text = parsed.decision.text
    outcomes = [o for o in parsed.decision.outcomes if o in Outcome.values]
    values = {"text": parsed.decision.text, "outcome": outcomes[0] if outcomes else "", "outcomes": outcomes}
    try:
        if getattr(item, "_is_new", False):
            raise Decision.DoesNotExist
        decision = item.decision
    except Decision.DoesNotExist:
        return Decision(item=item, **values)
    if save_changed_fields(decision, values):
        result.decisions_updated += 1
    return None


def _people(names: set[str]) -> dict[str, Person]:
    """Person rows for `names` by slug, creating the missing ones (concurrent ingests may race: ignore).

    Every name maps to its person: two spellings with one slug ("Ole Bondo Christensen", "Ole Bondo-Christensen")
    are the same row, created under the first spelling in sorted order. Names that give no slug (which
    check_document leaves out of a new document) map to no one."""
    by_name = {name: danish_slugify(name) for name in sorted(names)}
    by_name = {name: slug for name, slug in by_name.items() if is_slug(slug)}
    first: dict[str, str] = {}
    for name, slug in by_name.items():
        first.setdefault(slug, name)
    found = {p.slug: p for p in Person.objects.filter(slug__in=first)}
    missing = [Person(name=name, slug=slug) for slug, name in first.items() if slug not in found]
    if missing:
        Person.objects.bulk_create(missing, ignore_conflicts=True)
        found = {p.slug: p for p in Person.objects.filter(slug__in=first)}
    return {name: found[slug] for name, slug in by_name.items()}


def _save_attendance(meeting: Meeting, attendees: list[ParsedAttendee]) -> int:
    """Make the meeting's attendance rows what `attendees` say; returns how many rows changed."""
    people = _people({a.name for a in attendees} | {a.substitute_for for a in attendees if a.substitute_for})
    wanted: dict[int, dict] = {}
    for attendee in attendees:
        person = people.get(attendee.name)
        if (
            person is None or person.pk in wanted
        ):  # no slug, or a second spelling of one person: the first wins
            continue
        substitute_for = people.get(attendee.substitute_for) if attendee.substitute_for else None
        wanted[person.pk] = {
            "status": attendee.status,
            "party": (attendee.party or "")[:3],
            "municipality": attendee.municipality or "",
            "substitute_for_id": substitute_for.pk if substitute_for and substitute_for != person else None,
        }
    removed, _ = meeting.attendance.exclude(person_id__in=wanted).delete()
    current = {row.person_id: row for row in meeting.attendance.all()}
    new_rows, changed_rows = [], []
    for person_id, values in wanted.items():
        row = current.get(person_id)
        if row is None:
            new_rows.append(Attendance(meeting=meeting, person_id=person_id, **values))
        elif apply_changed_fields(row, values):
            changed_rows.append(row)
    Attendance.objects.bulk_create(new_rows)
    Attendance.objects.bulk_update(changed_rows, ["status", "party", "municipality", "substitute_for_id"])
    return removed + len(new_rows) + len(changed_rows)


def _save_item_details(items: list[AgendaItem], parsed_items: list[ParsedItem], *, new_meeting: bool) -> int:
    """Positions, case-route steps and absences of each item, as the merged parse has them.

    An item's rows are replaced only when they differ from what is stored; returns how many items changed.
    A new meeting has nothing stored: its rows are only written, and nothing is read back.
    """
    by_number = {p.number: p for p in parsed_items}
    if new_meeting and not any(p.positions or p.case_route or p.absent for p in parsed_items):
        return 0
    names = {
        name for p in parsed_items for name in [*(pos.name for pos in p.positions if pos.name), *p.absent]
    }
    people = _people(names) if names else {}
    ids = [item.pk for item in items]
    stored_positions: dict[int, list[tuple]] = {pk: [] for pk in ids}
    stored_steps: dict[int, list[tuple]] = {pk: [] for pk in ids}
    stored_absent: dict[int, set[int]] = {pk: set() for pk in ids}
    if not new_meeting:
        for row in Position.objects.filter(item_id__in=ids).order_by("item_id", "order"):
            stored_positions[row.item_id].append((row.person_id, row.party, row.stance, row.sentence))
        for row in CaseStep.objects.filter(item_id__in=ids).order_by("item_id", "order"):
            stored_steps[row.item_id].append((row.body_name, row.date, row.number, row.text))
        for item_id, person_id in ItemAbsence.objects.filter(item_id__in=ids).values_list(
            "item_id", "person_id"
        ):
            stored_absent[item_id].add(person_id)

    changed = 0
    new_positions, new_steps, new_absences, stale = [], [], [], []
    for item in items:
        parsed = by_number[item.number]
        positions = [
            (people[p.name].pk if p.name in people else None, (p.party or "")[:100], p.stance, p.sentence)
            for p in parsed.positions
            if p.name in people or p.party
        ]
        steps = [(s.body_name[:200], s.date, (s.number or "")[:20], s.text) for s in parsed.case_route]
        absent = {people[name].pk for name in parsed.absent if name in people}
        if (positions, steps, absent) == (
            stored_positions[item.pk],
            stored_steps[item.pk],
            stored_absent[item.pk],
        ):
            continue
        changed += 1
        stale.append(item.pk)
        new_positions += [
            Position(item=item, person_id=person, party=party, stance=stance, sentence=sentence, order=n)
            for n, (person, party, stance, sentence) in enumerate(positions)
        ]
        new_steps += [
            CaseStep(item=item, body_name=body, date=date, number=number, text=text, order=n)
            for n, (body, date, number, text) in enumerate(steps)
        ]
        new_absences += [ItemAbsence(item=item, person_id=person) for person in absent]
    if stale:
        Position.objects.filter(item_id__in=stale).delete()
        CaseStep.objects.filter(item_id__in=stale).delete()
        ItemAbsence.objects.filter(item_id__in=stale).delete()
        Position.objects.bulk_create(new_positions)
        CaseStep.objects.bulk_create(new_steps)
        ItemAbsence.objects.bulk_create(new_absences)
    return changed


_WORD_RUN = re.compile(r"\w+")


class NameFinder:
    """The names of `names` that a text prints as whole words, as `(?<!\\w)(longest|...|shortest)(?!\\w)` finds
    them (leftmost first, the longest name at a place, never overlapping), but looked up by the word a name
    starts with: one alternation of every person's name was tried at every character of every item, 30 ms a
    meeting with 1,000 people known and 100 ms with 5,000; this stays about as cheap however many are known."""

    def __init__(self, names) -> None:
        ordered = sorted(set(names), key=len, reverse=True)
        self._by_first: dict[str, list[str]] = {}
        for name in ordered:
            if first := _WORD_RUN.match(name):
                self._by_first.setdefault(first.group(0), []).append(name)
        # A name that does not start with a letter or digit (none seen so far): the one expression, as before.
        self._regex = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
            if any(not _WORD_RUN.match(name) for name in ordered)
            else None
        )

    def find(self, text: str) -> set[str]:
        if self._regex is not None:
            return {m.group(1) for m in self._regex.finditer(text)}
        # Only the places where a word some name starts with stands as a whole word are tried.
        present = self._by_first.keys() & set(_WORD_RUN.findall(text))
        starts = sorted(start for first in present for start in _whole_word_at(text, first))
        found: set[str] = set()
        end = 0
        for start in starts:
            if start < end:
                continue  # inside the name found last
            first = _WORD_RUN.match(text, start).group(0)
            for name in self._by_first[first]:
                stop = start + len(name)
                if text.startswith(name, start) and not _WORD_RUN.match(text, stop):
                    found.add(name)
                    end = stop
                    break
        return found


def _whole_word_at(text: str, word: str):
    """Where `word` stands in `text` as a whole word (str.find: a pattern opening with a look-behind is tried
    character by character)."""
    at = text.find(word)
    while at >= 0:
        stop = at + len(word)
        if not (at and _WORD_RUN.match(text, at - 1)) and not _WORD_RUN.match(text, stop):
            yield at
        at = text.find(word, at + 1)


_name_finder_cache: dict[tuple[int, int], tuple[NameFinder, dict[str, int]]] = {}


def _name_finder() -> tuple[NameFinder, dict[str, int]]:
    """The finder of every known person's full name, rebuilt only when people were added."""
    key = (Person.objects.count(), Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    if key not in _name_finder_cache:
        _name_finder_cache.clear()
        people = dict(Person.objects.values_list("name", "pk"))
        _name_finder_cache[key] = (NameFinder(n for n in people if " " in n), people)  # full names only
    return _name_finder_cache[key]


def _save_mentions(items: list[AgendaItem]) -> None:
    finder, people = _name_finder()
    if not people or not items:
        return
    through = AgendaItem.mentioned_people.through
    current: dict[int, set[int]] = {item.pk: set() for item in items}
    for item_id, person_id in through.objects.filter(agendaitem_id__in=current).values_list(
        "agendaitem_id", "person_id"
    ):
        current[item_id].add(person_id)
    stale, new = [], []
    for item in items:
        decision = getattr(item, "_decision_text", "")
        text = "\n".join(
            [item.title, item.background, item.recommendation, item.case_text, item.attachments, decision]
        )
        found = {people[name] for name in finder.find(re.sub(r"\s+", " ", text))}
        stale += [(item.pk, pk) for pk in current[item.pk] - found]
        new += [through(agendaitem_id=item.pk, person_id=pk) for pk in found - current[item.pk]]
    for item_id, person_id in stale:
        through.objects.filter(agendaitem_id=item_id, person_id=person_id).delete()
    through.objects.bulk_create(new, ignore_conflicts=True)


def _save_announcements(body: Body, parsed: ParsedMeeting, document: SourceDocument) -> None:
    for date in parsed.announced_meetings:
        AnnouncedMeeting.objects.get_or_create(body=body, date=date, defaults={"source": document})


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
