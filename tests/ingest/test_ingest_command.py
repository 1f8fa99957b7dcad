"""`manage.py ingest`: refusals, encodings, idempotency, PDFs, merging, usage, progress, size, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from bench.ingest import with_meeting_date, write_dated_copies
from danish.cpr import MASK
from ingest.parser.parse import parse_minutes
from ingest.reader import read_document
from ingest.services import ingest_document
from meetings.models import AgendaItem, Decision, Meeting, Person, SourceDocument
from tests.factories import run_ingest, source

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
SAMPLES = BASE_DIR / "data" / "samples"
SAMPLE_000 = SAMPLES / "000_bfbe36a0753158a4.txt"  # minutes of 21 June 2022 (page-footer layout)
SAMPLE_001 = SAMPLES / "001_1990fcc251a9d399.txt"  # agenda of 7 February 2020
SAMPLE_002 = SAMPLES / "002_7526e6f0fd179032.txt"  # minutes of 11 April 2025
SAMPLE_003 = SAMPLES / "003_3207b199d2270b9c.txt"  # minutes of 21 June 2022 (clean extraction)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REFERAT_PDF = FIXTURES / "referat-2022-06-21.pdf"  # a LibreOffice print of sample 003
ENCRYPTED_PDF = FIXTURES / "encrypted.pdf"
TITLE_34 = "Godkendelse af fælleskommunal organisering omkring sundhedsklyngerne i hovedstadsområdet"
JUNE_21 = dt.date(2022, 6, 21)
MB = 1024 * 1024


ingest = run_ingest


def all_rows() -> dict[str, list[dict]]:
    """Every row of every archive table, including the many-to-many link tables."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("meetings").get_models(include_auto_created=True)
    }


def archive_is_empty() -> bool:
    return not any(rows for label, rows in all_rows().items() if label != "meetings.Topic")


def copy(path: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(path, folder / (name or path.name)))


def dated_copy(path: Path, folder: Path, date: dt.date) -> Path:
    """The sample rewritten as the minutes of another meeting, on `date`."""
    text = path.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}-{date.isoformat()}.txt"
    target.write_text(with_meeting_date(text, parse_minutes(text).date, date), encoding="utf-8")
    return target


NO_DATE = """KKR Hovedstaden

1. Godkendelse af dagsorden

1.1. Godkendelse af dagsorden
SAG-2022-01250 ssan

Indstilling
Det indstilles, at dagsordenen godkendes.
"""

# label: (file name, contents or None for a path that does not exist, what the refusal must say)
BAD_FILES = {
    "empty file": ("tom.txt", b"", "empty file"),
    "binary file": ("billede.txt", bytes(range(256)) * 16, "binary file"),
    "text that is not minutes": (
        "indkoebsliste.txt",
        "Indkøbsliste\n\nmælk\nrugbrød\n".encode(),
        "not minutes",  # CONTRACT.md: documents that are not agendas or minutes are refused as `not minutes`
    ),
    "minutes without a date": ("uden-dato.txt", NO_DATE.encode(), "no meeting date found"),
    "corrupt PDF": ("afbrudt.pdf", REFERAT_PDF.read_bytes()[:2048], "corrupt PDF"),
    "encrypted PDF": ("krypteret.pdf", ENCRYPTED_PDF.read_bytes(), "encrypted PDF"),
    "nonexistent path": ("findes-ikke.txt", None, "no such file"),
}


def make_bad_file(folder: Path, label: str) -> tuple[Path, str]:
    name, data, reason = BAD_FILES[label]
    path = folder / name
    if data is not None:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path, reason


# --- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", list(BAD_FILES))
def test_bad_input_is_refused_in_one_line_naming_file_and_reason_with_exit_1(tmp_path, label):
    path, reason = make_bad_file(tmp_path, label)
    run = ingest(path)
    assert run.code == 1
    assert run.err.splitlines() == run.refusals  # nothing but the refusal, no traceback
    [line] = run.refusals
    assert line.startswith(f"REFUSED {path}: ")
    assert reason in line
    assert archive_is_empty()


