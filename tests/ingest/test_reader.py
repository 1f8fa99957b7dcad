"""Tests for ingest.reader: reading .txt/.pdf minutes into normalised text, and refusals.

Committed fixtures (see scripts/make_pdf_fixtures.sh) are real LibreOffice PDFs; the trivial
cases (empty, binary, truncated, cp1252, BOM, oversized, blank page) are generated in tmp_path.
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import io
import time
import tracemalloc
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.reader import PAGE_BREAK, RefusedDocument, SourceText, read_document, sha256_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REFERAT_PDF = FIXTURES / "referat-2022-06-21.pdf"
ENCRYPTED_PDF = FIXTURES / "encrypted.pdf"
DANISH = "Ældre og børn på Bornholm"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refusal(path: Path, **kwargs: int) -> str:
    """Message of the RefusedDocument raised for path; asserts the one-line contract."""
    with pytest.raises(RefusedDocument) as info:
        read_document(path, **kwargs)
    message = str(info.value)
    assert message and "\n" not in message
    assert isinstance(info.value, ValueError)
    return message


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- text files ------------------------------------------------------------------------------


def test_utf8_with_bom_is_read_without_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "referat.txt", b"\xef\xbb\xbf" + f"{DANISH}\n".encode())
    src = read_document(path)
    assert src.text == f"{DANISH}\n"
    assert not src.text.startswith("\ufeff")
    assert src.encoding == "utf-8-sig"
    assert src.kind == "txt"


def test_utf8_without_bom_is_read(tmp_path: Path) -> None:
    src = read_document(_write(tmp_path, "referat.txt", DANISH.encode("utf-8")))
    assert src.text == DANISH
    assert src.encoding == "utf-8"


def test_cp1252_danish_letters_are_decoded(tmp_path: Path) -> None:
    # "–" (en dash, 0x96) and "€" (0x80) exist in cp1252 but not in Latin-1.
    original = f"{DANISH} – 5 € pr. deltager"
    src = read_document(_write(tmp_path, "referat.txt", original.encode("cp1252")))
    assert src.text == original
    assert src.encoding == "cp1252"


def test_latin1_is_read(tmp_path: Path) -> None:
    original = "Århus, Ærø og Søby: ½ × ¼ ©"
    src = read_document(_write(tmp_path, "referat.txt", original.encode("latin-1")))
    assert src.text == original
    # cp1252 and Latin-1 agree on every printable Latin-1 character.
    assert src.encoding == "cp1252"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    src = read_document(_write(tmp_path, "referat.txt", b"Caf\xe9 \x81\x8d\x8f\x90\x9d"))
    assert src.text == "Café \x81\x8d\x8f\x90\x9d"


def test_crlf_newlines_are_normalised(tmp_path: Path) -> None:
    src = read_document(_write(tmp_path, "referat.txt", b"1. Godkendelse\r\nDato\rSted\n"))
    assert src.text == "1. Godkendelse\nDato\nSted\n"


def test_text_is_unicode_nfc(tmp_path: Path) -> None:
    decomposed = "A\u030arhus"  # "Å" as A + combining ring, as some macOS tools write it
    src = read_document(_write(tmp_path, "referat.txt", decomposed.encode()))
    assert src.text == "Århus"


def test_source_text_is_frozen(tmp_path: Path) -> None:
    src = read_document(_write(tmp_path, "referat.txt", b"tekst"))
    assert isinstance(src, SourceText)
    assert (src.file_name, src.size) == ("referat.txt", 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        src.text = "andet"  # type: ignore[misc]


# --- refusals --------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "empty file" in _refusal(_write(tmp_path, "referat.txt", b""))
    assert "empty file" in _refusal(_write(tmp_path, "referat.pdf", b""))


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    assert "empty file" in _refusal(_write(tmp_path, "referat.txt", b" \r\n\t\n"))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert "binary file" in _refusal(_write(tmp_path, "referat.txt", png_like))
    # No NUL at all, but mostly control characters.
    controls = bytes(b for b in range(1, 32) if b not in b"\t\n\r") * 50
    assert "binary file" in _refusal(_write(tmp_path, "referat.txt", controls))


def test_utf16_text_is_refused_with_a_hint(tmp_path: Path) -> None:
    message = _refusal(_write(tmp_path, "referat.txt", DANISH.encode("utf-16")))
    assert "UTF-16" in message


def test_oversized_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kæmpe.txt"
    with path.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: no disk used, nothing to read
    assert path.stat().st_size == 100 * 1024 * 1024

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the oversized file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(builtins, "open", no_reading)
    monkeypatch.setattr(io, "open", no_reading)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = _refusal(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too large" in message
    assert peak < 5 * 1024 * 1024
    assert time.perf_counter() - started < 1.0


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = _write(tmp_path, "referat.txt", b"x" * 11)
    assert read_document(path, max_bytes=11).size == 11
    assert "too large" in _refusal(path, max_bytes=10)


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    for name in ("referat.docx", "referat.odt", "referat"):
        message = _refusal(_write(tmp_path, name, DANISH.encode()))
        assert "unsupported file type" in message
        assert ".txt, .pdf, .html and .htm" in message


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    assert read_document(_write(tmp_path, "REFERAT.TXT", b"tekst")).kind == "txt"


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_text_is_extracted() -> None:
    src = read_document(REFERAT_PDF)
    assert (src.kind, src.encoding, src.file_name) == ("pdf", "pdf", "referat-2022-06-21.pdf")
    assert src.size == REFERAT_PDF.stat().st_size
    flat = _squash(src.text)
    assert "Godkendelse af fælleskommunal organisering omkring sundhedsklyngerne" in flat
    assert "Dato: 21-06-2022" in src.text
    assert "\r" not in src.text
    # PDFium's line-end hyphen marker is turned back into the printed hyphen.
    assert "\ufffe" not in src.text
    assert "KKR-medlemmerne" in flat


def test_pdf_pages_are_separated_by_line_breaks() -> None:
    src = read_document(REFERAT_PDF)
    with pdfium.PdfDocument(REFERAT_PDF) as pdf:
        page_count = len(pdf)
    assert page_count > 1
    assert src.text.count(PAGE_BREAK) == page_count - 1
    # A line-based parser sees the page break as an empty line.
    assert "" in [line.strip() for line in src.text.split("\n")]


def test_pdf_is_recognised_by_magic_bytes_not_extension(tmp_path: Path) -> None:
    path = _write(tmp_path, "referat.txt", REFERAT_PDF.read_bytes())
    src = read_document(path)
    assert src.kind == "pdf"
    assert "Dato: 21-06-2022" in src.text


def test_pdf_extension_without_pdf_header_is_refused(tmp_path: Path) -> None:
    message = _refusal(_write(tmp_path, "referat.pdf", b"<html><body>404 Not Found</body></html>"))
    assert "corrupt PDF" in message


def test_encrypted_pdf_is_refused() -> None:
    assert "encrypted PDF" in _refusal(ENCRYPTED_PDF)
    # The fixture is a valid PDF: with its user password it opens and has text.
    with pdfium.PdfDocument(ENCRYPTED_PDF, password="hemmelig") as pdf:
        assert "Fortroligt referat" in pdf[0].get_textpage().get_text_range()


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    truncated = _write(tmp_path, "truncated.pdf", REFERAT_PDF.read_bytes()[:2048])
    message = _refusal(truncated)
    assert "corrupt PDF" in message
    assert "encrypted" not in message
    garbage = _write(tmp_path, "garbage.pdf", b"%PDF-1.7\n" + bytes(range(1, 256)) * 8)
    assert "corrupt PDF" in _refusal(garbage)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scannet.pdf"
    pdf = pdfium.PdfDocument.new()
    try:
        pdf.new_page(595, 842)
        pdf.new_page(595, 842)
        pdf.save(path)
    finally:
        pdf.close()
    assert "no text layer (scanned?)" in _refusal(path)


# --- hashing ---------------------------------------------------------------------------------


def test_sha256_matches_hashlib(tmp_path: Path) -> None:
    txt = _write(tmp_path, "referat.txt", DANISH.encode("cp1252"))
    for path in (txt, REFERAT_PDF):
        expected = hashlib.sha256(path.read_bytes()).hexdigest()
        assert sha256_of(path) == expected
        assert read_document(path).sha256 == expected


def test_sha256_of_streams_large_files(tmp_path: Path) -> None:
    path = tmp_path / "stor.bin"
    with path.open("wb") as f:
        f.truncate(20 * 1024 * 1024)
    tracemalloc.start()
    try:
        digest = sha256_of(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert digest == hashlib.sha256(bytes(20 * 1024 * 1024)).hexdigest()
    assert peak < 2 * 1024 * 1024
