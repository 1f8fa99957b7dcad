"""search.relax: when the words typed find nothing, the search tries what was probably meant, and says so."""

import datetime as dt

import pytest

from ingest.services import ingest_document
from meetings.models import SearchEntry
from search.ranking import search
from search.relax import any_of_the_words, relaxations, without_question_words
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    parsed = meeting(
        items=[
            item("1.1", "Organisering af sundhedsklyngerne", decision="KKR godkendte organiseringen."),
            item("1.2", "Ældrepleje og økonomi i kommunerne", decision="Drøftet."),
            item(
                "1.3",
                "Ny busrute til Glostrup",
                decision="Stella Hansen orienterede. Taget til efterretning.",
            ),
        ],
        date=dt.date(2022, 6, 21),
    )
    ingest_document(source=source("relax"), parsed=parsed)


@pytest.mark.parametrize(
    ("typed", "relaxed_query", "title"),
    [
        (
            "Hvad besluttede KKR om sundhedsklyngerne?",
            "KKR om sundhedsklyngerne",
            "Organisering af sundhedsklyngerne",
        ),
        ("Stella Hansen (A) busrute", "Stella Hansen busrute", "Ny busrute til Glostrup"),
        ("aeldrepleje", "ældrepleje", "Ældrepleje og økonomi i kommunerne"),
        ("okonomi", "økonomi", "Ældrepleje og økonomi i kommunerne"),
        ("busrute metro", "busrute OR metro", "Ny busrute til Glostrup"),
    ],
)
def test_a_query_that_finds_nothing_is_relaxed_and_says_how(archive, typed, relaxed_query, title):
    results = search(typed, SearchEntry.objects.all())
    assert results.relaxed is not None and results.relaxed.query == relaxed_query
    assert results.relaxed.reason.startswith(("Søgt", "Ingen punkter"))
    assert results.query == typed.rstrip("?") or results.query == typed
    assert title in [hit.item.title for hit in results.hits]


def test_an_exact_match_is_never_relaxed(archive):
    results = search("sundhedsklyngerne", SearchEntry.objects.all())
    assert results.count == 1 and results.relaxed is None


def test_junk_still_finds_nothing(archive):
    results = search("xqzzv wqkkj", SearchEntry.objects.all())
    assert results.count == 0 and results.relaxed is None


def test_the_page_and_the_api_say_what_was_searched(archive, client):
    data = client.get("/api/search/", {"q": "aeldrepleje"}).json()
    assert data["relaxed"] == {"reason": "Søgt med æ, ø og å", "query": "ældrepleje"}
    assert client.get("/api/search/", {"q": "sundhedsklyngerne"}).json()["relaxed"] is None
    html = client.get("/soeg/", {"q": "aeldrepleje"}).content.decode()
    assert "Ingen punkter matcher “aeldrepleje” præcist" in html and "<strong>ældrepleje</strong>" in html


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Hvad besluttede KKR om klynger?", "KKR om klynger"),
        ("Stella Hansen (A)", "Stella Hansen"),
        ('hvornår "sundhed i klynger" -bus', '"sundhed i klynger" -bus'),
        ("hvad", ""),
    ],
)
def test_question_words_and_party_letters_are_dropped_operators_kept(typed, kept):
    assert without_question_words(typed) == kept


def test_any_of_the_words_keeps_only_the_positive_words():
    assert any_of_the_words('klynge sundhed -bus "en frase"') == "klynge OR sundhed"
    assert any_of_the_words("klynge") == ""


def test_each_step_builds_on_the_one_before(archive):
    steps = list(relaxations("Hvad mente de om aeldrepleje busrute"))
    assert steps[0].query == "de om aeldrepleje busrute"
    assert steps[-1].reason.endswith("viser punkter med de fleste af dem")


def test_a_query_with_an_exclusion_is_ranked_by_its_positive_words(db):
    strong = item("1.1", "Sundhedsklynger og sundhed", decision="Sundhed i sundhedsklyngerne blev godkendt.")
    weak = item("1.2", "Budget", decision="Godkendt.", case_text="En bemærkning om sundhed.")
    excluded = item("1.3", "Sundhed og busser", decision="Godkendt.")
    ingest_document(source=source("exclusion"), parsed=meeting(items=[strong, weak, excluded]))
    results = search("sundhed -busser", SearchEntry.objects.all())
    assert [hit.item.number for hit in results.hits] == ["1.1", "1.2"]
    assert results.hits[0].rank > 1e-6 and results.hits[0].rank > results.hits[1].rank


def test_words_joined_by_a_slash_are_found_each_and_together(db, client):
    from django.core.management import call_command

    ingest_document(
        source=source("slash"),
        parsed=meeting(items=[item("1.1", "Tilskud til kultur/fritid og børn/unge", decision="Godkendt.")]),
    )
    for query in ("fritid", "kultur", "unge", "kultur/fritid", "børn/unge"):
        assert search(query, SearchEntry.objects.all()).count == 1, query
    call_command("reindex", verbosity=0)  # rebuilding the rows gives the same vectors
    assert search("fritid", SearchEntry.objects.all()).count == 1


def test_a_typo_is_corrected_to_the_archives_word_and_searched(archive):
    results = search("organiseringen af sundhedsklyngrne", SearchEntry.objects.all())
    assert results.relaxed is not None and "rettet stavning" in results.relaxed.reason
    assert results.relaxed.query == "organiseringen af sundhedsklyngerne"
    assert [hit.item.title for hit in results.hits] == ["Organisering af sundhedsklyngerne"]


@pytest.mark.parametrize("word", ["enke", "kage", "vinter", "elefant", "fjernsyn"])
def test_a_real_danish_word_the_archive_lacks_is_never_corrected_into_another(archive, word):
    # Each is close to an archive word by trigrams (enke/enkelt, kage/klage, ...): only the dictionary tells.
    results = search(word, SearchEntry.objects.all())
    assert results.count == 0 and results.relaxed is None
