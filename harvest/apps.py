from django.apps import AppConfig


class HarvestConfig(AppConfig):
    name = "harvest"
    verbose_name = "Høstning"
    default_auto_field = "django.db.models.BigAutoField"
