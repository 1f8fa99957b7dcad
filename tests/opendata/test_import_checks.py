"""`import_archive` checks every record as ingest would: a hand-edited export that breaks a rule is refused
with its line number, and nothing of it is imported."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from danish.cpr import MASK
from meetings.models import AgendaItem, Body, Meeting, Person, SourceDocument, Topic
from tests.opendata.test_export_import import _export, _flush_archive, _import

pytestmark = pytest.mark.django_db


def _first_item(record: dict) -> dict:
    return record["items"][0]


def _item_with_decision(record: dict) -> dict:
    return next(item for item in record["items"] if item.get("decision"))


# Each case edits the second meeting of the export: line 3 of the file.
CASES = {
    "a body slug with no letters": (lambda r: r["body"].update(slug=""), "body slug ''"),
    "a body slug with punctuation": (lambda r: r["body"].update(slug="!!!"), "body slug '!!!'"),
    "a body slug in capitals": (lambda r: r["body"].update(slug="KKR-Hovedstaden"), "is not a slug"),
    "a person slug": (
        lambda r: r["attendance"][0]["person"].update(slug="ole bondo"),
        "person slug 'ole bondo'",
    ),
    "a meeting date in year 9999": (
        lambda r: r.update(date="9999-12-31"),
        "meeting date 9999-12-31 is implausible",
    ),
    "a meeting date in year 1": (
        lambda r: r.update(date="0001-01-01"),
        "meeting date 0001-01-01 is implausible",
    ),
    "a meeting date that is no date": (lambda r: r.update(date="2022-02-30"), "is not a date"),
    "a start time that is no time": (lambda r: r.update(start_time="25:00:00"), "is not a time"),
    "a meeting kind": (lambda r: r.update(kind="minutes"), "meeting kind 'minutes' is not one of"),
    "an item number": (lambda r: _first_item(r).update(number="3.x"), "item number '3.x'"),
    "an item number with a newline": (
        lambda r: _first_item(r).update(number="3.4\n"),
        "item number '3.4\\n'",
    ),
    "a repeated item number": (
        lambda r: r["items"][1].update(number=r["items"][0]["number"]),
        "appears twice",
    ),
    "a case number": (lambda r: _first_item(r).update(case_number="SAG-22-1"), "case number 'SAG-22-1'"),
    "an outcome": (lambda r: _item_with_decision(r)["decision"].update(outcome="måske"), "outcome 'måske'"),
    "an outcome in the list": (
        lambda r: _item_with_decision(r)["decision"].update(outcomes=["måske"]),
        "outcome 'måske'",
    ),
    "an attendance status": (lambda r: r["attendance"][0].update(status="here"), "attendance status 'here'"),
    "a time slot that ends before it starts": (
        lambda r: _first_item(r).update(time_start="11:15:00", time_end="10:55:00"),
        "ends (10:55:00) before it starts (11:15:00)",
    ),
    "a document format": (lambda r: r["documents"][0].update(format="docx"), "format 'docx'"),
    "a document hash": (lambda r: r["documents"][0].update(sha256="abc"), "document hash 'abc'"),
    "an announced meeting in year 9999": (
        lambda r: r["documents"][0].update(announced_meetings=["9999-01-01"]),
        "announced meeting 9999-01-01 is implausible",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_hand_edited_record_that_breaks_a_rule_is_refused_with_its_line_and_nothing_is_imported(
    sample_archive, tmp_path, client, case
):
    edit, message = CASES[case]
    path = tmp_path / "arkiv.ndjson"
    header, *meetings = _export(path)
    edit(meetings[1])
    path.write_text("\n".join(json.dumps(r) for r in [header, *meetings]) + "\n", encoding="utf-8")
    _flush_archive()

    with pytest.raises(CommandError) as refused:
        _import(path)

    assert "line 3: " in str(refused.value)
    assert message in str(refused.value)
    assert refused.value.returncode == 1
    assert not Meeting.objects.exists() and not Body.objects.exists() and not Topic.objects.exists()
    assert not Person.objects.exists() and not SourceDocument.objects.exists()
    assert client.get("/organer/").status_code == 200


def test_a_topic_slug_in_the_header_is_checked_on_line_1(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    header, *meetings = _export(path)
    header["topics"][0]["slug"] = "Sundhed og Ældre"
    path.write_text("\n".join(json.dumps(r) for r in [header, *meetings]) + "\n", encoding="utf-8")
    _flush_archive()
    with pytest.raises(CommandError, match="line 1: topic slug 'Sundhed og Ældre'"):
        _import(path)
    assert not Topic.objects.exists()


def test_cpr_numbers_in_the_texts_of_an_export_are_masked_on_import(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    header, *meetings = _export(path)
    record = meetings[1]
    _first_item(record)["title"] += " 010190-1234"
    _item_with_decision(record)["decision"]["text"] += " CPR-0101901234"
    record["documents"][0]["text"] += " 010190\u00a01234"
    record["documents"][0]["file_name"] = "klage 0101901234.txt"
    path.write_text("\n".join(json.dumps(r) for r in [header, *meetings]) + "\n", encoding="utf-8")
    _flush_archive()

    stdout = io.StringIO()
    call_command("import_archive", str(path), stdout=stdout)

    assert not AgendaItem.objects.filter(title__contains="1234").exists()
    assert AgendaItem.objects.filter(title__contains=MASK).exists()
    assert not AgendaItem.objects.filter(decision__text__contains="1234").exists()
    assert not SourceDocument.objects.filter(text__contains="1234").exists()
    assert not SourceDocument.objects.filter(file_name__contains="1234").exists()


def test_an_export_that_keeps_every_rule_still_imports_whole(sample_archive, tmp_path):
    path = tmp_path / "arkiv.ndjson"
    _, *meetings = _export(path)
    _flush_archive()
    assert "Imported 4 meetings" in _import(path)
    assert Meeting.objects.count() == len(meetings) == 4
