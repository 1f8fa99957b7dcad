from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Møder"

    def ready(self) -> None:
        from kkrarchive.logging import install_slow_query_logging

        install_slow_query_logging()

        from meetings import signals  # noqa: F401  (connects the receivers)
