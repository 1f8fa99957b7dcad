"""Small builders of parser output and source files for loader tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io

from ingest.parser.document import ParsedAttendee, ParsedDecision, ParsedItem, ParsedMeeting
from ingest.reader import SourceText


def item(number: str, title: str, decision: str | None = None, outcomes=(), **fields) -> ParsedItem:
    return ParsedItem(
        number=number,
        section_number=number.split(".")[0],
        section_title=fields.pop("section_title", "Regionalpolitiske sager"),
        title=title,
        decision=ParsedDecision(decision, list(outcomes)) if decision is not None else None,
        **fields,
    )


def meeting(
    kind: str = "referat", items=(), attendance=(), date=dt.date(2022, 6, 21), **fields
) -> ParsedMeeting:
    return ParsedMeeting(
        body_name="KKR Hovedstaden",
        date=date,
        kind=kind,
        items=list(items),
        attendance=list(attendance),
        **fields,
    )


def attendee(name: str, status: str = "present", **fields) -> ParsedAttendee:
    return ParsedAttendee(name=name, status=status, **fields)


def source(text: str, name: str = "doc.txt") -> SourceText:
    data = text.encode()
    return SourceText(
        text=text,
        kind="txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        file_name=name,
        encoding="utf-8",
    )


@dataclasses.dataclass
class Run:
    """What `manage.py ingest` did: its exit status and output."""

    code: int
    out: str
    err: str

    @property
    def refusals(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("REFUSED")]


def run_ingest(*args) -> Run:
    """Run the command as `manage.py ingest ARGS` would, returning its exit status and output."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return Run(code, out.getvalue(), err.getvalue())
