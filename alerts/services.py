"""The writes of alerts: subscribing, confirming, changing and ending subscriptions, the cleanup of what was
never confirmed, and the digest run (`send_digests`, behind `manage.py send_alerts` and the periodic task).

The digest run in short (docs in README "Alerts"):

1. `until` is now, held back to the start of the oldest transaction still open (an ingest that has not
   committed yet wrote its items with earlier times; they must not fall between two runs).
2. Subscribers who are due (daily: every run; weekly: when their last window is a week old), their confirmed
   alerts, and the items new since the oldest of their watermarks: new, or with a decision new, by
   `AgendaItem.created_at` and `Decision.created_at`.
3. Every distinct target is matched against those items at once (alerts.targets.matching_items).
4. Each subscriber gets one mail of what is new since their own watermark, grouped by what they follow; the
   watermark moves to `until` only after the SMTP server accepted that mail, in its own statement, so a run
   that stops halfway neither loses nor repeats a mail. Subscribers with nothing new move in one statement
   per batch.

Addresses are never logged: the log lines carry counts and subscriber ids.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import mailers
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from alerts.mail import Group, News, confirmation_mail, digest_mail
from alerts.models import Alert, Frequency, SendCount, Subscriber
from alerts.targets import Target, describe, matching_items
from alerts.tokens import CONFIRM_MAX_AGE
from meetings.models import AgendaItem, Decision

logger = logging.getLogger("kkrarchive.alerts")

BATCH_SIZE = 500
WEEK_SLACK = dt.timedelta(hours=1)  # a weekly run at the same hour as last week's is due
RUN_LOCK = 0x616C657274  # pg_advisory_lock key of the digest run ("alert")


class Flooded(Exception):
    """Too many confirmation mails asked for by one address or one client within the hour."""


class MailUnavailable(Exception):
    """The mail server did not take the mail (the address is not in the message, on purpose)."""


def normalise_address(email: str) -> str:
    """The address as stored: no surrounding space, the domain in lower case (it is case-insensitive)."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


# Flood limits -----------------------------------------------------------------------------------------------


def _hour(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _count(key: str, now: dt.datetime) -> int:
    """One more for `key` in this hour; the new count. The key is a keyed hash: no address is stored."""
    hashed = salted_hmac("alerts.sendcount", key, algorithm="sha256").hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SendCount._meta.db_table} (key, hour, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (key, hour) DO UPDATE SET count = EXCLUDED.count + "
            f"{SendCount._meta.db_table}.count RETURNING count",
            [hashed, _hour(now)],
        )
        return cursor.fetchone()[0]


def _check_flood(email: str, client: str | None, now: dt.datetime) -> None:
    over = _count("address:" + email.lower(), now) > settings.ALERTS_PER_ADDRESS_PER_HOUR
    if client:
        over = _count("client:" + client, now) > settings.ALERTS_PER_CLIENT_PER_HOUR or over
    if over:
        raise Flooded


# Subscribing ------------------------------------------------------------------------------------------------


