from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself: process-wide set-up that belongs to no app (the apps never import kkrarchive)."""

    name = "kkrarchive"
    verbose_name = "KKR-arkivet"

    def ready(self) -> None:
        from kkrarchive.logging import install_slow_query_logging

        install_slow_query_logging()
