from django.db import migrations, models

# PostgreSQL's cnt_length (tsvector's positions, a lexeme without positions counted once), which ts_rank's
# normalisation 1 divides by after taking log2(1 + it). IMMUTABLE: a generated column may call it.
CREATE_FUNCTION = """
CREATE FUNCTION search_document_length(tsvector) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT coalesce(sum(greatest(cardinality(u.positions), 1)), 0)::integer FROM unnest($1) u)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0018_search_body_without_own_index"),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, "DROP FUNCTION search_document_length(tsvector)"),
        # Adding the column rewrites the table and rebuilds its indexes: several minutes per million items,
        # longer than the web's statement_timeout.
        migrations.RunSQL(
            ["SET LOCAL statement_timeout = 0", "SET LOCAL maintenance_work_mem = '512MB'"],
            migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name="searchentry",
            name="document_length",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    "document", function="search_document_length", output_field=models.IntegerField()
                ),
                output_field=models.IntegerField(),
                verbose_name="søgevektorens længde",
            ),
        ),
    ]
