"""Security: deployment checks, headers, the staff-only admin, and hostile text from the minutes on every page.

Everything the archive shows comes from documents it did not write, so every page, feed and API response is
fetched here with a document whose every field carries markup, and the output is parsed (HTML with the
stdlib's html.parser, feeds with xml.etree) to prove the markup stayed text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.template import engines

from danish.slugs import danish_slugify
from ingest.parser.document import ParsedAttendee, ParsedMeeting
from ingest.services import ingest_document
from meetings.models import AgendaItem, Topic
from tests.factories import item, source

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in ("meetings", "ingest"))]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
EVIL = f"{SCRIPT} {IMG}"
# Ctrl-Z, ESC and vertical tab, as DOS text files and PDF extraction leave them: not allowed in XML or iCalendar.
CTRL = "\x1a\x1b\x0b"
LINKS = "Kilder: javascript:alert(1) og http://example.org/ok samt https://example.org/ok."

BODY_NAME = f"KKR {EVIL}"
BODY = danish_slugify(BODY_NAME)
DATE = dt.date(2023, 3, 14)
MEETING_URL = f"/moeder/{BODY}/{DATE.isoformat()}/"
ITEM_URL = MEETING_URL + "punkt/3.1/"
CASE = "SAG-2023-00042"
MEMBER_SCRIPT = f"{SCRIPT} Hansen"
MEMBER_IMG = IMG
MEMBER_SLUG = danish_slugify(MEMBER_SCRIPT)
TOPIC_SLUG = "sikkerhedstest"
ATOM = "{http://www.w3.org/2005/Atom}"


# Production settings: check --deploy -------------------------------------------------------------------


def production_env(**extra: str) -> dict[str, str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "SECURE_COOKIES", "STATIC_NO_MANIFEST"}
        and not k.startswith("SECURE_")
    }
    return {
        **base,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "arkiv.example.dk",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_PROXY_SSL_HEADER": "1",
        # Nothing listens on port 1: the check must not need the database (it would fail to connect).
        "DATABASE_URL": "postgres://archive@127.0.0.1:1/archive",
        # The alerts' mail; without it Django's deploy check refuses the console backend (mail.E001).
        "EMAIL_HOST": "smtp.example.dk",
        **extra,
    }


def run_deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_refuses_a_production_archive_that_cannot_send_mail():
    env = production_env()
    del env["EMAIL_HOST"]
    result = run_deploy_check(env)
    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr


def test_check_deploy_is_clean_with_production_settings():
    # HSTS for subdomains and the preload list are opt-in environment variables (they cannot be taken
    # back); a production deployment that sets the whole HSTS policy gets no warning at all.
    result = run_deploy_check(production_env(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "?: (security" not in output
    assert "no issues" in output


def test_check_deploy_without_the_hsts_opt_ins_warns_only_about_them():
    result = run_deploy_check(production_env())
    output = result.stdout + result.stderr
    warnings = set(re.findall(r"\((security\.\w+)\)", output))
    assert warnings <= {"security.W005", "security.W021"}, output


def test_check_deploy_flags_a_local_setup():
    """The check itself works: without the production variables it does warn (so the clean run means something)."""
    env = production_env()
    for name in ("SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECRET_KEY"):
        env.pop(name)
    env["SECRET_KEY"] = "short"
    result = run_deploy_check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr  # no HSTS
    assert "security.W009" in result.stdout + result.stderr  # weak SECRET_KEY


# Headers and the templates the CSP has to allow ---------------------------------------------------------


def test_pages_send_csp_nosniff_referrer_policy_and_frame_deny(client, db):
    for path in ("/", "/moeder/", "/soeg/?q=sundhed", "/findes-ikke/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"


def _templates() -> list[Path]:
    return sorted(p for d in TEMPLATE_DIRS if d.is_dir() for p in d.rglob("*.html"))


def test_templates_have_no_inline_script_or_style_the_csp_would_block():
    templates = _templates()
    assert len(templates) > 10
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",  # inline script (a <script src=...> from 'self' is allowed)
            r"<style\b",
            r"\sstyle\s*=",
            r"\son[a-z]+\s*=",  # onclick= and friends
            r"javascript:",
        ):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text, re.I)]
    assert offenders == []


def test_server_error_page_is_styled_from_a_stylesheet_not_inline(client, db):
    from meetings.views import server_error

    response = server_error(None)
    html = response.content.decode()
    tags = parse_html(html).tags
    assert not [t for t, _ in tags if t == "style"]
    assert ("link", {"rel": "stylesheet", "href": "/static/css/site.css"}) in [
        (t, {k: v for k, v in a.items() if k in {"rel", "href"}}) for t, a in tags if t == "link"
    ]


# The admin is for staff only -----------------------------------------------------------------------------


def test_admin_sends_anonymous_visitors_to_the_login(client, db):
    for path in ("/admin/", "/admin/meetings/meeting/", "/admin/auth/user/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_admin_refuses_a_logged_in_user_who_is_not_staff(client, db):
    user = get_user_model().objects.create_user("laeser", password="en-lang-adgangskode-123")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    response = client.get("/admin/meetings/meeting/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    # The login form also refuses the non-staff user's own password.
    client.logout()
    response = client.post(
        "/admin/login/", {"username": "laeser", "password": "en-lang-adgangskode-123", "next": "/admin/"}
    )
    assert response.status_code == 200  # the form again, with an error: no redirect into the admin
    assert client.get("/admin/").status_code == 302


def test_admin_opens_for_staff(client, db):
    staff = get_user_model().objects.create_user(
        "medarbejder", password="en-lang-adgangskode-123", is_staff=True
    )
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/meetings/meeting/").status_code == 403  # staff, but no permission on the model
    admin = get_user_model().objects.create_superuser("sekretariat", password="en-lang-adgangskode-123")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/meetings/meeting/").status_code == 200


def test_make_run_creates_no_user_and_no_default_password(db):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    commands = set(re.findall(r"manage\.py\s+([a-z_]+)", makefile))
    # `prepare` runs the other four in one process, and nothing else.
    prepare = (ROOT / "kkrarchive" / "management" / "commands" / "prepare.py").read_text(encoding="utf-8")
    assert set(re.findall(r'_run\(\s*"([a-z_]+)"', prepare)) == {
        "migrate",
        "collectstatic",
        "ingest",
        "load_topics",
    }
    assert commands == {"migrate", "collectstatic", "ingest", "load_topics", "prepare"}
    for forbidden in ("createsuperuser", "DJANGO_SUPERUSER", "create_user", "password"):
        assert forbidden.lower() not in makefile.lower()
        assert forbidden.lower() not in prepare.lower()
    User = get_user_model()
    assert User.objects.count() == 0  # the migrations that built the test database created none
    call_command("migrate", verbosity=0, interactive=False)
    call_command("ingest", "data/samples", verbosity=0)
    call_command("load_topics", verbosity=0)
    assert User.objects.count() == 0
    call_command("prepare", verbosity=0)
    assert User.objects.count() == 0


# Hostile text from the minutes on every page ------------------------------------------------------------


def hostile_meeting() -> ParsedMeeting:
    return ParsedMeeting(
        body_name=BODY_NAME,
        date=DATE,
        kind="referat",
        location=f"Rådhuset {EVIL}{CTRL}\r\nATTACH:http://evil.example/x",
        attendance=[
            ParsedAttendee(name=MEMBER_SCRIPT, status="present", party=IMG, municipality=f"Kommune {EVIL}"),
            ParsedAttendee(
                name=MEMBER_IMG,
                status="absent",
                party=SCRIPT,
                municipality=EVIL,
                substitute_for=MEMBER_SCRIPT,
            ),
        ],
        announced_meetings=[dt.date.today() + dt.timedelta(days=60)],
        items=[
            item(
                "3.1",
                f"Titel {EVIL} sikkerhedsklynge",
                decision=f"Beslutning {EVIL} {LINKS}",
                outcomes=["besluttet"],
                section_title=f"Afsnit {EVIL}",
                case_number=CASE,
                recommendation=f"Indstilling {EVIL} {LINKS}",
                background=f"Baggrund {EVIL} nævner {MEMBER_SCRIPT} og {MEMBER_IMG}. {LINKS}",
                case_text=f"Sagsfremstilling {EVIL} {LINKS}",
                attachments=f"Bilag {EVIL} {LINKS}",
            ),
            item(
                "3.2",
                f"Næste {EVIL}{CTRL} sikkerhedsklynge",
                decision=f"Taget til efterretning {EVIL}{CTRL}",
                outcomes=["orienteret"],
                section_title=f"Afsnit {EVIL}",
                case_number=CASE,
                background=f"Nævner {MEMBER_SCRIPT}.{CTRL}",
            ),
        ],
    )


@pytest.fixture(scope="module")
def hostile_archive(django_db_setup, django_db_blocker):
    """One meeting whose every field carries markup, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ingest_document(source=source(f"hostile {EVIL}", name=f"{SCRIPT}.txt"), parsed=hostile_meeting())
        topic = Topic.objects.create(
            name=f"Sikkerhed {SCRIPT}", slug=TOPIC_SLUG, description=f"Om {IMG}", query="sikkerhedsklynge"
        )
        topic.items.add(*AgendaItem.objects.filter(meeting__body__slug=BODY))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def site(hostile_archive, db, client):
    return client


