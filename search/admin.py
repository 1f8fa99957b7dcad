from django.contrib import admin

from search.models import Synonym, Translation


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    search_fields = ["terms"]


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["english", "danish"]
    search_fields = ["english", "danish"]
