"""Read a minutes file (.txt, .pdf or a saved web page .html/.htm) from disk into normalised text. No Django.

`read_document(path)` returns a `SourceText` or raises `RefusedDocument` whose message is one line
naming the reason in plain words; the caller prefixes the file name. OS errors (missing file,
permission denied) are not refusals and propagate unchanged.

Text files: strict UTF-8 (with or without BOM) first, otherwise Windows-1252, where the five bytes
cp1252 leaves undefined fall back to Latin-1. PDFs: text layer extracted with pypdfium2, one page
after another, pages separated by PAGE_BREAK. In both cases newlines become "\\n" and the text is
Unicode NFC, so the parser sees the same shape of text whatever the source was. Web pages: decoded as their
byte order mark or <meta charset> says (else UTF-8, else Windows-1252), then read by their block structure
(ingest.html_text): one block per line, the page's navigation and banners left out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from lxml import etree

from danish.cpr import mask_cpr
from ingest.html_text import html_to_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

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
# PDFium marks a hyphen at a line end (where it also drops the line break) with U+FFFE,
# older builds with U+0002. The hyphen was printed, and in Danish it is often a real one
# ("KKR-medlemmerne"), so keep it as "-" rather than guessing it was a soft hyphen.
_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


class RefusedDocument(ValueError):
    """The file cannot be ingested; str(exc) is one line naming the reason."""


@dataclass(frozen=True)
class SourceText:
    text: str  # normalised: "\n" newlines, NFC, no BOM, no NUL; PDF pages joined by PAGE_BREAK
    kind: str  # "txt", "pdf" or "html"
    sha256: str  # hex digest of the file bytes, as sha256_of(path) returns
    size: int  # bytes
    file_name: str
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "pdf", or a web page's declared charset
    cpr_masked: int = 0  # CPR numbers replaced by xxxxxx-xxxx before the text went anywhere
    data: bytes = field(default=b"", repr=False, compare=False)  # the file's bytes, kept as the original


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, streamed in chunks (no decoding) to spot unchanged files cheaply."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a .txt or .pdf file and return its normalised text, or raise RefusedDocument."""
    path = Path(path)
    # stat before opening, so an oversized file is refused without reading a single byte of it.
    size = path.stat().st_size
    if size == 0:
        raise RefusedDocument("empty file (0 bytes)")
    if size > max_bytes:
        raise RefusedDocument(f"file too large: {_mb(size)} (limit {_mb(max_bytes)})")

    with path.open("rb") as f:
        # Read at most max_bytes + 1 in case the file grew after stat.
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RefusedDocument(f"file too large: over the limit of {_mb(max_bytes)}")
    if not data:
        raise RefusedDocument("empty file (0 bytes)")

    head = data[:_SNIFF_BYTES]
    suffix = path.suffix.lower()
    # Magic bytes decide first: a PDF saved as .txt or without extension is still a PDF.
    # The spec allows junk before the header in the first 1024 bytes; accept that only for .pdf.
    if head.startswith(_PDF_MAGIC) or (suffix in _PDF_EXTENSIONS and _PDF_MAGIC in head[:1024]):
        text = _pdf_text(data)
        kind, encoding = "pdf", "pdf"
    elif suffix in _PDF_EXTENSIONS:
        # Typically an HTML error page or a half-finished download saved as .pdf.
        raise RefusedDocument("corrupt PDF: no %PDF- header")
    elif suffix in _HTML_EXTENSIONS or _looks_like_html(head):
        _refuse_binary(head)
        markup, encoding = _decode_html(data)
        text = html_to_text(markup)
        kind = "html"
        if not text.strip():
            raise RefusedDocument("empty web page (no text outside the page's navigation and scripts)")
    elif suffix not in _TEXT_EXTENSIONS:
        shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise RefusedDocument(f"unsupported file type {shown}: only .txt, .pdf, .html and .htm are accepted")
    else:
        _refuse_binary(head)
        text, encoding = _decode_text(data)
        kind = "txt"

    text = _normalise(text)
    if kind == "txt" and not text.strip():
        raise RefusedDocument("empty file (only whitespace)")
    # Personal data never gets past reading: CPR numbers are masked before parsing and storage.
    text, cpr_masked = mask_cpr(text)
    return SourceText(
        text=text,
        cpr_masked=cpr_masked,
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        file_name=path.name,
        encoding=encoding,
        data=data,
    )


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


def _decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(_UTF8_BOM):
        # A BOM is an explicit UTF-8 declaration: a stray bad byte is damage, not a sign of cp1252,
        # so replace it rather than turning every Danish letter into mojibake.
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    try:
        # Strict UTF-8 first: cp1252 text with Danish letters (æ=E6, ø=F8, å=E5 followed by ASCII)
        # is never valid UTF-8, whereas any byte string "decodes" as cp1252.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="surrogateescape")
    # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252; read them as Latin-1 instead of failing.
    text = _ESCAPED_BYTE.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)
    return text, "cp1252"


def _pdf_text(data: bytes) -> str:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RefusedDocument(_pdf_open_refusal(exc)) from exc
    pages: list[str] = []
    try:
        for index in range(len(pdf)):
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
    finally:
        pdf.close()
    text = PAGE_BREAK.join(pages).translate(_PDFIUM_HYPHENS)
    if not text.strip():
        raise RefusedDocument("PDF has no text layer (scanned?)")
    return text


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


def _decode_html(data: bytes) -> tuple[str, str]:
    """The page's text in the encoding its BOM or <meta charset> declares; else UTF-8, else Windows-1252."""
    if data.startswith(_UTF8_BOM):
        return data[len(_UTF8_BOM) :].decode("utf-8", "replace"), "utf-8-sig"
    declared = _declared_charset(data[:_SNIFF_BYTES])
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode_text(data)


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
    return unicodedata.normalize("NFC", text)
