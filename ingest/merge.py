"""Combine several documents of one meeting (an agenda, its minutes, two extractions) into one record.

Pure and order-independent: documents are ranked by completeness and every field comes from the best
ranked document that has it, so ingesting the same documents in any order gives the same meeting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from danish.compounds import load_default_splitter
from danish.text import VOCABULARY_WORD
from ingest.parser.document import DAGSORDEN, REFERAT, ParsedItem, ParsedMeeting


def text_quality(meeting: ParsedMeeting) -> float:
    """Share of the words in titles and decisions that are real words (known, or compounds of known words).

    Two extractions of one PDF differ mostly in noise ("Udpegnings til", "boligplacere- ret"); the one with
    fewer unknown words is the better source for the text both have.
    """
    splitter = load_default_splitter()
    text = " ".join(
        f"{item.title} {item.decision.text if item.decision else ''}" for item in meeting.items
    ).lower()
    words = VOCABULARY_WORD.findall(text)
    if not words:
        return 0.0
    known = sum(1 for word in words if word in splitter or splitter.split(word))
    return round(known / len(words), 3)


def completeness(meeting: ParsedMeeting) -> tuple:
    """Higher is more complete: minutes over agendas, then decisions, items, attendance, cleaner text.

    Start time and place are not compared: they are taken from whichever document has them.
    """
    decisions = sum(1 for item in meeting.items if item.decision and item.decision.text)
    return (
        meeting.kind == REFERAT,
        decisions,
        len(meeting.items),
        meeting.attendance_complete and bool(meeting.attendance),
        len(meeting.attendance),
        text_quality(meeting),
        -len(meeting.warnings),
    )


def _first(values):
    for value in values:
        if value not in (None, "", []):
            return value
    return values[-1] if values else None


def _merge_items(versions: Sequence[ParsedItem]) -> ParsedItem:
    fields = {f.name: _first([getattr(v, f.name) for v in versions]) for f in dataclasses.fields(ParsedItem)}
    return ParsedItem(**fields)


def merge(ranked: Sequence[ParsedMeeting]) -> ParsedMeeting:
    """`ranked` is best first (sort by `completeness`, ties broken by the caller, e.g. by sha256)."""
    if not ranked:
        raise ValueError("nothing to merge")
    best = ranked[0]
    by_number: dict[str, list[ParsedItem]] = {}
    position: dict[str, tuple[int, int]] = {}
    for rank, doc in enumerate(ranked):
        for item in doc.items:
            by_number.setdefault(item.number, []).append(item)
            position.setdefault(item.number, (rank, item.order))
    items = [_merge_items(versions) for versions in by_number.values()]
    attendance_source = max(
        ranked, key=lambda doc: (doc.attendance_complete and bool(doc.attendance), len(doc.attendance))
    )
    announced = sorted({d for doc in ranked for d in doc.announced_meetings})
    return ParsedMeeting(
        body_name=best.body_name,
        date=best.date,
        kind=REFERAT if any(doc.kind == REFERAT for doc in ranked) else DAGSORDEN,
        start_time=_first([doc.start_time for doc in ranked]),
        location=_first([doc.location for doc in ranked]),
        attendance=list(attendance_source.attendance),
        attendance_complete=attendance_source.attendance_complete,
        items=items,
        announced_meetings=announced,
        warnings=[w for doc in ranked for w in doc.warnings],
        rejoined_hyphenations=best.rejoined_hyphenations,
        body_kind=best.body_kind,
        municipality=_first([doc.municipality for doc in ranked]),
        region=_first([doc.region for doc in ranked]),
        family=best.family,
        family_reason=best.family_reason,
    )
