"""Read a minutes file (.txt, .pdf or a saved web page .html/.htm) from disk into normalised text. No Django.

`read_document(path)` returns a `SourceText` or raises `RefusedDocument` whose message is one line
naming the reason in plain words; the caller prefixes the file name. OS errors (missing file,
permission denied) are not refusals and propagate unchanged. Only regular files are read: a device
(`/dev/zero`), a FIFO or a socket is refused before it is opened for reading, so nothing waits on it forever.

Text files: strict UTF-8 (with or without BOM) first; a UTF-8 file with a few stray bytes keeps its UTF-8 and
reads each line that is not UTF-8 as Windows-1252 (a warning names the lines); otherwise Windows-1252, where the
five bytes cp1252 leaves undefined fall back to Latin-1. PDFs: text layer extracted with pypdfium2, one page
after another, pages separated by PAGE_BREAK, in a child process whose memory, CPU time and wall-clock time are
bounded (`PdfLimits`), so a decompression bomb is refused instead of taking the machine's memory. In every case
newlines become "\\n", the text is Unicode NFC and characters that print as nothing (bidi controls, zero-width
spaces and joiners) are dropped, so the parser sees the same shape of text whatever the source was. Web pages:
decoded as their byte order mark or <meta charset> says (else UTF-8, else Windows-1252), then read by their
block structure (ingest.html_text): one block per line, the page's navigation and banners left out.
CPR numbers are masked last, in the text and in the file name (danish.cpr).
"""

from __future__ import annotations

import bisect
import contextlib
import faulthandler
import hashlib
import os
import pickle
import re
import selectors
import signal
import stat
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from lxml import etree

from danish.cpr import find_cpr, mask_cpr, mask_spans
from ingest.html_text import html_to_text
from ingest.parser.normalise import is_footer_line, strip_invisible

try:
    import resource
except ImportError:  # not on Windows: PDFs are then read in this process, with the page and text limits only
    resource = None

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class PdfLimits:
    """What reading one PDF may cost. A PDF is read in a child process (where the platform can fork) whose address
    space may grow by `memory` bytes and which may run `seconds` of CPU and wall-clock time; a PDF of more pages,
    or more text, than the limits is refused before (or while) its text is extracted."""

    memory: int = 512 * MB
    seconds: float = 60.0
    pages: int = 5000
    text_chars: int = DEFAULT_MAX_BYTES


DEFAULT_PDF_LIMITS = PdfLimits()

# Form feed on a line of its own between pages: str.splitlines() and str.strip() treat it as
# whitespace/blank, so a line-based parser sees an empty line, yet page boundaries stay recoverable.
PAGE_BREAK = "\n\f\n"

_PDF_MAGIC = b"%PDF-"
_SNIFF_BYTES = 8 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 control bytes that legitimately occur in text files: \t \n \v \f \r and Ctrl-Z (old DOS EOF).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1a")
_MAX_CONTROL_RATIO = 0.05
_TEXT_EXTENSIONS = frozenset({".txt"})
_PDF_EXTENSIONS = frozenset({".pdf"})
_HTML_EXTENSIONS = frozenset({".html", ".htm"})
# What a web page starts with (after a BOM and white space), lower-cased: a file of any name that begins so is
# read as HTML, as a PDF is recognised by its magic bytes.
_HTML_STARTS = (b"<!doctype html", b"<html")
# surrogateescape puts each undecodable byte b at U+DC00+b; used to map it back to Latin-1.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# A character beyond ASCII that UTF-8 decoding produced from valid bytes (not an escaped stray byte).
_UTF8_LETTER = re.compile("[\x80-\udc7f\udd00-\U0010ffff]")
# PDFium marks a hyphen at a line end (where it also drops the line break) with U+FFFE,
# older builds with U+0002. The hyphen was printed, and in Danish it is often a real one
# ("KKR-medlemmerne"), so keep it as "-" rather than guessing it was a soft hyphen.
_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


class RefusedDocument(ValueError):
    """The file cannot be ingested; str(exc) is one line naming the reason."""


