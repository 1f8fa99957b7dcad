"""The hostile-input corpus (bench/hostile.py, generated from a seed) through the whole archive.

Hand-edited exports are offered to `import_archive` on an empty archive; then the samples and every file of
the corpus go through one `manage.py ingest` batch, and every page, feed (RSS/Atom, iCalendar), sitemap and
API endpoint reachable from `/`, the sitemap and the API is crawled, with the values people type put into
its paths and queries. Asserted:

- no answer is a 5xx;
- no CPR number put into the corpus surfaces anywhere: pages, API, feeds, `/status/`, the command's output
  and every log line of the run;
- no stored text, and no page, holds a bidi control or an invisible character;
- no page or feed carries the corpus's markup unescaped;
- each file is ingested (with its warning, where one is due) or refused in one line with its reason, and
  the batch goes on past every refusal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import re
import time
import unicodedata
from collections import Counter
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import override_settings

from bench import hostile
from danish.cpr import contains_cpr, mask_cpr
from ingest.pipeline import printable
from meetings.models import AgendaItem, Body, Decision, Meeting, Person, SearchEntry, SourceDocument
from tests.browser_support import PLAIN_STATIC, truncate_archive
from tests.factories import run_ingest

ROOT = hostile.ROOT
# Bidi controls, zero-width characters, word joiners, BOM: what prints as nothing or reorders what follows.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")
HEX_RUN = re.compile(r"[0-9a-f]{32,}")  # SHA-256 digests in links: digits that are no number
SKIP = ("/admin/", "/static/", "/media/")
MAX_PER_SHAPE = 3  # URLs per path and set of query parameter names: facets multiply, the pages do not
MAX_REQUESTS = 4000
ITEMS_PER_MEETING = 6
# Original files (/kilder/) are the sources as the archive received them: they are never pages of the site
# (served as attachments or plain text, sandboxed), so the markup checks do not apply to them; the CPR check does.
ORIGINALS = "/kilder/"

# Every test asks for the database, so pytest-django sets up the test database for any selection of them.
pytestmark = pytest.mark.django_db


class Records(logging.Handler):
    """Every log record of the run, formatted."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker, tmp_path_factory):
    """The corpus written, the exports offered, the batch ingested; the archive emptied afterwards."""
    corpus = hostile.build()
    folder = tmp_path_factory.mktemp("hostile")
    paths = hostile.write(corpus, folder)
    records = Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(records)
    root.setLevel(logging.INFO)
    try:
        with django_db_blocker.unblock(), override_settings(STORAGES=PLAIN_STATIC):
            truncate_archive()
            exports = _offer_hand_edited_exports(corpus, folder)
            started = time.monotonic()
            ingest = run_ingest(ROOT / "data" / "samples", *paths)
            seconds = time.monotonic() - started
            call_command("load_topics", verbosity=0)
            yield {
                "corpus": corpus,
                "folder": folder,
                "paths": paths,
                "ingest": ingest,
                "seconds": seconds,
                "exports": exports,
                "logs": records.lines,
            }
            truncate_archive()
    finally:
        root.removeHandler(records)
        root.setLevel(old_level)


def _offer_hand_edited_exports(corpus: hostile.Corpus, folder) -> list[tuple[str, str]]:
    """Each hand-edited export offered to an empty archive: (variant, what import_archive said)."""
    import io

    call_command("ingest", str(ROOT / "data" / "samples"), verbosity=0)
    out = io.StringIO()
    call_command("export", stdout=out)
    truncate_archive()
    said = []
    for variant, edit, reason in corpus.exports:
        path = folder / "arkiv.ndjson"
        path.write_text(hostile.edit_export(out.getvalue(), edit), encoding="utf-8")
        with pytest.raises(CommandError) as refused:
            call_command("import_archive", str(path), stdout=io.StringIO())
        message = str(refused.value)
        assert reason in message and "line 3: " in message, (variant, message)
        assert "\n" not in message.strip()
        assert not Meeting.objects.exists() and not Body.objects.exists(), (
            f"{variant}: something was imported"
        )
        said.append((variant, message))
    return said


# --- the batch --------------------------------------------------------------------------------------------


def _prefix(path) -> str:
    return f"REFUSED {printable(mask_cpr(str(path))[0])}: "


def outcomes(run) -> list[tuple[hostile.Case, str, str]]:
    """(case, what happened, what ingest said) for every case of the corpus."""
    refusals = run["ingest"].refusals
    documents = {d.sha256: d for d in SourceDocument.objects.all()}
    rows = []
    for case, path in zip(run["corpus"].cases, run["paths"], strict=True):
        lines = [line for line in refusals if line.startswith(_prefix(path))]
        document = documents.get(hashlib.sha256(case.data).hexdigest()) if case.data is not None else None
        if lines:
            rows.append((case, "refused", lines[0].removeprefix(_prefix(path))))
        elif document is not None:
            said = next((w for w in document.warnings if case.warning and case.warning in w), "")
            rows.append((case, "ingested with a warning" if said else "ingested", said or "(ingested)"))
        else:
            rows.append((case, "lost", ""))
    return rows


