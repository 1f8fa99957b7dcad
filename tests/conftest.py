import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Page tests render {% static %} without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _empty_archive():
    from meetings.models import Body, Meeting, Person, SearchWord, Topic

    Meeting.objects.all().delete()
    Topic.objects.all().delete()
    Person.objects.all().delete()
    Body.objects.all().delete()
    SearchWord.objects.all().delete()


@pytest.fixture(scope="module")
def sample_archive(django_db_setup, django_db_blocker):
    """The five sample documents ingested (and topics assigned) once for a test module, removed after it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        _empty_archive()
        call_command("ingest", "data/samples", verbosity=0)
        call_command("load_topics", verbosity=0)
        yield
        _empty_archive()