def subscribe(*, email: str, target: Target, frequency: str, client: str | None) -> bool:
    """Ask `email` to confirm following `target`: a pending alert and its confirmation mail.

    Returns whether a mail was sent (not when the address already follows the target; the page says the same
    either way, so it tells nobody what an address follows). Raises Flooded past the hourly limits and
    MailUnavailable when the mail server refuses the mail.
    """
    email = normalise_address(email)
    now = timezone.now()
    _check_flood(email, client, now)
    with transaction.atomic():
        subscriber = Subscriber.objects.with_address(email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, frequency=frequency)
            except IntegrityError:  # the same address at the same moment
                subscriber = Subscriber.objects.with_address(email).get()
        alert, _ = Alert.objects.get_or_create(subscriber=subscriber, kind=target.kind, value=target.value)
    if alert.confirmed_at is not None:
        return False
    message = confirmation_mail(
        to=subscriber.email,
        subscriber_id=subscriber.pk,
        alert_id=alert.pk,
        target=target,
        frequency=frequency,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        logger.warning("confirmation mail not sent subscriber=%s error=%s", subscriber.pk, type(exc).__name__)
        raise MailUnavailable from None
    logger.info("confirmation mail sent subscriber=%s alert=%s", subscriber.pk, alert.pk)
    return True


def confirm(*, alert_id: int, frequency: str) -> Subscriber | None:
    """Confirm a pending alert (the link of its mail was used); None when it no longer exists."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("subscriber").filter(pk=alert_id).first()
        if alert is None:
            return None
        subscriber = alert.subscriber
        if alert.confirmed_at is None:
            now = timezone.now()
            alert.confirmed_at = now
            alert.save(update_fields=["confirmed_at"])
            if frequency in Frequency.values:
                subscriber.frequency = frequency
            if subscriber.mailed_until is None:
                subscriber.mailed_until = now
            subscriber.save(update_fields=["frequency", "mailed_until"])
    return subscriber


def set_frequency(*, subscriber: Subscriber, frequency: str) -> None:
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    Subscriber.objects.filter(pk=subscriber.pk).update(frequency=frequency)


def stop_alert(*, subscriber: Subscriber, alert_id: int) -> bool:
    """Stop one alert of `subscriber`; when it was the last, the address goes too. Whether it is still kept."""
    with transaction.atomic():
        Alert.objects.filter(subscriber=subscriber, pk=alert_id).delete()
        if not Alert.objects.filter(subscriber=subscriber).exists():
            subscriber.delete()
            return False
    return True


def delete_subscriber(*, subscriber_id: int) -> bool:
    """Delete the address and everything it follows. Whether there was anything to delete."""
    deleted, _ = Subscriber.objects.filter(pk=subscriber_id).delete()
    return bool(deleted)


def delete_stale(*, now: dt.datetime | None = None) -> int:
    """Delete alerts never confirmed within CONFIRM_MAX_AGE (7 days), addresses left following nothing, and
    the flood counts of past hours. How many alerts were deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        deleted, _ = Alert.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - CONFIRM_MAX_AGE
        ).delete()
        Subscriber.objects.filter(~Exists(Alert.objects.filter(subscriber=OuterRef("pk")))).delete()
        SendCount.objects.filter(hour__lt=_hour(now) - dt.timedelta(hours=1)).delete()
    if deleted:
        logger.info("unconfirmed alerts deleted count=%s", deleted)
    return deleted


# Digests ----------------------------------------------------------------------------------------------------


@dataclass
class DigestReport:
    until: dt.datetime | None = None
    due: int = 0
    sent: int = 0
    nothing_new: int = 0
    refused: int = 0  # mails the server refused (retried next run: their watermark stayed)
    new_items: int = 0
    locked: bool = False  # another run was in progress: this one did nothing


