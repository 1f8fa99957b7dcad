"""alerts.targets: a target is checked against the archive and matches what the search page finds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from alerts.targets import matching_items, resolve
from meetings.models import AgendaItem, SearchEntry
from search.expansion import alternatives_for
from search.filters import SearchFilterSet
from search.query import matches

pytestmark = pytest.mark.django_db

SEARCHES = [
    "sundhedsklynger",
    "ældrepleje",
    "klima OR energi",
    '"praksisplan"',
    "kommune -budget",
    "udpegning",
]


def test_searches_matched_together_find_what_each_finds_alone(sample_archive):
    ids = list(AgendaItem.objects.values_list("pk", flat=True))
    together = matching_items([("q", text) for text in SEARCHES], ids)
    base = SearchEntry.objects.all()
    for text in SEARCHES:
        alone = set(matches(base, text, alternatives_for(text)).values_list("item_id", flat=True))
        assert together[("q", text)] == alone, text
    assert any(together.values())


def test_topics_members_and_bodies_match_as_the_search_filters_do(sample_archive):
    ids = list(AgendaItem.objects.values_list("pk", flat=True))
    keys = [("emne", "sundhed"), ("medlem", "niels-peder-ravn"), ("organ", "kkr-hovedstaden")]
    found = matching_items(keys, ids)
    for kind, value in keys:
        expected = set(
            SearchFilterSet({kind: value}, queryset=SearchEntry.objects.all()).qs.values_list(
                "item_id", flat=True
            )
        )
        assert found[(kind, value)] == expected and expected, kind


def test_a_topic_gone_from_the_archive_matches_nothing_rather_than_everything(sample_archive):
    ids = list(AgendaItem.objects.values_list("pk", flat=True))
    assert matching_items([("emne", "findes-ikke")], ids) == {("emne", "findes-ikke"): set()}


def test_targets_are_read_by_slug_name_or_typed_case_number(sample_archive):
    assert resolve("organ", "KKR Hovedstaden").value == "kkr-hovedstaden"
    assert resolve("medlem", "niels-peder-ravn").name == "Niels Peder Ravn"
    assert resolve("sag", "sag 2022 01250").value == "SAG-2022-01250"
    assert resolve("q", "  sundhed   klynger ").value == "sundhed klynger"
    for kind, value in [("organ", "nej"), ("sag", "SAG-2022-99999"), ("q", "-"), ("emne", "")]:
        with pytest.raises(ValidationError):
            resolve(kind, value)