class Collected(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse_html(html: str) -> Collected:
    parser = Collected()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert_html(html: str) -> Collected:
    """No element, attribute or URL that runs script: the hostile text stayed text."""
    assert SCRIPT not in html
    assert "<img src=x" not in html
    dom = parse_html(html)
    assert [t for t, _ in dom.tags if t == "img"] == []
    assert not any("alert" in s for s in dom.scripts)
    assert not [(t, a) for t, a in dom.tags if t == "script" and "alert" in a.get("src", "")]
    handlers = [(t, name) for t, attrs in dom.tags for name in attrs if name.startswith("on")]
    assert handlers == []
    urls = [
        value
        for _, attrs in dom.tags
        for name, value in attrs.items()
        if name in {"href", "src", "action", "formaction", "srcset", "poster"} and value
    ]
    assert not [u for u in urls if re.sub(r"[\s\x00-\x1f]", "", u).lower().startswith("javascript:")]
    return dom


HTML_PAGES = {
    "front page": ("/", {}, [SCRIPT, f"Sikkerhed {SCRIPT}"]),  # body name in the latest meetings, topic
    "meeting list": ("/moeder/", {}, [SCRIPT, IMG]),  # body name, also of the announced meeting
    "year": ("/moeder/2023/", {}, [SCRIPT, IMG]),
    "meeting": (
        MEETING_URL,
        {},
        # The meeting page names its documents by kind and format (docs/trust.md); /status/ shows file names.
        [BODY_NAME, MEMBER_SCRIPT, f"Rådhuset {EVIL}", f"Afsnit {EVIL}"],
    ),
    "status": ("/status/", {}, [f"{SCRIPT}.txt"]),
    "item": (
        ITEM_URL,
        {},
        [f"Titel {EVIL}", f"Beslutning {EVIL}", f"Bilag {EVIL}", f"Afsnit {EVIL}", MEMBER_IMG],
    ),
    "missing item": (MEETING_URL + "punkt/9/", {}, [BODY_NAME]),
    "case": (f"/sager/{CASE}/", {}, [f"Titel {EVIL}", BODY_NAME]),
    "members": ("/medlemmer/", {}, [MEMBER_SCRIPT, MEMBER_IMG, f"Kommune {EVIL}"]),
    "members filtered": ("/medlemmer/", {"kommune": f"Kommune {EVIL}", "navn": SCRIPT}, [MEMBER_SCRIPT]),
    "members bad filter": ("/medlemmer/", {"kommune": IMG, "parti": SCRIPT}, [MEMBER_SCRIPT]),
    "member": (f"/medlemmer/{MEMBER_SLUG}/", {}, [MEMBER_SCRIPT, f"Kommune {EVIL}", f"Titel {EVIL}"]),
    "member absent": (f"/medlemmer/{danish_slugify(MEMBER_IMG)}/", {}, [MEMBER_IMG, MEMBER_SCRIPT]),
    "topics": ("/emner/", {}, [f"Sikkerhed {SCRIPT}", f"Om {IMG}"]),
    "topic": (f"/emner/{TOPIC_SLUG}/", {}, [f"Sikkerhed {SCRIPT}", f"Titel {EVIL}"]),
    "search": ("/soeg/", {"q": "sikkerhedsklynge"}, [f"Titel {EVIL}", BODY_NAME]),
    "search for markup": ("/soeg/", {"q": MEMBER_SCRIPT}, [MEMBER_SCRIPT]),  # the query and the member hit
    "search filtered": (
        "/soeg/",
        {
            "q": "sikkerhedsklynge",
            "sortering": "dato",
            "organ": BODY,
            "emne": TOPIC_SLUG,
            "kommune": f"Kommune {EVIL}",
            "medlem": MEMBER_SLUG,
        },
        [f"Titel {EVIL}", f"Sikkerhed {SCRIPT}"],
    ),
    "search bad filter": ("/soeg/", {"q": IMG, "organ": SCRIPT, "fra": SCRIPT}, [IMG]),
}


@pytest.mark.parametrize("path,params,expected_text", HTML_PAGES.values(), ids=HTML_PAGES.keys())
def test_markup_from_the_minutes_is_shown_as_text_on_every_page(site, path, params, expected_text):
    response = site.get(path, params)
    expected = 404 if "punkt/9" in path else 400 if params.get("fra") == SCRIPT else 200
    assert response.status_code == expected, path
    assert response["Content-Type"].startswith("text/html")
    dom = assert_inert_html(response.content.decode())
    for text in expected_text:  # the hostile text is on the page, as text: the check above saw it
        assert " ".join(text.split()) in dom.visible_text, (path, text)


def test_search_page_snippets_mark_words_but_carry_no_markup_from_the_minutes(site):
    response = site.get("/soeg/", {"q": "alert sikkerhedsklynge"})
    dom = assert_inert_html(response.content.decode())
    tags = {t for t, _ in dom.tags}
    assert "mark" in tags
    snippet = re.search(r'<p class="snippet">(.*?)</p>', response.content.decode(), re.S).group(1)
    assert set(re.findall(r"</?([a-z]+)", snippet)) == {"mark"}


def test_item_page_links_only_http_and_https_urls_from_the_minutes(site):
    response = site.get(ITEM_URL)
    dom = assert_inert_html(response.content.decode())
    links = [a for t, a in dom.tags if t == "a" and "example.org" in a.get("href", "")]
    # decision, recommendation, background, case text and attachments each link both URLs
    assert sorted({a["href"] for a in links}) == ["http://example.org/ok", "https://example.org/ok"]
    assert len(links) == 10
    for attrs in links:
        assert set(attrs["rel"].split()) >= {"nofollow", "noopener"}
    assert "javascript:alert(1)" in dom.visible_text  # shown, never linked
    assert 'href="javascript' not in response.content.decode().lower()


def test_item_page_meta_tags_keep_markup_inside_their_attributes(site):
    html = site.get(ITEM_URL).content.decode()
    dom = assert_inert_html(html)
    metas = {a.get("property") or a.get("name"): a.get("content", "") for t, a in dom.tags if t == "meta"}
    assert SCRIPT in metas["og:title"]  # the attribute holds the text; it did not break out of it
    assert SCRIPT in metas["description"]


# Feeds, calendar, sitemap: XML and text ------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def assert_inert_feed(response, content_type: str) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert SCRIPT not in body and "<img src=x" not in body
    root = ET.fromstring(response.content)
    assert not {_local(e.tag) for e in root.iter()} & {"script", "img", "iframe", "object"}
    return root


def _html_payloads(root: ET.Element) -> list[str]:
    """The feed fields readers render as HTML: RSS descriptions and Atom summaries/content of type html."""
    payloads = [e.text or "" for e in root.iter("description") if e is not root.find("./channel/description")]
    payloads += [
        e.text or ""
        for e in root.iter()
        if _local(e.tag) in {"summary", "content"} and e.get("type") in {"html", "xhtml"}
    ]
    return payloads


FEEDS = {
    "meetings rss": ("/feeds/moeder/", "application/rss+xml"),
    "meetings atom": ("/feeds/moeder/atom/", "application/atom+xml"),
    "topic rss": (f"/emner/{TOPIC_SLUG}/feed/", "application/rss+xml"),
    "topic atom": (f"/emner/{TOPIC_SLUG}/feed/atom/", "application/atom+xml"),
    "member rss": (f"/medlemmer/{MEMBER_SLUG}/feed/", "application/rss+xml"),
    "member atom": (f"/medlemmer/{MEMBER_SLUG}/feed/atom/", "application/atom+xml"),
}
SEARCH_FEED = pytest.param(
    "/soeg/?q=sikkerhedsklynge&format=rss",
    "application/rss+xml",
    id="search rss",
)


@pytest.mark.parametrize(
    "path,content_type", [pytest.param(*v, id=k) for k, v in FEEDS.items()] + [SEARCH_FEED]
)
def test_feeds_carry_markup_and_control_characters_from_the_minutes_safely(site, path, content_type):
    response = site.get(path)
    root = assert_inert_feed(response, content_type)
    assert "Næste" in response.content.decode()  # the item with control characters is in the feed
    titles = [e.text or "" for e in root.iter() if _local(e.tag) == "title"]
    assert any(SCRIPT in t for t in titles)  # plain-text titles: the XML parser gives the text back
    for e in root.iter():
        if _local(e.tag) == "title":
            assert e.get("type") in (None, "text")  # Atom: text, never html
    payloads = _html_payloads(root)
    assert payloads
    for payload in payloads:
        dom = assert_inert_html(payload)  # the HTML a reader renders shows the markup as text
        assert not [t for t, _ in dom.tags if t not in {"p", "ul", "li", "strong", "br"}]
    assert any(SCRIPT in parse_html(p).visible_text for p in payloads) or path.startswith("/soeg/")


def test_calendar_is_plain_text_with_no_injected_lines_or_control_characters(site):
    response = site.get("/moeder.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    unfolded = text.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines[-1] == ""
    names = [re.match(r"^([A-Z-]+)[;:]", line) for line in lines[:-1]]
    assert all(names), [line for line, n in zip(lines, names, strict=False) if not n]
    assert "ATTACH" not in {n.group(1) for n in names}  # the CR LF in the location stayed inside it
    assert f"LOCATION:Rådhuset {EVIL}\\nATTACH:http://evil.example/x" in lines  # control characters dropped
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text.replace("\r\n", ""))
    assert any(line.startswith("SUMMARY:") and SCRIPT in line for line in lines)


def test_sitemaps_list_the_hostile_pages_by_slug_only(site):
    index = assert_inert_feed(site.get("/sitemap.xml"), "application/xml")
    sections = [e.text.replace("http://testserver", "") for e in index.iter() if _local(e.tag) == "loc"]
    assert "/sitemap-medlemmer.xml" in sections
    locations = []
    for path in sections:
        root = assert_inert_feed(site.get(path), "application/xml")
        locations += [e.text for e in root.iter() if _local(e.tag) == "loc"]
    assert f"http://testserver/medlemmer/{MEMBER_SLUG}/" in locations
    assert f"http://testserver{ITEM_URL}" in locations
    assert all(re.fullmatch(r"http://testserver/[a-z0-9/.-]*", loc) for loc in locations)


# JSON API: data, not markup ------------------------------------------------------------------------------


def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    return json.loads(response.content)


def test_api_gives_the_hostile_text_back_as_json_data(site):
    meetings = _json(site.get("/api/meetings/"))
    assert any(m["body"] == BODY for m in meetings["results"])
    meeting = _json(site.get(f"/api/meetings/{BODY}/{DATE.isoformat()}/"))
    assert meeting["body_name"] == BODY_NAME
    assert meeting["location"] == f"Rådhuset {EVIL}{CTRL}\r\nATTACH:http://evil.example/x"
    assert {a["name"] for a in meeting["attendance"]} == {MEMBER_SCRIPT, MEMBER_IMG}
    assert meeting["items"][0]["title"] == f"Titel {EVIL} sikkerhedsklynge"
    assert meeting["items"][0]["section"] == f"Afsnit {EVIL}"
    assert meeting["items"][0]["decision"]["text"] == f"Beslutning {EVIL} {LINKS}"
    member = _json(site.get(f"/api/members/{MEMBER_SLUG}/"))
    assert member["name"] == MEMBER_SCRIPT
    assert member["attendance"][0]["municipality"] == f"Kommune {EVIL}"
    assert member["mentioned_in"][0]["title"].startswith(f"Titel {EVIL}")


def test_api_search_gives_titles_as_data_and_snippets_as_escaped_html(site):
    data = _json(site.get("/api/search/", {"q": "sikkerhedsklynge"}))
    hit = next(r for r in data["results"] if r["number"] == "3.1")
    assert hit["title"] == f"Titel {EVIL} sikkerhedsklynge"
    assert_inert_html(hit["snippet_html"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit["snippet_html"]
    error = _json(site.get("/api/search/", {"q": "x", SCRIPT: "1"}))
    assert error["error"].startswith("unknown parameter")


def test_not_found_pages_do_not_reflect_the_path(site):
    response = site.get("/sager/" + SCRIPT + "/")
    assert response.status_code == 404
    assert_inert_html(response.content.decode())
    api = site.get("/api/" + SCRIPT)
    assert api.status_code == 404
    assert _json(api) == {"error": "not found"}


# The linkify filter itself -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "se https://example.org/ok.",
            'se <a href="https://example.org/ok" rel="nofollow noopener">https://example.org/ok</a>.',
        ),
        (
            "(http://example.org/a_(b))",
            '(<a href="http://example.org/a_(b)" rel="nofollow noopener">http://example.org/a_(b)</a>)',
        ),
        (
            "<https://example.org/x>",
            '&lt;<a href="https://example.org/x" rel="nofollow noopener">https://example.org/x</a>&gt;',
        ),
        ("javascript:alert(1)", "javascript:alert(1)"),
        (
            "JaVaScRiPt:alert(1)//http://x.dk",
            'JaVaScRiPt:alert(1)//<a href="http://x.dk" rel="nofollow noopener">http://x.dk</a>',
        ),
        ("data:text/html,<script>alert(1)</script>", "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("ftp://example.org/ and mailto:a@b.dk", "ftp://example.org/ and mailto:a@b.dk"),
        (
            'https://example.org/"onmouseover="alert(1)',
            '<a href="https://example.org/" rel="nofollow noopener">https://example.org/</a>&quot;onmouseover=&quot;alert(1)',
        ),
        (
            "https://x.dk/?a=1&b=<i>",
            '<a href="https://x.dk/?a=1&amp;b=" rel="nofollow noopener">https://x.dk/?a=1&amp;b=</a>&lt;i&gt;',
        ),
        ("https://", "https://"),
        ("xhttps://example.org", "xhttps://example.org"),
    ],
)
def test_linkify_escapes_first_and_links_only_http_and_https(text, expected):
    from meetings.templatetags.archive import linkify

    assert str(linkify(text)) == expected


def test_linkify_keeps_line_breaks_working_and_output_inert():
    template = engines["django"].from_string("{% load archive %}{{ text|linkify|linebreaksbr }}")
    html = template.render({"text": f"a {SCRIPT}\nhttps://example.org/ok\n{IMG}"})
    assert html.count("<br>") == 2
    assert_inert_html(html)
    assert '<a href="https://example.org/ok" rel="nofollow noopener">' in html
