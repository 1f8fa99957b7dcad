"""The mails: the confirmation of a new alert and the digest, in Danish, as plain text with an HTML alternative.

Every mail carries `List-Unsubscribe` (the subscriber's one-click link) and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` (RFC 8058), so a mail client can end the subscription without the subscriber
visiting the site; the body links the manage page too. The HTML is rendered with autoescaping (titles and
decisions are the documents' text); the subject is built from counts only, never from stored text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from alerts.targets import Target
from alerts.tokens import confirmation_token, subscriber_token
from meetings.models import AgendaItem

SITE_NAME = "KKR-arkivet"
DECISION_EXCERPT = 400  # characters of a decision shown in the mail; the permalink has the rest
GROUP_LIMIT = 50  # items listed under one followed thing; the rest are a link to its page


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(eq=False)
class News:
    """One item of a digest: new on an agenda, new with its decision, or a decision that arrived since.

    The same News serves every subscriber it is news for, and renders its lines once (`text`, `html`):
    a digest run repeats the same few items in thousands of mails.
    """

    item: AgendaItem
    decided: bool  # its decision is part of this digest
    decision_is_news: bool  # it was seen before the window; what is new is the decision

    @cached_property
    def url(self) -> str:
        return absolute(self.item.get_absolute_url())

    @cached_property
    def text(self) -> str:
        return render_to_string("alerts/_news.txt", {"news": self}).strip("\n")

    @cached_property
    def html(self) -> str:
        # Rendered by an autoescaping template: safe to place in the digest's HTML as it is.
        return mark_safe(render_to_string("alerts/_news.html", {"news": self}).strip())

    @property
    def decision_text(self) -> str:
        text = " ".join(self.item.decision.text.split()) if self.decided else ""
        return text if len(text) <= DECISION_EXCERPT else text[: DECISION_EXCERPT - 1].rstrip() + "…"

    @property
    def outcome(self) -> str:
        return self.item.decision.get_outcome_display() if self.decided and self.item.decision.outcome else ""

    @property
    def meeting_date(self) -> dt.date:
        return self.item.meeting.date


@dataclass
class Group:
    target: Target
    news: list[News]

    @property
    def shown(self) -> list[News]:
        return self.news[:GROUP_LIMIT]

    @property
    def more(self) -> int:
        return max(0, len(self.news) - GROUP_LIMIT)

    @property
    def url(self) -> str:
        return absolute(self.target.url)


def _links(subscriber_id: int) -> dict[str, str]:
    token = subscriber_token(subscriber_id)
    return {
        "manage_url": absolute(reverse("alerts:manage", kwargs={"token": token})),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", kwargs={"token": token})),
    }


def _message(*, to: str, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {**context, "site_name": SITE_NAME, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"alerts/{template}.html", context), "text/html")
    return message


def confirmation_mail(
    *, to: str, subscriber_id: int, alert_id: int, target: Target, frequency: str
) -> EmailMultiAlternatives:
    token = confirmation_token(alert_id=alert_id, frequency=frequency)
    return _message(
        to=to,
        subject=f"Bekræft dit abonnement på {SITE_NAME}",
        template="confirm_mail",
        context={
            "target": target,
            "target_url": absolute(target.url),
            "confirm_url": absolute(reverse("alerts:confirm", kwargs={"token": token})),
            **_links(subscriber_id),
        },
    )


def digest_mail(*, to: str, subscriber_id: int, groups: list[Group]) -> EmailMultiAlternatives:
    count = len({news.item.pk for group in groups for news in group.news})
    subject = f"{SITE_NAME}: {count} {'nyt punkt' if count == 1 else 'nye punkter'} du følger"
    return _message(
        to=to,
        subject=subject,
        template="digest_mail",
        context={"groups": groups, "count": count, **_links(subscriber_id)},
    )
