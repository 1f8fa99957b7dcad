"""Reading one PDF has bounded cost: a decompression bomb, a PDF of a million pages or of endless text is refused
with a reason, and the memory it would take is never taken from the process that reads it. Pure: no database.

Every PDF here is generated (tests/ingest/pdfs.py): the bomb is a 1 MB file whose content stream inflates to
1 GB of zeros, which PDFium reads in 2.1 GB of memory when nothing bounds it.
"""

from __future__ import annotations

import resource
import signal
import zlib
from pathlib import Path

import pytest

import ingest.reader
from ingest.reader import PdfLimits, RefusedDocument, read_document
from tests.ingest.pdfs import decompression_bomb, many_pages, text_pdf, zeros_deflated

MB = 1024 * 1024
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REFERAT_PDF = FIXTURES / "referat-2022-06-21.pdf"


def _refusal(path: Path, **limits) -> str:
    with pytest.raises(RefusedDocument) as refused:
        read_document(path, pdf_limits=PdfLimits(**limits))
    message = str(refused.value)
    assert message and "\n" not in message
    return message


def _peak_rss(who: int) -> int:
    return resource.getrusage(who).ru_maxrss * 1024  # KiB on Linux


def test_the_generated_bomb_is_small_and_its_stream_inflates_a_thousandfold():
    assert len(decompression_bomb()) < 1.1 * MB  # for 1 GB of content
    stream = zeros_deflated(64 * MB)
    inflated = zlib.decompress(stream)
    assert len(inflated) >= 64 * MB - 300 and not inflated.strip(b"\x00")
    assert len(stream) < 70_000


def test_a_decompression_bomb_is_refused_and_this_process_keeps_its_memory(tmp_path):
    path = tmp_path / "bombe.pdf"
    path.write_bytes(decompression_bomb())
    before = _peak_rss(resource.RUSAGE_SELF)

    message = _refusal(path)

    assert "memory" in message and "decompression bomb" in message
    assert _peak_rss(resource.RUSAGE_SELF) - before < 64 * MB  # the 1 GB was never inflated here
    # The child that tried grew by no more than its limit (512 MB over what it shares with this process).
    assert _peak_rss(resource.RUSAGE_CHILDREN) < before + 600 * MB


def test_the_memory_limit_is_configurable(tmp_path):
    path = tmp_path / "lille-bombe.pdf"
    path.write_bytes(decompression_bomb(256 * MB))
    assert "more than 64.0 MB of memory" in _refusal(path, memory=64 * MB)


def test_a_pdf_of_too_many_pages_is_refused_before_its_text_is_read(tmp_path):
    path = tmp_path / "sider.pdf"
    path.write_bytes(many_pages(6000))
    assert _refusal(path) == "PDF has 6000 pages (limit 5000)"


def test_a_pdf_that_takes_too_long_to_read_is_refused(tmp_path):
    # 200,000 pages of text take PDFium tens of seconds; the child may use one second of CPU time.
    path = tmp_path / "langsom.pdf"
    path.write_bytes(many_pages(200_000, "Side med tekst " * 10))
    assert _refusal(path, seconds=1, pages=10**6) == "PDF takes more than 1 s to read (limit)"


def test_a_pdf_with_more_text_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "tekst.pdf"
    path.write_bytes(many_pages(50, "Dagsorden " * 20))
    assert "PDF text too large" in _refusal(path, text_chars=2000)


def test_a_normal_pdf_reads_the_same_in_the_child_as_in_this_process(monkeypatch):
    bounded = read_document(REFERAT_PDF)
    monkeypatch.setattr(ingest.reader, "_can_fork", lambda: False)
    unbounded = read_document(REFERAT_PDF)
    assert bounded == unbounded
    assert "Godkendelse af dagsorden" in bounded.text


def test_the_limits_also_apply_where_the_pdf_is_read_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.reader, "_can_fork", lambda: False)
    path = tmp_path / "sider.pdf"
    path.write_bytes(many_pages(6000))
    assert _refusal(path) == "PDF has 6000 pages (limit 5000)"


def test_refusals_from_the_child_keep_their_own_reason(tmp_path):
    path = tmp_path / "scannet.pdf"
    path.write_bytes(many_pages(3, ""))
    assert _refusal(path) == "PDF has no text layer (scanned?)"
    truncated = tmp_path / "afbrudt.pdf"
    truncated.write_bytes(text_pdf([["Dagsorden"]])[:200])
    assert "corrupt PDF" in _refusal(truncated)


def test_a_reader_aborted_before_it_grew_is_out_of_memory_not_corrupt():
    # Seen in CI: under a 64 MB limit PDFium's first large reservation failed and it aborted (SIGABRT) having grown
    # little; that was reported as a corrupt PDF.
    from ingest.reader import _no_answer

    limits = PdfLimits(memory=64 * MB)
    aborted = signal.SIGABRT  # os.wait status of a process killed by a signal is the signal number
    assert "more than 64.0 MB of memory" in _no_answer(aborted, 1 * MB, limits)
    assert _no_answer(signal.SIGSEGV, 1 * MB, limits) == "corrupt PDF: PDFium stopped reading it (signal 11)"