def test_every_file_is_ingested_or_refused_in_one_line_with_its_reason_and_the_batch_goes_on(run, db):
    ingest = run["ingest"]
    assert ingest.code == 1
    assert ingest.err.splitlines() == ingest.refusals, "stderr holds the refusals and nothing else"
    rows = outcomes(run)
    print(f"\n{len(rows)} hostile inputs ingested in {run['seconds']:.1f} s\n")
    print(hostile.table(rows))
    wrong = []
    for case, outcome, said in rows:
        if outcome == "lost" or (case.expect == "refused" and outcome != "refused"):
            wrong.append(f"{case.kind} / {case.variant}: {outcome}")
        elif case.expect == "refused" and case.reason not in said:
            wrong.append(f"{case.kind} / {case.variant}: refused for {said!r}, not {case.reason!r}")
        elif case.expect == "ingested" and outcome == "refused":
            wrong.append(f"{case.kind} / {case.variant}: refused: {said}")
        elif case.expect == "ingested" and case.warning and outcome != "ingested with a warning":
            wrong.append(f"{case.kind} / {case.variant}: no warning {case.warning!r}")
    assert wrong == [], "\n".join(wrong)
    refused = sum(1 for _, outcome, _ in rows if outcome == "refused")
    assert len(ingest.refusals) == refused, "one line per refused file"
    assert f"{refused} refused" in ingest.out
    samples = SourceDocument.objects.filter(file_name__regex=r"^00\d_").count()
    assert samples == 5, "the samples before the corpus were ingested too"


def test_hand_edited_exports_are_refused_with_their_line_and_nothing_is_imported(run):
    assert len(run["exports"]) == len(run["corpus"].exports) >= 5


# --- the crawl --------------------------------------------------------------------------------------------


def _links(path: str, content_type: str, body: str) -> set[str]:
    found: set[str] = set()
    if "json" in content_type:
        try:
            data = json.loads(body)
        except ValueError:
            return found
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
                for key in value if path == "/api/" else ():  # the OpenAPI document's paths
                    if isinstance(key, str) and key.startswith("/api/") and "{" not in key:
                        found.add(key)
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, str) and (value.startswith("/") or value.startswith("http://testserver/")):
                found.add(value)
    else:
        for raw in re.findall(r'(?:href|src)="([^"]*)"', body) + re.findall(
            r"<(?:loc|link|id)>([^<]+)<", body
        ):
            found.add(html.unescape(raw.strip()))
        found.update(re.findall(r"^URL[^:]*:(\S+)", body.replace("\r\n ", ""), re.M))
    links = set()
    for link in found:
        parts = urlsplit(link)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            continue
        if not parts.path.startswith("/") or parts.path.startswith(SKIP):
            continue
        links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def _kind(path: str) -> str:
    """The page kind of a path: its first segment (two under /api/), the rest as '*'."""
    segments = path.strip("/").split("/")
    keep = 2 if segments[0] == "api" else 1
    return "/" + "/".join(segments[:keep] + ["*"] * (len(segments) - keep)) + "/"


def _typed(path: str, typed: dict[str, list[str]]) -> list[str]:
    """Values people type put into `path`: every page value into ?side=, and search words into ?q=."""
    out = [f"{path}?side={quote(v)}" for v in typed["page"]]
    if match := re.fullmatch(r"(/(?:api/)?moeder/[^/]+/|/api/meetings/[^/]+/)(\d{4}-\d\d-\d\d)/(.*)", path):
        out += [f"{match[1]}{date}/{match[3]}" for date in typed["date"]]  # a day that is none
    if match := re.fullmatch(r"(.*/punkt/)[^/]+/", path):
        out += [f"{match[1]}{quote(number)}/" for number in typed["number"]]
    if path in ("/soeg/", "/api/search/"):
        out += [f"{path}?{urlencode({'q': v})}" for v in typed["query"]]
    return out


def _order(links: set[str], items: list[str]) -> list[str]:
    """The items the corpus's rules touch first (in that order), then the rest in name order."""
    rank = {number: k for k, number in enumerate(items)}

    def key(link: str) -> tuple[int, str]:
        path = urlsplit(link).path
        number = path.rstrip("/").rsplit("/", 1)[-1] if "/punkt/" in path else ""
        return (rank.get(number, len(rank)), link)

    return sorted(links, key=key)


