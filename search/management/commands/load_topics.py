"""`manage.py load_topics [FILE]`: create the curated topics and assign them to every item.

Topics already in the database keep the name, description and query staff gave them in the admin;
`--reset` overwrites them with the file's version.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from danish.slugs import danish_slugify
from meetings.models import Topic
from search.indexing import assign_all_topics


class Command(BaseCommand):
    help = "Create the curated topics from data/topics.json and assign them to items."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(Path(settings.BASE_DIR) / "data" / "topics.json"))
        parser.add_argument("--reset", action="store_true", help="overwrite topics edited in the admin")

    def handle(self, *args, file: str, reset: bool, verbosity: int, **options):
        try:
            entries = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"cannot read topics from {file}: {exc}") from exc
        created = 0
        with transaction.atomic():
            for entry in entries:
                values = {
                    "name": entry["name"],
                    "description": entry.get("description", ""),
                    "query": entry["query"],
                }
                slug = danish_slugify(entry["name"])
                if reset:
                    _, was_created = Topic.objects.update_or_create(slug=slug, defaults=values)
                else:
                    _, was_created = Topic.objects.get_or_create(slug=slug, defaults=values)
                created += was_created
            # Ingest keeps assignments current; only new or reset topics need a pass over the archive.
            assigned = assign_all_topics() if created or reset else None
        if verbosity:
            done = f"{assigned} assignments" if assigned is not None else "assignments unchanged"
            self.stdout.write(f"Topics: {created} created, {len(entries) - created} kept; {done}.")