@pytest.mark.django_db(transaction=True)
def test_bad_files_mixed_with_a_good_one_are_each_refused_and_the_good_one_is_ingested(tmp_path):
    good = copy(SAMPLE_000, tmp_path / "in")
    bad = [make_bad_file(tmp_path / "in", label) for label in BAD_FILES]
    run = ingest(good, *(path for path, _ in bad))
    assert run.code == 1
    assert run.err.splitlines() == run.refusals
    assert len(run.refusals) == len(bad)  # one line per bad file
    for path, reason in bad:
        [line] = [line for line in run.refusals if line.startswith(f"REFUSED {path}: ")]
        assert reason in line
    assert "1 ingested, 0 unchanged, 7 refused" in run.out
    # Nothing from the bad files was written, not even half of one.
    assert list(SourceDocument.objects.values_list("file_name", flat=True)) == [good.name]
    assert list(Meeting.objects.values_list("date", flat=True)) == [JUNE_21]
    assert AgendaItem.objects.count() == 16


@pytest.mark.django_db(transaction=True)
def test_a_document_the_database_rejects_does_not_stop_the_run_and_leaves_nothing_behind(tmp_path):
    # A typo in a time slot (it ends before it starts) and an absurdly long "Sted:" line each meet a database
    # constraint. Whether the loader stores them or refuses them, the other files must still be ingested.
    minutes = SAMPLE_003.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    reversed_slot = folder / "a-omvendt-tid.txt"
    reversed_slot.write_text(
        with_meeting_date(minutes.replace("(10.55-11.15)", "(11.15-10.55)"), JUNE_21, dt.date(2025, 4, 12)),
        encoding="utf-8",
    )
    long_place = folder / "b-langt-sted.txt"
    long_place.write_text(
        with_meeting_date(
            minutes.replace("Sted: Glostrup Park Hotel", "Sted: " + "Glostrup Park Hotel, " * 25),
            JUNE_21,
            dt.date(2025, 4, 13),
        ),
        encoding="utf-8",
    )
    good = copy(SAMPLE_000, folder, "c-godt.txt")

    run = ingest(folder)

    assert run.err.splitlines() == run.refusals  # one line per refused file, no traceback
    refused = {line.split(": ", 1)[0].removeprefix("REFUSED ") for line in run.refusals}
    ingested = set(SourceDocument.objects.values_list("file_name", flat=True))
    assert good.name in ingested
    for path in (reversed_slot, long_place):
        assert (str(path) in refused) != (path.name in ingested)  # refused or ingested, exactly one
    assert run.code == (1 if refused else 0)
    assert Meeting.objects.count() == len(ingested)  # a refused document left no meeting behind


# --- encodings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_text_in_utf8_with_bom_and_in_windows_1252_is_read_correctly(tmp_path, encoding):
    original = SAMPLE_000.read_text(encoding="utf-8")
    text = "".join(c if c.encode(encoding, errors="ignore") else "?" for c in original)
    data = text.encode(encoding)  # strict
    if encoding == "cp1252":
        assert "æ".encode(encoding) in data  # really not UTF-8: the Danish letters are single bytes
    else:
        assert data.startswith(b"\xef\xbb\xbf")
    path = tmp_path / "referat.txt"
    path.write_bytes(data)

    run = ingest(path)

    assert run.code == 0, run.err
    assert AgendaItem.objects.get(number="3.4").title == TITLE_34
    expected = parse_minutes(text)
    stored = list(AgendaItem.objects.order_by("order").values_list("number", "title"))
    assert stored == [(item.number, item.title) for item in expected.items]
    assert set(Person.objects.values_list("name", flat=True)) >= {a.name for a in expected.attendance}
    assert "Øjvind Vilsholm" in Person.objects.values_list("name", flat=True)
    assert SourceDocument.objects.get().text == read_document(SAMPLE_000).text


