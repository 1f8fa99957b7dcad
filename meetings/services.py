"""The writes of staff corrections: record one (`correct`), withdraw one (`withdraw_correction`), keep one over a
new parse (`accept_conflict`). The admin calls these; the ingest lays corrections over every parse
(ingest.corrections), so a correction outlasts re-ingest, `reparse`, export and import.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Attendance,
    Correction,
    CorrectionField,
    Decision,
    Meeting,
    Person,
)

REPLACED = "Erstattet af en nyere rettelse."
BACK_TO_PARSE = "Rettet tilbage til dokumentets ordlyd."


def attendance_value(row: Attendance | None) -> dict | None:
    """An attendance row as a correction's value (None: the person is not listed)."""
    if row is None:
        return None
    substitute = Person.objects.filter(pk=row.substitute_for_id).values_list("slug", flat=True).first()
    return {
        "status": row.status,
        "party": row.party,
        "municipality": row.municipality,
        "substitute_for": substitute,
    }


def _active(*, meeting: Meeting, item: AgendaItem | None, person: Person | None, field: str) -> Correction | None:
    target = {"item": item} if item is not None else {"person": person, "item__isnull": True}
    return Correction.objects.active().filter(meeting=meeting, field=field, **target).first()


@transaction.atomic
def correct(
    *,
    field: str,
    value: Any,
    shown_value: Any,
    reason: str,
    user: str,
    item: AgendaItem | None = None,
    meeting: Meeting | None = None,
    person: Person | None = None,
) -> Correction | None:
    """Record that staff (`user`, why: `reason`) changed `field` of `item` (or `person`'s attendance at `meeting`)
    from `shown_value` (what the archive showed) to `value`. The caller has saved the row itself.

    A correction already in force for the fact is withdrawn and the new one keeps its parsed value; an edit back
    to what the parse says leaves no correction in force. Returns the new correction, or None.
    """
    meeting = meeting or item.meeting
    if not reason.strip():
        raise ValueError("a correction needs a reason")
    earlier = _active(meeting=meeting, item=item, person=person, field=field)
    parsed = earlier.parsed_value if earlier else shown_value
    latest = earlier.latest_parsed_value if earlier else shown_value
    if earlier is not None:
        _mark_withdrawn(earlier, user=user, reason=BACK_TO_PARSE if value == latest else REPLACED)
    if value == latest:
        return None
    return Correction.objects.create(
        meeting=meeting,
        item=item,
        person=person,
        field=field,
        parsed_value=parsed,
        latest_parsed_value=latest,
        conflict=parsed != latest,
        value=value,
        reason=reason.strip(),
        created_by=user,
    )


def _mark_withdrawn(correction: Correction, *, user: str, reason: str) -> None:
    correction.withdrawn_at = timezone.now()
    correction.withdrawn_by = user
    correction.withdrawal_reason = reason
    correction.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])


@transaction.atomic
def withdraw_correction(*, correction: Correction, user: str, reason: str = "") -> None:
    """Withdraw a correction: the value the parse gives now comes back, on the page and in the search."""
    if not correction.active:
        return
    _restore(correction, correction.latest_parsed_value)
    _mark_withdrawn(correction, user=user, reason=reason or "Trukket tilbage.")


def accept_conflict(*, correction: Correction) -> None:
    """Staff have seen that a new version changed the corrected field, and keep the correction over it."""
    correction.parsed_value = correction.latest_parsed_value
    correction.conflict = False
    correction.save(update_fields=["parsed_value", "conflict"])


def _restore(correction: Correction, value: Any) -> None:
    """Put the parse's `value` back where the correction had put its own."""
    item = correction.item
    if correction.field == CorrectionField.TITLE:
        item.title = value
        item.save(update_fields=["title"])
    elif correction.field == CorrectionField.DECISION:
        if value is None:
            Decision.objects.filter(item=item).delete()
        else:
            Decision.objects.update_or_create(item=item, defaults={"text": value})
    elif correction.field == CorrectionField.OUTCOME:
        decision = Decision.objects.filter(item=item).first()
        if decision is not None:
            others = [o for o in decision.outcomes if o not in (correction.value, value)]
            decision.outcome = value or ""
            decision.outcomes = [value, *others] if value else others
            decision.save(update_fields=["outcome", "outcomes"])
    else:
        rows = Attendance.objects.filter(meeting=correction.meeting, person=correction.person)
        if value is None:
            rows.delete()
            return
        substitute = Person.objects.filter(slug=value.get("substitute_for") or "").first()
        Attendance.objects.update_or_create(
            meeting=correction.meeting,
            person=correction.person,
            defaults={
                "status": value["status"],
                "party": value.get("party", ""),
                "municipality": value.get("municipality", ""),
                "substitute_for": substitute,
            },
        )
