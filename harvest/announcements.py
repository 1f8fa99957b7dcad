"""Meetings a publisher announces before they are held (KL's "Mødedatoer"), kept beside the ones agendas
announce ("Næste møde ..."), so /status/ can say whose minutes are overdue and the calendar shows them."""

from __future__ import annotations

import datetime as dt

from danish.bodies import body_slug, owner_of_body
from meetings.models import AnnouncedMeeting, Body, BodyKind


def record_announced(
    *, body_name: str, dates: tuple[dt.date, ...], url: str, times: dict[dt.date, dt.time] | None = None
) -> int:
    """Store the announced `dates` of the body named `body_name` (a KKR), with their start `times` where known;
    returns how many were new. A date an archived document announced already keeps that source."""
    times = times or {}
    slug = body_slug(body_name)
    body, _ = Body.objects.get_or_create(
        slug=slug, defaults={"name": body_name, "kind": BodyKind.KKR, "region": owner_of_body(slug)[1] or ""}
    )
    new = 0
    for date in dates:
        _, created = AnnouncedMeeting.objects.get_or_create(
            body=body, date=date, defaults={"announced_by": url}
        )
        new += created
    return new
