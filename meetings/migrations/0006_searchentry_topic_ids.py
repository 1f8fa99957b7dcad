from django.contrib.postgres.fields import ArrayField
from django.db import migrations, models

FILL = """
UPDATE meetings_searchentry s SET topic_ids = x.ids
FROM (SELECT agendaitem_id, array_agg(topic_id ORDER BY topic_id) AS ids
      FROM meetings_topic_items GROUP BY agendaitem_id) x
WHERE x.agendaitem_id = s.item_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_search_body_date_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="topic_ids",
            field=ArrayField(
                base_field=models.BigIntegerField(), blank=True, default=list, size=None, verbose_name="emner"
            ),
        ),
        # Existing assignments are copied once; from here on search.indexing keeps the two in step. A big
        # archive takes longer than the web's statement_timeout (about three minutes per million items).
        migrations.RunSQL(["SET LOCAL statement_timeout = 0", FILL], migrations.RunSQL.noop),
    ]
