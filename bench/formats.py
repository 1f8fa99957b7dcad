"""The table of real documents in docs/formats.md: `python -m bench.formats [--write]`.

Every file in tests/fixtures/real/ (and the bundled samples and PDF fixture) is read and parsed as `manage.py
ingest` would; the table says which family read it (or why it was refused), the meeting's date, body and kind,
and how many items, decisions, attendees, positions and warnings the parse has. With --write the table
replaces the one between the markers in docs/formats.md.

A page refused only because it never names its municipality (or region) is read again as `ingest
--municipality` reads it, with the municipality its row in tests/fixtures/real/SOURCES.md names (the source it
was published by); the table says so in the body column. What the page itself names always wins.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "real"
DOC = ROOT / "docs" / "formats.md"
SOURCES = REAL / "SOURCES.md"
# A row of SOURCES.md: "| `file` | Aabenraa, Teknik- og Miljøudvalget, 2015-03-04, minutes ... | url | ... |"
_SOURCE_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<what>[^|]*) \|", re.MULTILINE)
BEGIN, END = "<!-- documents: begin (python -m bench.formats --write) -->", "<!-- documents: end -->"


def documents() -> list[Path]:
    real = sorted(p for p in REAL.glob("*") if p.suffix.lower() in {".txt", ".html", ".htm", ".pdf"})
    samples = sorted((ROOT / "data" / "samples").glob("*.txt"))
    return [*samples, ROOT / "tests" / "fixtures" / "referat-2022-06-21.pdf", *real]


@functools.cache
def owners() -> dict[str, dict[str, str]]:
    """Whose body each real document is, by the first field of its SOURCES.md row that names a municipality or
    region ("Aabenraa, Teknik- og Miljøudvalget, ..." -> Aabenraa Kommune), as `ingest --municipality` takes it."""
    from danish.bodies import official_authority

    found: dict[str, dict[str, str]] = {}
    for match in _SOURCE_ROW.finditer(SOURCES.read_text(encoding="utf-8")):
        first = re.sub(r"\s*\(.*?\)", "", match["what"].split(",")[0]).strip()
        municipality, region = official_authority(first)
        if (municipality or region) and match["file"] not in found:
            found[match["file"]] = {"municipality": municipality} if municipality else {"region": region}
    return found


def row(path: Path) -> str:
    from ingest.parser import parse_document
    from ingest.parser.document import NotMinutesError
    from ingest.reader import RefusedDocument, read_document

    name = path.relative_to(ROOT).as_posix()
    owner = owners().get(path.name, {})
    from_source = ""
    try:
        source = read_document(path)
        started = time.perf_counter()
        try:
            meeting = parse_document(source.text)
        except NotMinutesError as exc:
            if not (str(exc).startswith("no body found") and owner):
                raise
            started = time.perf_counter()
            meeting = parse_document(source.text, **owner)
            from_source = f" (`--municipality '{next(iter(owner.values()))}'`, from SOURCES.md)"
        ms = (time.perf_counter() - started) * 1000
    except (RefusedDocument, NotMinutesError) as exc:
        reason = str(exc).replace("|", "\\|")
        return f"| `{name}` | refused | | | {reason[:120]} | | | | | | |"
    decisions = sum(1 for item in meeting.items if item.decision)
    positions = sum(len(item.positions) for item in meeting.items)
    body = meeting.body_name + (
        f", {meeting.municipality or meeting.region}" if (meeting.municipality or meeting.region) else ""
    ) + from_source
    return (
        f"| `{name}` | {meeting.family} | {meeting.date.isoformat()} | {meeting.kind} | {body} | {len(meeting.items)} "
        f"| {decisions} | {len(meeting.attendance)} | {positions} | {len(meeting.warnings)} | {ms:.1f} |"
    )


def table() -> str:
    header = (
        "| document | family | date | kind | body | items | decisions | attendees | positions | warnings | parse ms |\n"
        "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    return "\n".join([header, *(row(path) for path in documents())])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the table in {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    text = table()
    if not args.write:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
