from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and the corpus generator; an app only so that `manage.py generate_corpus` exists."""

    name = "bench"
    verbose_name = "Benchmarks"
