"""The harvest's part of /status/: the status page belongs to the archive (meetings), which imports no other app,
so the harvest adds its section through this tag in the page's template."""

from __future__ import annotations

from itertools import groupby

from django import template
from django.conf import settings

from harvest.selectors import overdue_minutes, sources_with_runs

register = template.Library()
OVERDUE_SHOWN_PER_BODY = 12


@register.inclusion_tag("harvest/_status.html")
def harvest_status() -> dict:
    overdue = []
    for _, group in groupby(overdue_minutes(), key=lambda o: o.body.pk):
        rows = list(group)
        overdue.append({"body": rows[0].body, "count": len(rows), "meetings": rows[-OVERDUE_SHOWN_PER_BODY:]})
    return {"sources": sources_with_runs(), "overdue": overdue, "overdue_days": settings.HARVEST_OVERDUE_DAYS}
