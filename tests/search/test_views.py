"""/soeg/ and /api/search/: every input gives a page, filters combine, snippets never carry markup from documents."""

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qsl

import pytest

from ingest.services import ingest_document
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db

HOSTILE = [
    "'\"&|!:*()<>\\",
    "",
    " ",
    "a" * 10_000,
    "<script>alert(1)</script>",
    "\x00nul",
    "-",
    "OR",
    '"',
    "!!!",
    "sundhed:*",
    "a & b | c",
    "'; DROP TABLE meetings_meeting; --",
    "日本語",
    "%",
    "_",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_returns_a_page_never_a_500(client, sample_archive, query):
    assert client.get("/soeg/", {"q": query}).status_code == 200
    assert client.get("/api/search/", {"q": query}).status_code == 200


def test_invalid_utf8_in_the_query_string_returns_a_page(client, sample_archive):
    assert client.get("/soeg/?q=%ED%A0%80%FF").status_code == 200
    assert client.get("/api/search/?q=%ED%A0%80%FF").status_code == 200


def test_search_page_shows_the_item_with_marked_words(client, sample_archive):
    response = client.get("/soeg/", {"q": "sundhedsklynger"})
    assert response.status_code == 200
    html = response.text
    assert "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/" in html
    assert "<mark>" in html


def test_api_results_are_in_the_order_the_page_shows_them(client, sample_archive):
    api = client.get("/api/search/", {"q": "kapacitet"}).json()
    page = client.get("/soeg/", {"q": "kapacitet"}).text
    positions = [page.index(f'href="{hit["url"]}"') for hit in api["results"]]
    assert positions == sorted(positions)
    assert api["count"] >= len(api["results"]) > 0
    assert set(api["results"][0]) >= {
        "body",
        "meeting_date",
        "number",
        "title",
        "url",
        "snippet_html",
        "rank",
    }


def test_api_refuses_unknown_and_malformed_parameters_with_json_400(client, sample_archive):
    unknown = client.get("/api/search/", {"q": "x", "hacker": "1"})
    assert unknown.status_code == 400 and "hacker" in unknown.json()["error"]
    malformed = client.get("/api/search/", {"q": "x", "fra": "not-a-date", "side": "-3", "aar": "abc"})
    assert malformed.status_code == 400
    assert set(malformed.json()["details"]) >= {"fra", "side", "aar"}


def test_page_answers_unreadable_parameters_with_a_danish_400_as_the_api_does(client, sample_archive):
    # Was a 200 with the bad filters silently dropped: results the person did not ask for.
    bad = {"q": "sundhed", "fra": "not-a-date", "side": "abc", "aar": "abc", "organ": "nope"}
    page = client.get("/soeg/", bad)
    api = client.get("/api/search/", bad)
    assert page.status_code == api.status_code == 400
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "Søgningen kan ikke udføres" in html
    assert "Datoen kan ikke læses" in html and "Indtast et heltal" in html
    assert 'class="hit"' not in html  # nothing searched with the bad filters left out
    assert set(api.json()["details"]) == {"fra", "side", "aar", "organ"}
    for messages in api.json()["details"].values():  # the same words on both
        assert all(message in html for message in messages)
    assert 'href="?q=sundhed"' in html  # the way out: the same search without what cannot be read


def test_the_page_ignores_parameter_names_it_does_not_know_which_the_api_refuses(client, sample_archive):
    # Links from newsletters and social media carry their own parameters; the page still answers.
    params = {"q": "sundhed", "utm_source": "nyhedsbrev"}
    assert client.get("/soeg/", params).status_code == 200
    assert client.get("/api/search/", params).status_code == 400


@pytest.mark.parametrize("params", [{"side": "0"}, {"aar": "1800"}, {"til": "31-02-2022"}, {"udfald": "x"}])
def test_page_and_api_agree_on_each_unreadable_parameter(client, sample_archive, params):
    assert client.get("/soeg/", params).status_code == client.get("/api/search/", params).status_code == 400


def test_rss_of_an_unreadable_search_is_a_400_too(client, sample_archive):
    assert client.get("/soeg/", {"q": "sundhed", "aar": "abc", "format": "rss"}).status_code == 400


@pytest.mark.parametrize("typed", ["2022-06-01", "01-06-2022", "1.6.2022", "1/6/2022", "1. juni 2022"])
def test_a_date_filter_reads_every_form_people_type(client, sample_archive, typed):
    iso = client.get("/api/search/", {"q": "sundhed", "fra": "2022-06-01"}).json()
    typed_form = client.get("/api/search/", {"q": "sundhed", "fra": typed}).json()
    assert typed_form["count"] == iso["count"] > 0
    assert {r["meeting_date"] for r in typed_form["results"]} <= {"2022-06-21", "2025-04-11"}


def test_a_period_that_ends_before_it_starts_is_said_so(client, sample_archive):
    response = client.get("/soeg/", {"fra": "2023-01-01", "til": "2022-01-01"})
    assert response.status_code == 400 and "Til-datoen ligger før fra-datoen" in response.content.decode()


def test_the_period_is_two_date_inputs_in_a_plain_form(client, sample_archive):
    html = client.get("/soeg/", {"q": "sundhed", "fra": "1. juni 2022"}).content.decode()
    assert '<input type="date" name="fra" value="2022-06-01"' in html
    assert '<input type="date" name="til"' in html
    assert html.count('action="/soeg/"') == 2 and 'action="/soeg/" class="filter-form"' in html
    assert '<input type="hidden" name="q" value="sundhed">' in html  # the filters keep the query


def test_every_active_filter_is_a_chip_that_links_to_the_search_without_it(client, sample_archive):
    params = {
        "q": "sundhed",
        "aar": "2022",
        "organ": "kkr-hovedstaden",
        "udfald": "godkendt",
        "fra": "1.1.2022",
    }
    html = client.get("/soeg/", params).content.decode()
    chips = re.findall(r'<a class="chip" href="\?([^"]*)">(.*?)</a>', html)
    shown = {
        re.sub(r"<[^>]+>", "", text).replace("Fjern afgrænsningen ", "").replace(" ✕", "")
        for _, text in chips
    }
    assert shown == {
        "År: 2022",
        "Organ: KKR Hovedstaden",
        "Beslutningens udfald: Godkendt",
        "Fra dato: 1. januar 2022",
    }
    for link, _ in chips:
        left = dict(parse_qsl(unescape(link)))
        assert left["q"] == "sundhed" and len(left) == len(params) - 1  # exactly one parameter removed
    assert "Fjern alle afgrænsninger" in html
    # a new query from the box keeps the filters the chips show
    assert '<input type="hidden" name="aar" value="2022">' in html


def test_the_results_come_before_the_facets_and_filters(client, sample_archive):
    html = client.get("/soeg/", {"q": "kommune"}).content.decode()
    assert html.index('class="hit"') < html.index('class="facets"') < html.index("Flere afgrænsninger")


def test_a_chosen_facet_value_links_back_to_the_search_without_it(client, sample_archive):
    html = client.get("/soeg/", {"q": "kommune", "aar": "2022"}).content.decode()
    assert '<a href="?q=kommune" aria-current="true" class="chosen">2022' in html


def test_the_relaxed_notice_stands_above_the_results_in_danish(client, sample_archive):
    html = client.get("/soeg/", {"q": "Hvad besluttede de om sundhedsklynger?"}).content.decode()
    assert 'class="relaxed"' in html and "Søgt uden spørgeord" in html
    assert html.index('class="relaxed"') < html.index('class="hit"')


def test_filters_combine_with_the_query_and_each_other(client, sample_archive):
    everything = client.get("/api/search/", {"q": "sundhed"}).json()["count"]
    year = client.get("/api/search/", {"q": "sundhed", "aar": "2022"}).json()
    assert 0 < year["count"] < everything
    assert {r["meeting_date"][:4] for r in year["results"]} == {"2022"}
    decided = client.get("/api/search/", {"q": "sundhed", "aar": "2022", "udfald": "godkendt"}).json()
    assert 0 < decided["count"] < year["count"]
    agendas = client.get("/api/search/", {"q": "sundhed", "type": "dagsorden"}).json()
    assert {r["meeting_date"] for r in agendas["results"]} == {"2020-02-07"}
    member = client.get("/api/search/", {"medlem": "sisse-marie-welling", "aar": "2025"}).json()
    assert ("2025-04-11", "3.4") in {(r["meeting_date"], r["number"]) for r in member["results"]}  # mentioned
    topic = client.get("/api/search/", {"emne": "sundhed", "q": "klynge"}).json()
    assert topic["count"] >= 1


def test_facets_count_years_topics_and_outcomes(client, sample_archive):
    response = client.get("/soeg/", {"q": "kommune"})
    facets = response.context["results"].facets
    assert sum(f.count for f in facets["year"]) == response.context["results"].count
    assert {f.value for f in facets["year"]} >= {"2020", "2022", "2025"}
    assert facets["topic"] and facets["outcome"]


def test_a_typo_is_searched_as_corrected_and_the_page_says_so(client, sample_archive):
    response = client.get("/soeg/", {"q": "sundhedsklyngr"})
    assert "Søgt med rettet stavning: <strong>sundhedsklynger</strong>" in response.text
    assert "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/" in response.text
    api = client.get("/api/search/", {"q": "sundhedsklyngr"}).json()
    assert api["relaxed"] == {"reason": "Søgt med rettet stavning", "query": "sundhedsklynger"}


def test_a_real_word_the_archive_lacks_is_not_searched_but_offered_as_a_link(client, sample_archive):
    # "enke" is Danish (the dictionary knows it): never searched as "enkelt", only suggested.
    response = client.get("/soeg/", {"q": "enke"})
    assert response.context["results"].count == 0 and response.context["results"].relaxed is None
    suggestion = client.get("/api/search/", {"q": "enke"}).json()["suggestion"]
    assert suggestion and f'Mente du: <a href="?q={suggestion}">{suggestion}</a>?' in response.text


def test_search_rss_feed_lists_matching_items(client, sample_archive):
    response = client.get("/soeg/", {"q": "flygtninge", "format": "rss"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Kommunefordeling for 2023" in response.text


def test_pagination_pages_through_all_results(client, sample_archive):
    first = client.get("/api/search/", {"sortering": "dato"}).json()
    second = client.get("/api/search/", {"sortering": "dato", "side": "2"}).json()
    assert first["pages"] >= 3
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}


def test_markup_in_documents_never_reaches_snippets_unescaped(client):
    evil = '<script>alert("x")</script> "><img src=x onerror=alert(1)> sundhedsklynge'
    parsed = meeting(
        items=[item("3.1", f"Titel {evil}", decision=f"Beslutning {evil}", background=evil)],
        date=dt.date(2023, 1, 5),
    )
    ingest_document(source=source("evil"), parsed=parsed)
    for response in (client.get("/soeg/", {"q": "sundhedsklynge"}), client.get("/soeg/", {"q": "alert"})):
        assert "<script>alert" not in response.text
        assert "<img src=x" not in response.text
    api = client.get("/api/search/", {"q": "sundhedsklynge"}).json()
    assert "<script>" not in api["results"][0]["snippet_html"]
    assert "&lt;script&gt;" in api["results"][0]["snippet_html"]


def test_search_page_query_count_does_not_grow_with_results(
    client, sample_archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        client.get("/soeg/", {"q": "kommune"})


@pytest.mark.parametrize("query", ["\x02-" * 2012, "- " * 200, "OR " * 200, "a " * 400, "!-" * 300])
def test_queries_of_many_operators_or_terms_return_a_page(client, sample_archive, query):
    # Found by hypothesis: websearch_to_tsquery failed with "tsquery stack too small" on 150 bare "-".
    assert client.get("/soeg/", {"q": query}).status_code == 200
    assert client.get("/api/search/", {"q": query}).status_code == 200


def test_an_item_matching_case_number_and_item_number_is_listed_once(client, sample_archive):
    # Found by hypothesis: 1.1 of 21 June 2022 matched as case number and as "item 1.1 on that date".
    api = client.get("/api/search/", {"q": "SAG-2022-01250 21/6/2022 1.1"}).json()
    urls = [r["url"] for r in api["results"]]
    assert len(urls) == len(set(urls))
    assert api["count"] >= len(urls)


def test_results_are_counted_by_body_and_by_municipality_or_region_and_each_count_filters(client):
    from ingest.parser.document import COMMITTEE

    kkr = meeting(items=[item("1.1", "Vindmøller på havet", decision="Godkendt.")], date=dt.date(2024, 5, 1))
    ingest_document(source=source("kkr"), parsed=kkr)
    aarhus = meeting(
        items=[item("2", "Vindmøller ved Aarhus", decision="Godkendt.")], date=dt.date(2024, 6, 1)
    )
    aarhus.body_name, aarhus.body_kind, aarhus.municipality, aarhus.region = (
        "Teknisk Udvalg",
        COMMITTEE,
        "Aarhus Kommune",
        None,
    )
    ingest_document(source=source("aarhus"), parsed=aarhus)
    html = client.get("/soeg/", {"q": "vindmøller"}).content.decode()
    assert "Kommune eller region" in html and "Organ</h3>" in html
    assert "myndighed=Aarhus+Kommune" in html and "organ=aarhus-teknisk-udvalg" in html
    only_aarhus = client.get("/api/search/", {"q": "vindmøller", "myndighed": "Aarhus Kommune"}).json()
    assert [hit["body"] for hit in only_aarhus["results"]] == ["aarhus-teknisk-udvalg"]


def energy_snippet(client) -> str:
    on_the_day = {"q": "vindmølle", "fra": "05-01-2023", "til": "05-01-2023"}  # apart from other tests' items
    results = client.get("/api/search/", on_the_day).json()["results"]
    return next(result["snippet_html"] for result in results if result["title"] == "Energi")


FILLER = "Udvalget drøftede sagen og tog orienteringen til efterretning uden bemærkninger. "


def test_a_long_texts_snippet_shows_where_the_words_occur(client):
    from search.snippets import LONG_TEXT

    case_text = FILLER * (LONG_TEXT // len(FILLER) + 20) + "Vindmøllerne ved kysten blev godkendt. " + FILLER * 30
    parsed = meeting(items=[item("1.1", "Energi", case_text=case_text)], date=dt.date(2023, 1, 5))
    ingest_document(source=source("lang"), parsed=parsed)
    snippet = energy_snippet(client)
    assert "<mark>Vindmøllerne</mark> ved kysten" in snippet


@pytest.mark.parametrize("shift", range(0, 26, 2))  # every cut through the markup
def test_cutting_a_long_text_never_cuts_markup_loose(client, shift):
    from search.snippets import EXCERPT_LEAD, LONG_TEXT

    evil = "<script>alert(1)</script>"
    # The excerpt begins EXCERPT_LEAD characters before the word: put the markup across that point.
    lead = "x" * (EXCERPT_LEAD - shift - 1) + " "
    case_text = FILLER * (LONG_TEXT // len(FILLER) + 5) + evil + lead + "vindmølle " + FILLER * 10
    parsed = meeting(items=[item("1.1", "Energi", case_text=case_text)], date=dt.date(2023, 1, 5))
    ingest_document(source=source(f"ond {shift}"), parsed=parsed)
    snippet = energy_snippet(client)
    assert "<mark>vindmølle</mark>" in snippet
    assert not re.search(r"<(?!/?mark>)", snippet), snippet


def test_a_stem_inside_another_word_does_not_hide_the_match_in_a_long_text(client):
    # The excerpt is placed where a lexeme first occurs as written: "rød" first occurs inside "brød".
    from search.snippets import EXCERPT_WINDOW, LONG_TEXT

    case_text = "Der blev serveret brød. " + FILLER * ((LONG_TEXT + EXCERPT_WINDOW) // len(FILLER) + 5)
    case_text += "Den røde løber blev rullet ud. " + FILLER * 5
    parsed = meeting(items=[item("1.1", "Energi", case_text=case_text)], date=dt.date(2023, 1, 5))
    ingest_document(source=source("brød"), parsed=parsed)
    on_the_day = {"q": "rød", "fra": "05-01-2023", "til": "05-01-2023"}
    snippet = client.get("/api/search/", on_the_day).json()["results"][0]["snippet_html"]
    assert "<mark>røde</mark> løber" in snippet