@dataclass(frozen=True)
class SourceText:
    text: str  # "\n" newlines, NFC; no BOM, NUL or invisible characters; PDF pages joined by PAGE_BREAK
    kind: str  # "txt", "pdf" or "html"
    sha256: str  # hex digest of the file bytes, as sha256_of(path) returns
    size: int  # bytes
    file_name: str  # the file's name, CPR numbers masked
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "pdf", or a web page's declared charset
    cpr_masked: int = 0  # CPR numbers replaced by xxxxxx-xxxx before the text went anywhere
    data: bytes = field(default=b"", repr=False, compare=False)  # the file's bytes, kept as the original
    warnings: tuple[str, ...] = ()  # what reading had to repair (stray bytes), for the document's warnings


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, streamed in chunks (no decoding) to spot unchanged files cheaply.

    RefusedDocument for anything that is not a regular file: hashing /dev/zero or a FIFO would never end."""
    with _open_regular_file(Path(path)) as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_document(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, pdf_limits: PdfLimits = DEFAULT_PDF_LIMITS
) -> SourceText:
    """Read a .txt, .pdf or .html file and return its normalised text, or raise RefusedDocument."""
    path = Path(path)
    # stat before opening, so an oversized file is refused without reading a single byte of it.
    status = os.stat(path)
    _refuse_unless_regular(status.st_mode)
    size = status.st_size
    if size == 0:
        raise RefusedDocument("empty file (0 bytes)")
    if size > max_bytes:
        raise RefusedDocument(f"file too large: {_mb(size)} (limit {_mb(max_bytes)})")

    with _open_regular_file(path) as f:
        # Read at most max_bytes + 1 in case the file grew after stat.
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RefusedDocument(f"file too large: over the limit of {_mb(max_bytes)}")
    if not data:
        raise RefusedDocument("empty file (0 bytes)")

    head = data[:_SNIFF_BYTES]
    suffix = path.suffix.lower()
    repairs: list[str] = []
    # Magic bytes decide first: a PDF saved as .txt or without extension is still a PDF.
    # The spec allows junk before the header in the first 1024 bytes; accept that only for .pdf.
    if head.startswith(_PDF_MAGIC) or (suffix in _PDF_EXTENSIONS and _PDF_MAGIC in head[:1024]):
        text = _pdf_text(data, pdf_limits)
        kind, encoding = "pdf", "pdf"
    elif suffix in _PDF_EXTENSIONS:
        # Typically an HTML error page or a half-finished download saved as .pdf.
        raise RefusedDocument("corrupt PDF: no %PDF- header")
    elif suffix in _HTML_EXTENSIONS or _looks_like_html(head):
        _refuse_binary(head)
        markup, encoding = _decode_html(data, repairs)
        text = html_to_text(markup)
        kind = "html"
        if not text.strip():
            raise RefusedDocument("empty web page (no text outside the page's navigation and scripts)")
    elif suffix not in _TEXT_EXTENSIONS:
        shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise RefusedDocument(f"unsupported file type {shown}: only .txt, .pdf, .html and .htm are accepted")
    else:
        _refuse_binary(head)
        text, encoding = _decode_text(data, repairs)
        kind = "txt"

    text = _normalise(text)
    if kind == "txt" and not text.strip():
        raise RefusedDocument("empty file (only whitespace)")
    # Personal data never gets past reading: CPR numbers are masked before parsing and storage, in the text (after
    # every change made to it here) and in the file name, which is shown and logged.
    text, cpr_masked = _mask_cpr(text)
    file_name, masked_in_name = mask_cpr(strip_invisible(unicodedata.normalize("NFC", path.name)))
    return SourceText(
        text=text,
        cpr_masked=cpr_masked + masked_in_name,
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        file_name=file_name,
        encoding=encoding,
        data=data,
        warnings=tuple(mask_cpr(warning)[0] for warning in repairs),
    )


def _mask_cpr(text: str) -> tuple[str, int]:
    """The text with its CPR numbers masked: where they stand, and where a page's footer splits one.

    A PDF page can end after "010190-" and the next begin with "1234", its footer ("KKR HOVEDSTADEN |
    21-06-2022", "SIDE | 4") between them: the parser drops the footer and rejoins the lines, so the number is
    looked for in the text without its footers too, and masked in the text as it is (footer included)."""
    text, masked = mask_cpr(text)
    if "|" not in text:
        return text, masked
    lines = text.split("\n")
    kept: list[str] = []
    starts: list[
        tuple[int, int]
    ] = []  # where each kept line starts: in the text without footers, in the text
    at = here = 0
    for line in lines:
        if not is_footer_line(line.strip()):
            starts.append((here, at))
            kept.append(line)
            here += len(line) + 1
        at += len(line) + 1
    if len(kept) == len(lines):
        return text, masked
    spans = find_cpr("\n".join(kept))
    if not spans:
        return text, masked
    view_starts = [view for view, _ in starts]

    def in_text(offset: int) -> int:
        view, original = starts[bisect.bisect_right(view_starts, offset) - 1]
        return original + offset - view

    return mask_spans(text, [(in_text(start), in_text(end)) for start, end in spans]), masked + len(spans)


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _FILE_TYPES if test(mode)), "not a file")
        raise RefusedDocument(f"not a regular file ({what}): only regular files are read")


def _open_regular_file(path: Path):
    """The file opened for binary reading, or RefusedDocument when it is not a regular file.

    O_NONBLOCK: opening a FIFO does not wait for a writer; fstat then tells what was opened, whatever happened to
    the path after an earlier stat."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _refuse_binary(head: bytes) -> None:
    if head.startswith(_UTF16_BOMS):
        # Notepad's "Unicode" format; its NUL bytes would otherwise be reported as binary.
        raise RefusedDocument("UTF-16 text is not supported: save the file as UTF-8")
    if b"\x00" in head:
        raise RefusedDocument("binary file (contains NUL bytes), neither text nor PDF")
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_RATIO * len(head):
        raise RefusedDocument("binary file (many control characters), neither text nor PDF")


def _decode_text(data: bytes, repairs: list[str]) -> tuple[str, str]:
    """The text of a text file and its encoding; what had to be repaired is appended to `repairs`.

    Strict UTF-8 first: cp1252 text with Danish letters (æ=E6, ø=F8, å=E5 followed by ASCII) is never valid UTF-8,
    whereas any byte string "decodes" as cp1252. A file that is UTF-8 except for a few stray bytes (one line pasted
    from a Windows program) keeps its UTF-8: each line that is not UTF-8 is read on its own, so one bad byte costs
    nothing of the rest of the file, and a warning says which lines were repaired.
    """
    bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM) :] if bom else data
    utf8 = "utf-8-sig" if bom else "utf-8"
    try:
        return body.decode("utf-8"), utf8
    except UnicodeDecodeError:
        pass
    if not bom and not _UTF8_LETTER.search(body.decode("utf-8", errors="surrogateescape")):
        # Nothing in the file is UTF-8: a Windows-1252 file (Latin-1 for the five bytes cp1252 leaves undefined).
        return _cp1252(body), "cp1252"
    decoded: list[str] = []
    repaired: list[int] = []
    evidence = bom  # a BOM declares UTF-8; so does a line that is UTF-8 with letters beyond ASCII
    for number, line in enumerate(body.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text, utf8_line = _decode_mixed_line(line)
            repaired.append(number)
        else:
            utf8_line = not line.isascii()
        evidence = evidence or utf8_line
        decoded.append(text)
    if not evidence:
        # Nothing in the file is UTF-8: a Windows-1252 file (Latin-1 for the five bytes cp1252 leaves undefined).
        return _cp1252(body), "cp1252"
    shown = ", ".join(map(str, repaired[:5])) + (
        f" and {len(repaired) - 5} more" if len(repaired) > 5 else ""
    )
    repairs.append(
        f"The file is UTF-8 but {len(repaired)} line(s) are not (line {shown}): "
        "their stray bytes were read as Windows-1252."
    )
    return "\n".join(decoded), utf8


def _decode_mixed_line(line: bytes) -> tuple[str, bool]:
    """A line that is not valid UTF-8, and whether it is UTF-8 with stray bytes (rather than Windows-1252).

    Its valid UTF-8 sequences are decoded and each stray byte read as the Windows-1252 character it is; a line
    with more stray bytes than UTF-8 letters is a Windows-1252 line and is read as one."""
    text = line.decode("utf-8", errors="surrogateescape")
    if len(_ESCAPED_BYTE.findall(text)) > len(_UTF8_LETTER.findall(text)):
        return _cp1252(line), False
    return _ESCAPED_BYTE.sub(lambda m: _cp1252(bytes([ord(m.group()) - 0xDC00])), text), True


def _cp1252(data: bytes) -> str:
    text = data.decode("cp1252", errors="surrogateescape")
    # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252; read them as Latin-1 instead of failing.
    return _ESCAPED_BYTE.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)


