"""`manage.py build_term_lists`: rebuild the term lists the exact ranking reads (search.termlists).

The worker does this nightly; run it by hand after a bulk load or a reindex. It reads the archive in one
snapshot and replaces the lists in one transaction, so searches go on meanwhile (with the old lists and the
changes since, which stays exact, only slower as the changes grow).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search import termlists


class Command(BaseCommand):
    help = "Rebuild the term lists (each common word's best items in rank order) for exact ranking."

    def add_arguments(self, parser):
        parser.add_argument("--min-documents", type=int, default=termlists.MIN_DOCUMENTS)
        parser.add_argument("--length", type=int, default=termlists.LIST_LENGTH)
        parser.add_argument("--sample-percent", type=float, default=termlists.SAMPLE_PERCENT)

    def handle(self, *args, min_documents: int, length: int, sample_percent: float, **options):
        report = termlists.build(min_documents=min_documents, length=length, sample_percent=sample_percent)
        self.stdout.write(f"Term lists: {report}")
