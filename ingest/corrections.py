"""Staff corrections laid over a meeting's merged parse, before it is written (ingest, re-merge, `reparse`).

The parse stays what the documents say (SourceDocument.parsed is never touched); the corrected value is what the
archive stores and shows. Each correction also learns what the parse says now: when that differs from what it
said when staff corrected it (a new version changed the field), the correction still wins and is flagged as a
conflict for staff (meetings.models.Correction).
"""

from __future__ import annotations

from typing import Any

from danish.slugs import danish_slugify
from ingest.parser.document import ParsedAttendee, ParsedDecision, ParsedItem, ParsedMeeting
from meetings.models import Correction, CorrectionField, Meeting, Outcome, Person


def item_value(item: ParsedItem, field: str) -> Any:
    """What the parse says of one correctable field of an item (as meetings.corrections compares values)."""
    if field == CorrectionField.TITLE:
        return item.title
    decision = item.decision if item.decision and item.decision.text.strip() else None
    if field == CorrectionField.DECISION:
        return decision.text if decision else None
    outcomes = [o for o in decision.outcomes if o in Outcome.values] if decision else []
    return outcomes[0] if outcomes else ""


def attendee_value(attendee: ParsedAttendee | None) -> dict | None:
    """An attendance row of the parse as a correction's value (None: not listed), as the loader would store it."""
    if attendee is None:
        return None
    substitute = danish_slugify(attendee.substitute_for) if attendee.substitute_for else None
    return {
        "status": attendee.status,
        "party": (attendee.party or "")[:3],
        "municipality": attendee.municipality or "",
        "substitute_for": substitute or None,
    }


def _set_item(item: ParsedItem, field: str, value: Any) -> None:
    # New objects, never edits of the parse's own: the merged items share their decisions with the documents.
    if field == CorrectionField.TITLE:
        item.title = value
    elif field == CorrectionField.DECISION:
        if value:
            outcomes = list(item.decision.outcomes) if item.decision else []
            item.decision = ParsedDecision(text=value, outcomes=outcomes)
    elif item.decision is not None:  # an outcome needs a decision to belong to
        others = [o for o in item.decision.outcomes if o != value]
        item.decision = ParsedDecision(text=item.decision.text, outcomes=[value, *others] if value else [])


def _set_attendee(merged: ParsedMeeting, person: Person, value: dict | None, names: dict[str, str]) -> None:
    kept = [a for a in merged.attendance if danish_slugify(a.name) != person.slug]
    if value is not None:
        substitute = value.get("substitute_for")
        kept.append(
            ParsedAttendee(
                name=person.name,
                status=value["status"],
                party=value.get("party") or None,
                municipality=value.get("municipality") or None,
                substitute_for=names.get(substitute) if substitute else None,
            )
        )
    merged.attendance = kept


def apply_corrections(meeting: Meeting, merged: ParsedMeeting) -> None:
    """Lay the meeting's corrections in force over `merged` (in place) and record what the parse says now."""
    corrections = list(meeting.corrections.active().select_related("item", "person").order_by("field", "pk"))
    if not corrections:
        return
    items = {item.number: item for item in merged.items}
    substitutes = {(c.value or {}).get("substitute_for") for c in corrections if c.person_id and c.value}
    names = dict(Person.objects.filter(slug__in=substitutes - {None}).values_list("slug", "name"))
    # Decisions before outcomes: an outcome correction may belong to a decision a correction added.
    order = {CorrectionField.TITLE: 0, CorrectionField.DECISION: 1, CorrectionField.OUTCOME: 2}
    for correction in sorted(corrections, key=lambda c: order.get(c.field, 3)):
        if correction.person_id:
            by_slug = {danish_slugify(a.name): a for a in merged.attendance}
            parsed = attendee_value(by_slug.get(correction.person.slug))
            _set_attendee(merged, correction.person, correction.value, names)
        else:
            parsed_item = items.get(correction.item.number)
            if parsed_item is None:  # the item is gone from the documents (withdrawn): nothing to lay over
                continue
            parsed = item_value(parsed_item, correction.field)
            _set_item(parsed_item, correction.field, correction.value)
        conflict = parsed != correction.parsed_value
        if (parsed, conflict) != (correction.latest_parsed_value, correction.conflict):
            # update(): no signals, the ingest re-indexes the meeting itself.
            Correction.objects.filter(pk=correction.pk).update(latest_parsed_value=parsed, conflict=conflict)
