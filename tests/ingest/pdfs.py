"""Hand-built PDFs for the reader's tests: text on pages, a decompression bomb, a document of very many pages.

No binary fixtures: every PDF is a few objects written out here, with a cross-reference table PDFium accepts.
"""

from __future__ import annotations

import zlib

GB = 1024 * 1024 * 1024


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, *, flate: bool = False) -> bytes:
    extra = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 60 790 Td"]
    ops += [b"(%s) Tj T*" % _escape(line) for line in lines]
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per entry of `pages`, each printing its lines (Helvetica, Windows-1252)."""
    count = len(pages)
    font = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * k) for k in range(count)), count),
    ]
    for k, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * k, font)
        )
        objects.append(_stream(zlib.compress(_content(lines)), flate=True))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    return pdf(objects)


class _Bits:
    """A deflate bit stream: fields are packed from the least significant bit, Huffman codes from their first bit."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.count = 0

    def field(self, value: int, width: int) -> None:
        for i in range(width):
            self.bit((value >> i) & 1)

    def code(self, bits: str) -> None:
        for b in bits:
            self.bit(int(b))

    def bit(self, b: int) -> None:
        if self.count % 8 == 0:
            self.data.append(0)
        self.data[-1] |= b << (self.count % 8)
        self.count += 1

    def zeros(self, n: int) -> None:
        """n zero bits, fast: whole zero bytes once the current byte is full."""
        while n and self.count % 8:
            self.bit(0)
            n -= 1
        self.data += bytes(n // 8)
        self.count += 8 * (n // 8)
        for _ in range(n % 8):
            self.bit(0)


def zeros_deflated(size: int) -> bytes:
    """A zlib stream that inflates to about `size` zero bytes, about size/1000 bytes long, built in milliseconds.

    One dynamic-Huffman block whose only codes are the literal 0, end-of-block, and "258 bytes at distance 1",
    the last two bits long in all: the body is a run of zero bytes.
    """
    bits = _Bits()
    bits.field(1, 1)  # BFINAL
    bits.field(2, 2)  # dynamic Huffman
    bits.field(29, 5)  # HLIT: 286 literal/length codes
    bits.field(0, 5)  # HDIST: 1 distance code
    bits.field(14, 4)  # HCLEN: 18 code length codes
    # Code length code lengths in the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1: 18 → 1, 2 → 2, 1 → 2.
    for length in (0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2):
        bits.field(length, 3)
    # Code length codes: 18 → "0", 1 → "10", 2 → "11".
    # Literal/length lengths: 0 → 2, 1..255 → 0, 256 → 2, 257..284 → 0, 285 → 1; the distance code 0 → 1.
    bits.code("11")  # symbol 0: length 2
    bits.code("0")
    bits.field(138 - 11, 7)  # 138 zeros
    bits.code("0")
    bits.field(117 - 11, 7)  # 117 zeros (symbols 1..255)
    bits.code("11")  # symbol 256: length 2
    bits.code("0")
    bits.field(28 - 11, 7)  # 28 zeros (257..284)
    bits.code("10")  # symbol 285: length 1
    bits.code("10")  # distance 0: length 1
    # Codes: 285 → "0", literal 0 → "10", end of block → "11"; distance 0 → "0".
    bits.code("10")  # one literal zero byte
    repeats = max(0, (size - 1) // 258)
    bits.zeros(2 * repeats)  # each "0" + "0": 258 more zero bytes
    bits.code("11")  # end of block
    inflated = 1 + 258 * repeats
    adler = ((inflated % 65521) << 16) | 1
    return b"\x78\xda" + bytes(bits.data) + adler.to_bytes(4, "big")


def decompression_bomb(inflated: int = GB) -> bytes:
    """A PDF of about inflated/1000 bytes whose one page's content stream inflates to `inflated` zero bytes."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(zeros_deflated(inflated), flate=True),
        ]
    )


def many_pages(count: int, line: str = "Side med tekst") -> bytes:
    """A small PDF of `count` pages that all print `line` from one shared content stream."""
    kids = b" ".join(b"4 0 R" for _ in range(count))
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            _stream(_content([line]), flate=False),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
    )
