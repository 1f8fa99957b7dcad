"""Documents ingested before versions existed: files of one meeting with the same name and kind (and no URL) were all
merged, so a corrected re-issue never won. Each such group becomes a chain of versions in the order they arrived;
`manage.py reparse` then merges the current versions only (and withdraws what only the older versions had)."""

from django.db import migrations


def number_versions(apps, schema_editor) -> None:
    SourceDocument = apps.get_model("meetings", "SourceDocument")
    groups: dict[tuple, list] = {}
    documents = SourceDocument.objects.filter(url="", superseded_by__isnull=True, version=1).only(
        "id", "meeting_id", "file_name", "kind", "ingested_at"
    )
    for document in documents.order_by("ingested_at", "pk"):
        groups.setdefault((document.meeting_id, document.file_name, document.kind), []).append(document)
    for versions in groups.values():
        for number, (older, newer) in enumerate(zip(versions, versions[1:], strict=False), start=2):
            older.superseded_by_id = newer.pk
            newer.version = number
        if len(versions) > 1:
            SourceDocument.objects.bulk_update(versions, ["superseded_by", "version"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0015_announced_by_publishers"),
    ]

    operations = [migrations.RunPython(number_versions, migrations.RunPython.noop, elidable=True)]