def settled_now() -> dt.datetime:
    """Now, or just before the oldest transaction still open in this database, if earlier: items are stamped
    with the time they were written, inside their transaction, so one still open may yet commit items older
    than now. Held back at most an hour (a session left idle in a transaction must not stop the digests)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND xact_start IS NOT NULL"
        )
        oldest = cursor.fetchone()[0]
    margin = dt.timedelta(seconds=getattr(settings, "ALERTS_SETTLE_SECONDS", 5))
    until = min(now, oldest - dt.timedelta(microseconds=1)) if oldest else now
    return max(until - margin, now - dt.timedelta(hours=1))


@contextmanager
def _run_lock() -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [RUN_LOCK])
        taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [RUN_LOCK])


def due_subscribers(until: dt.datetime):
    """Confirmed subscribers whose digest is due at `until`."""
    week_ago = until - dt.timedelta(days=7) + WEEK_SLACK
    return Subscriber.objects.filter(
        Exists(Alert.objects.filter(subscriber=OuterRef("pk"), confirmed_at__isnull=False)),
        Q(frequency=Frequency.DAILY) | Q(frequency=Frequency.WEEKLY, mailed_until__lte=week_ago),
        mailed_until__lt=until,
    )


def _new_items(since: dt.datetime, until: dt.datetime) -> dict[int, AgendaItem]:
    """Items first seen, or decided, after `since` and up to `until`, with meeting, body and decision; never one a
    new version of its document withdrew."""
    items = AgendaItem.objects.current().filter(
        Q(created_at__gt=since, created_at__lte=until)
        | Q(decision__created_at__gt=since, decision__created_at__lte=until)
    ).select_related("meeting__body", "decision")
    return {item.pk: item for item in items}


def _news(item: AgendaItem, since: dt.datetime, until: dt.datetime, cache: dict) -> News | None:
    """What is news about `item` for a window starting at `since`, or None; one News per state and run."""
    try:
        decided_at = item.decision.created_at
    except Decision.DoesNotExist:
        decided_at = None
    decided = decided_at is not None and decided_at <= until  # one written since `until` comes next run
    if item.created_at > since:
        key = (item.pk, decided, False)
    elif decided and decided_at > since:
        key = (item.pk, True, True)
    else:
        return None
    if key not in cache:
        cache[key] = News(item=item, decided=key[1], decision_is_news=key[2])
    return cache[key]


def send_digests(*, until: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> DigestReport:
    """Mail every due subscriber what is new for them (see the module's docstring)."""
    with _run_lock() as taken:
        if not taken:
            logger.warning("digest run skipped: another run is in progress")
            return DigestReport(locked=True)
        report = DigestReport(until=until or settled_now())
        _send_all(report, batch_size)
    logger.info(
        "digests sent=%s nothing_new=%s refused=%s due=%s new_items=%s",
        report.sent,
        report.nothing_new,
        report.refused,
        report.due,
        report.new_items,
    )
    return report


def _send_all(report: DigestReport, batch_size: int) -> None:
    until = report.until
    due = due_subscribers(until)
    confirmed = Alert.objects.filter(confirmed_at__isnull=False, subscriber__in=due)
    # The oldest watermark of an alert: the later of its subscriber's and its own confirmation.
    oldest = confirmed.aggregate(since=Min(Greatest(F("subscriber__mailed_until"), F("confirmed_at"))))[
        "since"
    ]
    if oldest is None:
        return
    items = _new_items(oldest, until)
    report.new_items = len(items)
    if not items:  # nothing new for anyone: every due watermark moves at once
        report.due = report.nothing_new = due.update(mailed_until=until)
        return
    keys = set(confirmed.values_list("kind", "value").distinct())
    found = matching_items(keys, items)
    targets = describe(keys)
    rendered: dict = {}  # News by item and state, rendered once for every mail it is in
    mail = mailers.default
    mail.open()
    try:
        last = 0
        while True:
            batch = list(
                due.filter(pk__gt=last)
                .order_by("pk")
                .prefetch_related(
                    Prefetch(
                        "alerts",
                        queryset=Alert.objects.filter(confirmed_at__isnull=False),
                        to_attr="confirmed",
                    )
                )[:batch_size]
            )
            if not batch:
                break
            last = batch[-1].pk
            report.due += len(batch)
            quiet = []
            for subscriber in batch:
                groups = _groups(subscriber, items, found, targets, until, rendered)
                if not groups:
                    quiet.append(subscriber.pk)
                    continue
                message = digest_mail(to=subscriber.email, subscriber_id=subscriber.pk, groups=groups)
                try:
                    mail.send_messages([message])
                except (
                    smtplib.SMTPRecipientsRefused,
                    smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused,
                    ValueError,
                ) as exc:
                    # This mail only: the watermark stays, the next run tries again.
                    logger.warning("digest refused subscriber=%s error=%s", subscriber.pk, type(exc).__name__)
                    report.refused += 1
                    continue
                # Accepted: only now does the watermark move (a stop before this line repeats one mail at most).
                Subscriber.objects.filter(pk=subscriber.pk).update(mailed_until=until)
                report.sent += 1
            if quiet:
                report.nothing_new += Subscriber.objects.filter(pk__in=quiet).update(mailed_until=until)
    finally:
        mail.close()


def _groups(
    subscriber: Subscriber,
    items: dict[int, AgendaItem],
    found: dict[tuple[str, str], set[int]],
    targets: dict[tuple[str, str], Target],
    until: dt.datetime,
    rendered: dict,
) -> list[Group]:
    """What is new for `subscriber`, one group per alert, newest meeting first and in agenda order."""
    groups = []
    for alert in subscriber.confirmed:
        since = max(subscriber.mailed_until or alert.confirmed_at, alert.confirmed_at)
        news = [
            found_news
            for pk in found.get((alert.kind, alert.value), ())
            if (found_news := _news(items[pk], since, until, rendered)) is not None
        ]
        if news:
            news.sort(key=lambda n: (-n.meeting_date.toordinal(), n.item.meeting.body.name, n.item.sort_key))
            groups.append(Group(target=targets[(alert.kind, alert.value)], news=news))
    return groups