def crawl(client, corpus: hostile.Corpus) -> dict[str, tuple[int, str, str, dict[str, str]]]:
    """Every URL reachable from the front page, the sitemap and the API: url → (status, type, text, headers).

    Bounded so that it takes a minute or two here: every meeting, member, feed, list and API answer, the
    first ITEMS_PER_MEETING items of each meeting (the items the corpus's rules touch first), at most
    MAX_PER_SHAPE URLs per path and set of query parameters (facet links multiply), and the typed values
    once per page kind."""
    typed = corpus.typed
    start = ["/", "/sitemap.xml", "/api/", "/status/", "/healthz", "/moeder.ics", "/robots.txt"]
    start += [f"/moeder/{year}/" for year in typed["year"]]
    start += [f"/medlemmer/{slug}/" for slug in typed["slug"]] + [f"/sager/{s}/" for s in typed["slug"]]
    queue, seen, shapes, answers = list(start), set(start), Counter(), {}
    mutated: set[str] = set()
    while queue and len(answers) < MAX_REQUESTS:
        url = queue.pop(0)
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        binary = content_type.startswith(("application/pdf", "application/octet"))
        text = "" if binary else body.decode("utf-8", "replace")
        answers[url] = (response.status_code, content_type, text, dict(response.headers))
        path = urlsplit(url).path
        if response.status_code in (301, 302) and response.get("Location", "").startswith("/"):
            links = {response["Location"]}
        elif response.status_code != 200:
            continue
        else:
            links = _links(path, content_type, text)
            if _kind(path) not in mutated and "?" not in url:
                mutated.add(_kind(path))
                links.update(_typed(path, typed))
        for link in _order(links, corpus.items):
            parts = urlsplit(link)
            names = tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
            shape = (
                (parts.path.split("/punkt/")[0] + "/punkt/", ())
                if "/punkt/" in parts.path
                else (parts.path, names)
            )
            limit = ITEMS_PER_MEETING if "/punkt/" in parts.path else MAX_PER_SHAPE if parts.query else None
            if link in seen or (limit is not None and shapes[shape] >= limit):
                continue
            seen.add(link)
            shapes[shape] += 1
            queue.append(link)
    return answers


