"""`manage.py reindex`: rebuild every item's search row from its texts, after a change in how text is indexed.

Ingest keeps the index current by itself; this is for an archive whose rows were written by an older version
of the indexing rules (split words, compound parts). Batches of --batch items, one transaction each, oldest
first, so it can run while the site serves; the term lists of the exact ranking are rebuilt at the end.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.models import AgendaItem
from search import termlists
from search.indexing import index_items


class Command(BaseCommand):
    help = "Rebuild the search rows of every agenda item (after a change in how text is indexed)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="items per transaction (default 1000)")

    def handle(self, *args, batch: int, verbosity: int, **options):
        ids = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with transaction.atomic():
                index_items(
                    list(AgendaItem.objects.filter(pk__in=chunk).select_related("meeting", "decision"))
                )
            if verbosity > 1:
                self.stdout.write(f"{min(start + batch, len(ids))} / {len(ids)}")
        if verbosity:
            self.stdout.write(f"Re-indexed {len(ids)} items.")
        # Every row rewritten is now a change since the term lists were built (exact, but each one more
        # candidate for every search): rebuild them from the new rows.
        report = termlists.build()
        if verbosity:
            self.stdout.write(f"Term lists: {report}")
