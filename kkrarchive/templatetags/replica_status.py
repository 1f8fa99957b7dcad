"""The replicas' part of /status/ (their state and lag): a tag, because the page belongs to `meetings`, which
imports no other package."""

from __future__ import annotations

from django import template
from django.conf import settings

from kkrarchive.replicas import health

register = template.Library()


@register.inclusion_tag("kkrarchive/_replica_status.html")
def replica_status() -> dict:
    return {"replicas": health.states(), "max_lag": settings.DATABASE_REPLICA_MAX_LAG_SECONDS}
