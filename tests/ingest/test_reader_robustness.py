"""ingest.reader and ingest.files against hostile input: files that are not files, stray bytes, invisible
characters, and CPR numbers in every shape, in the text and in the file name. Pure: no Django, no database."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from danish.cpr import MASK
from ingest.files import expand_paths
from ingest.reader import PAGE_BREAK, RefusedDocument, read_document, sha256_of
from tests.danish.test_cpr import FORMS
from tests.ingest.pdfs import text_pdf

DANISH = "Ældre og børn på Bornholm"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- only regular files are read ---------------------------------------------------------------------------------


def _writer(fifo: Path, data: bytes) -> threading.Thread:
    """A thread that opens `fifo` for writing (it waits for a reader) and writes `data`, whatever comes of it."""

    def write() -> None:
        try:
            with fifo.open("wb") as f:
                f.write(data)
        except OSError:
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _release(fifo: Path, thread: threading.Thread) -> None:
    """Let a writer still waiting for a reader go."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        thread.join()
    finally:
        os.close(fd)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "referat.txt"
    os.mkfifo(fifo)
    with pytest.raises(RefusedDocument, match=r"not a regular file \(a named pipe\)"):
        read_document(fifo)


def test_a_fifo_is_not_hashed(tmp_path):
    fifo = tmp_path / "referat.txt"
    os.mkfifo(fifo)
    thread = _writer(fifo, f"Dagsorden {DANISH}\n".encode())
    try:
        with pytest.raises(RefusedDocument, match="not a regular file"):
            sha256_of(fifo)
    finally:
        _release(fifo, thread)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_by_the_reader_and_never_hashed(device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    with pytest.raises(RefusedDocument, match=r"not a regular file \(a character device\)"):
        read_document(Path(device))
    with pytest.raises(RefusedDocument, match="not a regular file"):
        sha256_of(Path(device))


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(RefusedDocument, match=r"not a regular file \(a socket\)"):
            read_document(path)
    finally:
        server.close()


def test_a_folder_given_to_the_reader_is_refused(tmp_path):
    with pytest.raises(RefusedDocument, match=r"not a regular file \(a folder\)"):
        read_document(tmp_path)


def test_paths_that_are_not_regular_files_are_reported_not_listed(tmp_path):
    fifo = tmp_path / "referat.txt"
    os.mkfifo(fifo)
    (tmp_path / "rigtig.txt").write_text("Dagsorden", encoding="utf-8")
    files, missing = expand_paths([str(fifo), "/dev/zero", str(tmp_path)])
    assert files == [tmp_path / "rigtig.txt"]  # the folder's FIFO is skipped too
    assert missing == [
        (str(fifo), "not a regular file (a named pipe): only regular files are read"),
        ("/dev/zero", "not a regular file (a character device): only regular files are read"),
    ]


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    target = _write(tmp_path, "a.txt", DANISH.encode())
    link = tmp_path / "b.txt"
    link.symlink_to(target)
    assert read_document(link).text == DANISH


# --- one stray Windows-1252 byte in a UTF-8 file -----------------------------------------------------------------


def test_a_stray_windows_1252_byte_in_utf8_costs_nothing_of_the_rest_and_is_a_warning(tmp_path):
    lines = [f"{DANISH}\n", "Deltagere\n", "Søren Ærø (A), Tårnby Kommune\n"]
    data = "".join(lines).encode() + b"Caf\xe9 med k\xf8kken\n" + "Næste møde på Ærø\n".encode()
    source = read_document(_write(tmp_path, "referat.txt", data))
    assert source.text == "".join(lines) + "Café med køkken\nNæste møde på Ærø\n"
    assert source.encoding == "utf-8"
    [warning] = source.warnings
    assert "line 4" in warning and "Windows-1252" in warning


def test_a_stray_byte_inside_a_line_of_utf8_letters_keeps_the_letters(tmp_path):
    data = "Ældre og børn på Bornholm ".encode() + b"\x96" + " og Ærø\n".encode()
    source = read_document(_write(tmp_path, "referat.txt", data))
    assert source.text == "Ældre og børn på Bornholm – og Ærø\n"
    assert len(source.warnings) == 1


def test_a_stray_byte_after_a_bom_is_repaired_not_replaced(tmp_path):
    data = b"\xef\xbb\xbf" + f"{DANISH}\n".encode() + b"K\xf8benhavn\n"
    source = read_document(_write(tmp_path, "referat.txt", data))
    assert source.text == f"{DANISH}\nKøbenhavn\n"
    assert "\ufffd" not in source.text
    assert source.encoding == "utf-8-sig" and source.warnings


def test_a_windows_1252_file_is_read_whole_without_a_warning(tmp_path):
    source = read_document(_write(tmp_path, "referat.txt", f"{DANISH}\nKøbenhavn\n".encode("cp1252")))
    assert (source.text, source.encoding, source.warnings) == (f"{DANISH}\nKøbenhavn\n", "cp1252", ())


def test_valid_utf8_has_no_warning(tmp_path):
    assert read_document(_write(tmp_path, "referat.txt", DANISH.encode())).warnings == ()


# --- invisible characters -----------------------------------------------------------------------------------------


def test_bidi_controls_and_zero_width_characters_never_leave_the_reader(tmp_path):
    text = "Ole\u200d Bondo \u202eChristensen\u202c (A), Fure\u200bsø Kommune\u2066\n"
    source = read_document(_write(tmp_path, "referat.txt", text.encode()))
    assert source.text == "Ole Bondo Christensen (A), Furesø Kommune\n"


def test_invisible_characters_in_a_web_page_never_leave_the_reader(tmp_path):
    page = "<!doctype html><html><body><h1>Dagsorden \u202eKKR</h1><p>B\u200dørn</p></body></html>"
    source = read_document(_write(tmp_path, "side.html", page.encode()))
    assert "\u202e" not in source.text and "\u200d" not in source.text
    assert "Børn" in source.text


# --- CPR numbers: every form, in a text file, a web page, a PDF and a file name ------------------------------------


@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_every_form_of_a_cpr_number_is_masked_in_a_text_file(tmp_path, form):
    source = read_document(_write(tmp_path, "referat.txt", f"Borgeren {form} klagede.\n".encode()))
    assert MASK in source.text
    assert "1234" not in source.text and "0101" not in source.text
    assert source.cpr_masked == 1


def test_a_cpr_number_broken_by_a_line_end_in_a_pdf_is_masked(tmp_path):
    data = text_pdf([["Dato: 21-06-2022", "Borgeren 010190-", "1234 klagede over sagen."]])
    source = read_document(_write(tmp_path, "referat.pdf", data))
    assert "klagede" in source.text
    assert "010190" not in source.text and "1234" not in source.text
    assert source.cpr_masked == 1


def test_a_cpr_number_broken_by_a_page_break_in_a_pdf_is_masked(tmp_path):
    data = text_pdf([["Dato: 21-06-2022", "Borgeren 010190-"], ["1234 klagede over sagen."]])
    source = read_document(_write(tmp_path, "referat.pdf", data))
    assert PAGE_BREAK in source.text  # the pages are still two
    assert "010190" not in source.text and "1234" not in source.text


def test_a_cpr_number_in_a_web_page_entity_or_markup_is_masked(tmp_path):
    page = (
        "<!doctype html><html><body><p>Borger 0101<b>90</b>&#8209;1234 og 020290&nbsp;4321</p></body></html>"
    )
    source = read_document(_write(tmp_path, "side.html", page.encode()))
    assert "1234" not in source.text and "4321" not in source.text
    assert source.cpr_masked == 2


def test_a_cpr_number_in_the_file_name_is_masked(tmp_path):
    source = read_document(_write(tmp_path, "klage 010190-1234.txt", b"Dagsorden"))
    assert source.file_name == f"klage {MASK}.txt"
    assert source.cpr_masked == 1


def test_a_cpr_number_in_an_argument_that_gives_no_file_is_masked(tmp_path):
    _, missing = expand_paths([str(tmp_path / "klage-0101901234.txt")])
    [(argument, _)] = missing
    assert "0101901234" not in argument and MASK in argument


def test_a_cpr_number_split_by_a_page_footer_is_masked_in_the_stored_text(tmp_path):
    # The parser drops the footer and rejoins "010190-" and "1234": the text it came from may not keep them.
    data = text_pdf(
        [
            ["Dato: 21-06-2022", "Borgeren 010190-", "KKR HOVEDSTADEN | 21-06-2022"],
            ["1234 klagede over sagen.", "KKR HOVEDSTADEN | 21-06-2022"],
        ]
    )
    source = read_document(_write(tmp_path, "referat.pdf", data))
    assert "010190" not in source.text and "1234" not in source.text
    assert MASK in source.text and "klagede" in source.text
    assert source.text.count(PAGE_BREAK) == 1
