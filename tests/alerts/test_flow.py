"""Alerts end to end through a real SMTP server on loopback: subscribe, confirm, digest, leave."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.models import Alert, Frequency, SendCount, Subscriber
from alerts.services import delete_stale, send_digests
from ingest.services import ingest_document
from meetings.models import AgendaItem, Topic
from tests.alerts.conftest import free_port, smtp_mailer, text_and_html
from tests.factories import attendee, item, meeting, run_ingest, source

pytestmark = pytest.mark.django_db

SITE = "https://arkiv.example.dk"
CONFIRM = re.compile(re.escape(SITE) + r"(/abonnement/bekraeft/[^/\s]+/)")


def ask(client: Client, address: str, **target) -> object:
    return client.post("/abonnement/", {"email": address, "hyppighed": "daily", **target})


def confirm_from_mail(client: Client, smtp, address: str) -> None:
    (mail,) = smtp.to(address)
    text, _ = text_and_html(mail)
    path = CONFIRM.search(text)[1]
    pending = Alert.objects.filter(subscriber__email=address, confirmed_at__isnull=True).count()
    assert client.get(path).status_code == 200  # the page with the button confirms nothing by itself
    assert Alert.objects.filter(subscriber__email=address, confirmed_at__isnull=True).count() == pending
    assert client.post(path).status_code == 200
    assert Alert.objects.filter(subscriber__email=address, confirmed_at__isnull=True).count() == pending - 1
    smtp.clear()


def follow(client: Client, smtp, address: str, **target) -> None:
    response = ask(client, address, **target)
    assert response.status_code == 302, response.content.decode()[:2000]
    confirm_from_mail(client, smtp, address)


def ingest(parsed, text: str) -> None:
    ingest_document(source=source(text, f"{abs(hash(text))}.txt"), parsed=parsed)


def send() -> object:
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def unsubscribe_path(mail) -> str:
    header = mail["List-Unsubscribe"]
    assert header.startswith(f"<{SITE}/abonnement/afmeld/") and header.endswith("/>")
    return header[1:-1].removeprefix(SITE)


def test_subscribe_confirm_digest_once_then_one_click_unsubscribe_ends_the_mails(smtp, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    response = ask(client, "Læser@Example.DK".replace("æ", "ae"), q="sundhedsklynger")
    assert response.status_code == 302 and response["Location"] == "/abonnement/tak/"
    (confirmation,) = smtp.messages
    assert confirmation["To"] == "Laeser@example.dk"
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_path(confirmation)
    text, html = text_and_html(confirmation)
    assert "Bekræft" in text and "Søgningen “sundhedsklynger”" in text and "bekraeft" in html

    smtp.clear()
    assert send().startswith("0 digests sent")  # nothing is sent before the link is used
    assert not smtp.messages
    smtp.messages.append(confirmation)
    confirm_from_mail(client, smtp, "Laeser@example.dk")

    assert run_ingest("data/samples").code == 0
    assert "1 digests sent" in send()
    (digest,) = smtp.messages
    text, html = text_and_html(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    permalink = SITE + "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/"
    assert permalink in text and f'href="{permalink}"' in html
    assert "SØGNINGEN “SUNDHEDSKLYNGER”" in text and "KKR Hovedstaden" in text
    assert "21. juni 2022" in text and "punkt 3.4" in text

    smtp.clear()
    assert send().startswith("0 digests sent")  # a second run has nothing new
    assert not smtp.messages

    assert client.get(unsubscribe_path(digest)).status_code == 200  # a link checker's GET ends nothing
    assert Subscriber.objects.exists()
    one_click = Client(enforce_csrf_checks=True)  # a mail client: no cookie, no CSRF token
    response = one_click.post(
        unsubscribe_path(digest),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not Alert.objects.exists()
    run_ingest("tests/fixtures/real/regionh-regionsraadet-2022-03-22-referat.txt")
    send()
    assert not smtp.messages
    # Nothing personal in what the archive logged, nor in its export.
    ours = [
        r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")
    ]  # not the test server's
    assert ours and "laeser" not in "\n".join(ours).lower()
    export = io.StringIO()
    call_command("export", stdout=export)
    assert "laeser" not in export.getvalue().lower()


def _archive_with_one_meeting():
    Topic.objects.create(name="Sundhed", slug="sundhed", query="sundhed OR sundhedsklynge")
    ingest(
        meeting(
            date=dt.date(2022, 6, 21),
            items=[item("3.4", "Sundhedsklyngerne", case_number="SAG-2022-01250", decision="Godkendt.")],
            attendance=[attendee("Stella Hansen", party="A")],
        ),
        "first meeting",
    )


TARGETS = {
    "q": "sundhedsklynge",
    "emne": "sundhed",
    "medlem": "stella-hansen",
    "organ": "kkr-hovedstaden",
    "sag": "sag 2022 01250",  # as people type it
}


def test_each_kind_of_target_gets_the_new_item_and_not_the_old(smtp):
    _archive_with_one_meeting()
    client = Client()
    for kind, value in TARGETS.items():
        follow(client, smtp, f"{kind}@example.dk", **{kind: value})
    old = AgendaItem.objects.get()
    ingest(
        meeting(
            date=dt.date(2022, 9, 1),
            items=[
                item(
                    "2.1",
                    "Sundhedsklyngernes årsrapport",
                    case_number="SAG-2022-01250",
                    decision="Taget til efterretning.",
                ),
                item("2.2", "Eventuelt", section_title="Eventuelt"),
            ],
            attendance=[attendee("Stella Hansen", party="A")],
        ),
        "second meeting",
    )
    new = AgendaItem.objects.get(number="2.1")
    send()
    for kind in TARGETS:
        (mail,) = smtp.to(f"{kind}@example.dk")
        text, _ = text_and_html(mail)
        assert SITE + new.get_absolute_url() in text, kind
        assert SITE + old.get_absolute_url() not in text, kind
    assert "Eventuelt" not in text_and_html(smtp.to("q@example.dk")[0])[0]
    assert "Eventuelt" in text_and_html(smtp.to("organ@example.dk")[0])[0]  # a body: all its items


def test_an_item_first_seen_on_an_agenda_is_mailed_again_when_its_decision_arrives(smtp):
    _archive_with_one_meeting()
    client = Client()
    follow(client, smtp, "organ@example.dk", organ="kkr-hovedstaden")
    agenda_item = item("4.1", "Ny praksisplan", recommendation="Det indstilles, at planen godkendes.")
    ingest(meeting(kind="dagsorden", date=dt.date(2022, 10, 3), items=[agenda_item]), "agenda")
    send()
    (first,) = smtp.messages
    text, _ = text_and_html(first)
    assert "På dagsordenen" in text and "Ny praksisplan" in text
    smtp.clear()
    decided = item("4.1", "Ny praksisplan", decision="KKR godkendte planen.", outcomes=["godkendt"])
    ingest(meeting(kind="referat", date=dt.date(2022, 10, 3), items=[decided]), "minutes")
    send()
    (second,) = smtp.messages
    text, _ = text_and_html(second)
    assert "Ny beslutning (Godkendt): KKR godkendte planen." in text
    assert SITE + AgendaItem.objects.get(number="4.1").get_absolute_url() in text
    smtp.clear()
    send()
    assert not smtp.messages


def test_an_item_a_new_version_withdrew_is_not_mailed(smtp):
    _archive_with_one_meeting()
    follow(Client(), smtp, "organ@example.dk", organ="kkr-hovedstaden")
    ingest(
        meeting(date=dt.date(2022, 11, 1), items=[item("1", "Budget"), item("2", "Fejlagtigt punkt")]),
        "with a wrong item",
    )
    wrong = AgendaItem.objects.get(number="2", meeting__date=dt.date(2022, 11, 1))
    AgendaItem.objects.filter(pk=wrong.pk).update(withdrawn_by=wrong.meeting.documents.get())
    send()
    (mail,) = smtp.messages
    text, _ = text_and_html(mail)
    assert "Budget" in text and "Fejlagtigt punkt" not in text


def test_a_refused_recipient_is_retried_next_run_and_the_others_are_not_repeated(smtp):
    _archive_with_one_meeting()
    client = Client()
    for name in ("a", "b", "c"):
        follow(client, smtp, f"{name}@example.dk", organ="kkr-hovedstaden")
    ingest(meeting(date=dt.date(2022, 11, 1), items=[item("1", "Budget")]), "budget")
    smtp.refuse = {"b@example.dk"}
    report = send_digests()
    assert (report.sent, report.refused) == (2, 1)
    assert sorted(m["To"] for m in smtp.messages) == ["a@example.dk", "c@example.dk"]
    smtp.clear()
    smtp.refuse = set()
    report = send_digests()
    assert report.sent == 1 and [m["To"] for m in smtp.messages] == ["b@example.dk"]
    assert "Budget" in text_and_html(smtp.messages[0])[0]


def test_a_mail_server_that_is_away_stops_the_run_without_moving_any_watermark(smtp, settings):
    _archive_with_one_meeting()
    follow(Client(), smtp, "a@example.dk", organ="kkr-hovedstaden")
    ingest(meeting(date=dt.date(2022, 11, 1), items=[item("1", "Budget")]), "budget")
    before = Subscriber.objects.get().mailed_until
    working = settings.MAILERS
    settings.MAILERS = {"default": smtp_mailer("127.0.0.1", free_port())}  # nothing listens there
    with pytest.raises(CommandError, match="mail server unavailable"):
        send()
    assert Subscriber.objects.get().mailed_until == before
    settings.MAILERS = working
    send()
    assert len(smtp.messages) == 1


def test_weekly_subscribers_get_their_digest_when_their_last_is_a_week_old(smtp):
    _archive_with_one_meeting()
    client = Client()
    client.post("/abonnement/", {"email": "w@example.dk", "hyppighed": "weekly", "organ": "kkr-hovedstaden"})
    confirm_from_mail(client, smtp, "w@example.dk")
    assert Subscriber.objects.get().frequency == Frequency.WEEKLY
    ingest(meeting(date=dt.date(2022, 11, 1), items=[item("1", "Budget")]), "budget")
    send()
    assert not smtp.messages
    week_ago = timezone.now() - dt.timedelta(days=7)
    Subscriber.objects.update(mailed_until=week_ago)
    Alert.objects.update(confirmed_at=week_ago)
    send()
    assert len(smtp.messages) == 1


def test_titles_are_escaped_in_the_html_and_plain_in_the_text(smtp):
    _archive_with_one_meeting()
    follow(Client(), smtp, "a@example.dk", organ="kkr-hovedstaden")
    ingest(meeting(date=dt.date(2022, 11, 1), items=[item("1", "Vej & <script>alert(1)</script>")]), "x")
    send()
    text, html = text_and_html(smtp.messages[0])
    assert "Vej & <script>alert(1)</script>" in text
    assert "<script>" not in html and "Vej &amp; &lt;script&gt;" in html


def test_reads_do_not_grow_with_the_number_of_subscribers(smtp):
    _archive_with_one_meeting()
    client = Client()
    follow(client, smtp, "first@example.dk", organ="kkr-hovedstaden")
    first = Subscriber.objects.get()
    alert = first.alerts.get()

    def subscribers(n: int) -> None:
        for i in range(n):
            s = Subscriber.objects.create(email=f"s{i}-{n}@example.dk", mailed_until=first.mailed_until)
            Alert.objects.create(
                subscriber=s,
                kind="medlem" if i % 2 else "organ",
                value="stella-hansen" if i % 2 else "kkr-hovedstaden",
                confirmed_at=alert.confirmed_at,
            )

    counts = []
    for n, text in ((3, "one"), (12, "two")):
        subscribers(n)
        ingest(
            meeting(
                date=dt.date(2022, 11, n),
                items=[item("1", f"Punkt {text}")],
                attendance=[attendee("Stella Hansen")],
            ),
            text,
        )
        with CaptureQueriesContext(connection) as queries:
            report = send_digests()
        reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("UPDATE")]
        updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
        assert len(updates) == report.sent  # the watermark of each accepted mail, and nothing else
        counts.append(len(reads))
        smtp.clear()
    assert counts[0] == counts[1]


def test_unconfirmed_alerts_are_deleted_after_seven_days(smtp):
    client = Client()
    ask(client, "old@example.dk", q="budget")
    ask(client, "recent@example.dk", q="budget")
    follow(client, smtp, "kept@example.dk", q="budget")
    Alert.objects.filter(subscriber__email="old@example.dk").update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    Alert.objects.filter(subscriber__email="kept@example.dk").update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    Alert.objects.filter(subscriber__email="recent@example.dk").update(
        created_at=timezone.now() - dt.timedelta(days=6)
    )
    assert delete_stale() == 1
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "kept@example.dk",
        "recent@example.dk",
    ]


def test_the_confirmation_link_expires_after_seven_days(smtp):
    from django.core import signing

    client = Client()
    ask(client, "a@example.dk", q="budget")
    text, _ = text_and_html(smtp.messages[0])
    token = CONFIRM.search(text)[1].split("/")[3]
    assert signing.loads(token, salt="alerts.confirm")  # a real token...
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + dt.timedelta(days=8)
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        assert client.post(f"/abonnement/bekraeft/{token}/").status_code == 404  # ...expired
    assert client.post("/abonnement/bekraeft/forged:token/").status_code == 404
    assert not Alert.objects.filter(confirmed_at__isnull=False).exists()


def test_the_manage_page_changes_frequency_stops_one_alert_and_deletes_everything(smtp):
    _archive_with_one_meeting()
    client = Client(enforce_csrf_checks=True)
    plain = Client()
    follow(plain, smtp, "m@example.dk", organ="kkr-hovedstaden")
    follow(plain, smtp, "m@example.dk", emne="sundhed")
    subscriber = Subscriber.objects.get()
    from alerts.tokens import subscriber_token

    path = f"/abonnement/administrer/{subscriber_token(subscriber.pk)}/"
    page = client.get(path)
    html = page.content.decode()
    assert "Organet KKR Hovedstaden" in html and "Emnet Sundhed" in html
    assert "m@example.dk" not in html  # the page never shows the address
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    assert client.post(path, {"handling": "hyppighed", "hyppighed": "weekly"}).status_code == 403  # no token
    response = client.post(
        path, {"handling": "hyppighed", "hyppighed": "weekly", "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 302
    assert Subscriber.objects.get().frequency == Frequency.WEEKLY
    organ = subscriber.alerts.get(kind="organ")
    client.post(path, {"handling": "stop", "abonnement": organ.pk, "csrfmiddlewaretoken": csrf})
    assert list(subscriber.alerts.values_list("kind", flat=True)) == ["emne"]
    response = client.post(path, {"handling": "slet", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200 and "slettet" in response.content.decode()
    assert not Subscriber.objects.exists() and not Alert.objects.exists()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "ikke-en-adresse", "q": "budget"}, "email"),
        ({"email": "a@example.dk\r\nBcc: victim@example.dk", "q": "budget"}, "email"),
        ({"email": "a@example.dk\n", "q": "budget"}, "email"),
        ({"email": "a@example.dk", "q": "budget\r\nBcc: victim@example.dk"}, "q"),
        ({"email": "a@example.dk"}, None),
        ({"email": "a@example.dk", "q": "budget", "organ": "kkr-hovedstaden"}, None),
        ({"email": "a@example.dk", "q": "!!! ---"}, "q"),
        ({"email": "a@example.dk", "q": "vind en bil på https://example.com/x"}, "q"),
        ({"email": "a@example.dk", "q": "skriv til svindel@example.com"}, "q"),
        ({"email": "a@example.dk", "q": "gå til evil.dk nu"}, "q"),
        ({"email": "a@example.dk", "emne": "findes-ikke"}, "emne"),
        ({"email": "a@example.dk", "medlem": "findes-ikke"}, "medlem"),
        ({"email": "a@example.dk", "organ": "findes-ikke"}, "organ"),
        ({"email": "a@example.dk", "sag": "SAG-1999-00001"}, "sag"),
        ({"email": "a@example.dk", "q": "budget", "hyppighed": "hourly"}, "hyppighed"),
    ],
)
def test_bad_input_is_a_form_error_and_never_a_mail(smtp, data, field):
    _archive_with_one_meeting()
    response = Client().post("/abonnement/", {"hyppighed": "daily", **data})
    assert response.status_code == 200
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert not smtp.messages and not Alert.objects.exists()


def test_too_many_confirmations_per_address_or_client_are_refused(smtp, settings):
    settings.ALERTS_PER_ADDRESS_PER_HOUR, settings.ALERTS_PER_CLIENT_PER_HOUR = 2, 5
    client = Client()
    assert ask(client, "a@example.dk", q="budget").status_code == 302
    assert ask(client, "a@example.dk", q="skole").status_code == 302
    response = ask(client, "A@example.dk", q="vej")
    assert response.status_code == 200 and "for mange" in response.content.decode()
    assert len(smtp.messages) == 2
    for n in range(2):
        assert ask(client, f"b{n}@example.dk", q="budget").status_code == 302
    # The sixth attempt from one client address (the refused one counts too), whoever it is for:
    assert ask(client, "c@example.dk", q="budget").status_code == 200
    assert ask(Client(REMOTE_ADDR="10.0.0.9"), "c@example.dk", q="budget").status_code == 302
    assert len(smtp.messages) == 5
    assert not SendCount.objects.filter(key__icontains="example").exists()  # counted by keyed hash only


def test_the_follow_buttons_link_to_the_form_with_their_target(smtp):
    _archive_with_one_meeting()
    client = Client()
    pages = {
        "/emner/sundhed/": ("emne", "sundhed"),
        "/medlemmer/stella-hansen/": ("medlem", "stella-hansen"),
        "/moeder/kkr-hovedstaden/": ("organ", "kkr-hovedstaden"),
        "/sager/SAG-2022-01250/": ("sag", "SAG-2022-01250"),
        "/soeg/?q=sundhedsklynger": ("q", "sundhedsklynger"),
    }
    for path, (name, value) in pages.items():
        html = client.get(path).content.decode()
        assert 'action="/abonnement/"' in html and f'name="{name}" value="{value}"' in html, path
        form = client.get("/abonnement/", {name: value}).content.decode()
        assert 'name="fast"' in form and f'name="{name}" value="{value}"' in form, path
    assert "findes ikke" in client.get("/abonnement/", {"emne": "nej"}).content.decode()


def test_the_periodic_task_sends_the_same_digest_and_cleans_up(smtp):
    from alerts.tasks import send_daily_digests

    _archive_with_one_meeting()
    follow(Client(), smtp, "a@example.dk", organ="kkr-hovedstaden")
    ask(Client(), "never@example.dk", q="budget")
    Alert.objects.filter(confirmed_at__isnull=True).update(created_at=timezone.now() - dt.timedelta(days=8))
    smtp.clear()
    ingest(meeting(date=dt.date(2022, 11, 1), items=[item("1", "Budget")]), "budget")
    assert send_daily_digests(timestamp=0) == {"sent": 1, "nothing_new": 0, "refused": 0, "deleted": 1}
    assert [m["To"] for m in smtp.messages] == ["a@example.dk"]


def test_the_alert_pages_take_get_and_post_and_refuse_the_other_methods():
    browser = Client(enforce_csrf_checks=True)
    for path in ("/abonnement/", "/abonnement/afmeld/1:x/", "/abonnement/administrer/1:x/"):
        options = browser.options(path)
        assert (
            options.status_code == 200
            and options["Allow"] == "GET, HEAD, OPTIONS, POST"
            and not options.content
        )
        for method in (browser.put, browser.patch, browser.delete):
            assert method(path).status_code == 405, (method, path)
    assert (
        browser.post("/abonnement/").status_code == 403
    )  # the form's POST reaches the CSRF check, not a 405
    assert browser.post("/abonnement/afmeld/1:x/").status_code == 404  # exempt from CSRF; a forged link
    assert Client().post("/abonnement/tak/").status_code == 405  # a page without a form stays read-only