# --- PDF: the text layer, read in a child process with bounded memory and time ---------------------------------

_CHILD_OK, _CHILD_REFUSED, _CHILD_ERROR = "ok", "refused", "error"
_CHILD_OUT_OF_MEMORY = 3  # the child's exit status after a MemoryError
_START_SECONDS = 5.0  # wall-clock time beyond the limit for the child to start and hand its text over


def _pdf_text(data: bytes, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> str:
    pages = _pdf_pages_bounded(data, limits) if _can_fork() else _pdf_pages(data, limits)
    text = PAGE_BREAK.join(pages).translate(_PDFIUM_HYPHENS)
    if not text.strip():
        raise RefusedDocument("PDF has no text layer (scanned?)")
    return text


def _can_fork() -> bool:
    return resource is not None and hasattr(os, "fork")


def _pdf_pages(data: bytes, limits: PdfLimits) -> list[str]:
    """The text of each page, within the page and text limits."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RefusedDocument(_pdf_open_refusal(exc)) from exc
    pages: list[str] = []
    chars = 0
    try:
        count = len(pdf)
        if count > limits.pages:
            raise RefusedDocument(f"PDF has {count} pages (limit {limits.pages})")
        for index in range(count):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise RefusedDocument(f"corrupt PDF: page {index + 1} cannot be read") from exc
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(textpage.get_text_range())
                finally:
                    textpage.close()
            except pdfium.PdfiumError as exc:
                raise RefusedDocument(f"corrupt PDF: text of page {index + 1} cannot be read") from exc
            finally:
                page.close()
            chars += len(pages[-1])
            if chars > limits.text_chars:
                raise RefusedDocument(
                    f"PDF text too large: over {limits.text_chars:,} characters by page {index + 1}"
                )
    finally:
        pdf.close()
    return pages


def _pdf_pages_bounded(data: bytes, limits: PdfLimits) -> list[str]:
    """`_pdf_pages` in a forked child whose address space, CPU time and wall-clock time are bounded.

    PDFium inflates a page's content streams in memory: a 1 MB PDF can inflate to gigabytes. The child's address
    space may grow by `limits.memory` only; past it allocations fail and the child ends, and the document is
    refused, while this process keeps the memory it had.
    """
    read_fd, write_fd = os.pipe()
    resident = _memory_of_this_process()[1]
    with warnings.catch_warnings():
        # The child only reads the PDF and writes to its pipe: no lock another thread may hold is taken there.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _pdf_child(write_fd, data, limits)
    os.close(write_fd)
    reaped = False
    try:
        payload, finished = _read_until(read_fd, time.monotonic() + limits.seconds + _START_SECONDS)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        try:
            _, status, usage = os.wait4(pid, 0)
        except ChildProcessError:  # SIGCHLD ignored: the child was reaped already; its answer is all there is
            status, usage = 0, resource.getrusage(resource.RUSAGE_CHILDREN)
        reaped = True
    finally:
        os.close(read_fd)
        if not reaped:  # interrupted while waiting: the child goes too, and leaves no zombie
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    if not finished or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU):
        raise RefusedDocument(f"PDF takes more than {limits.seconds:g} s to read (limit)")
    try:
        outcome, value = pickle.loads(payload) if payload else (None, None)
    except Exception:  # an answer cut short: the child ended while writing it
        outcome, value = None, None
    if outcome is not None:
        if outcome == _CHILD_OK:
            return value
        if outcome == _CHILD_REFUSED:
            raise RefusedDocument(value)
        raise RefusedDocument(f"corrupt PDF: reading it failed ({value})")
    grown = usage.ru_maxrss * 1024 - resident  # ru_maxrss is in KiB on Linux
    raise RefusedDocument(_no_answer(status, grown, limits))


def _no_answer(status: int, grown: int, limits: PdfLimits) -> str:
    """Why a child that gave no answer ended. PDFium aborts the process when an allocation fails: out of memory
    when the child exited so, aborted (SIGABRT: the limit is on address space, so a large first reservation fails
    before the child grows at all; seen with a 64 MB limit), or grew by a good part of what it may; else a crash."""
    exited = os.WIFEXITED(status) and os.WEXITSTATUS(status) == _CHILD_OUT_OF_MEMORY
    aborted = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT
    if exited or aborted or grown >= limits.memory // 4:
        return f"PDF needs more than {_mb(limits.memory)} of memory to read (a decompression bomb?)"
    how = (
        f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
    )
    return f"corrupt PDF: PDFium stopped reading it ({how})"


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything written to the pipe until its end, and whether the end came before the deadline."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                return b"".join(chunks), False
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)


def _pdf_child(fd: int, data: bytes, limits: PdfLimits) -> None:
    """In the forked child: bound the process, read the pages, write the outcome to `fd`, exit."""
    status = 0
    # PDFium aborts when the memory limit stops it; the parent reports that as a refusal, so the child's
    # traceback dump (faulthandler, on under pytest and python -X faulthandler) would only be noise.
    faulthandler.disable()
    try:
        _bound_this_process(limits)
        try:
            outcome = (_CHILD_OK, _pdf_pages(data, limits))
        except RefusedDocument as exc:
            outcome = (_CHILD_REFUSED, str(exc))
        except MemoryError:
            outcome = None
            status = _CHILD_OUT_OF_MEMORY
        except Exception as exc:  # anything PDFium or pypdfium2 raise: the parent refuses the file
            outcome = (_CHILD_ERROR, f"{type(exc).__name__}: {exc}"[:200])
        if outcome is not None:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
    except MemoryError:
        status = _CHILD_OUT_OF_MEMORY
    except BaseException:
        status = 1
    finally:
        # _exit: no atexit handlers, no finalizers, nothing of the parent's (its database connection) is touched.
        os._exit(status)


def _bound_this_process(limits: PdfLimits) -> None:
    """The child's limits: `limits.memory` more address space than it has now, the CPU time, no core dump."""
    current = _memory_of_this_process()[0]
    _lower(resource.RLIMIT_AS, current + limits.memory if current else limits.memory)
    cpu = max(1, int(limits.seconds + 0.999))
    _lower(resource.RLIMIT_CPU, cpu)
    _lower(resource.RLIMIT_CORE, 0)


def _lower(which: int, soft: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _memory_of_this_process() -> tuple[int, int]:
    """This process's virtual memory size and resident set in bytes (Linux), zeros when unknown."""
    try:
        with open("/proc/self/statm", "rb") as f:
            size, resident = f.read().split()[:2]
        page = os.sysconf("SC_PAGE_SIZE")
        return int(size) * page, int(resident) * page
    except (OSError, ValueError):
        return 0, 0


def _pdf_open_refusal(exc: pdfium.PdfiumError) -> str:
    # PDFium reports why loading failed via FPDF_GetLastError(); pypdfium2 exposes it as err_code.
    # Older pypdfium2 versions only put it in the message, hence the text check as a fallback.
    code = getattr(exc, "err_code", None)
    message = str(exc).lower()
    if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in message:
        return "encrypted PDF (password-protected)"
    if code == pdfium_c.FPDF_ERR_SECURITY or "security" in message:
        return "encrypted PDF (unsupported security scheme)"
    return "corrupt PDF: cannot be opened"


def _looks_like_html(head: bytes) -> bool:
    start = head.removeprefix(_UTF8_BOM).lstrip()[:16].lower()
    return start.startswith(_HTML_STARTS)


def decode_page(data: bytes, content_type: str = "") -> str:
    """A web page's text as `_decode_html` reads it, the charset of an HTTP Content-Type header (`content_type`)
    first: for pages that arrive over HTTP (the harvester's listings) rather than as files."""
    header = ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            header = value.strip("\"' ").lower()
    return _decode_html(data, [], declared=header or None)[0]


def _decode_html(data: bytes, repairs: list[str], *, declared: str | None = None) -> tuple[str, str]:
    """The page's text in the encoding `declared`, its BOM or its <meta charset> names; else UTF-8, else
    Windows-1252."""
    if data.startswith(_UTF8_BOM):
        return _decode_text(data, repairs)
    declared = declared or _declared_charset(data[:_SNIFF_BYTES])
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode_text(data, repairs)


def _declared_charset(head: bytes) -> str | None:
    """The charset a page declares in its first bytes: the HTML standard's prescan, through lxml's parser of
    the head only (a <meta charset> or http-equiv Content-Type)."""
    try:
        root = lxml.html.fromstring(head.decode("ascii", "replace"))
    except (etree.ParserError, ValueError):
        return None
    for meta in root.iter("meta"):
        charset = meta.get("charset")
        if not charset and (meta.get("http-equiv") or "").lower() == "content-type":
            content = meta.get("content") or ""
            charset = content.lower().partition("charset=")[2].strip(" ;\"'")
        if charset:
            return charset.strip().lower()
    return None


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NUL cannot be stored in PostgreSQL text columns; the binary check only looks at the first 8 KB.
    text = text.replace("\x00", "")
    # Bidi controls and zero-width characters print as nothing but split names and can make a title read as
    # something else: they never reach the parser or the archive.
    return strip_invisible(unicodedata.normalize("NFC", text))
