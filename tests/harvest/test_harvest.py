"""`manage.py harvest` against recorded sites on loopback: what it fetches, what it never fetches, what it
ingests, and how it behaves when a site misbehaves."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from harvest.models import FetchedUrl, HarvestRun, Source
from meetings.models import AgendaItem, AnnouncedMeeting, Decision, Meeting, SourceDocument
from tests.harvest.conftest import KL_LISTING, REGIONH_LISTING, harvest
from tests.harvest.site import Page

pytestmark = pytest.mark.django_db(transaction=True)
MOEDER = "/politik/moeder"


def listing(site) -> str:
    return site.url + REGIONH_LISTING


def test_the_first_run_ingests_the_agendas_and_minutes_a_listing_links_to_and_nothing_else(regionh):
    run = harvest(listing(regionh))

    assert sorted(Meeting.objects.values_list("body__slug", "date", "kind")) == [
        ("region-hovedstaden-forretningsudvalget", dt.date(2022, 11, 8), "referat"),
        ("region-hovedstaden-regionsraadet", dt.date(2021, 12, 7), "dagsorden"),
        ("region-hovedstaden-regionsraadet", dt.date(2022, 3, 22), "referat"),
    ]
    asked = {request.path for request in regionh.requests}
    assert asked == {
        "/robots.txt",
        REGIONH_LISTING,
        f"{MOEDER}/regionsraadet-2022-03-22-referat.txt",
        f"{MOEDER}/regionsraadet-2021-12-07-dagsorden.txt",
        f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt",
        f"{MOEDER}/dialogmoede-referat.txt",
    }  # never the attachment, the page robots.txt disallows, about/contact pages, mail or other sites
    # The letter linked as "Referat af dialogmøde" is read and refused, with its reason.
    assert run.code == 1
    [refusal] = run.err.splitlines()
    assert refusal.startswith(f"REFUSED {regionh.url}{MOEDER}/dialogmoede-referat.txt: unknown layout")
    assert "4 documents found, 3 new, 0 changed, 0 unchanged, 1 refused, 0 failed" in run.out
    record = HarvestRun.objects.get()
    assert (record.status, record.found, record.new, record.refused) == ("partial", 4, 3, 1)


def test_a_harvested_document_keeps_its_url_and_a_readable_file_name(regionh):
    harvest(listing(regionh))
    document = SourceDocument.objects.get(meeting__date=dt.date(2022, 11, 8))
    assert document.file_name == "forretningsudvalget-2022-11-08-referat.txt"
    assert document.url == f"{regionh.url}{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"


def test_a_second_run_over_an_unchanged_site_downloads_nothing(regionh):
    harvest(listing(regionh))
    regionh.forget()

    run = harvest(listing(regionh))

    assert regionh.downloads() == []
    conditional = [r for r in regionh.requests if r.path != "/robots.txt"]
    assert conditional and all(r.status == 304 for r in conditional)
    assert all("If-None-Match" in r.headers for r in conditional)
    # The refused letter is remembered: asked conditionally, not ingested or reported again.
    assert run.code == 0, run.err
    assert "0 new, 0 changed, 4 unchanged, 0 refused, 0 failed" in run.out


def test_a_server_that_ignores_conditional_requests_is_caught_by_the_content_hash(regionh):
    harvest(listing(regionh))
    for page in regionh.pages.values():
        page.validators = False  # 200 and the same bytes, every time
    run = harvest(listing(regionh))
    assert run.code == 0, run.err
    assert "0 new, 0 changed, 4 unchanged" in run.out
    assert SourceDocument.objects.count() == 3


def test_a_changed_document_is_downloaded_again_and_updates_its_meeting_in_place(regionh, client):
    harvest(listing(regionh))
    meeting = Meeting.objects.get(date=dt.date(2022, 11, 8))
    items = dict(AgendaItem.objects.filter(meeting=meeting).values_list("number", "pk"))
    decided = Decision.objects.filter(item__meeting=meeting).select_related("item").first()
    page = regionh.pages[f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"]
    old = decided.text.split("\n")[0]
    assert old and old.encode() in page.body
    page.replace(page.body.replace(old.encode(), b"Forretningsudvalget afviste indstillingen.", 1))
    regionh.forget()

    run = harvest(listing(regionh))

    assert regionh.downloads() == [f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"]
    assert "0 new, 1 changed, 3 unchanged" in run.out
    meeting.refresh_from_db()
    assert dict(AgendaItem.objects.filter(meeting=meeting).values_list("number", "pk")) == items
    decided.refresh_from_db()
    assert "Forretningsudvalget afviste indstillingen." in decided.text
    assert client.get(decided.item.get_absolute_url()).status_code == 200


def test_a_path_robots_txt_disallows_is_never_requested(regionh):
    harvest(listing(regionh))
    harvest(listing(regionh))
    assert regionh.asked("/intern/referat-udkast.txt") == 0


def test_a_listing_robots_txt_disallows_is_not_read(regionh):
    regionh.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /politik/\n", "text/plain")
    run = harvest(listing(regionh))
    assert run.code == 1
    assert "disallowed by robots.txt" in run.err
    assert regionh.asked(REGIONH_LISTING) == 0


def test_the_user_agent_names_the_archive_and_a_contact_url(regionh, settings):
    harvest(listing(regionh))
    agents = {request.headers.get("User-Agent") for request in regionh.requests}
    assert agents == {settings.HARVEST_USER_AGENT}
    assert "kkrarchive" in settings.HARVEST_USER_AGENT and "+http" in settings.HARVEST_USER_AGENT


def test_requests_to_one_host_are_spaced_by_the_delay(regionh, settings):
    settings.HARVEST_DELAY = 0.2
    harvest(listing(regionh))
    times = [request.at for request in regionh.requests]
    assert len(times) >= 5
    # The server stamps a request when its thread gets to it, up to a few tens of ms after the client sent it, so one
    # late stamp lengthens one gap and shortens the next. The client's pauses therefore show as a bound on the span
    # (one pause skipped would cost 0.2 s of it) and, more loosely, on every single gap.
    late = 0.1
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert times[-1] - times[0] >= len(gaps) * 0.2 - late
    assert min(gaps) >= 0.2 - late


def test_a_503_is_retried_on_a_later_run_and_not_before_its_retry_is_due(regionh):
    path = f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"
    regionh.pages[path].fault = "fail-once"

    first = harvest(listing(regionh))
    assert first.code == 1
    assert f"FAILED {regionh.url}{path}: HTTP 503" in first.err
    assert not Meeting.objects.filter(date=dt.date(2022, 11, 8)).exists()
    failed = FetchedUrl.objects.get(url=regionh.url + path)
    assert failed.attempts == 1 and failed.retry_at > timezone.now()

    regionh.forget()
    harvest(listing(regionh))  # too soon: the retry waits
    assert regionh.asked(path) == 0

    FetchedUrl.objects.filter(pk=failed.pk).update(retry_at=timezone.now() - dt.timedelta(seconds=1))
    later = harvest(listing(regionh))
    assert regionh.asked(path) == 1
    assert Meeting.objects.filter(date=dt.date(2022, 11, 8)).exists()
    assert "1 new" in later.out


def test_failures_in_a_row_wait_longer_each_time(site, settings):
    settings.HARVEST_RETRY_AFTER = 60
    site.pages[REGIONH_LISTING] = Page(b'<a href="/referat-1.txt">Referat</a>')
    site.pages["/referat-1.txt"] = Page(b"busy", status=503)
    waits = []
    for _ in range(3):
        harvest(site.url + REGIONH_LISTING)
        record = FetchedUrl.objects.get(url=site.url + "/referat-1.txt")
        waits.append((record.retry_at - record.fetched_at).total_seconds())
        FetchedUrl.objects.filter(pk=record.pk).update(retry_at=timezone.now())
    assert [round(wait) for wait in waits] == [60, 120, 240]


def test_a_server_that_never_answers_fails_that_url_and_the_run_goes_on(regionh, settings):
    settings.HARVEST_READ_TIMEOUT = 1
    hanging = f"{MOEDER}/regionsraadet-2022-03-22-referat.txt"
    regionh.pages[hanging].fault = "hang"

    run = harvest(listing(regionh))

    assert f"FAILED {regionh.url}{hanging}: timed out" in run.err
    assert Meeting.objects.filter(date=dt.date(2022, 11, 8)).exists()  # the next documents were harvested
    assert FetchedUrl.objects.get(url=regionh.url + hanging).retry_at is not None


def test_a_redirect_loop_fails_that_url(regionh):
    looping = f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"
    regionh.pages[looping].fault = "loop"
    run = harvest(listing(regionh))
    assert f"FAILED {regionh.url}{looping}: redirect loop" in run.err
    assert regionh.asked(looping) == 1


def test_a_redirect_to_another_site_is_not_followed(regionh):
    moved = f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"
    regionh.pages[moved] = Page(status=302, location="http://elsewhere.invalid/referat.txt")
    run = harvest(listing(regionh))
    assert f"FAILED {regionh.url}{moved}: redirected off the site" in run.err


@pytest.mark.parametrize("fault", ["huge-declared", "endless"])
def test_a_2_gb_response_is_cut_at_the_size_limit(regionh, monkeypatch, fault):
    # The limit is the ingest's own size limit (50 MB), made small here so the test streams little.
    monkeypatch.setattr("ingest.reader.DEFAULT_MAX_BYTES", 2 * 1024 * 1024)
    big = f"{MOEDER}/forretningsudvalget-2022-11-08-referat.txt"
    regionh.pages[big].fault = fault

    run = harvest(listing(regionh))

    assert f"FAILED {regionh.url}{big}: larger than the limit" in run.err
    assert HarvestRun.objects.get().bytes < 3 * 1024 * 1024 + 500_000
    assert Meeting.objects.count() == 2


def test_a_document_that_is_not_minutes_is_not_fetched_again_until_it_changes(regionh):
    letter = f"{MOEDER}/dialogmoede-referat.txt"
    harvest(listing(regionh))
    assert FetchedUrl.objects.get(url=regionh.url + letter).outcome == "refused"
    regionh.forget()
    harvest(listing(regionh))
    assert letter not in regionh.downloads()

    regionh.pages[letter].replace(regionh.pages[letter].body + "\nEt tillæg.".encode())
    regionh.forget()
    again = harvest(listing(regionh))
    assert regionh.downloads() == [letter]
    assert "REFUSED" in again.err


def test_a_listing_with_no_documents_is_a_clear_error(site):
    site.pages["/tom"] = Page(b"<h1>Dagsordener og referater</h1><p>Ingen m\xc3\xb8der endnu.</p>")
    run = harvest(site.url + "/tom")
    assert run.code == 1
    assert run.err.strip() == f"FAILED {site.url}/tom: the listing {site.url}/tom links to no agendas or minutes"
    assert HarvestRun.objects.get().status == "failed"


def test_an_unreachable_host_fails_the_run_with_a_clear_error(site):
    url = site.url + "/liste"
    site.stop()
    run = harvest(url)
    assert run.code == 1
    assert "FAILED" in run.err and "could not be read: unreachable" in run.err


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.dk/referat", "http://", "http://user:pw@example.dk/", "javascript:alert(1)"]
)
def test_a_malformed_url_is_a_usage_error(url):
    run = harvest(url)
    assert run.code == 2
    assert Source.objects.count() == 0


def test_a_body_that_is_not_a_slug_is_a_usage_error(regionh):
    assert harvest(listing(regionh), "--body", "Aarhus Byråd").code == 2


def test_the_documents_limit_ends_the_run_and_the_rest_waits_for_the_next(regionh):
    first = harvest(listing(regionh), "--max-documents", "2")
    assert "(stopped by the documents limit)" in first.out
    assert Meeting.objects.count() == 2
    second = harvest(listing(regionh), "--max-documents", "2")
    assert Meeting.objects.count() == 3
    assert "2 unchanged" in second.out


def test_without_a_url_every_enabled_source_is_harvested(regionh, kl):
    Source.objects.create(url=listing(regionh))
    Source.objects.create(url=kl.url + "/politik/kkr/kkr-hovedstaden/moedemateriale", kind="kl", enabled=False)
    run = harvest()
    assert regionh.asked(REGIONH_LISTING) == 1
    assert kl.requests == []
    source = Source.objects.get(url=listing(regionh))
    assert source.last_run_at and source.next_run_at == source.last_run_at + source.interval
    assert run.code == 1  # the refused letter


def test_a_url_given_on_the_command_line_is_remembered_but_not_scheduled(regionh):
    harvest(listing(regionh))
    source = Source.objects.get()
    assert (source.enabled, source.added_from_command_line) == (False, True)
    assert not Source.objects.due().exists()


@pytest.mark.browser
def test_a_firstagenda_front_page_is_rendered_and_the_meetings_it_lists_are_ingested(firstagenda):
    run = harvest(firstagenda.url + "/", "--kind", "firstagenda")

    assert sorted(Meeting.objects.values_list("body__slug", "date", "kind")) == [
        ("aarhus-byraad", dt.date(2025, 10, 8), "dagsorden"),
        ("aarhus-teknisk-udvalg", dt.date(2025, 10, 1), "referat"),
    ]
    record = HarvestRun.objects.get()
    assert (record.found, record.new) == (20, 2)
    assert record.failed == 18  # the meetings not recorded answer 404
    assert run.err.count("FAILED") == 18 and "HTTP 404" in run.err
    # Never the mail address, the accessibility statement on aarhus.dk's CDN, firstagenda.com or "#" links.
    # Of the page's own resources only its scripts: no images, styles or fonts.
    assert all(r.path == "/" or r.path.startswith(("/vis?", "/robots.txt", "/dist/js/")) for r in firstagenda.requests)
    minutes = SourceDocument.objects.get(meeting__date=dt.date(2025, 10, 1))
    assert minutes.format == "html" and minutes.url.startswith(firstagenda.url + "/vis?Referat-Teknisk-Udvalg")

    firstagenda.forget()
    again = harvest(firstagenda.url + "/", "--kind", "firstagenda")
    assert firstagenda.downloads() == []  # the front page and both meetings answered 304; nothing rendered
    assert "0 new, 0 changed, 2 unchanged" in again.out


def test_a_kl_page_gives_its_agendas_and_minutes_as_pdf_and_text_but_never_the_attachments(kl, client):
    run = harvest(kl.url + KL_LISTING, "--kind", "kl")

    assert sorted(Meeting.objects.values_list("body__slug", "date", "kind")) == [
        ("kkr-hovedstaden", dt.date(2020, 2, 7), "dagsorden"),
        ("kkr-hovedstaden", dt.date(2022, 6, 21), "referat"),
    ]
    assert kl.asked("/media/bilag-3-1-notat-om-oekonomi.pdf") == 0
    assert {r.path for r in kl.requests} == {
        "/robots.txt",
        KL_LISTING,
        "/media/kkr-hovedstaden-referat-2022-06-21.pdf",
        "/media/kkr-hovedstaden-dagsorden-og-bilag-2020-02-07.txt",
    }
    pdf = SourceDocument.objects.get(meeting__date=dt.date(2022, 6, 21))
    assert pdf.format == "pdf" and pdf.file_name == "kkr-hovedstaden-referat-2022-06-21.pdf"
    assert run.code == 0, run.err
    # The page's "Mødedatoer" are announced meetings of the KKR, in the calendar until their minutes arrive.
    announced = dict(
        AnnouncedMeeting.objects.filter(announced_by=kl.url + KL_LISTING).values_list("date", "start_time")
    )
    assert set(announced) == {
        dt.date(2022, 2, 11), dt.date(2022, 4, 22), dt.date(2022, 6, 21), dt.date(2022, 9, 9),
        dt.date(2022, 11, 25), dt.date(2020, 2, 7),
    }  # fmt: skip
    calendar = client.get("/moeder.ics").content.decode().replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20220909" in calendar  # announced, not held yet
    assert calendar.count("UID:kkr-hovedstaden-20220621@kkr-arkivet") == 1  # held: the meeting, once


def test_the_bytes_limit_ends_the_run(regionh):
    run = harvest(listing(regionh), "--max-bytes", "1")
    assert "(stopped by the bytes limit)" in run.out
    assert Meeting.objects.count() == 0  # the listing alone used the allowance


def test_the_seconds_limit_ends_the_run(regionh):
    run = harvest(listing(regionh), "--max-seconds", "0")
    assert "(stopped by the seconds limit)" in run.out
    assert Meeting.objects.count() == 0


def _paged_site(site):
    from tests.harvest.conftest import REAL, TEXT

    site.pages["/robots.txt"] = Page(b"", "text/plain", status=404)
    site.pages["/referater"] = Page(
        '<h1>Referater</h1><a href="/m/fu-2022-11-08.txt">Referat – Forretningsudvalget</a>'
        '<a href="/referater?side=2">Næste side</a>'.encode()
    )
    site.pages["/referater?side=2"] = Page(
        '<a href="/referater">Forrige side</a><a href="/m/rr-2022-03-22.txt">Referat – Regionsrådet</a>'
        '<a href="/referater" rel="prev">1</a>'.encode()
    )
    site.pages["/m/fu-2022-11-08.txt"] = Page(
        (REAL / "regionh-forretningsudvalget-2022-11-08-referat.txt").read_bytes(), TEXT
    )
    site.pages["/m/rr-2022-03-22.txt"] = Page(
        (REAL / "regionh-regionsraadet-2022-03-22-referat.txt").read_bytes(), TEXT
    )
    return site.url + "/referater"


def test_a_listing_is_followed_to_its_next_pages_and_an_unchanged_one_is_asked_conditionally(site):
    url = _paged_site(site)
    first = harvest(url)
    assert first.code == 0, first.err
    assert sorted(Meeting.objects.values_list("date", flat=True)) == [dt.date(2022, 3, 22), dt.date(2022, 11, 8)]
    assert HarvestRun.objects.get().pages == 2
    site.forget()
    second = harvest(url)
    assert site.downloads() == []
    assert {r.path for r in site.requests} >= {"/referater", "/referater?side=2"}  # both pages, 304
    assert "0 new, 0 changed, 2 unchanged" in second.out


def test_the_pages_limit_stops_at_the_first_page(site):
    url = _paged_site(site)
    run = harvest(url, "--max-pages", "1")
    assert "(stopped by the pages limit)" in run.out
    assert site.asked("/referater?side=2") == 0
    assert list(Meeting.objects.values_list("date", flat=True)) == [dt.date(2022, 11, 8)]
