from django.db import migrations

# pg_prewarm is not a trusted extension: only a superuser may create it. A database whose owner cannot (a managed
# server, say) still migrates; `manage.py prewarm` then says what is missing.
CREATE = """
DO $$ BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_prewarm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_prewarm was not installed (%); manage.py prewarm will say so', SQLERRM;
END $$;
"""


class Migration(migrations.Migration):
    """pg_prewarm, for `manage.py prewarm` (search.prewarm): the search's relations loaded before requests."""

    dependencies = [("search", "0007_term_counts_by_topic_and_outcome")]

    operations = [migrations.RunSQL(CREATE, "DROP EXTENSION IF EXISTS pg_prewarm")]