# --- idempotency -----------------------------------------------------------------------------------------


def test_second_run_over_the_same_files_reports_all_unchanged_and_changes_nothing():
    first = ingest(SAMPLES)
    assert first.code == 0, first.err
    assert "5 ingested, 0 unchanged, 0 refused" in first.out
    before = all_rows()
    assert before["meetings.Meeting"] and before["meetings.SearchEntry"]

    second = ingest(SAMPLES)

    assert second.code == 0
    assert "0 ingested, 5 unchanged, 0 refused" in second.out
    assert all_rows() == before


# --- PDF, and merging documents of one meeting ----------------------------------------------------------


def test_pdf_minutes_are_ingested_and_the_text_version_then_updates_the_same_meeting():
    run = ingest(REFERAT_PDF)
    assert run.code == 0, run.err
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.kind) == (JUNE_21, "referat")
    item = AgendaItem.objects.get(meeting=meeting, number="3.4")
    assert item.title == TITLE_34
    assert Decision.objects.filter(item__meeting=meeting).count() >= 10
    permalink = (item.pk, item.get_absolute_url())

    run = ingest(SAMPLE_003)

    assert run.code == 0, run.err
    assert "Meetings: 0 created, 1 updated" in run.out
    assert Meeting.objects.get() == meeting
    item = AgendaItem.objects.get(meeting=meeting, number="3.4")
    assert (item.pk, item.get_absolute_url()) == permalink
    assert permalink[1] == "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/"
    assert sorted(SourceDocument.objects.values_list("format", flat=True)) == ["pdf", "txt"]


def test_minutes_after_the_agenda_add_decisions_and_keep_every_item_and_url():
    minutes = parse_minutes(read_document(SAMPLE_000).text)
    agenda = dataclasses.replace(
        minutes,
        kind="dagsorden",
        items=[dataclasses.replace(item, decision=None) for item in minutes.items],
    )
    ingest_document(source=source("dagsorden 21. juni 2022", name="dagsorden.txt"), parsed=agenda)
    assert (Meeting.objects.get().kind, Decision.objects.count()) == ("dagsorden", 0)
    agenda_items = {item.number: (item.pk, item.get_absolute_url()) for item in AgendaItem.objects.all()}
    assert len(agenda_items) == 16

    run = ingest(SAMPLE_000)

    assert run.code == 0, run.err
    assert Meeting.objects.get().kind == "referat"
    assert {
        item.number: (item.pk, item.get_absolute_url()) for item in AgendaItem.objects.all()
    } == agenda_items
    decided = sum(1 for item in minutes.items if item.decision)
    assert decided == Decision.objects.count() > 0
    assert "Meetings: 0 created, 1 updated" in run.out
    assert f"Items: 0 created, 0 updated. Decisions: {decided} created, 0 updated." in run.out


# --- --dry-run and usage -----------------------------------------------------------------------------------


def test_dry_run_prints_the_parse_as_json_and_writes_nothing():
    run = ingest("--dry-run", SAMPLE_000)
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert result["file"] == str(SAMPLE_000)
    assert result["parse"]["date"] == "2022-06-21"
    assert result["parse"]["kind"] == "referat"
    assert len(result["parse"]["items"]) == 16
    assert archive_is_empty()


def test_dry_run_of_several_files_prints_a_json_list_even_when_one_is_refused(tmp_path):
    path, reason = make_bad_file(tmp_path, "minutes without a date")
    run = ingest("--dry-run", SAMPLE_000, path)
    assert run.code == 1
    # The shape follows what was asked for (several files: a list), not how many of them parsed.
    assert [result["parse"]["date"] for result in json.loads(run.out)] == ["2022-06-21"]
    [line] = run.refusals
    assert line.startswith(f"REFUSED {path}: ") and reason in line
    assert archive_is_empty()


