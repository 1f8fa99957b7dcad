"""Nothing leaked, nothing lost, never a 500: `manage.py ingest` against hostile and broken documents.

CPR numbers in every form never reach a stored text, a file name, a warning, a log line or the search index;
implausible dates, slugs and natural keys are refused where they are made; one bad file (too much text for the
index, a database that goes away, any unexpected error) refuses that file and the batch goes on.
"""

from __future__ import annotations

import logging
import os
import random
import re
from pathlib import Path

import psycopg
import pytest
from django.db import connection

import ingest.management.commands.ingest as ingest_command
import ingest.pipeline as pipeline
from danish.cpr import MASK
from ingest.parser import parse_document
from ingest.reader import RefusedDocument, read_document
from ingest.services import ingest_document
from meetings.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Person,
    SearchEntry,
    SourceDocument,
)
from tests.danish.test_cpr import FORMS
from tests.factories import attendee, item, meeting, run_ingest, source

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
SAMPLE_000 = SAMPLES / "000_bfbe36a0753158a4.txt"  # minutes of 21 June 2022, with page footers
SAMPLE_002 = SAMPLES / "002_7526e6f0fd179032.txt"  # minutes of 11 April 2025
SAMPLE_003 = SAMPLES / "003_3207b199d2270b9c.txt"  # minutes of 21 June 2022, clean extraction
MINUTES = SAMPLE_003.read_text(encoding="utf-8")


