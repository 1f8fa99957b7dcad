"""The admin is for secretariat staff: correct a title, read a document's parser warnings, curate topics."""

from django.contrib import admin

from meetings.models import AgendaItem, Attendance, Body, Decision, Meeting, Person, SourceDocument, Topic


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["person", "substitute_for"]


class SourceDocumentInline(admin.TabularInline):
    model = SourceDocument
    extra = 0
    fields = ["file_name", "format", "kind", "size", "ingested_at", "warning_count"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    @admin.display(description="advarsler")
    def warning_count(self, obj: SourceDocument) -> int:
        return len(obj.warnings)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "kind", "location"]
    list_filter = ["body", "kind"]
    date_hierarchy = "date"
    search_fields = ["location", "items__title"]
    inlines = [AttendanceInline, SourceDocumentInline]


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "title", "case_number"]
    list_filter = ["meeting__body", "meeting__kind"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "case_number", "number"]
    ordering = ["-meeting__date", "sort_key"]
    autocomplete_fields = ["mentioned_people"]
    raw_id_fields = ["meeting"]
    inlines = [DecisionInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "query"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    filter_horizontal = []
    exclude = ["items"]  # assigned by the topic queries; re-run with `manage.py assign_topics`


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["file_name", "meeting", "format", "kind", "ingested_at", "warning_count"]
    list_filter = ["format", "kind"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [f.name for f in SourceDocument._meta.fields] + ["warning_list"]
    exclude = ["warnings"]

    @admin.display(description="advarsler")
    def warning_count(self, obj: SourceDocument) -> int:
        return len(obj.warnings)

    @admin.display(description="parserens advarsler")
    def warning_list(self, obj: SourceDocument) -> str:
        return "\n".join(f"• {w}" for w in obj.warnings) or "Ingen"
