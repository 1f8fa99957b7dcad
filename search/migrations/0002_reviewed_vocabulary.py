"""The reviewed starting list of synonyms and English words (data/search/vocabulary.json); edited in the admin
afterwards. Read when the migration runs, so the list is the one of the code being migrated."""

import json
from pathlib import Path

from django.db import migrations

VOCABULARY = Path(__file__).resolve().parents[2] / "data" / "search" / "vocabulary.json"


def load(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Translation = apps.get_model("search", "Translation")
    data = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    Synonym.objects.bulk_create(
        Synonym(terms=list(dict.fromkeys(t.strip().lower() for t in group))) for group in data["synonyms"]
    )
    Translation.objects.bulk_create(
        Translation(english=english.strip().lower(), danish=danish.strip().lower())
        for english, danish in data["english"].items()
    )


def unload(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.all().delete()
    apps.get_model("search", "Translation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_synonyms_and_translations")]

    operations = [migrations.RunPython(load, unload)]
