from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations


class Migration(migrations.Migration):
    """One GIN index over (body, document): a body filter is intersected with the words inside the index."""

    dependencies = [
        ("meetings", "0006_searchentry_topic_ids"),
    ]

    operations = [
        BtreeGinExtension(),
        # Building it takes about a minute per million items, longer than the web's statement_timeout.
        migrations.RunSQL(
            ["SET LOCAL statement_timeout = 0", "SET LOCAL maintenance_work_mem = '512MB'"],
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=GinIndex(fields=["body", "document"], name="search_body_document_gin"),
        ),
        migrations.RemoveIndex(model_name="searchentry", name="search_document_gin"),
    ]
