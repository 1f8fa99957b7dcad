from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Søgning"

    def ready(self) -> None:
        from search import signals  # noqa: F401  (keeps the search rows' topic ids in step with the topics)
