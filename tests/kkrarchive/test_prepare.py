"""`manage.py prepare` (what `make setup` runs): a second run changes no data and skips what it can."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Max

from meetings.models import AgendaItem, Decision, Meeting, SourceDocument, Topic


def archive_state() -> dict:
    return {
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
        "documents": SourceDocument.objects.count(),
        "topics": Topic.objects.count(),
        "assignments": Topic.items.through.objects.count(),
        "latest_update": Meeting.objects.aggregate(latest=Max("updated_at"))["latest"],
        "latest_ingest": SourceDocument.objects.aggregate(latest=Max("ingested_at"))["latest"],
    }


def prepare() -> str:
    out = io.StringIO()
    call_command("prepare", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_second_prepare_changes_nothing(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"  # collectstatic writes here, not into the work tree

    first = prepare()
    state = archive_state()
    assert state["meetings"] and state["items"] and state["documents"] and state["assignments"]
    assert "migrate       skipped: no unapplied migrations" in first  # the test database is migrated
    assert (tmp_path / "static" / "css" / "site.css").exists()

    second = prepare()
    assert archive_state() == state
    assert "0 ingested, 5 unchanged, 0 refused" in second
    assert "Topics: 0 created, 10 kept; assignments unchanged." in second
    assert "0 static files copied" in second
