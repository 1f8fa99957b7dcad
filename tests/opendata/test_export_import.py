"""`manage.py export` and `manage.py import_archive`: the archive as NDJSON, and back, identical."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from meetings.models import (
    AgendaItem,
    AnnouncedMeeting,
    Attendance,
    Body,
    Correction,
    Decision,
    Meeting,
    Person,
    SearchEntry,
    SearchWord,
    SourceDocument,
    Topic,
)
from opendata.export import write_archive
from opendata.format import FORMAT, VERSION
from search.ranking import search

pytestmark = pytest.mark.django_db


def _export(path=None, **options) -> list[dict]:
    """Run `export` (to `path`, or standard output) and return its lines as objects."""
    stdout, stderr = io.StringIO(), io.StringIO()
    if path is None:
        call_command("export", stdout=stdout, stderr=stderr, **options)
        text = stdout.getvalue()
    else:
        call_command("export", output=str(path), stdout=stdout, stderr=stderr, **options)
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as stream:
            text = stream.read()
    return [json.loads(line) for line in text.splitlines()]


def _flush_archive() -> None:
    Meeting.objects.all().delete()
    Topic.objects.all().delete()
    Person.objects.all().delete()
    Body.objects.all().delete()
    SearchWord.objects.all().delete()
    assert not SourceDocument.objects.exists() and not SearchEntry.objects.exists()


def _import(path) -> str:
    stdout = io.StringIO()
    call_command("import_archive", str(path), stdout=stdout)
    return stdout.getvalue()


def _item_key(item: AgendaItem) -> tuple[str, str, str]:
    return (item.meeting.body.slug, item.meeting.date.isoformat(), item.number)


def _archive_state() -> dict[str, list]:
    """Everything the archive holds, by natural keys (no primary keys), each list sorted."""
    items = AgendaItem.objects.select_related("meeting__body")
    tsvectors = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT item_id, document::text FROM meetings_searchentry")
        tsvectors = dict(cursor.fetchall())
    return {
        "permalinks": sorted(item.get_absolute_url() for item in items),
        "meetings": sorted(
            (m.body.slug, m.body.name, m.date, m.start_time, m.location, m.kind, m.created_at, m.updated_at)
            for m in Meeting.objects.select_related("body")
        ),
        "items": sorted(
            (
                *_item_key(i),
                i.sort_key,
                i.order,
                i.section_number,
                i.section_title,
                i.title,
                i.time_start,
                i.time_end,
                i.case_number,
                i.case_officers,
                i.background,
                i.recommendation,
                i.case_text,
                i.attachments,
            )
            for i in items
        ),
        "decisions": sorted(
            (*_item_key(d.item), d.text, d.outcome, tuple(d.outcomes))
            for d in Decision.objects.select_related("item__meeting__body")
        ),
        "people": sorted(Person.objects.values_list("slug", "name")),
        "attendance": sorted(
            (
                a.meeting.body.slug,
                a.meeting.date,
                a.person.slug,
                a.status,
                a.party,
                a.municipality,
                a.substitute_for.slug if a.substitute_for else "",
            )
            for a in Attendance.objects.select_related("meeting__body", "person", "substitute_for")
        ),
        "topics": sorted(Topic.objects.values_list("slug", "name", "description", "query")),
        "topic_assignments": sorted(
            (row.topic.slug, *_item_key(row.agendaitem))
            for row in Topic.items.through.objects.select_related("topic", "agendaitem__meeting__body")
        ),
        "mentions": sorted(
            (*_item_key(row.agendaitem), row.person.slug)
            for row in AgendaItem.mentioned_people.through.objects.select_related(
                "agendaitem__meeting__body", "person"
            )
        ),
        "documents": sorted(
            (
                d.sha256,
                d.meeting.body.slug,
                d.meeting.date,
                d.file_name,
                d.size,
                d.format,
                d.kind,
                d.ingested_at,
                json.dumps(d.warnings),
                d.rejoined_hyphenations,
                d.text,
                json.dumps(d.parsed, sort_keys=True),
            )
            for d in SourceDocument.objects.select_related("meeting__body")
        ),
        "announced": sorted(
            (a.body.slug, a.date, a.source.sha256)
            for a in AnnouncedMeeting.objects.select_related("body", "source")
        ),
        "search_entries": sorted(
            (
                *_item_key(e.item),
                e.meeting_date,
                e.body.slug,
                e.kind,
                e.has_decision,
                tuple(e.outcomes),
                tsvectors[e.pk],
            )
            for e in SearchEntry.objects.select_related("item__meeting__body", "body")
        ),
    }


def _first_hit(query: str) -> tuple[str, str]:
    hit = search(query, SearchEntry.objects.all()).hits[0]
    return hit.item.meeting.date.isoformat(), hit.item.number


# Export ----------------------------------------------------------------------------------------------------


def test_export_starts_with_a_header_then_has_one_line_per_meeting_oldest_first(sample_archive):
    header, *meetings = _export()
    assert header["format"] == FORMAT and header["version"] == VERSION
    assert header["counts"] == {
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "documents": SourceDocument.objects.count(),
    }
    assert {t["slug"] for t in header["topics"]} == set(Topic.objects.values_list("slug", flat=True))
    assert all({"name", "slug", "description", "query"} <= set(t) for t in header["topics"])
    assert len(meetings) == Meeting.objects.count() == 4
    assert [m["date"] for m in meetings] == sorted(m["date"] for m in meetings)
    june = next(m for m in meetings if m["date"] == "2022-06-21")
    assert june["body"] == {"name": "KKR Hovedstaden", "slug": "kkr-hovedstaden"}
    item = next(i for i in june["items"] if i["number"] == "3.4")
    assert item["decision"]["text"].startswith("Stella Hansen præsenterede")
    assert "sundhed" in item["topics"]
    mentioning = next(i for i in june["items"] if i["number"] == "4.1")
    assert "alexandra-dessoy" in mentioning["mentioned_people"]
    referred = {"alexandra-dessoy"} | {a["person"]["slug"] for a in june["attendance"]}
    assert {p["slug"] for p in june["people"]} >= referred
    assert len(june["documents"]) == 2  # an agenda and its minutes, both kept with text and parse
    assert all(d["text"] and d["parsed"] and len(d["sha256"]) == 64 for d in june["documents"])


def test_export_to_standard_output_carries_only_the_data(sample_archive):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export", stdout=stdout, stderr=stderr)
    lines = stdout.getvalue().splitlines()
    assert all(json.loads(line) for line in lines)  # every line parses: no summary mixed in
    assert "Exported 4 meetings" in stderr.getvalue()


def test_export_to_a_gz_file_is_gzip_compressed(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson.gz"
    lines = _export(path)
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert len(lines) == 1 + Meeting.objects.count()
    assert not (tmp_path / "arkiv.ndjson.gz.partial").exists()


def test_export_reads_the_archive_in_a_constant_number_of_queries(
    sample_archive, django_assert_max_num_queries
):
    # Header (counts, topics) and one round of prefetches for the chunk (corrections included), whatever the
    # number of meetings.
    with django_assert_max_num_queries(12):
        write_archive(io.StringIO(), chunk_size=100)


def test_export_in_small_chunks_writes_the_same_meetings(sample_archive):
    whole, chunked = io.StringIO(), io.StringIO()
    write_archive(whole, chunk_size=100)
    write_archive(chunked, chunk_size=1)
    assert whole.getvalue().splitlines()[1:] == chunked.getvalue().splitlines()[1:]


# Import ----------------------------------------------------------------------------------------------------


def test_round_trip_keeps_permalinks_rows_topics_mentions_search_and_document_hashes(
    sample_archive, tmp_path
):
    before = _archive_state()
    first_hit = _first_hit("sundhedsklynger")
    path = tmp_path / "arkiv.ndjson.gz"
    _export(path)

    _flush_archive()
    assert not AgendaItem.objects.exists()
    summary = _import(path)

    assert "Imported 4 meetings" in summary
    after = _archive_state()
    for key in before:
        assert after[key] == before[key], key
    assert len(before["permalinks"]) == AgendaItem.objects.count() > 50
    assert before["topic_assignments"] and before["mentions"] and before["attendance"] and before["announced"]
    assert _first_hit("sundhedsklynger") == first_hit == ("2022-06-21", "3.4")
    assert SearchWord.objects.filter(word="sundhedsklynger").exists()  # the vocabulary was rebuilt

    stdout = io.StringIO()
    call_command("ingest", "data/samples", stdout=stdout)
    assert "Files: 0 ingested, 5 unchanged, 0 refused" in stdout.getvalue()


def test_import_refuses_an_archive_that_already_has_meetings(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    _export(path)
    count = Meeting.objects.count()
    with pytest.raises(CommandError, match="not empty") as raised:
        _import(path)
    assert raised.value.returncode == 1
    assert Meeting.objects.count() == count


def test_import_of_a_truncated_file_is_refused_and_imports_nothing(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    _export(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    _flush_archive()
    with pytest.raises(CommandError, match="announces 4 meetings but the file holds 3"):
        _import(path)
    assert not Meeting.objects.exists() and not Topic.objects.exists()


def test_import_refuses_a_file_without_the_export_header(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    _export(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    _flush_archive()
    with pytest.raises(CommandError, match="line 1: not a kkrarchive-ndjson file"):
        _import(path)


def test_import_names_the_line_of_a_meeting_that_refers_to_an_unknown_topic(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    header, *meetings = _export(path)
    meetings[1]["items"][0]["topics"] = ["findes-ikke"]
    path.write_text("\n".join(json.dumps(r) for r in [header, *meetings]) + "\n", encoding="utf-8")
    _flush_archive()
    with pytest.raises(CommandError, match="line 3: topic 'findes-ikke' is not defined"):
        _import(path)
    assert not Meeting.objects.exists()


def test_import_refuses_a_line_that_is_not_json(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    _export(path)
    with path.open("a", encoding="utf-8") as stream:
        stream.write('{"body": \n')
    _flush_archive()
    with pytest.raises(CommandError, match="line 6: not JSON"):
        _import(path)


# Versions and corrections ----------------------------------------------------------------------------------


def _versions_and_corrections() -> dict[str, list]:
    return {
        "documents": sorted(
            SourceDocument.objects.values_list("sha256", "version", "superseded_by__sha256", "changes", "url")
        ),
        "withdrawn": sorted(AgendaItem.objects.values_list("number", "withdrawn_by__sha256")),
        "corrections": sorted(
            Correction.objects.values_list(
                "item__number", "person__slug", "field", "parsed_value", "value", "latest_parsed_value",
                "conflict", "reason", "created_by", "created_at", "withdrawn_at", "withdrawn_by",
            ),
            key=repr,
        ),
        "decisions": sorted(Decision.objects.values_list("item__number", "text", "outcome")),
    }


def test_round_trip_keeps_versions_withdrawn_items_and_corrections_which_outlast_a_reparse(tmp_path):
    from ingest.pipeline import ingest_file
    from meetings import services

    _flush_archive()  # (the module's sample archive may be loaded: start empty)
    text = Path("data/samples/000_bfbe36a0753158a4.txt").read_text(encoding="utf-8")
    first, second = tmp_path / "v1" / "referat.txt", tmp_path / "v2" / "referat.txt"
    first.parent.mkdir(), second.parent.mkdir()
    first.write_text(text, encoding="utf-8")
    start, end = text.index("3.9. Kommunefordeling"), text.index(" 4. Udpegninger")
    second.write_text(text[:start] + text[end:], encoding="utf-8")
    ingest_file(first, url="https://www.kl.dk/media/referat.pdf")
    item = AgendaItem.objects.get(number="1.1")
    parsed = item.decision.text
    Decision.objects.filter(item=item).update(text="Dagsordenen blev godkendt med en ændring.")  # as the admin does
    services.correct(
        item=item, field="decision", value="Dagsordenen blev godkendt med en ændring.",
        shown_value=parsed, reason="Ændringen stod i lydfilen.", user="sekretariat",
    )
    row = Attendance.objects.filter(meeting=item.meeting, status="present").first()
    shown = services.attendance_value(row)
    Attendance.objects.filter(pk=row.pk).update(status="absent")
    services.correct(
        meeting=item.meeting, person=row.person, field="attendance", value={**shown, "status": "absent"},
        shown_value=shown, reason="Meldte afbud.", user="sekretariat",
    )
    ingest_file(second, url="https://www.kl.dk/media/referat.pdf")  # a new version at the same URL
    before = _versions_and_corrections()
    assert len(before["corrections"]) == 2
    assert [number for number, sha in before["withdrawn"] if sha] == ["3.9"]

    path = tmp_path / "arkiv.ndjson"
    lines = _export(path)
    assert lines[0]["version"] == VERSION == 2
    _flush_archive()
    _import(path)

    assert _versions_and_corrections() == before
    assert not SearchEntry.objects.filter(item__number="3.9").exists()  # withdrawn: not in the search
    call_command("reparse", verbosity=0)
    assert Decision.objects.get(item__number="1.1").text == "Dagsordenen blev godkendt med en ændring."
    assert Attendance.objects.get(meeting__date=item.meeting.date, person__slug=row.person.slug).status == "absent"
    assert ingest_file(second).status == "unchanged"


def test_a_version_1_export_is_still_read(sample_archive, tmp_path):
    lines = _export()
    lines[0]["version"] = 1
    for line in lines[1:]:
        line.pop("corrections")
        for item in line["items"]:
            item.pop("withdrawn_by")
        for document in line["documents"]:
            for key in ("url", "version", "superseded_by", "changes"):
                document.pop(key)
    path = tmp_path / "v1.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    _flush_archive()
    _import(path)
    assert Meeting.objects.count() == len(lines) - 1
    assert not SourceDocument.objects.exclude(version=1).exists() and not AgendaItem.objects.withdrawn().exists()


def test_import_refuses_a_correction_of_an_item_the_meeting_does_not_have(sample_archive, tmp_path):
    lines = _export()
    lines[1]["corrections"] = [
        {"item": "99.9", "person": None, "field": "title", "parsed_value": "a", "value": "b",
         "latest_parsed_value": "a", "conflict": False, "reason": "x", "created_by": "s",
         "created_at": "2026-01-01T00:00:00+00:00", "withdrawn_at": None, "withdrawn_by": "", "withdrawal_reason": ""}
    ]
    path = tmp_path / "bad.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    _flush_archive()
    with pytest.raises(CommandError, match="line 2: correction of title names no item of the meeting"):
        _import(path)
    assert not Meeting.objects.exists()