def test_dry_run_of_one_bad_file_prints_only_the_refusal(tmp_path):
    path, reason = make_bad_file(tmp_path, "minutes without a date")
    run = ingest("--dry-run", path)
    assert run.code == 1
    assert run.out.strip() == ""
    [line] = run.refusals
    assert line.startswith(f"REFUSED {path}: ") and reason in line


def _manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "--no-such-option", "data/samples"]])
def test_bad_usage_exits_2_with_a_usage_message(args):
    result = _manage(*args)
    assert result.returncode == 2
    assert "usage: manage.py ingest" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_argument_is_a_command_error():
    with pytest.raises(CommandError, match="required: PATH"):
        call_command("ingest", stdout=io.StringIO(), stderr=io.StringIO())


# --- folders, globs, progress and summary --------------------------------------------------------------------


def test_a_folder_argument_ingests_every_txt_and_pdf_under_it(tmp_path):
    folder = tmp_path / "referater"
    copy(SAMPLE_000, folder)
    copy(SAMPLE_002, folder / "2025")  # subfolders too
    (folder / "noter.md").write_text("ikke et referat", encoding="utf-8")  # other types are left alone
    run = ingest(folder)
    assert run.code == 0, run.err
    assert "2 ingested" in run.out
    assert set(Meeting.objects.values_list("date", flat=True)) == {JUNE_21, dt.date(2025, 4, 11)}


def test_a_glob_argument_ingests_exactly_the_matching_files(tmp_path):
    for sample in (SAMPLE_000, SAMPLE_001, SAMPLE_002):
        copy(sample, tmp_path)
    run = ingest(tmp_path / "00[02]_*.txt")
    assert run.code == 0, run.err
    assert sorted(SourceDocument.objects.values_list("file_name", flat=True)) == [
        SAMPLE_000.name,
        SAMPLE_002.name,
    ]
    assert set(Meeting.objects.values_list("date", flat=True)) == {JUNE_21, dt.date(2025, 4, 11)}


def test_progress_bar_appears_from_ten_files_and_summary_counts_what_was_created(tmp_path, capsys):
    files = [
        path
        for path, _ in write_dated_copies(tmp_path, 10, texts=[(SAMPLE_000.name, SAMPLE_000.read_text())])
    ]
    capsys.readouterr()

    nine = ingest(*files[:9])

    assert nine.code == 0, nine.err
    assert "/9" not in capsys.readouterr().err  # no bar for a handful of files
    assert "9 ingested, 0 unchanged, 0 refused" in nine.out
    assert "Meetings: 9 created, 0 updated. Items: 144 created, 0 updated." in nine.out
    assert "Decisions: 126 created, 0 updated." in nine.out

    ten = ingest(tmp_path)

    assert ten.code == 0, ten.err
    bar = capsys.readouterr().err
    assert "10/10" in bar and "fil" in bar
    assert "1 ingested, 9 unchanged, 0 refused" in ten.out
    assert "Meetings: 1 created, 0 updated. Items: 16 created, 0 updated." in ten.out
    assert Meeting.objects.count() == 10


# --- size --------------------------------------------------------------------------------------------------


