"""What /status/ says about coverage: each source's runs, and the meetings whose minutes are overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from harvest.models import HarvestRun, Source
from meetings.models import AnnouncedMeeting, Body, Meeting, MeetingKind


def sources_with_runs() -> list[Source]:
    """Every source with its latest run as `latest_run` (two queries, whatever the length of its history)."""
    latest = HarvestRun.objects.filter(source=OuterRef("pk")).order_by("-started_at").values("pk")[:1]
    sources = list(Source.objects.order_by("url").annotate(latest_run_id=Subquery(latest)))
    runs = HarvestRun.objects.in_bulk([s.latest_run_id for s in sources if s.latest_run_id])
    for source in sources:
        source.latest_run = runs.get(source.latest_run_id)
    return sources


@dataclass(frozen=True)
class Overdue:
    body: Body
    date: dt.date
    since: str  # "dagsorden": an agenda is archived, its minutes are not; "annonceret": announced only
    url: str = ""


def overdue_minutes(*, today: dt.date | None = None, days: int | None = None) -> list[Overdue]:
    """Meetings held more than `days` ago (HARVEST_OVERDUE_DAYS) whose minutes the archive does not have:
    agendas without minutes, and announced dates with no meeting at all. By body, then date."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.HARVEST_OVERDUE_DAYS if days is None else days)
    agendas = Meeting.objects.filter(kind=MeetingKind.AGENDA, date__lt=cutoff).select_related("body")
    held = Meeting.objects.filter(body=OuterRef("body"), date=OuterRef("date"))
    announced = (
        AnnouncedMeeting.objects.filter(date__lt=cutoff)
        .exclude(Exists(held))
        .select_related("body")
    )
    found = [Overdue(body=m.body, date=m.date, since="dagsorden", url=m.get_absolute_url()) for m in agendas]
    found += [Overdue(body=a.body, date=a.date, since="annonceret") for a in announced]
    return sorted(found, key=lambda o: (o.body.name, o.body.slug, o.date))
