from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_prewarm, for `manage.py prewarm` (search.prewarm): the search's relations loaded before requests."""

    dependencies = [("search", "0007_term_counts_by_topic_and_outcome")]

    operations = [CreateExtension("pg_prewarm")]