def _bytes_read_by_this_process() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io")
def test_a_100_mb_file_is_refused_from_its_size_without_reading_it(tmp_path):
    huge = tmp_path / "enorm.txt"
    with huge.open("wb") as f:
        f.truncate(100 * MB)  # sparse: takes no disk space, but reads as 100 MB of zeros
    read_before = _bytes_read_by_this_process()
    tracemalloc.start()
    try:
        run = ingest(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bytes_read = _bytes_read_by_this_process() - read_before

    assert run.code == 1
    [line] = run.refusals
    assert line.startswith(f"REFUSED {huge}: file too large")
    assert "100.0 MB" in line
    assert peak < 5 * MB
    assert bytes_read < 5 * MB  # not even hashed
    assert archive_is_empty()


# --- concurrency ---------------------------------------------------------------------------------------------


def _test_database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_ingests_of_the_same_folder_at_once_store_one_copy_of_everything(tmp_path):
    folder = tmp_path / "in"
    for sample in sorted(SAMPLES.glob("*.txt")):
        copy(sample, folder)
    for k, sample in enumerate([SAMPLE_000, SAMPLE_002, SAMPLE_003, SAMPLE_000, SAMPLE_002]):
        dated_copy(sample, folder / "kopier", dt.date(2019, 1, 1) + dt.timedelta(days=k))
    files = sorted(folder.rglob("*.txt"))
    numbers_by_date: dict[dt.date, set[str]] = defaultdict(set)
    for path in files:
        parsed = parse_minutes(read_document(path).text)
        numbers_by_date[parsed.date] |= {item.number for item in parsed.items}

    env = {**os.environ, "DATABASE_URL": _test_database_url(), "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "manage.py", "ingest", str(folder)]
    processes = [
        subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    ingested = [int(re.search(r"(\d+) ingested", out)[1]) for out, _ in outputs]
    assert sum(ingested) == len(files)  # each file ingested by exactly one of the two
    assert SourceDocument.objects.count() == len(files)
    assert sorted(Meeting.objects.values_list("date", flat=True)) == sorted(numbers_by_date)
    assert AgendaItem.objects.count() == sum(len(numbers) for numbers in numbers_by_date.values())


@pytest.mark.django_db
def test_empty_folder_and_unmatched_glob_are_refused_with_their_own_reason(tmp_path):
    import io

    from django.core.management import call_command

    (tmp_path / "notes.md").write_text("ikke et referat")
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(tmp_path), str(tmp_path / "*.pdf"), stderr=stderr, stdout=io.StringIO())
    assert exit_info.value.code == 1
    assert "folder contains no .txt or .pdf files" in stderr.getvalue()
    assert "no .txt or .pdf file matches this pattern" in stderr.getvalue()


@pytest.mark.parametrize("case_number", ["SAG-2024-1234", "SAG-2024-123456"])
def test_a_case_number_the_parser_accepts_is_stored_not_refused(tmp_path, case_number):
    text = SAMPLE_003.read_text(encoding="utf-8").replace("SAG-2022-01250", case_number, 1)
    path = tmp_path / "referat.txt"
    path.write_text(text, encoding="utf-8")
    run = ingest(path)
    assert run.code == 0, run.err
    assert AgendaItem.objects.filter(case_number=case_number).count() == 1


def test_a_new_file_that_changes_no_fact_reports_its_meeting_unchanged(tmp_path):
    assert ingest(SAMPLE_003).code == 0
    copy = tmp_path / "same-minutes.txt"
    copy.write_text(SAMPLE_003.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    run = ingest(copy)
    assert run.code == 0, run.err
    assert "Files: 1 ingested, 0 unchanged, 0 refused" in run.out
    assert "Meetings: 0 created, 0 updated, 1 unchanged." in run.out


def test_cpr_numbers_in_a_document_are_masked_before_storage_and_reported(tmp_path):
    from pathlib import Path

    from django.core.management import call_command

    from meetings.models import AgendaItem, SourceDocument

    sample = Path("data/samples/000_bfbe36a0753158a4.txt").read_text()
    doctored = sample.replace("Bød velkommen til Gitte Bække", "Bød velkommen til Gitte Bække (010190-1234)")
    (tmp_path / "referat.txt").write_text(doctored)
    call_command("ingest", str(tmp_path), verbosity=0)
    document = SourceDocument.objects.get()
    assert "010190-1234" not in document.text
    assert "010190-1234" not in str(document.parsed)
    assert not AgendaItem.objects.filter(decision__text__contains="010190-1234").exists()
    assert AgendaItem.objects.filter(decision__text__contains=MASK).exists()
    assert any("CPR" in warning for warning in document.warnings)


def test_dry_run_names_the_layout_family_and_why():
    run = ingest("--dry-run", SAMPLE_003)
    result = json.loads(run.out)
    assert result["family"] == "kkr"
    assert "numbered items" in result["family_reason"]
    assert result["parse"]["family"] == "kkr"


KOEGE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "real"
    / "koege-klima-og-planudvalget-2020-01-09-referat.txt"
)


def test_a_page_that_never_names_its_municipality_is_ingested_for_the_municipality_the_source_names():
    refused = ingest(KOEGE)
    assert refused.code == 1 and "no body found" in refused.err
    run = ingest("--municipality", "Køge", KOEGE)
    assert run.code == 0, run.err
    meeting = Meeting.objects.get()
    assert (meeting.body.slug, meeting.body.municipality) == ("koege-klima-og-planudvalget", "Køge Kommune")
    assert any("from the source" in warning for warning in meeting.documents.get().warnings)


def test_an_unknown_municipality_is_a_usage_error():
    run = ingest("--municipality", "Atlantis", KOEGE)
    assert run.code == 2 and "not a Danish municipality or region" in run.err
    assert archive_is_empty()


def test_a_dry_run_refuses_what_a_real_run_refuses_with_the_same_reason(tmp_path):
    # The loader's checks (here: a body name that gives no slug) run in a dry run too: it must report what a real
    # run would refuse, not print a parse the archive would never store.
    text = SAMPLE_000.read_text(encoding="utf-8").replace("KKR Hovedstaden  | 21-06-2022", "!!! | 21-06-2022")
    path = tmp_path / "referat.txt"
    path.write_text(text, encoding="utf-8")
    dry = ingest("--dry-run", path)
    assert dry.code == 1 and dry.out.strip() == ""
    [dry_line] = dry.refusals
    assert "no body found" in dry_line and "'!!!'" in dry_line
    assert archive_is_empty()
    real = ingest(path)
    assert real.refusals == [dry_line]


def test_a_dry_run_prints_the_parse_as_the_checks_leave_it(tmp_path):
    # What is printed is what would be stored: here the reader's repair of a stray Windows-1252 byte, which the
    # checks add to the document's warnings.
    data = SAMPLE_003.read_bytes().replace(b"Godkendelse af dagsorden", b"Godkendelse af dagsorden \xe6", 1)
    path = tmp_path / "referat.txt"
    path.write_bytes(data)
    run = ingest("--dry-run", path)
    assert run.code == 0, run.err
    warnings = json.loads(run.out)["parse"]["warnings"]
    assert any("line(s) are not" in w and "Windows-1252" in w for w in warnings)


def test_a_page_whose_items_print_no_number_is_stored_with_its_items_numbered_in_order():
    page = FIXTURES / "real" / "ishoej-oekonomi-og-planudvalget-2022-09-26-referat.txt"
    run = ingest(page)
    assert run.code == 0, run.err
    meeting = Meeting.objects.get()
    assert (meeting.body.slug, str(meeting.date)) == ("ishoej-oekonomi-og-planudvalget", "2022-09-26")
    assert list(meeting.items.values_list("number", "title")) == [("1", ""), ("2", "")]
    assert meeting.items.get(number="1").decision.text == "Tiltrådt med de faldne bemærkninger."


def test_the_progress_bar_shows_file_names_with_cpr_numbers_masked_and_control_characters_escaped(tmp_path, capsys):
    copies = write_dated_copies(tmp_path, 10, texts=[(SAMPLE_000.name, SAMPLE_000.read_text())])
    last, _ = copies[-1]
    last.rename(tmp_path / "zz-010190-1234\x1b[2J.txt")  # sorted last: the name the bar shows at the end
    capsys.readouterr()
    run = ingest(tmp_path)
    assert run.code == 0, run.err
    bar = capsys.readouterr().err
    assert "10/10" in bar
    assert "010190-1234" not in bar and "\x1b[2J" not in bar
    assert f"zz-{MASK}\\x1b[2J.txt" in bar
