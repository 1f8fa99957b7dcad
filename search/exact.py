"""Direct hits shown above the ranked results: what a query names exactly."""

from __future__ import annotations

from meetings.models import AgendaItem, Person
from search.db import reading
from search.query import exact_case_number, item_on_date

MAX_CASE_HITS = 10


def exact_items(text: str) -> tuple[list[tuple[AgendaItem, str]], str | None]:
    """Items filed under a case number, or an item number at a meeting on a given date, with why."""
    hits: list[tuple[AgendaItem, str]] = []
    items = AgendaItem.objects.current().select_related("meeting__body", "decision")  # withdrawn: by link only
    case_number = exact_case_number(text)
    if case_number:
        hits += [
            (item, "sagsnummer")
            for item in items.filter(case_number=case_number).order_by("-meeting__date")[:MAX_CASE_HITS]
        ]
    found = item_on_date(text)
    if found:
        date, number = found
        hits += [(item, "punkt") for item in items.filter(meeting__date=date, number=number)]
    unique: dict[int, tuple[AgendaItem, str]] = {}
    for item, why in hits:  # an item can match both ways: show it once
        unique.setdefault(item.pk, (item, why))
    return list(unique.values()), case_number


def matching_members(text: str) -> list[Person]:
    """People whose full name the query is (or contains), accents and case ignored."""
    if len(text) < 5 or len(text.split()) > 6:
        return []
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT id FROM meetings_person WHERE position(lower(unaccent(name)) in lower(unaccent(%s))) > 0 "
            "AND name LIKE '%% %%' ORDER BY length(name) DESC LIMIT 5",
            [text],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return list(Person.objects.filter(pk__in=ids).order_by("name"))
