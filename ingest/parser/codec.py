"""ParsedMeeting ⇄ JSON, for --dry-run output and for keeping each document's parse beside it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ingest.parser.document import (
    ParsedAttendee,
    ParsedCaseStep,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParsedPosition,
)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_json(meeting: ParsedMeeting) -> dict[str, Any]:
    return _encode(meeting)


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_json(data: dict[str, Any]) -> ParsedMeeting:
    items = []
    for raw in data.get("items", []):
        decision = raw.get("decision")
        items.append(
            ParsedItem(
                **{
                    **raw,
                    "time_start": _time(raw.get("time_start")),
                    "time_end": _time(raw.get("time_end")),
                    "decision": ParsedDecision(**decision) if decision else None,
                    "other_texts": [tuple(pair) for pair in raw.get("other_texts", [])],
                    "case_route": [
                        ParsedCaseStep(**{**step, "date": _date(step.get("date"))})
                        for step in raw.get("case_route", [])
                    ],
                    "positions": [ParsedPosition(**position) for position in raw.get("positions", [])],
                }
            )
        )
    return ParsedMeeting(
        **{
            **data,
            "date": dt.date.fromisoformat(data["date"]),
            "start_time": _time(data.get("start_time")),
            "attendance": [ParsedAttendee(**a) for a in data.get("attendance", [])],
            "items": items,
            "announced_meetings": [dt.date.fromisoformat(d) for d in data.get("announced_meetings", [])],
        }
    )
