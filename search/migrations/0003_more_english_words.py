"""English words added to the reviewed list after the search-quality harness (docs/search-quality.md): an archive
migrated before them gets them here; a new one has them from 0002 already (it reads the same list)."""

from django.db import migrations

ADDED = {
    "capacity": "kapacitet",
    "cancer": "kræft",
    "dialysis": "dialyse",
    "pollution": "forurening",
    "asbestos": "asbest",
    "strategy": "strategi",
    "loan": "lån",
    "election": "valg",
    "chairman": "formand",
}


def add(apps, schema_editor):
    Translation = apps.get_model("search", "Translation")
    for english, danish in ADDED.items():
        Translation.objects.get_or_create(english=english, defaults={"danish": danish})


def remove(apps, schema_editor):
    apps.get_model("search", "Translation").objects.filter(english__in=ADDED).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_reviewed_vocabulary")]

    operations = [migrations.RunPython(add, remove)]
