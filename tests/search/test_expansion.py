"""search.expansion: a query finds compounds by their parts, synonyms of council words and the Danish word for
an English one; the words typed still rank first."""

import datetime as dt

import pytest

from ingest.services import ingest_document
from meetings.models import SearchEntry
from search.models import Synonym, Translation
from search.ranking import search
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    parsed = meeting(
        items=[
            item("1.1", "Pleje af ældre borgere i eget hjem", decision="Godkendt."),
            item("1.2", "Flere seniorer i foreningslivet", decision="Drøftet."),
            item("1.3", "Sundhed i almen praksis", decision="Taget til efterretning."),
            item("1.4", "Ældrepleje: status", decision="Taget til efterretning."),
        ],
        date=dt.date(2023, 3, 3),
    )
    ingest_document(source=source("expansion"), parsed=parsed)


def numbers(query: str) -> list[str]:
    return [hit.item.number for hit in search(query, SearchEntry.objects.all()).hits]


def test_a_compound_the_text_does_not_use_is_found_by_its_parts_and_the_compound_ranks_first(archive):
    assert numbers("ældrepleje") == ["1.4", "1.1"]


def test_the_shipped_synonyms_are_in_the_database_and_apply(archive):
    assert Synonym.objects.filter(terms__contains=["ældre", "seniorer"]).exists()
    assert set(numbers("seniorer")) >= {"1.2", "1.1"}


def test_an_english_word_finds_the_danish_one(archive):
    assert Translation.objects.get(english="health").danish == "sundhed"
    assert numbers("health") == ["1.3"]


def test_an_edited_synonym_applies_at_once(archive):
    assert numbers("klubliv") == []
    Synonym.objects.create(terms=["klubliv", "foreningslivet"])
    assert numbers("klubliv") == ["1.2"]
