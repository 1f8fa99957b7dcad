from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for "did you mean" suggestions, unaccent for names typed without accents."""

    dependencies = [("meetings", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]
