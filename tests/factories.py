"""Small builders of parser output and source files for loader tests."""

from __future__ import annotations

import datetime as dt
import hashlib

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
