"""What a meeting's minutes changed against its agenda, read from the two documents' stored parses. No Django.

`compare(agenda, minutes)` takes the `parsed` JSON of an agenda (dagsorden) and of the minutes (referat) of the
same meeting and says which decisions the minutes added, which items they added or dropped and whose
recommendation (or title) they changed. Items are matched by number, as the archive's permalinks are; an item
that only moved (the same title under another number) is reported as moved, not as dropped and added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from danish.item_numbers import is_item_number, item_sort_key


@dataclass(frozen=True)
class ItemChange:
    number: str
    title: str
    before: str = ""  # the agenda's text (recommendation, title, the old number of a moved item)
    after: str = ""  # the minutes' text (decision, recommendation, title)


@dataclass
class MinutesChanges:
    decisions_added: list[ItemChange] = field(default_factory=list)
    items_added: list[ItemChange] = field(default_factory=list)
    items_dropped: list[ItemChange] = field(default_factory=list)
    items_moved: list[ItemChange] = field(default_factory=list)  # before: the agenda's number
    recommendations_changed: list[ItemChange] = field(default_factory=list)
    titles_changed: list[ItemChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.decisions_added,
                self.items_added,
                self.items_dropped,
                self.items_moved,
                self.recommendations_changed,
                self.titles_changed,
            )
        )

    @property
    def agenda_unchanged(self) -> bool:
        """The minutes kept the agenda as it was: no item added, dropped, moved, retitled or re-recommended."""
        return not (
            self.items_added
            or self.items_dropped
            or self.items_moved
            or self.recommendations_changed
            or self.titles_changed
        )


def _plain(text: object) -> str:
    """Whitespace collapsed: a line break moved by another layout is no change."""
    return " ".join(str(text or "").split())


def _decision(item: dict) -> str:
    decision = item.get("decision") or {}
    return _plain(decision.get("text") if isinstance(decision, dict) else "")


def _by_number(parsed: dict) -> dict[str, dict]:
    items = {}
    for item in parsed.get("items") or []:
        number = str(item.get("number") or "")
        if is_item_number(number) and number not in items:
            items[number] = item
    return items


def _sorted(changes: list[ItemChange]) -> list[ItemChange]:
    return sorted(changes, key=lambda change: item_sort_key(change.number))


def compare(agenda: dict, minutes: dict) -> MinutesChanges:
    """The changes from `agenda` to `minutes` (both a SourceDocument's `parsed`), each list in agenda order."""
    before, after = _by_number(agenda), _by_number(minutes)
    only_before = {n: item for n, item in before.items() if n not in after}
    only_after = {n: item for n, item in after.items() if n not in before}
    changes = MinutesChanges()

    # An item whose title appears, unchanged, under another number in the other document only moved.
    dropped_by_title = {_plain(item.get("title")).lower(): n for n, item in only_before.items()}
    for number, item in list(only_after.items()):
        old = dropped_by_title.get(_plain(item.get("title")).lower())
        if old is not None and old in only_before:
            changes.items_moved.append(ItemChange(number, _plain(item.get("title")), before=old))
            del only_before[old], only_after[number]

    for number, item in only_after.items():
        changes.items_added.append(ItemChange(number, _plain(item.get("title")), after=_decision(item)))
    for number, item in only_before.items():
        changes.items_dropped.append(ItemChange(number, _plain(item.get("title"))))

    for number, new in after.items():
        old = before.get(number)
        title = _plain(new.get("title"))
        decision = _decision(new)
        if decision and (old is None or not _decision(old)) and number not in only_after:
            changes.decisions_added.append(ItemChange(number, title, after=decision))
        if old is None:
            continue
        # Only two texts that differ: minutes that print no recommendation at all did not withdraw it.
        old_recommendation = _plain(old.get("recommendation"))
        new_recommendation = _plain(new.get("recommendation"))
        if old_recommendation and new_recommendation and old_recommendation != new_recommendation:
            changes.recommendations_changed.append(
                ItemChange(number, title, before=old_recommendation, after=new_recommendation)
            )
        old_title = _plain(old.get("title"))
        if old_title and title and old_title != title:
            changes.titles_changed.append(ItemChange(number, title, before=old_title, after=title))

    for name in (
        "decisions_added",
        "items_added",
        "items_dropped",
        "items_moved",
        "recommendations_changed",
        "titles_changed",
    ):
        setattr(changes, name, _sorted(getattr(changes, name)))
    return changes