@pytest.fixture(scope="module")
def crawled(run, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock(), override_settings(STORAGES=PLAIN_STATIC):
        started = time.monotonic()
        answers = crawl(Client(raise_request_exception=False), run["corpus"])
        print(f"\ncrawled {len(answers)} URLs in {time.monotonic() - started:.1f} s")
        return answers


def test_the_crawl_reaches_every_kind_of_page_feed_and_endpoint(crawled):
    paths = {urlsplit(url).path for url in crawled}
    for must in ("/", "/sitemap.xml", "/api/", "/api/meetings/", "/status/", "/moeder.ics", "/organer/"):
        assert must in paths
    kinds = Counter(re.sub(r"/[^/]+/$", "/*/", p) for p in paths)
    assert any("/punkt/" in p for p in paths), "item pages"
    assert any(p.startswith("/api/meetings/") and p.count("/") >= 5 for p in paths), "meeting API"
    assert any(p.startswith("/medlemmer/") and p != "/medlemmer/" for p in paths), "member pages"
    assert any(t.startswith(("application/rss", "application/atom")) for _, t, *_ in crawled.values()), (
        "feeds"
    )
    print(sorted(kinds.items(), key=lambda kv: -kv[1])[:25])
    assert len(crawled) > 500, kinds


def test_no_crawled_url_answers_500(crawled):
    print(f"\nanswers by status: {dict(sorted(Counter(status for status, *_ in crawled.values()).items()))}")
    failures = [f"{url} → {status}" for url, (status, *_) in crawled.items() if status >= 500]
    assert failures == []


def _readable(text: str) -> str:
    """`text` as a reader sees its digits: entities decoded, fullwidth folded, tags and digests out."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    return HEX_RUN.sub(" ", text)


def _leaks(text: str, secrets: list[str]) -> list[str]:
    readable = _readable(text)
    digits_only = re.sub(r"\D", "", re.sub(r"<[^>]+>", "", readable))
    leaks = [secret for secret in secrets if secret in digits_only or secret[:6] in readable]
    if contains_cpr(re.sub(r"<[^>]+>", " ", readable)):
        leaks.append("a CPR-shaped number")
    return leaks


def test_no_cpr_number_of_the_corpus_surfaces_in_any_answer(run, crawled):
    secrets = run["corpus"].secrets
    found = {url: leaks for url, (_, _, text, _) in crawled.items() if (leaks := _leaks(text, secrets))}
    assert found == {}


def test_no_cpr_number_surfaces_in_the_commands_output_or_any_log_line(run):
    secrets = run["corpus"].secrets
    for name, text in (("stdout", run["ingest"].out), ("stderr", run["ingest"].err)):
        assert _leaks(text, secrets) == [], name
    leaking = [line[:200] for line in run["logs"] if _leaks(line, secrets)]
    assert leaking == []
    assert len(run["logs"]) > len(run["corpus"].cases), "the run's log lines were captured"


def test_no_stored_text_holds_a_bidi_control_or_an_invisible_character(run, db):
    texts = []
    for document in SourceDocument.objects.all():
        texts += [document.file_name, document.text, json.dumps(document.parsed, ensure_ascii=False)]
        texts += document.warnings
    for row in AgendaItem.objects.values():
        texts += [str(value) for value in row.values()]
    texts += list(Decision.objects.values_list("text", flat=True))
    texts += list(Person.objects.values_list("name", flat=True)) + list(
        Body.objects.values_list("name", flat=True)
    )
    texts += list(Meeting.objects.values_list("location", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM meetings_searchword")
        texts += [row[0] for row in cursor.fetchall()]
    holding = [repr(text[:80]) for text in texts if INVISIBLE.search(text)]
    assert holding == []


def test_no_answer_shows_a_bidi_control_or_an_invisible_character(crawled):
    holding = []
    for url, (_, content_type, text, _) in crawled.items():
        if url.startswith(ORIGINALS):
            continue
        if "json" in content_type:
            text = json.dumps(json.loads(text), ensure_ascii=False) if text.strip() else text
        if match := INVISIBLE.search(text):
            holding.append(f"{url}: {text[max(0, match.start() - 40) : match.end() + 40]!r}")
    assert holding == []


def test_no_page_or_feed_carries_the_corpus_markup_unescaped(crawled):
    unescaped = []
    for url, (_, content_type, text, _) in crawled.items():
        if "json" in content_type or "calendar" in content_type or url.startswith(ORIGINALS):
            continue  # data, not markup: the API says texts are plain data (test_hostile_clients)
        for bad in ("<script>alert", 'onerror="alert', 'href="javascript:', "<b>fed</b>"):
            if bad in text:
                unescaped.append(f"{url}: {bad}")
    assert unescaped == []


def test_original_files_are_never_served_as_pages_of_the_site(crawled):
    originals = {url: answer for url, answer in crawled.items() if url.startswith(ORIGINALS)}
    assert len(originals) > 20
    for url, (status, content_type, _, headers) in originals.items():
        if status == 200:
            assert not content_type.startswith("text/html"), url
            assert headers.get("Content-Security-Policy") == "sandbox", url
            assert headers.get("X-Content-Type-Options") == "nosniff", url
        else:
            assert status == 451, (url, status)  # a CPR number in it: withheld


def _meeting_of(case: hostile.Case) -> Meeting:
    return SourceDocument.objects.get(sha256=hashlib.sha256(case.data).hexdigest()).meeting


def test_what_each_kind_keeps_is_kept_and_what_it_must_not_store_is_not(run, db, client):
    from danish.slugs import danish_slugify
    from ingest.parser import parse_document

    cases = run["corpus"].cases
    attendees = len(parse_document(hostile.CLEAN.read_text(encoding="utf-8")).attendance)
    assert all(any(char.isalpha() for char in name) for name in Body.objects.values_list("name", flat=True))
    assert not Meeting.objects.filter(date__year__lt=1970).exists()
    assert not Meeting.objects.filter(date__year__gt=dt.date.today().year + 2).exists()
    for case in cases:
        if case.kind == "attendees with one slug":
            first = case.variant.split("' and '")[0].strip("'")
            meeting = _meeting_of(case)
            person = Person.objects.get(slug=danish_slugify(first))
            assert person.name == first, case.variant  # the first spelling
            assert meeting.attendance.filter(person=person).count() == 1, case.variant
            assert client.get(person.get_absolute_url()).status_code == 200
        elif case.kind in ("stray Windows-1252 byte", "bidi and invisible characters"):
            assert _meeting_of(case).attendance.count() == attendees, (
                f"{case.kind} / {case.variant}: attendee lost"
            )
        elif case.variant == "3.1.1. under 3.1":
            sub = _meeting_of(case).items.get(number="3.1.1")
            assert client.get(sub.get_absolute_url()).status_code == 200
        elif case.variant == "3.10.2. under 3.1":
            sub = _meeting_of(case).items.get(number="3.10.2")  # no 3.10 above it: an item where it stands
            assert (
                sub.background == "Underpunktets tekst."
                and client.get(sub.get_absolute_url()).status_code == 200
            )
        elif case.variant == "5 MB of real, repeating council text":
            item = _meeting_of(case).items.get(number="1.1")
            assert len(item.decision.text) > 4_500_000
            assert SearchEntry.objects.filter(item=item).exists(), "and indexed"
