"""`manage.py assign_topics`: re-run every topic's query over the whole archive (after editing a topic)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from search.indexing import assign_all_topics


class Command(BaseCommand):
    help = "Re-assign every topic to the items its query matches."

    def handle(self, *args, verbosity: int, **options):
        with transaction.atomic():
            assigned = assign_all_topics()
        if verbosity:
            self.stdout.write(f"{assigned} topic assignments.")
