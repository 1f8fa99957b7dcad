"""Sources are edited by staff in the admin; runs and fetched URLs are the harvester's record, read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from harvest.models import FetchedUrl, HarvestRun, Source


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    fields = ("started_at", "status", "found", "new", "changed", "unchanged", "refused", "failed", "error")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-started_at",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-started_at")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("url", "kind", "body", "enabled", "interval", "last_run_at", "last_success_at", "next_run_at")
    list_filter = ("kind", "enabled")
    search_fields = ("url", "body")
    readonly_fields = ("last_run_at", "last_success_at", "next_run_at", "added_from_command_line")
    fields = ("url", "kind", "body", "enabled", "interval", *readonly_fields)
    inlines = [HarvestRunInline]
    actions = ["harvest_soon"]

    @admin.action(description="Høst snarest (ved næste planlægning)")
    def harvest_soon(self, request, queryset) -> None:
        count = queryset.filter(enabled=True).update(next_run_at=timezone.now())
        self.message_user(request, f"{count} aktive kilder høstes ved næste planlægning.", messages.SUCCESS)


@admin.register(HarvestRun)
class HarvestRunAdmin(ReadOnlyAdmin):
    list_display = ("source", "started_at", "status", "found", "new", "changed", "refused", "failed", "requests")
    list_filter = ("status",)
    search_fields = ("source__url",)
    date_hierarchy = "started_at"


@admin.register(FetchedUrl)
class FetchedUrlAdmin(ReadOnlyAdmin):
    list_display = ("url", "role", "outcome", "http_status", "fetched_at", "attempts", "retry_at")
    list_filter = ("outcome", "role")
    search_fields = ("url", "reason")
