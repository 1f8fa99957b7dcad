from django.db import migrations


class Migration(migrations.Migration):
    """The generated column stays in the table; only Django's model forgets it.

    Django checks a GeneratedField by asking each database its server version, so with the field every management
    command connected to the database during its system checks: `check --deploy` failed without one, and `ingest`
    against a stopped database ended in one error instead of refusing each file. The rank's SQL reads the column.
    """

    dependencies = [
        ("meetings", "0019_search_document_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="searchentry", name="document_length")],
        ),
    ]
