"""The public pages, against the five sample documents: content, permalinks, 404s and query counts."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.db import transaction

from meetings import selectors
from meetings.models import AgendaItem, Attendance, Decision, Meeting, Person, Topic

MEETING = "/moeder/kkr-hovedstaden/2022-06-21/"
ITEM = MEETING + "punkt/3.4/"
DECISION_START = "Stella Hansen præsenterede forslag til fælleskommunal organisering"


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """The samples and topics, loaded once for the module inside a transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("ingest", "data/samples", verbosity=0)
        call_command("load_topics", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def pages(archive, db, client):
    return client


@pytest.fixture
def originals_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "originals")},
        },
    }


def text_of(response) -> str:
    """The page's visible text, whitespace collapsed (good enough to assert on)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.text, flags=re.S)
    html = re.sub(r"</?(?:a|span|abbr|strong|em|mark)\b[^>]*>", "", html)  # inline: no space
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def h1_count(response) -> int:
    return len(re.findall(r"<h1\b", response.text))


# Meetings --------------------------------------------------------------------------------------------------


def test_meeting_list_shows_years_with_counts_and_newest_first(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = pages.get("/moeder/")
    assert response.status_code == 200
    text = text_of(response)
    for year in ("2025", "2022", "2021", "2020"):
        assert f'href="/moeder/{year}/"' in response.text
    assert "2022 (1 møde)" in text
    dates = [
        text.index(d) for d in ("11. april 2025", "21. juni 2022", "3. september 2021", "7. februar 2020")
    ]
    assert dates == sorted(dates)
    assert h1_count(response) == 1


def test_meeting_year_lists_only_that_year(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = pages.get("/moeder/2022/")
    assert response.status_code == 200
    text = text_of(response)
    assert "21. juni 2022" in text
    assert "11. april 2025" not in text
    assert 'aria-current="page"' in response.text


def test_meeting_year_without_meetings_is_404(pages):
    assert pages.get("/moeder/1999/").status_code == 404


def test_meeting_page_shows_facts_agenda_attendance_and_sources(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = pages.get(MEETING)
    assert response.status_code == 200
    text = text_of(response)
    assert "tirsdag 21. juni 2022" in text
    assert "Glostrup Park Hotel, Hovedvejen 41, 2600 Glostrup" in text
    assert "kl. 10.00" in text
    assert "Referat" in text
    # The agenda, grouped by section, every item linked, with its outcome.
    assert "3. Regionalpolitiske sager" in text
    assert "7. Eventuelt" in text
    items = Meeting.objects.get(date="2022-06-21").items.all()
    for item in items:
        assert f'href="{item.get_absolute_url()}"' in response.text
    assert f'href="{ITEM}"' in response.text
    assert "Godkendt" in text
    # Attendance: present and absent, party letter and municipality as text, substitutes.
    present = Attendance.objects.filter(meeting__date="2022-06-21", status="present").count()
    absent = Attendance.objects.filter(meeting__date="2022-06-21", status="absent").count()
    assert f"Til stede ({present})" in text
    assert f"Afbud ({absent})" in text
    assert "Alexandra Dessoy, parti C, Frederiksberg Kommune" in text
    assert "stedfortræder for Ulla Kokfelt" in text
    assert 'href="/medlemmer/ulla-kokfelt/"' in response.text
    # Sources: the documents by their public name, linked to the original; never internal file names or the
    # parser's warnings (those are for staff, on /status/ and in the admin), and where attendance came from.
    assert "Referat (tekst)" in text
    assert "000_bfbe36a0753158a4.txt" not in text and "advarsel" not in text
    for document in Meeting.objects.get(date="2022-06-21").documents.all():
        assert f'href="/kilder/{document.sha256}/"' in response.text
    assert "fremmødet er læst herfra" in text
    assert h1_count(response) == 1


def test_meeting_page_query_count_is_constant(pages, django_assert_num_queries):
    # 59 attendance rows and 16 items, yet: meeting, items+decisions, attendance+people, documents.
    with django_assert_num_queries(4):
        pages.get(MEETING)
    with django_assert_num_queries(4):
        pages.get("/moeder/kkr-hovedstaden/2020-02-07/")


def test_agenda_only_meeting_says_it_has_no_attendance_list(pages):
    text = text_of(pages.get("/moeder/kkr-hovedstaden/2020-02-07/"))
    assert "dagsorden" in text
    assert "ingen deltagerliste" in text


@pytest.mark.parametrize(
    "url",
    [
        "/moeder/kkr-hovedstaden/2022-13-45/",
        "/moeder/kkr-hovedstaden/2022-02-30/",
        "/moeder/kkr-hovedstaden/2019-01-01/",
        "/moeder/kkr-sjaelland/2022-06-21/",
        "/moeder/kkr-hovedstaden/2022-13-45/punkt/1.1/",
        "/moeder/kkr-hovedstaden/2019-01-01/punkt/1.1/",
        "/medlemmer/ingen-saadan-person/",
        "/emner/ingen-saadan-emne/",
        "/sager/SAG-1999-00001/",
        "/sager/ikke-et-sagsnummer/",
        "/findes/ikke/",
        "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4a/",
    ],
)
def test_unknown_pages_are_danish_404s(pages, url):
    response = pages.get(url)
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert '<html lang="da">' in response.text
    assert h1_count(response) == 1


# Items -----------------------------------------------------------------------------------------------------


def test_item_page_shows_the_decision_first(pages, django_assert_max_num_queries):
    # item+meeting+decision, topics, mentioned members, members' positions, case route, absences from the
    # item, neighbours, rare title words, related items, the documents it was read from, staff corrections
    with django_assert_max_num_queries(11):
        response = pages.get(ITEM)
    assert response.status_code == 200
    html = response.text
    text = text_of(response)
    assert "Godkendelse af fælleskommunal organisering omkring sundhedsklyngerne" in text
    assert DECISION_START in text
    # The decision and the recommendation come before the background and the case text.
    positions = [
        html.index(f'id="{anchor}"')
        for anchor in ("beslutning", "indstilling", "baggrund", "sagsfremstilling", "bilag")
    ]
    assert positions == sorted(positions)
    assert html.index(DECISION_START) < html.index("Regeringen har den 9. juni 2022")
    assert "3. Regionalpolitiske sager" in text
    assert "kl. 10.55-11.15" in text
    assert 'href="/sager/SAG-2022-01250/"' in html
    assert h1_count(response) == 1


def test_item_page_has_canonical_opengraph_and_citation(pages):
    html = pages.get(ITEM).text
    canonical = "http://testserver" + ITEM
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Punkt 3.4: Godkendelse af fælleskommunal' in html
    assert f'<meta property="og:description" content="{DECISION_START}' in html
    assert (
        "KKR Hovedstaden, referat 21.06.2022, punkt 3.4: Godkendelse af fælleskommunal organisering "
        "omkring sundhedsklyngerne i hovedstadsområdet"
    ) in html


def test_item_page_starts_with_one_selectable_citation_before_the_decision(pages):
    html = pages.get(ITEM).text
    citation = re.search(r'<p class="reference" id="henvisning-tekst">(.*?)</p>', html, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", citation)) == (
        "KKR Hovedstaden, referat 21.06.2022, punkt 3.4: Godkendelse af fælleskommunal organisering omkring "
        f"sundhedsklyngerne i hovedstadsområdet. http://testserver{ITEM}"
    )
    assert html.index('id="henvisning"') < html.index('id="beslutning"') < html.index('class="decision-text"')
    # The copy button is an enhancement: hidden until the deferred static script shows it; no inline script.
    assert re.search(
        r'<button type="button" class="copy-citation" data-copy-from="henvisning-tekst" hidden>', html
    )
    assert re.search(r'<script src="/static/js/copy-citation\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_item_page_names_its_source_document_and_page_and_what_came_from_it(pages, originals_in_tmp):
    item = AgendaItem.objects.get(meeting__date="2022-06-21", number="3.4")
    first = item.sources[0]["sha256"]
    text = text_of(pages.get(ITEM))
    assert (
        "Kilde: Referat (tekst) (titel, beslutning, indstilling). Også i: Referat (tekst)." in text
    )  # 2 extractions
    assert f'href="/kilder/{first}/"' in pages.get(ITEM).text
    assert ".txt" not in text  # no internal file names


def test_a_pdf_source_links_to_its_page(db, client, originals_in_tmp):
    from pathlib import Path

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "referat-2022-06-21.pdf"
    call_command("ingest", str(pdf), verbosity=0)
    from meetings.models import SourceDocument

    sha = SourceDocument.objects.get(format="pdf").sha256
    item, page = next(
        (item, source["page"])
        for item in AgendaItem.objects.select_related("meeting__body").order_by("sort_key")
        for source in item.sources
        if source["sha256"] == sha and (source["page"] or 0) > 1
    )
    html = client.get(item.get_absolute_url()).text
    assert f'<a href="/kilder/{sha}/#page={page}">Referat (PDF)</a>, side {page}' in html
    assert client.get(f"/kilder/{sha}/").status_code == 200


def test_the_recommendation_is_apart_from_the_green_decision_box(pages):
    html = pages.get(ITEM).text
    box = html[html.index('<div class="outcome-box">') :]
    box = box[: box.index("</div>")]
    assert 'id="beslutning"' in box and 'id="indstilling"' not in box
    assert '<section id="indstilling" class="recommendation"' in html


def test_staff_initials_stay_in_the_data_and_api_but_not_on_public_pages(pages):
    item = AgendaItem.objects.get(meeting__date="2022-06-21", number="3.4")
    assert item.case_officers  # kept in the data
    api_item = next(
        i
        for i in pages.get("/api/meetings/kkr-hovedstaden/2022-06-21/").json()["items"]
        if i["number"] == "3.4"
    )
    assert api_item["case_officers"] == item.case_officers.split("/")
    for url in (ITEM, MEETING, "/sager/SAG-2022-01250/"):
        html = pages.get(url).text
        assert "Sagsbehandler" not in html
        assert not re.search(rf"\b{re.escape(item.case_officers)}\b", text_of(pages.get(url))), url


def test_item_page_links_neighbours_topics_and_other_meetings(pages):
    response = pages.get(ITEM)
    html = response.text
    assert f'href="{MEETING}punkt/3.3/" rel="prev"' in html
    assert f'href="{MEETING}punkt/3.5/" rel="next"' in html
    assert 'href="/emner/sundhed/"' in html
    # No other meeting shares the case number, so the most similar items of other meetings are shown.
    assert "Lignende punkter på andre møder" in text_of(response)
    section = html[html.index('id="andre-moeder"') :]
    assert "/moeder/kkr-hovedstaden/2022-06-21/" not in section.split("</section>")[0]


def test_item_page_links_members_it_mentions(pages):
    item = AgendaItem.objects.filter(mentioned_people__isnull=False).select_related("meeting__body").first()
    person = item.mentioned_people.first()
    html = pages.get(item.get_absolute_url()).text
    assert "Nævnte medlemmer" in html
    assert f'href="{person.get_absolute_url()}"' in html


def test_first_and_last_items_have_one_neighbour(pages):
    first = pages.get(MEETING + "punkt/1.1/").text
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = pages.get(MEETING + "punkt/7/").text
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_section_without_sub_items_has_its_own_number(pages):
    response = pages.get(MEETING + "punkt/7/")
    assert response.status_code == 200
    assert "Eventuelt" in text_of(response)


def test_missing_item_at_an_existing_meeting_is_a_danish_404(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = pages.get(MEETING + "punkt/9.9/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Punkt 9.9 findes ikke" in text
    assert f'href="{MEETING}"' in response.text


def test_same_case_at_other_meetings_comes_first(pages, django_assert_max_num_queries):
    item = AgendaItem.objects.select_related("meeting").get(meeting__date="2022-06-21", number="3.5")
    other = AgendaItem.objects.get(meeting__date="2020-02-07", number="3.13")
    original = other.case_number
    AgendaItem.objects.filter(pk=other.pk).update(case_number=item.case_number)
    try:
        with django_assert_max_num_queries(2):
            related = selectors.related_items(item)
        assert related[0].pk == other.pk and related[0].same_case
        assert all(r.meeting_id != item.meeting_id for r in related)
        assert len(related) <= 5
        assert "Samme sag på andre møder" in text_of(pages.get(item.get_absolute_url()))
    finally:
        AgendaItem.objects.filter(pk=other.pk).update(case_number=original)


def test_similar_items_share_title_words(pages):
    item = AgendaItem.objects.get(meeting__date="2022-06-21", number="1.2")  # "Godkendelse af referat"
    related = selectors.related_items(item)
    assert related, "other meetings approve their minutes too"
    assert "referat" in related[0].title.lower()


def test_document_text_is_escaped_never_markup(pages):
    item = AgendaItem.objects.get(meeting__date="2022-06-21", number="3.4")
    Decision.objects.filter(item=item).update(text='<script>alert("x")</script>\nNy linje & mere')
    AgendaItem.objects.filter(pk=item.pk).update(title='Titel <img src=x onerror="alert(1)">')
    html = pages.get(ITEM).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Ny linje &amp; mere" in html


def test_agenda_item_without_decision_says_so(pages):
    text = text_of(pages.get("/moeder/kkr-hovedstaden/2020-02-07/punkt/3.1/"))
    assert "kun arkiveret som dagsorden" in text


# Cases -----------------------------------------------------------------------------------------------------


def test_case_page_lists_items_in_date_order(pages, django_assert_max_num_queries):
    # items (with meeting, body, decision), their case routes, which meetings use the number for every item
    with django_assert_max_num_queries(3):
        response = pages.get("/sager/SAG-2022-01250/")
    assert response.status_code == 200
    html = response.text
    assert "Sag SAG-2022-01250" in html
    assert f'href="{ITEM}"' in html
    assert html.index(f'href="{MEETING}punkt/1.1/"') < html.index(f'href="{MEETING}punkt/3.9/"')


def test_a_meeting_level_number_is_said_to_be_no_case(pages):
    # KKR Hovedstaden files 14 of the 16 items of 21 June 2022 under SAG-2022-01250.
    meeting = Meeting.objects.get(date="2022-06-21")
    assert selectors.meeting_level_meetings("SAG-2022-01250") == {meeting.pk}
    text = text_of(pages.get("/sager/SAG-2022-01250/"))
    assert "SAG-2022-01250 er ikke én sag" in text
    assert "KKR Hovedstaden har arkiveret 14 punkter på mødet 21. juni 2022 under dette nummer" in text
    assert "Sagsforløb" not in text  # no timeline pretending the 14 items are one case


def test_withdrawn_items_do_not_make_a_number_meeting_level(pages):
    from meetings.models import SourceDocument

    meeting = Meeting.objects.get(date="2022-06-21")
    version = SourceDocument.objects.filter(meeting=meeting).first()
    kept = ["3.4", "1.1"]
    meeting.items.filter(case_number="SAG-2022-01250").exclude(number__in=kept).update(withdrawn_by=version)
    # Two of the meeting's four current items: still half of them, so still the meeting's number.
    assert selectors.meeting_level_meetings("SAG-2022-01250") == {meeting.pk}
    meeting.items.filter(number="1.1").update(withdrawn_by=version)
    assert meeting.items.current().count() == 3
    assert selectors.meeting_level_meetings("SAG-2022-01250") == set()  # one of three: a case


def test_a_number_on_one_item_of_a_meeting_is_a_case(pages):
    item = AgendaItem.objects.get(meeting__date="2022-06-21", case_number="SAG-2022-02369")
    assert selectors.meeting_level_meetings(item.case_number) == set()
    timeline = selectors.case_timeline(item.case_number)
    assert not timeline.is_meeting_level_only
    assert [step.item for step in timeline.steps] == [item]


def test_a_case_across_meetings_is_one_timeline_with_its_route_linked(pages, django_assert_max_num_queries):
    from meetings.models import CaseStep

    later = AgendaItem.objects.select_related("meeting").get(case_number="SAG-2022-02369")
    earlier = AgendaItem.objects.select_related("meeting").get(meeting__date="2021-09-03", number="3.4")
    AgendaItem.objects.filter(pk=earlier.pk).update(case_number=later.case_number)
    # The later item's route names the earlier meeting by body, date and item number, and a step elsewhere.
    CaseStep.objects.create(item=later, body_name="KKR Hovedstaden", date=earlier.meeting.date, number="3.4")
    CaseStep.objects.create(
        item=later, body_name="Udlændingestyrelsen", date=later.meeting.date, text="Høring."
    )
    with django_assert_max_num_queries(5):
        response = pages.get(f"/sager/{later.case_number}/")
    html, text = response.text, text_of(response)
    assert "Sagen gennem organer og møder" in text and "er ikke én sag" not in text
    earlier_at, later_at = (
        html.index(f'href="{earlier.get_absolute_url()}"'),
        html.index(f'href="{later.get_absolute_url()}"'),
    )
    assert earlier_at < later_at
    # The step that names an archived item is that item, listed once; the other step is shown unlinked.
    assert html.count(f'href="{earlier.get_absolute_url()}"') == 1
    assert "Udlændingestyrelsen" in text and "Høring." in text
    timeline = selectors.case_timeline(later.case_number)
    assert [(s.item.pk if s.item else None, s.from_route) for s in timeline.steps] == [
        (earlier.pk, False),
        (later.pk, False),
        (None, True),
    ]


def test_a_route_step_names_an_archived_item_of_another_body_by_its_town_name(pages):
    import datetime as dt

    from meetings.models import Body, BodyKind, CaseStep

    aarhus = {"municipality": "Aarhus Kommune", "kind": BodyKind.COUNCIL}
    council = Body.objects.create(name="Byrådet", slug="aarhus-byraad", **aarhus)
    magistrate = Body.objects.create(name="Magistraten", slug="aarhus-magistraten", **aarhus)
    decided = AgendaItem.objects.create(
        meeting=Meeting.objects.create(body=council, date=dt.date(2019, 9, 11), kind="referat"),
        number="7",
        title="Fælles ansvar for nedbringelse af hjemløshed",
    )
    prepared = AgendaItem.objects.create(
        meeting=Meeting.objects.create(body=magistrate, date=dt.date(2019, 8, 19), kind="referat"),
        number="2",
        title="Fælles ansvar for nedbringelse af hjemløshed",
    )
    # Aarhus prints the council with its town ("Aarhus Byråd") and no item number in the route.
    step = CaseStep.objects.create(item=prepared, body_name="Aarhus Byråd", date=decided.meeting.date)
    prepared = (
        AgendaItem.objects.select_related("meeting__body").prefetch_related("case_steps").get(pk=prepared.pk)
    )
    meeting, target = selectors.route_targets([prepared])[step.pk]
    assert (meeting.pk, target.pk) == (decided.meeting_id, decided.pk)


def test_case_page_redirects_lower_case(pages):
    response = pages.get("/sager/sag-2022-01250/")
    assert response.status_code == 301
    assert response["Location"] == "/sager/SAG-2022-01250/"


# Members ---------------------------------------------------------------------------------------------------


def test_member_list_shows_party_municipality_and_rate(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = pages.get("/medlemmer/")
    assert response.status_code == 200
    html = response.text
    assert Person.objects.count() == html.count('<th scope="row">')
    row = html[html.index('href="/medlemmer/ulla-kokfelt/"') :].split("</tr>")[0]
    assert ">D</abbr>" in row and "Helsingør Kommune" in row and "0 %" in row
    assert '<label for="id_parti">Parti</label>' in html
    assert '<label for="id_kommune">Kommune</label>' in html


def test_member_list_filters_by_party_and_municipality(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = pages.get("/medlemmer/", {"parti": "Ø", "kommune": "Furesø Kommune"})
    html = response.text
    assert 'href="/medlemmer/oejvind-vilsholm/"' in html
    assert 'href="/medlemmer/ulla-kokfelt/"' not in html
    assert "1 medlem" in text_of(response)


def test_member_list_ignores_an_unknown_party(pages):
    response = pages.get("/medlemmer/", {"parti": "<x>"})
    assert response.status_code == 200
    assert "&lt;x&gt;" in response.text  # the error message quotes the value, escaped


def test_member_page_shows_record(pages, django_assert_max_num_queries):
    # person, attendance, substitutes, mentions, positions, absences from items
    with django_assert_max_num_queries(6):
        response = pages.get("/medlemmer/niels-peder-ravn/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Niels Peder Ravn" in text
    assert "stedfortræder for Ulla Kokfelt" in text
    assert "Københavns Kommune" in text
    assert "Parti D (Nye Borgerlige)" in text or "D (Nye Borgerlige)" in text
    assert h1_count(response) == 1


def test_member_page_shows_who_stood_in_and_absences(pages):
    text = text_of(pages.get("/medlemmer/ulla-kokfelt/"))
    assert "Niels Peder Ravn var stedfortræder" in text
    assert "Afbud" in text
    assert "0 %" in text


def test_member_page_lists_items_mentioning_them(pages):
    person = Person.objects.filter(mentions__isnull=False).first()
    item = person.mentions.select_related("meeting__body").first()
    assert f'href="{item.get_absolute_url()}"' in pages.get(person.get_absolute_url()).text


# Topics ----------------------------------------------------------------------------------------------------


def test_topic_list_shows_every_topic_with_counts(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = pages.get("/emner/")
    text = text_of(response)
    for topic in selectors.topics_list():
        assert topic.name in text
    sundhed = Topic.objects.get(slug="sundhed")
    assert f"{sundhed.items.count()} punkter" in text


def test_topic_page_is_a_timeline_by_year(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = pages.get("/emner/sundhed/")
    assert response.status_code == 200
    html = response.text
    years = [int(y) for y in re.findall(r'<h2 id="aar-(\d{4})"', html)]
    assert years and years == sorted(years, reverse=True)
    assert f'href="{ITEM}"' in html


# Front page ------------------------------------------------------------------------------------------------


def test_front_page_search_first_then_meetings_topics_and_counts(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = pages.get("/")
    html = response.text
    assert response.status_code == 200
    form = html.index('action="/soeg/"')
    assert form < html.index('id="seneste"') < html.index('id="emner"') < html.index('id="indhold-i-tal"')
    assert '<label for="forside-soeg">' in html and 'id="forside-soeg" name="q"' in html
    assert 'method="get"' in html[form - 200 : form + 200]
    text = text_of(response)
    meetings, items, decisions = Meeting.objects.count(), AgendaItem.objects.count(), Decision.objects.count()
    assert f"Møder {meetings}" in text
    assert f"Dagsordenspunkter {items}" in text
    assert f"Beslutninger {decisions}" in text
    assert "2020–2025 (6 år)" in text
    assert "Senest opdateret" in text
    assert 'href="/emner/sundhed/"' in html


def test_every_page_has_one_h1_skip_link_and_landmarks(pages):
    for url in [
        "/",
        "/moeder/",
        "/moeder/2022/",
        MEETING,
        ITEM,
        "/sager/SAG-2022-01250/",
        "/medlemmer/",
        "/medlemmer/ulla-kokfelt/",
        "/emner/",
        "/emner/sundhed/",
    ]:
        response = pages.get(url)
        assert response.status_code == 200, url
        assert h1_count(response) == 1, url
        assert '<a class="skip-link" href="#indhold">' in response.text
        assert '<main id="indhold"' in response.text
        assert '<nav aria-label="Hovedmenu">' in response.text
        assert '<html lang="da">' in response.text


def test_server_error_page_is_danish_and_standalone(client, db):
    from meetings.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode()
    assert '<html lang="da">' in response.content.decode()


def test_topic_page_shows_one_year(pages):
    response = pages.get("/emner/sundhed/", {"aar": "2022"})
    assert response.status_code == 200
    years = set(re.findall(r'<h2 id="aar-(\d{4})"', response.text))
    assert years == {"2022"}
    assert "Sundhed i 2022" in text_of(response)


@pytest.mark.parametrize("year", ["1999", "abc", "20222", ""])
def test_topic_page_unknown_year_is_404(pages, year):
    assert pages.get("/emner/sundhed/", {"aar": year}).status_code == 404


def test_topic_page_paginates(pages, settings, monkeypatch):
    from meetings import views

    monkeypatch.setattr(views, "TOPIC_ITEMS_PER_PAGE", 5)
    total = Topic.objects.get(slug="sundhed").items.count()
    first = pages.get("/emner/sundhed/").text
    second = pages.get("/emner/sundhed/", {"side": "2"}).text
    links = lambda html: set(re.findall(r'<a href="(/moeder/[^"]+/punkt/[^"]+/)">', html))  # noqa: E731
    assert len(links(first)) == 5 and len(links(second)) == 5
    assert not links(first) & links(second)
    assert f"Side 1 af {-(-total // 5)}" in first
    assert 'rel="next"' in first


def test_bodies_are_listed_by_municipality_or_region(pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = pages.get("/organer/")
    assert response.status_code == 200
    text = text_of(response)
    assert "KKR Hovedstaden" in text and f"{Meeting.objects.count()} møder" in text


def test_a_body_page_lists_its_meetings_newest_first(pages):
    response = pages.get("/moeder/kkr-hovedstaden/")
    assert response.status_code == 200
    html = response.content.decode()
    dates = ["2025-04-11", "2022-06-21", "2020-02-07"]
    positions = [html.index(f'href="/moeder/kkr-hovedstaden/{date}/"') for date in dates]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "url", ["/moeder/ingen-saadan/", "/moeder/kkr-hovedstaden/?side=99", "/moeder/kkr-hovedstaden/?side=x"]
)
def test_an_unknown_body_or_page_is_a_404(pages, url):
    assert pages.get(url).status_code == 404


def test_the_500_page_is_json_on_the_api_and_html_elsewhere(rf):
    from meetings.views import server_error

    api = server_error(rf.get("/api/meetings/"))
    assert (api.status_code, api["Content-Type"]) == (500, "application/json")
    assert json.loads(api.content) == {"error": "internal server error"}
    page = server_error(rf.get("/moeder/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
