"""What the minutes changed against the agenda, on the real minutes of KKR Hovedstaden 21 June 2022.

The agenda is made from those minutes the way agendas differ from minutes in the real documents: no decisions,
one item the minutes added, one the minutes dropped, one recommendation the meeting rewrote.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ingest.parser import parse_document
from ingest.parser.codec import to_json
from meetings.minutes_changes import compare

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "003_3207b199d2270b9c.txt"


@pytest.fixture(scope="module")
def minutes() -> dict:
    return to_json(parse_document(SAMPLE.read_text(encoding="utf-8")))


def agenda_of(minutes: dict) -> dict:
    agenda = copy.deepcopy(minutes)
    agenda["kind"] = "dagsorden"
    for item in agenda["items"]:
        item["decision"] = None
    return agenda


def item(parsed: dict, number: str) -> dict:
    return next(i for i in parsed["items"] if i["number"] == number)


def test_the_minutes_real_decisions_are_the_decisions_they_added(minutes):
    changes = compare(agenda_of(minutes), minutes)
    decided = [i["number"] for i in minutes["items"] if i["decision"] and i["decision"]["text"].strip()]
    assert [c.number for c in changes.decisions_added] == decided
    assert len(decided) >= 10
    added = next(c for c in changes.decisions_added if c.number == "3.4")
    assert added.after.startswith("Stella Hansen præsenterede forslag til fælleskommunal organisering")
    assert changes.agenda_unchanged and not changes.items_added and not changes.items_dropped


def test_an_agenda_identical_to_its_minutes_changed_nothing(minutes):
    changes = compare(minutes, minutes)
    assert not changes
    assert changes.agenda_unchanged


def test_items_added_and_dropped_by_the_minutes(minutes):
    agenda = agenda_of(minutes)
    agenda["items"] = [i for i in agenda["items"] if i["number"] != "3.5"]  # the minutes added 3.5
    extra = copy.deepcopy(item(agenda, "3.4"))
    extra.update(number="3.10", title="Status på hospitalsbyggerierne")  # on the agenda, not in the minutes
    agenda["items"].append(extra)
    changes = compare(agenda, minutes)
    assert [(c.number, c.title) for c in changes.items_added] == [("3.5", item(minutes, "3.5")["title"])]
    assert [(c.number, c.title) for c in changes.items_dropped] == [
        ("3.10", "Status på hospitalsbyggerierne")
    ]
    # The added item's decision is reported with the item, not again as a decision added to an agenda item.
    assert "3.5" not in [c.number for c in changes.decisions_added]
    assert not changes.agenda_unchanged


def test_a_rewritten_recommendation_is_shown_before_and_after(minutes):
    agenda = agenda_of(minutes)
    original = " ".join(item(minutes, "3.4")["recommendation"].split())
    assert original, "the sample's item 3.4 has a recommendation"
    item(agenda, "3.4")["recommendation"] = "Det indstilles, at KKR Hovedstaden drøfter organiseringen."
    changes = compare(agenda, minutes)
    [changed] = changes.recommendations_changed
    assert (changed.number, changed.before, changed.after) == (
        "3.4",
        "Det indstilles, at KKR Hovedstaden drøfter organiseringen.",
        original,
    )


def test_line_breaks_moved_by_another_layout_are_no_change(minutes):
    agenda = agenda_of(minutes)
    recommendation = item(agenda, "3.4")["recommendation"]
    item(agenda, "3.4")["recommendation"] = recommendation.replace(" ", "\n", 3)
    item(agenda, "3.4")["title"] = "  " + item(agenda, "3.4")["title"].replace(" ", "  ")
    changes = compare(agenda, minutes)
    assert not changes.recommendations_changed and not changes.titles_changed


def test_minutes_that_print_no_recommendation_did_not_change_it(minutes):
    stripped = copy.deepcopy(minutes)
    for i in stripped["items"]:
        i["recommendation"] = ""
    assert not compare(agenda_of(minutes), stripped).recommendations_changed


def test_an_item_that_only_moved_is_moved_not_dropped_and_added(minutes):
    agenda = agenda_of(minutes)
    item(agenda, "3.5")["number"] = "3.12"  # the same item was 3.12 on the agenda
    changes = compare(agenda, minutes)
    assert [(c.number, c.before) for c in changes.items_moved] == [("3.5", "3.12")]
    assert not changes.items_added and not changes.items_dropped


def test_a_retitled_item_is_reported_with_both_titles(minutes):
    agenda = agenda_of(minutes)
    item(agenda, "1.1")["title"] = "Godkendelse af dagsorden (foreløbig)"
    [changed] = compare(agenda, minutes).titles_changed
    assert (changed.number, changed.before) == ("1.1", "Godkendelse af dagsorden (foreløbig)")
    assert changed.after == " ".join(item(minutes, "1.1")["title"].split())


def test_changes_are_listed_in_agenda_order_however_the_documents_list_them(minutes):
    shuffled = copy.deepcopy(minutes)
    shuffled["items"].reverse()
    numbers = [c.number for c in compare(agenda_of(minutes), shuffled).decisions_added]
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])
    assert numbers == [c.number for c in compare(agenda_of(minutes), minutes).decisions_added]