ingest = run_ingest


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def stored_texts() -> str:
    """Every text the archive stores of its documents, items, decisions, people and search rows, as one string."""
    parts = []
    for document in SourceDocument.objects.all():
        parts += [document.file_name, document.text, str(document.parsed), str(document.warnings)]
    for row in AgendaItem.objects.values():
        # Texts only (and the JSON of texts): a primary key, a page number or the microseconds of a timestamp
        # may well read 1234.
        parts += [str(value) for value in row.values() if isinstance(value, str | list | dict)]
    parts += [str(row) for row in Decision.objects.values_list("text", flat=True)]
    parts += [str(row) for row in Person.objects.values_list("name", "slug")]
    parts += [str(row) for row in Meeting.objects.values_list("location", flat=True)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT document::text FROM meetings_searchentry")
        parts += [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT word FROM meetings_searchword")
        parts += [row[0] for row in cursor.fetchall()]
    return "\n".join(parts)


def search_hits(client, query: str) -> int:
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    return response.json()["count"]


# --- CPR numbers: every form, every place ------------------------------------------------------------------------


def _with_cpr(form: str) -> str:
    """The sample minutes with `form` in a title, a background, a decision and a line the parser quotes."""
    text = MINUTES.replace(
        "3.5. Godkendelse af praksisplan for fysioterapi (11.15-11-17)",
        f"3.5. Godkendelse af praksisplan for fysioterapi {form} (11.15-11-17)",
    )
    text = text.replace("Dagsordenen blev godkendt.", f"Dagsordenen blev godkendt. Borger {form} klagede.", 1)
    text = text.replace(
        "Referat af møde i KKR Hovedstaden den 25. marts 2022 er udsendt",
        f"Referat af møde i KKR Hovedstaden den 25. marts 2022 (sag om {form}) er udsendt",
        1,
    )
    return text.replace("\nAfbud\n", f"\nAfbud\nBorger {form} deltog ikke\n", 1)


@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_every_form_of_a_cpr_number_is_masked_in_every_place_a_text_is_stored(tmp_path, client, form):
    path = write(tmp_path, "referat.txt", _with_cpr(form))
    run = ingest(path)
    assert run.code == 0, run.err

    everything = stored_texts()
    for digits in ("010190", "1234", "０１０１", "１２３４"):
        assert digits not in everything
    assert MASK in AgendaItem.objects.get(number="3.5").title
    assert MASK in Decision.objects.get(item__number="1.1").text
    assert MASK in SourceDocument.objects.get().text
    assert any("CPR" in warning for warning in SourceDocument.objects.get().warnings)
    for query in ("0101901234", "010190-1234", "010190", "1234"):
        assert search_hits(client, query) == 0


def test_a_cpr_number_in_a_file_name_is_masked_where_it_is_stored_shown_and_logged(tmp_path, client, caplog):
    path = write(tmp_path, "klage 010190-1234 og 0202904321.txt", MINUTES)
    with caplog.at_level(logging.INFO, logger="kkrarchive.ingest"):
        run = ingest(path)
    assert run.code == 0, run.err
    document = SourceDocument.objects.get()
    assert document.file_name == f"klage {MASK} og {MASK}.txt"
    assert "1234" not in document.original and "4321" not in document.original
    assert "1234" not in caplog.text and "4321" not in caplog.text
    page = client.get("/status/").content.decode()
    assert "1234" not in page and "4321" not in page


def test_a_cpr_number_in_the_name_of_a_refused_file_is_masked_in_the_refusal_and_the_log(tmp_path, caplog):
    path = write(tmp_path, "klage 010190-1234.txt", "Indkøbsliste\n\nmælk\n")
    with caplog.at_level(logging.INFO, logger="kkrarchive.ingest"):
        run = ingest(path)
    assert run.code == 1
    [line] = run.refusals
    assert "1234" not in line and MASK in line
    assert "1234" not in caplog.text


# --- implausible dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["31-12-9999", "01-01-0001"])
def test_an_implausible_meeting_date_is_refused_by_ingest_with_the_reason(tmp_path, client, date):
    text = MINUTES.replace("Dato: 21-06-2022", f"Dato: {date}").replace("21. juni 2022", "")
    path = write(tmp_path, "referat.txt", text)
    run = ingest(path)
    assert run.code == 1
    [line] = run.refusals
    assert line.startswith(f"REFUSED {path}: no date found: ")
    assert "implausible" in line
    assert not Meeting.objects.exists()
    assert client.get("/moeder.ics").status_code == 200


# --- slugs and natural keys ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("footer_date", ["21-06-2022", "05-03-2033"])
def test_a_body_name_without_letters_is_refused_not_stored_with_an_empty_slug(tmp_path, client, footer_date):
    text = SAMPLE_000.read_text(encoding="utf-8").replace(
        "KKR Hovedstaden  | 21-06-2022", f"!!! | {footer_date}"
    )
    path = write(tmp_path, "referat.txt", text)
    run = ingest(path)
    assert run.code == 1
    [line] = run.refusals
    assert "no body found" in line and "'!!!'" in line and "slug" in line
    assert not Body.objects.filter(slug="").exists()
    assert not Meeting.objects.exists()
    assert client.get("/organer/").status_code == 200


def test_two_spellings_of_one_slug_are_one_person_the_first_spelling_wins(tmp_path, client):
    text = MINUTES.replace("\nAfbud\n", "\nAfbud\nOle Bondo-Christensen (A), Furesø Kommune\n", 1)
    path = write(tmp_path, "referat.txt", text)
    run = ingest(path)
    assert run.code == 0, run.err
    person = Person.objects.get(slug="ole-bondo-christensen")
    assert person.name == "Ole Bondo Christensen"
    assert Attendance.objects.get(person=person).status == "present"  # the first entry
    warnings = SourceDocument.objects.get().warnings
    assert any("Ole Bondo-Christensen" in w and "one person" in w for w in warnings)
    assert client.get("/medlemmer/ole-bondo-christensen/").status_code == 200


def test_a_person_whose_name_gives_no_slug_is_left_out_with_a_warning():
    parsed = meeting(
        items=[item("1.1", "Godkendelse af dagsorden", decision="Godkendt.")],
        attendance=[attendee("李明"), attendee("Stella Hansen"), attendee("Stella  Hansen", status="absent")],
    )
    ingest_document(source=source("referat"), parsed=parsed)
    assert list(Attendance.objects.values_list("person__slug", "status")) == [("stella-hansen", "present")]
    assert not Person.objects.filter(slug="").exists()
    warnings = SourceDocument.objects.get().warnings
    assert any("'李明'" in warning and "no slug" in warning for warning in warnings)


def test_a_document_with_an_invalid_or_repeated_item_number_is_refused_with_the_reason():
    for number, reason in (("3.x", "is not a number"), ("3.1", "appears 2 times")):
        parsed = meeting(items=[item("3.1", "Et punkt"), item(number, "Et andet punkt")])
        with pytest.raises(RefusedDocument, match=re.escape(reason)):
            ingest_document(source=source(f"referat {number}"), parsed=parsed)
    assert not Meeting.objects.exists()


def test_a_case_number_in_no_known_format_is_not_stored_and_is_a_warning():
    parsed = meeting(items=[item("3.1", "Et punkt", case_number="SAG-22-1")])
    ingest_document(source=source("referat"), parsed=parsed)
    assert AgendaItem.objects.get().case_number == ""
    assert any("SAG-22-1" in warning for warning in SourceDocument.objects.get().warnings)


def test_the_database_refuses_a_slug_that_is_not_one():
    from django.db import IntegrityError, transaction

    from meetings.models import Topic

    for model in (Body, Person, Topic):
        for k, slug in enumerate(["", "KKR", "a--b", "-a", "æble", "a b", "a\n"]):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.bulk_create([model(slug=slug, name=f"Navn {k}")])  # no save(): no slug made


# --- duplicated and three-level item numbers, through ingest ------------------------------------------------------


def test_a_duplicated_and_a_three_level_item_number_lose_no_text_and_no_page_answers_500(tmp_path, client):
    heading = "3.2. Status på Hovedstadens DK2020-handleplaner (10.32-10.40)"
    at = MINUTES.index(heading + "\n\nSAG")
    sub_item = "3.1.1. Underpunkt om infrastruktur (10.30-10.31)\n\nSAG-2022-01251 gitb\n\nBaggrund\n\nUnderpunktets tekst.\n\n"
    text = MINUTES[:at] + sub_item + heading.replace("3.2.", "3.1.") + MINUTES[at + len(heading) :]
    run = ingest(write(tmp_path, "referat.txt", text))
    assert run.code == 0, run.err
    first = AgendaItem.objects.get(number="3.1")
    assert [heading for heading, _ in first.other_texts] == [heading.replace("3.2.", "3.1.")]
    sub = AgendaItem.objects.get(number="3.1.1")
    assert sub.background == "Underpunktets tekst."
    for url in (first.get_absolute_url(), sub.get_absolute_url(), first.meeting.get_absolute_url()):
        assert client.get(url).status_code == 200
    assert search_hits(client, "DK2020-klimapartnerskab") >= 1  # the second 3.1's text is searchable


# --- a stray byte, invisible characters -----------------------------------------------------------------------------


def test_a_stray_windows_1252_byte_keeps_every_letter_and_attendee_and_is_a_document_warning(tmp_path):
    clean = parse_document(MINUTES)
    data = MINUTES.encode("utf-8").replace(b"Siden sidst (10.02-10.22)", b"Siden sidst \x96 (10.02-10.22)", 1)
    path = tmp_path / "referat.txt"
    path.write_bytes(data)
    run = ingest(path)
    assert run.code == 0, run.err
    assert Attendance.objects.count() == len(clean.attendance)
    assert "Øjvind Vilsholm" in Person.objects.values_list("name", flat=True)
    assert AgendaItem.objects.get(number="3.4").title == clean.items[6].title
    assert any("Windows-1252" in warning for warning in SourceDocument.objects.get().warnings)


def test_bidi_overrides_and_zero_width_joiners_in_names_and_titles_lose_nothing_and_spoof_nothing(tmp_path):
    clean = parse_document(MINUTES)
    text = MINUTES
    for name in [a.name for a in clean.attendance][:3]:
        first, rest = name.split(" ", 1)
        text = text.replace(name, f"{first}\u200d \u202e{rest}\u202c", 1)
    text = text.replace("Godkendelse af praksisplan", "Godkendelse af \u202epraksisplan", 1)
    run = ingest(write(tmp_path, "referat.txt", text))
    assert run.code == 0, run.err
    assert Attendance.objects.count() == len(clean.attendance)
    everything = stored_texts()
    assert "\u202e" not in everything and "\u200d" not in everything


# --- files that are not files --------------------------------------------------------------------------------------


def test_ingest_of_a_device_or_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "referat.txt"
    os.mkfifo(fifo)
    good = write(tmp_path / "ok", "referat.txt", MINUTES)
    run = ingest("/dev/zero", fifo, good)
    assert run.code == 1
    assert sorted(run.refusals) == sorted(
        [
            "REFUSED /dev/zero: not a regular file (a character device): only regular files are read",
            f"REFUSED {fifo}: not a regular file (a named pipe): only regular files are read",
        ]
    )
    assert SourceDocument.objects.count() == 1


# --- a batch survives its bad files ---------------------------------------------------------------------------------


def _distinct_words(size: int) -> str:
    rng = random.Random(5)
    words, total = [], 0
    while total < size:
        word = "".join(rng.choice("abdefghijklmnoprstuvyæøå") for _ in range(rng.randint(5, 12)))
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


@pytest.mark.django_db(transaction=True)
def test_a_word_heavy_5_mb_decision_is_refused_with_a_reason_and_the_batch_goes_on(tmp_path):
    huge = MINUTES.replace(
        "Dagsordenen blev godkendt.", "Dagsordenen blev godkendt. " + _distinct_words(5_000_000)
    )
    bad = write(tmp_path, "a-stor.txt", huge)
    good = write(tmp_path, "b-god.txt", SAMPLE_002.read_text(encoding="utf-8"))
    run = ingest(tmp_path)
    assert run.code == 1
    assert run.err.splitlines() == run.refusals
    [line] = run.refusals
    assert line.startswith(f"REFUSED {bad}: item 1.1 has too much text for the search index")
    assert list(SourceDocument.objects.values_list("file_name", flat=True)) == [good.name]
    assert SearchEntry.objects.count() == AgendaItem.objects.count() > 0


@pytest.mark.django_db(transaction=True)
def test_a_database_connection_lost_mid_run_refuses_that_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    files = [
        write(tmp_path, "a.txt", SAMPLE_002.read_text(encoding="utf-8")),
        write(tmp_path, "b.txt", MINUTES),
        write(tmp_path, "c.txt", SAMPLE_000.read_text(encoding="utf-8")),
    ]
    parse = pipeline.parse_document
    settings = connection.settings_dict

    def parse_then_lose_the_connection(text):
        parsed = parse(text)
        if "Glostrup Park Hotel" in text and "Dato: 21-06-2022" in text:  # b.txt: the server ends our session
            pid = connection.connection.info.backend_pid
            with psycopg.connect(
                host=settings["HOST"],
                port=settings["PORT"],
                user=settings["USER"],
                password=settings["PASSWORD"] or None,
                dbname=settings["NAME"],
                autocommit=True,
            ) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return parsed

    monkeypatch.setattr(pipeline, "parse_document", parse_then_lose_the_connection)
    run = ingest(*files)

    assert run.code == 1
    assert run.err.splitlines() == run.refusals
    [line] = run.refusals
    assert line.startswith(f"REFUSED {files[1]}: database error: ")
    assert sorted(SourceDocument.objects.values_list("file_name", flat=True)) == ["a.txt", "c.txt"]


def test_an_unexpected_error_refuses_that_file_in_one_line_and_the_batch_goes_on(
    tmp_path, monkeypatch, caplog
):
    files = [write(tmp_path, name, SAMPLE_002.read_text(encoding="utf-8")) for name in ("a.txt",)]
    files.append(write(tmp_path, "b.txt", MINUTES))
    parse = pipeline.parse_document

    def failing(text):
        if "Glostrup Park Hotel" in text:
            raise RuntimeError("boom\nwith a second line (0101901234)")
        return parse(text)

    monkeypatch.setattr(pipeline, "parse_document", failing)
    monkeypatch.setattr(ingest_command, "parse_document", failing)  # the dry run parses without loading
    with caplog.at_level(logging.ERROR, logger="kkrarchive.ingest"):
        run = ingest(*files)
    assert run.code == 1
    assert run.refusals == [f"REFUSED {files[1]}: unexpected error (RuntimeError): boom"]
    assert run.err.splitlines() == run.refusals
    assert "RuntimeError" in caplog.text and "0101901234" not in caplog.text  # the traceback, masked
    assert list(SourceDocument.objects.values_list("file_name", flat=True)) == ["a.txt"]

    dry = ingest("--dry-run", *files)
    assert dry.code == 1
    assert dry.refusals == [f"REFUSED {files[1]}: unexpected error (RuntimeError): boom"]


def test_a_document_the_reader_cannot_decode_safely_never_stops_the_batch(tmp_path, monkeypatch):
    files = [
        write(tmp_path, "a.txt", MINUTES),
        write(tmp_path, "b.txt", SAMPLE_002.read_text(encoding="utf-8")),
    ]

    def memory_error(path, **kwargs):
        if path.name == "a.txt":
            raise MemoryError
        return read_document(path, **kwargs)

    monkeypatch.setattr(pipeline, "read_document", memory_error)
    run = ingest(*files)
    assert run.code == 1
    assert run.refusals == [f"REFUSED {files[0]}: unexpected error (MemoryError): MemoryError"]
    assert list(SourceDocument.objects.values_list("file_name", flat=True)) == ["b.txt"]


def test_a_stopped_database_refuses_every_file_in_one_line_and_the_command_ends_normally(tmp_path_factory):
    import subprocess
    import sys

    from kkrarchive.embedded_db import EmbeddedPostgres

    server = EmbeddedPostgres(tmp_path_factory.mktemp("stopped") / "data")  # never the shared one
    env = {
        **os.environ,
        "DATABASE_URL": server.ensure_running(),
        "DB_CONNECT_TIMEOUT": "2",
        "LOG_LEVEL": "ERROR",
    }
    root = Path(__file__).resolve().parents[2]
    folder = tmp_path_factory.mktemp("in")
    files = [write(folder, "a.txt", MINUTES), write(folder, "b.txt", SAMPLE_002.read_text(encoding="utf-8"))]
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True, timeout=300
        )
        server.stop()
        run = subprocess.run(
            [sys.executable, "manage.py", "ingest", str(folder)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        server.stop()
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    refusals = [line for line in run.stderr.splitlines() if line.startswith("REFUSED")]
    assert [line.split(": ", 1)[0] for line in refusals] == [f"REFUSED {path}" for path in files]
    assert all(": database error: " in line for line in refusals)
    assert "0 ingested, 0 unchanged, 2 refused" in run.stdout
